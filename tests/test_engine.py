"""The round engine: phases, sealed decisions, consequences, branching, endings, determinism."""

from __future__ import annotations

import pytest

from game.engine.game import Game, IllegalMove, Settings, new_game


def play_out(game: Game, script: dict[str, str]) -> Game:
    """Step to the ending; human roles answer from `script` (choice id per role id), else first legal."""
    while not game.ended:
        game.step(lambda role, legal: script.get(role, legal[0].id) if script.get(role) in {c.id for c in legal} else legal[0].id)
    return game


def test_phases_run_in_order_and_the_machine_needs_an_explicit_start(mini):
    game = new_game(mini.scenario, humans=("a", "b"))
    assert game.phase == "setup" and game.round is None
    game.begin()
    assert (game.round.id, game.phase) == ("r1", "briefing")
    game.open_decisions()
    assert game.phase == "decisions"
    assert game.awaiting() == ["a", "b"]


def test_choices_stay_sealed_until_every_human_role_has_decided(mini):
    game = new_game(mini.scenario, humans=("a", "b"))
    game.begin()
    game.open_decisions()
    game.decide("a", "a_give")
    assert game.meters["trust"] == 50, "a sealed choice must not act before the reveal"
    assert game.record.decisions == []
    with pytest.raises(IllegalMove, match="waiting for"):
        game.resolve()
    game.decide("b", "b_wait")
    game.resolve()
    assert game.phase == "resolution"
    assert [(d.role, d.choice) for d in game.record.decisions] == [("a", "a_give"), ("b", "b_wait")]
    assert game.meters["trust"] == 80


def test_illegal_intents_are_refused_with_a_message(mini):
    game = new_game(mini.scenario, humans=("a",))
    with pytest.raises(IllegalMove, match="phase"):
        game.decide("a", "a_give")
    game.begin()
    game.open_decisions()
    with pytest.raises(IllegalMove, match="not one of"):
        game.decide("a", "b_wait")
    with pytest.raises(IllegalMove, match="not played by a person"):
        game.decide("b", "b_wait")
    game.decide("a", "a_give")
    with pytest.raises(IllegalMove, match="already decided"):
        game.decide("a", "a_take")


def test_unknown_human_role_or_start_round_is_refused(mini):
    with pytest.raises(IllegalMove, match="not a playable role"):
        new_game(mini.scenario, humans=("zed",))
    with pytest.raises(IllegalMove, match="no round"):
        new_game(mini.scenario, start="nowhere")


def test_meters_stay_inside_their_range(mini):
    game = new_game(mini.scenario, humans=("a", "b"))
    game.begin(); game.open_decisions()
    game.decide("a", "a_take"); game.decide("b", "b_push")
    game.resolve()
    assert game.meters["trust"] == 10  # 50 - 30 - 10
    game.finish_round(); game.next_round()  # no deal: to r3; the delayed -5 lands at its briefing
    assert game.round.id == "r3"
    assert game.meters["trust"] == 5
    assert [n.headline for n in game.record.news] == ["Push bites"]


def test_flags_branch_to_another_round(mini):
    deal = play_out(new_game(mini.scenario, humans=("a", "b")), {"a": "a_give", "b": "b_wait"})
    assert deal.visited == ["r1", "r2"]
    no_deal = play_out(new_game(mini.scenario, humans=("a", "b")), {"a": "a_take", "b": "b_wait"})
    assert no_deal.visited == ["r1", "r3"]


def test_requires_hides_a_choice_until_its_condition_holds(mini):
    game = new_game(mini.scenario, humans=("a", "b"))
    game.begin(); game.open_decisions()
    game.decide("a", "a_take"); game.decide("b", "b_push")
    game.resolve(); game.finish_round(); game.next_round(); game.open_decisions()
    assert [c.id for c in game.legal_choices("b")] == ["b_refuse"]  # trust 5 < 30
    with pytest.raises(IllegalMove):
        game.decide("b", "b_relent")


@pytest.mark.parametrize(
    "script, ending",
    [
        ({"a": "a_give", "b": "b_wait"}, "peace"),  # 50+30 = 80 → r2, sign +10 → 90
        ({"a": "a_take", "b": "b_push"}, "war"),  # 50-30-10 = 10 → r3, -5 lands, refuse -5 → 0
        ({"a": "a_give", "b": "b_push"}, "muddle"),  # 50+30-10 = 70 → r2, -5 lands, sign +10 → 75
    ],
)
def test_endings_are_chosen_by_their_conditions_in_order(mini, script, ending):
    game = play_out(new_game(mini.scenario, humans=("a", "b")), script)
    assert game.ended and game.ending.id == ending
    assert game.phase == "ended" and game.round is None


