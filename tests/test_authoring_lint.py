"""The semantic checks: each mistake an author can make is reported, at its line, with a hint.

Every case starts from the starter scenario (which is clean) and changes one thing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.authoring.lint import CODES, check_text
from game.authoring.starter import starter_text

BASE = starter_text(Path("s.yaml"))


def mutate(*pairs: tuple[str, str]) -> str:
    text = BASE
    for old, new in pairs:
        assert text.count(old) >= 1, old
        text = text.replace(old, new, 1)
    return text


def problems(text: str):
    return check_text(text, "s.yaml").problems


def the(code: str, text: str):
    found = [p for p in problems(text) if p.code == code]
    assert found, f"{code} not reported; got {[p.one_line() for p in problems(text)]}"
    return found


def line_of(text: str, line: int) -> str:
    return text.splitlines()[line - 1]


def test_the_starter_is_clean():
    assert problems(BASE) == []


def test_unknown_ids_are_reported_with_a_did_you_mean():
    text = mutate(
        ("meters: {trust: 10, tension: -5}", "meters: {trst: 10, tension: -5}"),
        ("      - round: decision", "      - round: decison"),
        ("set: [talks_agreed]", "set: [talks_agred]"),
        ("  - id: russia\n    actor: russia", "  - id: russia\n    actor: rusia"),
    )
    found = {p.code: p for p in problems(text)}
    assert {"E-REF-METER", "E-REF-ROUND", "E-REF-FLAG", "E-REF-ACTOR"} <= set(found)
    assert "did you mean 'trust'" in found["E-REF-METER"].hint
    assert "did you mean 'decision'" in found["E-REF-ROUND"].hint
    assert "trst" in line_of(text, found["E-REF-METER"].line)


def test_an_unknown_role_under_choices():
    text = mutate(("      nato:\n        - id: invite_russia", "      natoo:\n        - id: invite_russia"))
    [p] = the("E-REF-ROLE", text)
    assert "natoo" in line_of(text, p.line) and "'nato'" in p.hint


def test_a_round_no_path_reaches():
    text = mutate(("      - round: decision", "      - end: true"))
    [p] = the("E-UNREACHABLE-ROUND", text)
    assert "'decision'" in p.message and "id: decision" in line_of(text, p.line)
    assert "next:" in p.hint


def test_a_loop_with_no_way_out():
    text = mutate(
        # opening: on to the talks only when they were agreed, else the game ends
        ("\n  - id: talks\n", "    next:\n      - if: {flag: talks_agreed}\n        round: talks\n      - end: true\n\n  - id: talks\n"),
        # talks → decision → talks ... and neither ever ends
        ("      - if: {meter: tension, at_least: 80}\n        end: true\n", ""),
        ("            meters: {trust: -10, tension: 10}\n\n# How the game ends",
         "            meters: {trust: -10, tension: 10}\n    next:\n      - round: talks\n\n# How the game ends"),
    )
    [p] = the("E-LOOP", text)
    assert "once a game reaches round 'talks' it can never end" in p.message and "decision" in p.message
    assert "id: talks" in line_of(text, p.line)
    assert "end: true" in p.hint


def test_endings_after_one_without_if_are_unreachable():
    text = mutate(("    if: {meter: trust, at_least: 70}\n", ""))
    found = the("E-UNREACHABLE-ENDING", text)
    assert len(found) == 2
    assert {line_of(text, p.line).strip() for p in found} == {"- id: crisis", "- id: stalemate"}


def test_a_next_entry_below_one_without_if_is_never_taken():
    text = mutate(
        ("      - if: {meter: tension, at_least: 80}\n        end: true\n      - round: decision\n",
         "      - round: decision\n      - if: {meter: tension, at_least: 80}\n        end: true\n"),
    )
    codes = {p.code for p in problems(text)}
    assert {"E-NEXT-NEVER-TAKEN", "E-NO-WAY-OUT"} <= codes


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("if: {meter: trust, at_least: 70}", "if: {meter: trust, at_least: 170}", "its max is 100"),
        ("if: {meter: tension, at_least: 80}\n    epilogue", "if: {meter: tension, at_most: -5}\n    epilogue", "its min is 0"),
        ("if: {meter: trust, at_least: 70}", "if: {meter: trust, at_least: 70, at_most: 60}", "above at_most"),
        ("if: {meter: trust, at_least: 70}", "if: {all: [{meter: trust, at_least: 70}, {meter: trust, at_most: 50}]}", "every meter test"),
        ("if: {meter: trust, at_least: 70}", "if: {all: [{flag: talks_agreed}, {not: {flag: talks_agreed}}]}", "set and not set"),
    ],
)
def test_conditions_that_can_never_hold(old, new, words):
    text = mutate((old, new))
    [p] = the("E-NEVER-TRUE", text)
    assert words in p.message and "no game ends this way" in p.message
    assert p.hint


def test_a_flag_no_effect_sets():
    text = mutate(("            set: [talks_agreed]\n", ""))
    [p] = the("E-NEVER-TRUE", text)
    assert "no effect ever sets the flag 'talks_agreed'" in p.message
    assert "set: [talks_agreed]" in p.hint
    assert "flag: talks_agreed" in line_of(text, p.line)


def test_a_meter_that_never_moves_cannot_reach_a_threshold():
    text = mutate(
        ("    good: low\n", "    good: low\n  - id: support\n    label: \"Support\"\n    start: 20\n"),
        ("if: {meter: trust, at_least: 70}", "if: {meter: support, at_least: 50}"),
    )
    [p] = the("E-NEVER-TRUE", text)
    assert "support never changes" in p.message
    [w] = the("W-METER-STATIC", text)
    assert "id: support" in line_of(text, w.line)


def test_a_choice_that_is_never_offered():
    text = mutate(
        ("          label: \"Invite Russia to cooperate\"\n",
         "          label: \"Invite Russia to cooperate\"\n          requires: {meter: trust, at_least: 500}\n"),
    )
    found = the("E-NEVER-TRUE", text)
    messages = " | ".join(p.message for p in found)
    assert "this choice is never offered" in messages  # the requires: itself
    assert "the choice 'invite_russia' is never offered" in messages  # the outcome that tests it


def test_visited_a_round_no_game_reaches():
    text = mutate(
        ("      - round: decision", "      - end: true"),
        ("if: {meter: trust, at_least: 70}", "if: {visited: decision}"),
    )
    assert any("no game can reach round 'decision'" in p.message for p in the("E-NEVER-TRUE", text))


def test_a_condition_that_always_holds_is_a_warning():
    text = mutate(("if: {meter: trust, at_least: 70}", "if: {meter: trust, at_least: 0}"))
    [p] = the("W-ALWAYS-TRUE", text)
    assert p.severity == "warning"


def test_a_not_around_a_never_true_condition_always_holds():
    text = mutate(("            set: [talks_agreed]\n", ""), ("if: {flag: talks_agreed}", "if: {not: {flag: talks_agreed}}"))
    [p] = the("W-ALWAYS-TRUE", text)
    assert "not: around it always holds" in p.message


def test_a_change_larger_than_the_meter_range():
    text = mutate(("meters: {trust: 10, tension: -5}", "meters: {trust: 150, tension: -5}"))
    [p] = the("W-METER-JUMP", text)
    assert "+150" in p.message and "trust: 150" in line_of(text, p.line)


def test_a_choice_with_no_consequence():
    text = mutate(("          tone: hold\n          effects:\n            meters: {tension: 5}\n", "          tone: hold\n"))
    [p] = the("W-CHOICE-NO-EFFECT", text)
    assert "hold_firm" in p.message and "id: hold_firm" in line_of(text, p.line)


def test_dates_out_of_order():
    text = mutate(("    date: 2011-01-20\n    place: moscow", "    date: 2009-01-20\n    place: moscow"))
    [p] = the("W-DATE-ORDER", text)
    assert "2009-01-20" in line_of(text, p.line)


def test_unused_flag_and_idle_role():
    text = mutate(
        ("flags:\n", "flags:\n  - id: spare\n    description: \"Never used.\"\n"),
        ("rounds:\n", "  - id: observer\n    actor: nato\n    brief: \"Watch.\"\n\nrounds:\n"),
    )
    assert "id: spare" in line_of(text, the("W-UNUSED-FLAG", text)[0].line)
    assert "id: observer" in line_of(text, the("W-ROLE-NO-CHOICES", text)[0].line)


def test_duplicate_ids_and_unlisted_sources():
    text = mutate(("- id: hold_firm", "- id: offer_transparency"), ("        source: 004_f2000e040387b6d2.txt\n      # A quote", "        source: 999.txt\n      # A quote"))
    codes = {p.code for p in problems(text)}
    assert {"E-DUPLICATE-ID", "E-REF-SOURCE"} <= codes


def test_reference_errors_and_semantic_findings_come_together():
    # one pass reports a wrong id *and* an impossible condition, sorted by line
    text = mutate(("meters: {trust: 10, tension: -5}", "meters: {trst: 10, tension: -5}"), ("at_least: 70}", "at_least: 170}"))
    found = problems(text)
    assert {"E-REF-METER", "E-NEVER-TRUE"} <= {p.code for p in found}
    assert [p.line for p in found] == sorted(p.line for p in found)


def test_every_problem_is_located_and_has_a_hint():
    texts = [
        mutate(("      - round: decision", "      - end: true")),
        mutate(("at_least: 70}", "at_least: 170}")),
        mutate(("meters: {trust: 10, tension: -5}", "meters: {trust: 150, tension: -5}")),
    ]
    for text in texts:
        for p in problems(text):
            assert p.line >= 1 and p.col >= 1 and p.code in CODES and p.message and p.hint


def test_quotes_are_checked_word_for_word_with_sources(tmp_path):
    (tmp_path / "004_f2000e040387b6d2.txt").write_text("He said: “This is a development we cannot ignore,” he said.", encoding="utf-8")
    assert check_text(BASE, "s.yaml", tmp_path).problems == []
    text = mutate(("we cannot ignore\"", "we can not ignore\""))
    [p] = [p for p in check_text(text, "s.yaml", tmp_path).problems]
    assert p.code == "E-QUOTE-NOT-FOUND" and "quote:" in line_of(text, p.line)
    (tmp_path / "004_f2000e040387b6d2.txt").unlink()
    assert {p.code for p in check_text(BASE, "s.yaml", tmp_path).problems} == {"W-SOURCE-MISSING"}


def test_a_flag_set_only_by_a_choice_that_is_never_offered():
    text = mutate(("          label: \"Accept talks\"\n", "          label: \"Accept talks\"\n          requires: {flag: talks_agreed}\n"))
    found = the("E-NEVER-TRUE", text)
    messages = [p.message for p in found]
    assert sum("set only by the choice 'accept_talks', which no game can reach" in m for m in messages) == 2
    assert any("this choice is never offered" in m for m in messages)  # its own requires:
    assert any("this objective can never be met" in m for m in messages)  # Russia's objective
    assert any("the choice 'accept_talks' is never offered" in m for m in messages)  # the outcome testing it


def test_a_meter_cannot_climb_further_than_the_choices_along_a_path_allow():
    # trust starts at 40; one choice per role per round plus the outcome can add at most 55
    assert problems(mutate(("at_least: 70}", "at_least: 95}"))) == []
    [p] = the("E-NEVER-TRUE", mutate(("at_least: 70}", "at_least: 96}")))
    assert "trust stays between 15 and 95" in p.message and "it starts at 40" in p.message


def test_a_branch_counts_only_the_rounds_on_its_own_path():
    # offer → talks → end gains at most 20 + 15; offer → decision → end at most 20 + 20: never all three rounds
    text = mutate(
        ("\n\n  - id: talks\n", "\n    next:\n      - if: {flag: talks_agreed}\n        round: talks\n      - round: decision\n\n  - id: talks\n"),
    )
    # the talks now end the game (their default was to go on to the decision)
    text = text.replace("        end: true\n      - round: decision\n", "        end: true\n      - end: true\n")
    assert problems(text.replace("at_least: 70}", "at_least: 80}")) == []
    [p] = the("E-NEVER-TRUE", text.replace("at_least: 70}", "at_least: 81}"))
    assert "between 15 and 80" in p.message


def test_an_event_the_facilitator_can_fire_lifts_the_limit():
    text = mutate(("at_least: 70}", "at_least: 99}"))
    assert "E-NEVER-TRUE" in {p.code for p in problems(text)}
    text = text.replace(
        "# How the game ends",
        "events:\n  - id: good_news\n    title: \"Good news\"\n    text: \"Something good.\"\n    effects:\n      meters: {trust: 1}\n\n# How the game ends",
    )
    assert problems(text) == []


def test_a_round_whose_every_next_entry_is_impossible_is_a_dead_end():
    text = mutate(("at_least: 80}\n        end: true\n      - round: decision\n", "at_least: 180}\n        end: true\n"))
    codes = {p.code for p in problems(text)}
    assert {"E-NO-WAY-OUT", "E-NEVER-TRUE", "E-UNREACHABLE-ROUND"} <= codes
    [p] = the("E-LOOP", text)
    assert "no next: entry of round 'talks' can ever be taken" in p.message


def test_a_passage_is_at_most_one_paragraph_of_its_source(tmp_path):
    (tmp_path / "004_f2000e040387b6d2.txt").write_text(
        "First paragraph, he said.\n\n“This is a development we cannot ignore,” he said. More.\nThird.\n", encoding="utf-8"
    )
    one = mutate(("        quote: \"This is a development we cannot ignore\"\n",
                  "        quote: \"This is a development we cannot ignore\"\n        passage: \"“This is a development we cannot ignore,” he said. More.\"\n"))
    assert check_text(one, "s.yaml", tmp_path).problems == []
    two = mutate(("        quote: \"This is a development we cannot ignore\"\n",
                  "        quote: \"This is a development we cannot ignore\"\n        passage: \"“This is a development we cannot ignore,” he said. More. Third.\"\n"))
    [p] = check_text(two, "s.yaml", tmp_path).problems
    assert p.code == "E-PASSAGE-TOO-LONG" and "passage:" in line_of(two, p.line)


def test_a_quote_with_a_one_word_typo_is_shown_the_source_words(tmp_path):
    (tmp_path / "004_f2000e040387b6d2.txt").write_text(
        "NATO met in Lisbon.\nHe said: “This is a development we cannot ignore,” he said. Then he left.\n", encoding="utf-8"
    )
    text = mutate(("we cannot ignore\"", "we cannnot ignore\""))
    [p] = check_text(text, "s.yaml", tmp_path).problems
    assert p.code == "E-QUOTE-NOT-FOUND"
    assert p.hint == "the source has: “This is a development we cannot ignore” — copy it exactly, or make it a paraphrase"
    # a word split in two is found too (the source's run of words may be one shorter or longer)
    [p] = check_text(mutate(("we cannot ignore\"", "we can not ignore\"")), "s.yaml", tmp_path).problems
    assert "“This is a development we cannot ignore”" in p.hint


def test_a_long_quote_hint_shows_the_part_that_differs_on_one_line(tmp_path):
    words = " ".join(f"word{i}" for i in range(60))
    (tmp_path / "004_f2000e040387b6d2.txt").write_text(f"Before. “{words} and then we cannot ignore the rest,” he said.", encoding="utf-8")
    quote = words.replace("word41", "wrod41") + " and then we cannot ignore the rest"
    text = mutate(("This is a development we cannot ignore", quote))
    [p] = check_text(text, "s.yaml", tmp_path).problems
    assert "\n" not in p.hint and len(p.hint) < 200
    assert "…" in p.hint and "word41" in p.hint and "wrod41" not in p.hint
    assert p.hint.endswith("— copy it exactly, or make it a paraphrase")


def test_a_quote_not_in_its_source_at_all(tmp_path):
    (tmp_path / "004_f2000e040387b6d2.txt").write_text("Nothing to do with it: weather, football and prices.", encoding="utf-8")
    [p] = check_text(BASE, "s.yaml", tmp_path).problems
    assert p.code == "E-QUOTE-NOT-FOUND" and "nothing in 004_f2000e040387b6d2.txt comes close" in p.hint
    assert not p.hint.endswith(":")
