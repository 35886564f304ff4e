"""The mistakes a first-time author makes, each on the guide's worked example: found at its line, with a hint that fixes it."""

from __future__ import annotations

import re

import pytest

from game.authoring.lint import check_text
from tests.conftest import ROOT

DOC = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
EXAMPLE = re.search(r"whole file \(a test validates and plays it\) -->\n```yaml\n(.*?)```", DOC, re.S).group(1)

# (what the author wrote wrong, the line it should point at, words of the message, words of the hint)
MISTAKES = [
    ("a tab", '    title: "The Lisbon summit"', '\ttitle: "The Lisbon summit"', '\ttitle: "The Lisbon summit"', "tab", "use spaces"),
    ("no colon", '    title: "The Lisbon summit"', '    title "The Lisbon summit"', '    title "The Lisbon summit"', "without its colon", "`key: value`"),
    ("text with a colon", 'title: "After Lisbon: one shield or two?"', "title: After Lisbon: one shield or two?",
     "title: After Lisbon: one shield or two?", "colon", "double quotes"),
    ("curly quotes", 'title: "After Lisbon: one shield or two?"', "title: “After Lisbon: one shield or two?”",
     "title: “After Lisbon: one shield or two?”", "colon", "straight double quotes"),
    ("a forgotten dash", "        - id: go_it_alone", "          id: go_it_alone", "          id: go_it_alone", "appears twice", "'- '"),
    ("a misspelt key", "          effects:\n            meters: {trust: 10, tension: -5}", "          efects:\n            meters: {trust: 10, tension: -5}",
     "          efects:", "unknown key 'efects'", "did you mean 'effects'?"),
    ("a wrong tone", "          tone: hold\n          historical: true\n          cites: rasmussen_two_systems",
     "          tone: cooperative\n          historical: true\n          cites: rasmussen_two_systems", "          tone: cooperative",
     "'cooperate', 'hold' or 'escalate'", "one of the values"),
    ("a missing description", '          description: "Carry out the threat."\n', "", "        - id: deploy_iskanders", "missing 'description:'", "description:"),
    ("a date the wrong way round", "    date: 2010-11-20", "    date: 20-11-2010", "    date: 20-11-2010", "should be a date", "YYYY-MM-DD"),
    ("a condition as a sentence", "        if: {meter: trust, at_least: 65}\n", "        if: trust >= 65\n", "        if: trust >= 65",
     "should be a condition", "{meter: trust, at_least: 40}"),
    ("two tests in one condition", "        if: {meter: trust, at_least: 65}\n", "        if: {meter: trust, at_least: 65, flag: working_group}\n",
     "        if: {meter: trust, at_least: 65, flag: working_group}", "exactly one thing", "all: [...]"),
    ("a quote without its speaker", '        speaker: "Tommy Vietor, US National Security Council spokesman"\n', "",
     "      - id: vietor_no_change", "needs source", "speaker:"),
    ("a capital in an id", "  - id: kaliningrad\n", "  - id: Kaliningrad\n", "  - id: Kaliningrad", "not a valid id", "lower-case"),
    ("yes as a title", '    title: "One shield or two?"', "    title: yes", "    title: yes", "YAML reads yes", 'title: "yes"'),
    ("a typo in a round id", "      - round: kaliningrad", "      - round: kaliningard", "      - round: kaliningard",
     "unknown round 'kaliningard'", "did you mean 'kaliningrad'?"),
    ("a typo in a flag", "            set: [working_group]", "            set: [workinggroup]", "            set: [workinggroup]",
     "unknown flag 'workinggroup'", "did you mean 'working_group'?"),
    ("a role that does not exist", "      russia:\n        - id: agree_to_talk", "      rusia:\n        - id: agree_to_talk", "      rusia:",
     "unknown role 'rusia'", "did you mean 'russia'?"),
    ("the fallback ending first", "  - id: freeze\n    title: \"A new freeze\"\n    if: {any: [{flag: iskanders_deployed}, {meter: tension, at_least: 75}]}\n",
     "  - id: freeze\n    title: \"A new freeze\"\n", "  - id: partnership", "'freeze' above it has no if:", "put the ending without if: last"),
    ("an impossible threshold", "if: {all: [{flag: working_group}, {meter: trust, at_least: 65}]}",
     "if: {all: [{flag: working_group}, {meter: trust, at_least: 165}]}", "    if: {all: [{flag: working_group}, {meter: trust, at_least: 165}]}",
     "its max is 100", "lower at_least to 100"),
    ("a round nobody reaches", "      - round: kaliningrad", "      - end: true", "  - id: kaliningrad", "no game can reach round 'kaliningrad'",
     "- round: kaliningrad"),
    ("a choice id used twice", "        - id: pause_deployment", "        - id: door_stays_open", "        - id: door_stays_open",
     "'door_stays_open' is used twice", "unique"),
    ("a source not listed", "        source: 000_33bd3575c6406538.txt\n      - id: vietor", "        source: 000_33bd3575c6406538\n      - id: vietor",
     "        source: 000_33bd3575c6406538", "not listed under sources:", "sources:"),
    # a quote opened and never closed: found where it opens, not where YAML gives up (the next quote, 12 lines below)
    ("a quote never closed", '    title: "The Lisbon summit"', '    title: "The Lisbon summit', '    title: "The Lisbon summit',
     "the quote that opens `title:` here is not closed on its line", 'add the closing "'),
    ("the last quote never closed", '      - "Could NATO have offered Russia more without giving up control of its own defence?"',
     '      - "Could NATO have offered Russia more without giving up control of its own defence?',
     '      - "Could NATO have offered Russia more without giving up control of its own defence?', "this quote is never closed", 'add the closing "'),
    # a list where choices: wants a mapping of role ids
    ("a list under choices", "    choices:\n      nato:\n        - id: invite_cooperation", "    choices:\n      - nato:\n        - id: invite_cooperation",
     "      - nato:", "choices: wants role ids as keys (`nato:`), not a list (`- nato:`)", "remove the '- ' before nato:"),
    ("a key of a list item not lined up", "roles:\n  - id: nato\n    actor: nato\n", "roles:\n  - id: nato\n  actor: nato\n", "  actor: nato",
     "`actor:` stands where the list that starts at line", "indent it to line up with that item's keys"),
]