def test_computer_roles_decide_at_the_reveal_with_a_reason(tutorial):
    game = new_game(tutorial.scenario, humans=("usa",), seed=4)
    game.begin(); game.open_decisions()
    assert game.awaiting() == ["usa"]
    game.decide("usa", "offer_joint_analysis")
    game.resolve()
    russia = next(d for d in game.record.decisions if d.role == "russia")
    assert russia.by_computer and russia.reason
    assert russia.choice in {c.id for c in tutorial.scenario.rounds[0].choices["russia"]}


def test_combination_outcomes_apply_when_choices_meet(tutorial):
    game = new_game(tutorial.scenario, humans=("usa", "russia"))
    game.begin(); game.open_decisions()
    game.decide("usa", "offer_joint_analysis"); game.decide("russia", "demand_analysis")
    game.resolve(); game.finish_round()
    assert "Both sides agree the threat itself should be analysed together" in game.record.headlines
    assert game.meters["trust"] == 30 + 10 + 5


@pytest.mark.parametrize("policy", ["random", "historical", "adaptive"])
def test_a_seed_makes_the_whole_game_repeatable(tutorial, policy):
    def run(seed: int) -> list:
        game = play_out(new_game(tutorial.scenario, seed=seed, policy=policy), {})
        return [(r.round, [(d.role, d.choice) for d in r.decisions], r.meters_after) for r in game.history] + [game.ending.id]

    assert run(7) == run(7)
    if policy == "random":
        assert len({str(run(s)) for s in range(12)}) > 1, "different seeds should give different games"


def test_replaying_the_intents_rebuilds_the_same_game(tutorial):
    game = new_game(tutorial.scenario, humans=("poland",), seed=3, policy="adaptive")
    play_out(game, {"poland": "delay"})
    copy = Game(tutorial.scenario, game.settings)
    copy.replay(game.intents)
    assert copy.state == game.state and copy.meters == game.meters and copy.history == game.history


def test_start_at_a_chosen_round(tutorial):
    game = new_game(tutorial.scenario, start="oslo")
    game.begin()
    assert game.round.id == "oslo" and game.round_number == 1


def test_facilitator_event_applies_its_effects(write_yaml):
    from game.scenario import load_scenario
    from tests.conftest import MINIMAL

    text = MINIMAL + """
events:
  - id: shock
    title: A shock
    text: Something happens.
    effects: {meters: {trust: -20}}
  - id: scheduled
    title: On time
    text: Lands at r2.
    round: r2
    effects: {meters: {trust: 5}}
"""
    s = load_scenario(write_yaml(text)).scenario
    game = new_game(s, humans=("a", "b"))
    with pytest.raises(IllegalMove):
        game.fire_event("shock")
    game.begin()
    news = game.fire_event("shock")
    assert news.meter_changes == {"trust": -20} and game.meters["trust"] == 30
    game.open_decisions(); game.decide("a", "a_give"); game.decide("b", "b_wait")
    game.resolve(); game.finish_round(); game.next_round()
    assert game.round.id == "r2"
    assert [n.origin for n in game.record.news] == ["scheduled"]
    assert game.meters["trust"] == 30 + 30 + 5


def test_objectives_are_judged_on_the_state(tutorial):
    game = new_game(tutorial.scenario, humans=("usa", "russia"))
    game.begin(); game.open_decisions()
    assert game.objectives_met("russia") == [("Get a joint analysis offered.", False)]
    game.decide("usa", "offer_joint_analysis"); game.decide("russia", "hear_out"); game.resolve()
    assert game.objectives_met("russia") == [("Get a joint analysis offered.", True)]


def test_meter_series_has_a_point_per_round_plus_the_start(tutorial):
    game = play_out(new_game(tutorial.scenario, seed=1), {})
    series = game.meter_series()
    assert all(len(v) == len(game.history) + 1 for v in series.values())
    assert series["trust"][0] == 30 and series["trust"][-1] == game.meters["trust"]


def test_engine_never_imports_pygame():
    import subprocess
    import sys

    code = "import sys, game.engine.game, game.engine.save, game.scenario; print('pygame' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
