"""Meters followed along the ways through the rounds: a condition is judged by what a game can
have at the point where it is tested, not by what it can have anywhere in the game.

The analysis over-approximates (it reports "never" only when that is certain): a property test
plays many games and checks that every value they see lies in the range the analysis gives.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from game.authoring.lint import Analysis, check_text
from game.authoring.starter import starter_text
from game.engine.game import Game, Settings
from game.scenario.loader import parse_scenario
from tests.conftest import ROOT, SCENARIOS

DOC = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
EXAMPLE = re.search(r"whole file \(a test validates and plays it\) -->\n```yaml\n(.*?)```", DOC, re.S).group(1)
STARTER = starter_text(Path("s.yaml"))
WARN = "          effects:\n            meters: {trust: -5, tension: 20}\n"


def problems(text: str):
    return check_text(text, "s.yaml").problems


def codes(text: str) -> list[str]:
    return [p.code for p in problems(text)]


# --------------------------------------------------------------------------- the guide's own example


def test_a_branch_the_meter_cannot_reach_by_then_is_never_taken():
    # QA's case: with Russia's warning at +15, tension can be at most 40 + 10 + 5 + 15 = 70 after round two,
    # although it can reach 95 by the end of the game (the whole-game range used to hide this)
    assert WARN in EXAMPLE
    text = EXAMPLE.replace(WARN, WARN.replace("tension: 20", "tension: 15"))
    [p] = problems(text)
    assert p.code == "E-NEVER-TRUE" and p.severity == "error"
    assert text.splitlines()[p.line - 1].strip() == "- if: {meter: tension, at_least: 75}"
    assert "at the end of round 'two_systems'" in p.message and "tension stays between 20 and 70" in p.message
    assert "so this way on is never taken" in p.message


def test_the_guides_branch_is_taken_by_the_game_that_escalates_every_time():
    scenario, _ = parse_scenario(EXAMPLE, "after_lisbon.yaml")
    game = Game(scenario, Settings(humans=("nato", "russia")))
    picks = {"lisbon": {"nato": "go_it_alone", "russia": "demand_guarantees"},
             "two_systems": {"nato": "offer_two_systems", "russia": "warn_of_answer"}}
    while not game.ended:
        game.step(lambda role, legal: picks[game.round.id][role])
    assert game.visited == ["lisbon", "two_systems"] and game.meters["tension"] == 75
    assert game.ending is not None and game.ending.id == "freeze"


def test_the_guide_explains_why_the_branch_can_be_taken():
    assert "only a game in which both sides\nescalate at every turn reaches 75 here" in DOC


# --------------------------------------------------------------------------- each point where a condition is tested


def test_a_requires_in_the_first_round_sees_only_the_start_value():
    # trust starts at 40 and nothing has happened yet when the first round's choices are offered
    text = STARTER.replace(
        '          label: "Accept talks"\n', '          label: "Accept talks"\n          requires: {meter: trust, at_least: 45}\n'
    )
    found = [p for p in problems(text) if p.code == "E-NEVER-TRUE"]
    assert any("when round 'opening' offers its choices, trust is always 40" in p.message for p in found), found
    assert any("so this choice is never offered" in p.message for p in found)


def test_a_requires_in_a_later_round_sees_what_the_rounds_before_can_do():
    # by the talks trust can be 40 + 10 + 5 + 5 = 60 at most: 60 is possible, 61 is not
    add = '          label: "Offer transparency"\n          requires: {meter: trust, at_least: %d}\n'
    ok = STARTER.replace('          label: "Offer transparency"\n', add % 60)
    assert "E-NEVER-TRUE" not in codes(ok)
    bad = STARTER.replace('          label: "Offer transparency"\n', add % 61)
    [p] = [p for p in problems(bad) if p.code == "E-NEVER-TRUE"]
    assert "when round 'talks' offers its choices, trust stays between 30 and 60" in p.message


def test_an_outcome_sees_the_choices_of_its_own_round():
    # the talks' choices can raise trust to 60 + 10 + 5 = 75: an outcome may test for 75 but not for 76
    outcome = "    outcomes:\n      - if: {meter: trust, at_least: %d}\n        effects:\n          meters: {tension: -5}\n    # Where the game goes next"
    text = STARTER.replace("    # Where the game goes next", outcome % 75, 1)
    assert problems(text) == []
    [p] = [p for p in problems(STARTER.replace("    # Where the game goes next", outcome % 76, 1)) if p.code == "E-NEVER-TRUE"]
    assert "when this outcome of round 'talks' is tried" in p.message and "so these effects never apply" in p.message


def test_a_delayed_effect_counts_in_the_round_it_lands_in():
    # a later: +30 from the first round lands at the start of the third: it lifts what the third round can test
    later = (
        '            headline: "NATO invites Russia to cooperate on missile defence"\n'
        "            later:\n              - after: 2\n                meters: {trust: 30}\n"
        '                headline: "The offer pays off"\n'
    )
    text = STARTER.replace('            headline: "NATO invites Russia to cooperate on missile defence"\n', later)
    requires = '          label: "Sign a joint statement"\n          requires: {meter: trust, at_least: %d}\n'
    assert "E-NEVER-TRUE" not in codes(text.replace('          label: "Sign a joint statement"\n', requires % 90))
    # ...but not in the talks, one round too early: there trust is at most 60
    early = '          label: "Offer transparency"\n          requires: {meter: trust, at_least: 61}\n'
    assert "E-NEVER-TRUE" in codes(text.replace('          label: "Offer transparency"\n', early))


def test_after_a_branch_each_way_carries_what_its_condition_allows():
    # talks → (tension ≥ 80) end, else → decision: in the decision round tension is below 80
    requires = '          label: "Sign a joint statement"\n          requires: {meter: tension, at_least: 80}\n'
    [p] = [p for p in problems(STARTER.replace('          label: "Sign a joint statement"\n', requires)) if p.code == "E-NEVER-TRUE"]
    assert "when round 'decision' offers its choices, tension stays between" in p.message and "and 79" in p.message


def test_an_entry_whose_cases_the_entries_above_take_is_never_taken():
    text = STARTER.replace(
        "      - if: {meter: tension, at_least: 80}\n        end: true\n      - round: decision\n",
        "      - if: {meter: tension, at_least: 80}\n        end: true\n      - if: {meter: tension, at_least: 85}\n"
        "        round: decision\n      - round: decision\n",
    )
    [p] = problems(text)
    assert p.code == "E-NEXT-NEVER-TAKEN" and "at_least: 85" in text.splitlines()[p.line - 1]
    assert "the entries above it take every game" in p.message


def test_a_loop_that_raises_a_meter_each_time_round_can_reach_the_max():
    # the talks repeat until trust reaches 95: each pass adds up to 15, so the loop ends
    text = STARTER.replace(
        "      - if: {meter: tension, at_least: 80}\n        end: true\n      - round: decision\n",
        "      - if: {meter: trust, at_least: 95}\n        round: decision\n      - round: talks\n",
    )
    assert {"E-LOOP", "E-NEVER-TRUE", "E-UNREACHABLE-ROUND"}.isdisjoint(codes(text)), codes(text)


# --------------------------------------------------------------------------- the ranges hold in real games


def _bases() -> list[tuple[str, str]]:
    out = [("starter", STARTER), ("guide", EXAMPLE)]
    out += [(p.name, p.read_text(encoding="utf-8")) for p in sorted(SCENARIOS.glob("*.yaml"))]
    later = STARTER.replace(
        '            headline: "NATO invites Russia to cooperate on missile defence"\n',
        '            headline: "NATO invites Russia to cooperate on missile defence"\n'
        "            later:\n              - after: 1\n                meters: {trust: -30, tension: 20}\n"
        '                headline: "Allies object"\n',
    )
    out.append(("starter with a delayed effect", later))
    return out


def _inside(value: int, span: tuple[int, int]) -> bool:
    return span[0] <= value <= span[1]


@pytest.mark.parametrize(("name", "text"), _bases(), ids=[n for n, _ in _bases()])
def test_every_value_a_game_sees_lies_in_the_analysed_range(name, text):
    scenario, _ = parse_scenario(text, name)
    a = Analysis(scenario)
    rng = random.Random(7)
    for seed in range(150):
        game = Game(scenario, Settings(humans=tuple(r.id for r in scenario.roles if r.playable), seed=seed, policy="random"))
        while not game.ended:
            rnd = game.round
            if game.phase == "decisions":
                assert rnd.id in a.at_choices
                for m, v in game.meters.items():
                    assert _inside(v, a.at_choices[rnd.id][m]), (name, seed, rnd.id, m, v, a.at_choices[rnd.id][m])
            elif game.phase == "consequences":
                for m, v in game.meters.items():
                    assert _inside(v, a.at_next[rnd.id][m]), (name, seed, rnd.id, m, v, a.at_next[rnd.id][m])
            if scenario.events and game.phase != "setup" and rng.random() < 0.15:
                game.fire_event(rng.choice(scenario.events).id)  # the facilitator's news, at any moment
                continue
            game.step(lambda role, legal: rng.choice(legal).id)
        assert a.at_end is not None
        for m, v in game.meters.items():
            assert _inside(v, a.at_end[m]), (name, seed, "end", m, v, a.at_end[m])


def test_a_last_entry_that_the_entries_above_leave_nothing_to():
    # tension ≥ 80 ends the game, tension ≤ 79 goes on: the entry without if: below them is never taken
    text = STARTER.replace(
        "      - if: {meter: tension, at_least: 80}\n        end: true\n      - round: decision\n",
        "      - if: {meter: tension, at_least: 80}\n        end: true\n      - if: {meter: tension, at_most: 79}\n"
        "        round: decision\n      - end: true\n",
    )
    [p] = problems(text)
    assert p.code == "E-NEXT-NEVER-TAKEN" and text.splitlines()[p.line - 1].strip() == "- end: true"
    assert "the entries above it between them take every game" in p.message and "remove its if:" in p.hint
