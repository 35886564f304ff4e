"""The main historical scenario, scenarios/missile_defence_2007_2011.yaml.

Checks its shape (roles, rounds, choices, endings), that every quote is word for
word in its source text, that playing what really happened reaches the ending
closest to history, and that every ending and every round can be reached.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.game import new_game
from game.scenario import load_scenario
from game.scenario.quotes import check_quotes, default_sources_dir
from game.scenario.references import scenario_changes, scenario_conditions, scenario_positions, walk_conditions

PATH = Path(__file__).resolve().parent.parent / "scenarios" / "missile_defence_2007_2011.yaml"
ROLES = ("usa", "russia", "nato", "poland")
HISTORICAL_ENDING = "cold_peace"

# What each side really did, round by round (the kaliningrad_crisis round is a
# what-if: there its "historical" choice is the line each side really took).
HISTORICAL = {
    "gates_moscow": {"usa": "r1_usa_offer", "russia": "r1_rus_rebuff", "nato": "r1_nato_reassure", "poland": "r1_pol_conditional"},
    "oslo_council": {"usa": "r2_usa_defend", "russia": "r2_rus_unconvinced", "nato": "r2_nato_united", "poland": "r2_pol_prepare"},
    "jta_paa": {"usa": "r3_usa_paa", "russia": "r3_rus_jta", "nato": "r3_nato_embrace", "poland": "r3_pol_host_new"},
    "lisbon_summit": {"usa": "r4_usa_back_invitation", "russia": "r4_rus_agree", "nato": "r4_nato_invite", "poland": "r4_pol_back_nato"},
    "after_lisbon": {"usa": "r5_usa_no_limits", "russia": "r5_rus_working_group", "nato": "r5_nato_two_systems", "poland": "r5_pol_stay"},
    "medvedev_iskander": {"usa": "r6_usa_no_change", "russia": "r6_rus_threat_door_open", "nato": "r6_nato_offer_stands", "poland": "r6_pol_host_firm"},
    "kaliningrad_crisis": {"usa": "r7_usa_hold", "russia": "r7_rus_keep_door", "nato": "r7_nato_disappointed", "poland": "r7_pol_firm"},
    "tauscher_rusi": {"usa": "r8_usa_tent", "russia": "r8_rus_preconditions", "nato": "r8_nato_capability", "poland": "r8_pol_stay"},
}


def _with(changes: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    script = {rnd: dict(roles) for rnd, roles in HISTORICAL.items()}
    for rnd, roles in changes.items():
        script[rnd].update(roles)
    return script


# One full choice sequence per ending: history, with the named departures.
ENDING_SCRIPTS: dict[str, dict[str, dict[str, str]]] = {
    # Russia carries out the "military-technical answer": Iskanders go to Kaliningrad.
    "confrontation": _with({"medvedev_iskander": {"russia": "r6_rus_deploy"}}),
    # Poland walks away from hosting after Lisbon.
    "alliance_split": _with({"after_lisbon": {"poland": "r5_pol_walk_away"}, "tauscher_rusi": {"poland": "r8_pol_base"}}),
    # Russia takes up the Lisbon offer, NATO offers joint work, Russia comes inside the tent.
    "partnership": _with(
        {
            "medvedev_iskander": {"russia": "r6_rus_join_tent", "nato": "r6_nato_joint_centres"},
            "tauscher_rusi": {"russia": "r8_rus_enter_tent"},
        }
    ),
    # NATO accepts Russia's sectoral principle.
    "russia_terms": _with({"after_lisbon": {"nato": "r5_nato_sectoral"}}),
    # Russia snubs Lisbon (the after_lisbon round is skipped), and Washington ends the talks.
    "deep_freeze": _with(
        {
            "lisbon_summit": {"russia": "r4_rus_boycott"},
            "medvedev_iskander": {"nato": "r6_nato_joint_centres", "poland": "r6_pol_dialogue"},
            "tauscher_rusi": {"usa": "r8_usa_end_talks"},
        }
    ),
    HISTORICAL_ENDING: _with({}),
}


@pytest.fixture(scope="module")
def loaded():
    return load_scenario(PATH)


@pytest.fixture(scope="module")
def scenario(loaded):
    return loaded.scenario


def play(scenario, script: dict[str, dict[str, str]]):
    """Play with all four roles human, each answering from the script; fail on a missing or illegal entry."""
    game = new_game(scenario, humans=ROLES, seed=1)

    def choose(role, legal):
        wanted = script[game.round.id][role]
        assert wanted in {c.id for c in legal}, f"{wanted} is not a legal choice for {role} in {game.round.id}"
        return wanted

    steps = 0
    while not game.ended:
        game.step(choose)
        steps += 1
        assert steps < 500, "the game does not end"
    return game


def choose_historical(role, legal):
    historical = [c for c in legal if c.historical]
    assert len(historical) == 1, f"{role} has {len(historical)} legal historical choices"
    return historical[0].id


# --------------------------------------------------------------------------- shape


def test_file_starts_with_the_schema_line_and_has_the_right_id(loaded, scenario):
    first = loaded.path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../docs/scenario.schema.json"
    assert scenario.format == 1
    assert scenario.id == "missile_defence_2007_2011"


def test_all_five_sources_are_listed(scenario):
    files = {s.file for s in scenario.sources}
    assert files == {
        "000_33bd3575c6406538.txt",
        "001_743ab7cf153ea19f.txt",
        "002_e0626cf502430462.txt",
        "003_c68f71f71e4418b3.txt",
        "004_f2000e040387b6d2.txt",
    }
    assert all(s.title for s in scenario.sources)


def test_meters_and_the_cbos_start(scenario):
    meters = {m.id: m for m in scenario.meters}
    assert set(meters) == {"trust", "tension", "cohesion", "protection", "support"}
    assert meters["tension"].good == "low"
    assert meters["support"].start == 25  # CBOS poll, April 2007: 25 percent in favour
    assert all(m.min == 0 and m.max == 100 for m in meters.values())


def test_four_playable_roles_with_briefs_and_objectives(scenario):
    playable = [r for r in scenario.roles if r.playable]
    assert sorted(r.id for r in playable) == sorted(ROLES)
    for role in playable:
        assert len(role.brief.split()) >= 60, f"{role.id}'s brief is too short"
        assert 2 <= len(role.objectives) <= 3
        actor = scenario.actor(role.actor)
        assert actor.interests and actor.red_lines, f"{actor.id} needs interests and red lines"
        assert all(i.cites for i in actor.interests), f"every interest of {actor.id} cites a position"


def test_computer_only_actors_exist(scenario):
    ids = {a.id for a in scenario.actors}
    assert {"czech_republic", "germany", "romania", "turkey"} <= ids


def test_rounds_run_in_date_order(scenario):
    dates = [r.date for r in scenario.rounds]
    assert dates == sorted(dates)
    assert len(set(dates)) == len(dates)


@pytest.mark.parametrize("round_id", list(HISTORICAL))
def test_every_round_gives_every_role_real_choices(scenario, round_id):
    rnd = scenario.round(round_id)
    assert rnd.what_happened and 1 <= len(rnd.questions) <= 3
    for role in ROLES:
        choices = rnd.choices.get(role, [])
        assert len(choices) >= 3, f"{role} has fewer than 3 choices in {round_id}"
        assert len({c.tone for c in choices}) >= 2, f"{role}'s choices in {round_id} all have the same tone"
        assert len({c.label for c in choices}) == len(choices)
        assert sum(c.historical for c in choices) == 1, f"{role} needs exactly one historical choice in {round_id}"
        for c in choices:
            if c.tone == "escalate":
                assert c.warning, f"escalating choice {c.id} needs a warning"


def test_the_script_of_history_matches_the_choices_marked_historical(scenario):
    assert list(HISTORICAL) == [r.id for r in scenario.rounds]
    for rnd in scenario.rounds:
        for role in ROLES:
            marked = next(c.id for c in rnd.choices[role] if c.historical)
            assert HISTORICAL[rnd.id][role] == marked


def test_the_historical_choice_is_not_always_in_the_same_place(scenario):
    for role in ROLES:
        places = {next(i for i, c in enumerate(r.choices[role]) if c.historical) for r in scenario.rounds}
        assert len(places) >= 2, f"{role}'s historical choice is always button {places}"


def test_every_flag_is_both_set_and_tested(scenario):
    set_somewhere = {f for _, change in scenario_changes(scenario) for f in change.set}
    tested = {cond.flag for _, cond in scenario_conditions(scenario) if cond.flag}
    tested |= {f for a in scenario.actors for f in a.red_lines}
    for flag in scenario.flags:
        assert flag.id in set_somewhere, f"flag {flag.id} is never set"
        assert flag.id in tested, f"flag {flag.id} is never tested"


def test_there_is_a_real_branch(scenario):
    branching = [r for r in scenario.rounds if any(n.when is not None for n in r.next)]
    assert branching, "no round branches on a condition"
    tested = set()
    for rnd in branching:
        for nxt in rnd.next:
            if nxt.when is not None:
                for _, cond in walk_conditions(nxt.when, ()):
                    tested |= {cond.meter, cond.flag} - {None}
    assert tested


def test_endings(scenario):
    assert len(scenario.endings) >= 4
    assert scenario.endings[-1].when is None
    assert all(e.when is not None for e in scenario.endings[:-1])
    assert HISTORICAL_ENDING in {e.id for e in scenario.endings}
    for ending in scenario.endings:
        assert ending.epilogue and ending.what_happened and ending.questions
    close = [e for e in scenario.endings if "close to what happened" in e.what_happened]
    assert [e.id for e in close] == [HISTORICAL_ENDING]


def test_events_include_medvedevs_statement_as_paraphrase_only(scenario):
    event = scenario.event("medvedev_statement")
    assert event.round == "medvedev_iskander"
    assert all(p.quote is None for p in event.positions), "the texts do not quote Medvedev himself"


# --------------------------------------------------------------------------- sources


def test_every_quote_is_word_for_word_in_its_source(scenario):
    sources = default_sources_dir()
    if sources is None:
        pytest.skip("the source texts are not available here")
    assert check_quotes(scenario, sources) == []


def test_every_quote_has_speaker_and_source(scenario):
    for _, pos in scenario_positions(scenario):
        if pos.quote is not None:
            assert pos.speaker and pos.source
        elif pos.source is None:
            pytest.fail(f"paraphrase without a source: {pos.paraphrase[:60]}")


# --------------------------------------------------------------------------- play


def test_playing_history_reaches_the_ending_closest_to_history(scenario):
    game = new_game(scenario, humans=ROLES, seed=1)
    steps = 0
    while not game.ended:
        game.step(choose_historical)
        steps += 1
        assert steps < 500
    assert game.ending.id == HISTORICAL_ENDING
    assert "kaliningrad_crisis" not in game.visited, "in history there was no Kaliningrad crisis round"
    assert game.visited == [r for r in HISTORICAL if r != "kaliningrad_crisis"]


@pytest.mark.parametrize("seed", range(5))
def test_computer_players_in_historical_style_reach_the_historical_ending(scenario, seed):
    game = new_game(scenario, humans=(), seed=seed, policy="historical")
    while not game.ended:
        game.step()
    assert game.ending.id == HISTORICAL_ENDING


@pytest.mark.parametrize("ending_id", list(ENDING_SCRIPTS))
def test_each_ending_is_reached_by_its_script(scenario, ending_id):
    assert set(ENDING_SCRIPTS) == {e.id for e in scenario.endings}
    game = play(scenario, ENDING_SCRIPTS[ending_id])
    assert game.ending.id == ending_id


def test_every_round_is_visited_by_some_scripted_game(scenario):
    visited: set[str] = set()
    for script in ENDING_SCRIPTS.values():
        visited |= set(play(scenario, script).visited)
    assert visited == {r.id for r in scenario.rounds}


def test_the_crisis_round_and_the_skip_are_real_branches(scenario):
    crisis = play(scenario, ENDING_SCRIPTS["confrontation"])
    assert "kaliningrad_crisis" in crisis.visited
    frozen = play(scenario, ENDING_SCRIPTS["deep_freeze"])
    assert "after_lisbon" not in frozen.visited, "a Russian boycott at Lisbon skips the after-Lisbon round"


def test_choices_leave_traces_later(scenario):
    laters = [c for r in scenario.rounds for cs in r.choices.values() for c in cs if c.effects.later]
    assert len(laters) >= 5 and all(l.headline for c in laters for l in c.effects.later)
    assert sum(bool(r.outcomes) for r in scenario.rounds) >= 5
    assert sum(bool(c.effects.stances) for r in scenario.rounds for cs in r.choices.values() for c in cs) >= 10
    assert sum(c.requires is not None for r in scenario.rounds for cs in r.choices.values() for c in cs) >= 2


def test_the_game_records_a_delayed_effect_landing(scenario):
    game = play(scenario, HISTORICAL)
    news = [n for rec in game.history for n in rec.news if n.kind == "later"]
    assert any(n.origin == "r1_usa_offer" for n in news)