@pytest.mark.parametrize(("what", "old", "new", "line", "message", "hint"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_the_mistake_is_found_at_its_line_with_a_hint(what, old, new, line, message, hint):
    assert old in EXAMPLE, what
    text = EXAMPLE.replace(old, new, 1)
    problems = check_text(text, "after_lisbon.yaml").problems
    errors = [p for p in problems if p.severity == "error"]
    assert errors, f"{what}: nothing reported"
    first = next((p for p in errors if message in p.message), None)
    assert first is not None, f"{what}: {[p.one_line() for p in problems]}"
    assert text.splitlines()[first.line - 1] == line, f"{what}: points at line {first.line}: {text.splitlines()[first.line - 1]!r}"
    assert hint in first.hint, f"{what}: hint was {first.hint!r}"


def test_the_example_itself_is_clean():
    assert check_text(EXAMPLE, "after_lisbon.yaml").problems == []


# A wrong id changes where a game can go: the checks of the ways through the rounds would report
# its consequences (an endless loop, conditions that never hold...) before the typo itself.
TYPOS = [
    ("a round", "      - round: kaliningrad", "      - round: kalinigrad", "E-REF-ROUND", "did you mean 'kaliningrad'?"),
    ("a flag", "            set: [working_group]", "            set: [workinggroup]", "E-REF-FLAG", "did you mean 'working_group'?"),
    ("a role", "      russia:\n        - id: agree_to_talk", "      rusia:\n        - id: agree_to_talk", "E-REF-ROLE", "did you mean 'russia'?"),
    ("a chosen choice", "{chose: agree_to_talk}", "{chose: agree_to_tlak}", "E-REF-CHOICE", "did you mean 'agree_to_talk'?"),
    ("a twice-used choice id", "        - id: pause_deployment", "        - id: door_stays_open", "E-DUPLICATE-ID", "unique"),
]


@pytest.mark.parametrize(("what", "old", "new", "code", "hint"), TYPOS, ids=[t[0] for t in TYPOS])
def test_a_wrong_id_is_reported_alone_not_buried_under_its_consequences(what, old, new, code, hint):
    assert old in EXAMPLE
    report = check_text(EXAMPLE.replace(old, new, 1), "after_lisbon.yaml")
    assert [p.code for p in report.problems] == [code], report.render()
    assert hint in report.problems[0].hint
    assert report.note is not None and "fix the ids above first" in report.note


def test_the_validate_output_for_a_mistyped_round_leads_with_the_typo(tmp_path):
    from tests.test_authoring_validate import run_fn

    bad = tmp_path / "bad.yaml"
    bad.write_text(EXAMPLE.replace("      - round: kaliningrad", "      - round: kalinigrad", 1), encoding="utf-8")
    code, out, _ = run_fn(str(bad), "--brief")
    lines = out.splitlines()
    assert code == 1
    assert "E-REF-ROUND unknown round 'kalinigrad'" in lines[0]
    assert "E-LOOP" not in out and "E-UNREACHABLE-ROUND" not in out and "E-NEVER-TRUE" not in out
    assert "note: fix the ids above first" in lines[1] and lines[2].endswith("1 error, 0 warnings (FAILED)")


def test_impossible_numbers_are_still_reported_beside_a_wrong_id():
    # a threshold beyond the meter's max does not depend on the ways through the rounds
    text = EXAMPLE.replace("      - round: kaliningrad", "      - round: kalinigrad", 1).replace("at_least: 65}]}", "at_least: 165}]}")
    assert [p.code for p in check_text(text, "after_lisbon.yaml").problems] == ["E-REF-ROUND", "E-NEVER-TRUE"]


def test_every_role_under_choices_written_as_a_list_item():
    # `- nato:` and `- russia:` both: valid YAML (a list of mappings), but choices: wants a mapping
    text = EXAMPLE.replace("    choices:\n      nato:\n        - id: invite_cooperation", "    choices:\n      - nato:\n        - id: invite_cooperation", 1)
    text = text.replace("      russia:\n        - id: agree_to_talk", "      - russia:\n        - id: agree_to_talk", 1)
    [p] = check_text(text, "after_lisbon.yaml").problems
    assert text.splitlines()[p.line - 1] == "      - nato:"
    assert "choices: wants role ids as keys (`nato:`), not a list (`- nato:`)" in p.message
    assert "remove the '- '" in p.hint
