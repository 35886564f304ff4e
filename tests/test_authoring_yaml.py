"""YAML 1.1 surprises: text written as NO, yes, off or 1:30 is caught wherever it stands, with the hint to quote it."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.authoring.lint import check_text
from game.authoring.starter import starter_text

BASE = starter_text(Path("s.yaml"))
SURPRISES = ["NO", "yes", "off", "1:30"]


def only_problem(text: str):
    found = check_text(text, "s.yaml").problems
    assert len(found) == 1, [p.one_line() for p in found]
    return found[0]


def line_of(text: str, line: int) -> str:
    return text.splitlines()[line - 1]


@pytest.mark.parametrize("written", SURPRISES)
def test_a_top_level_text_field(written):
    text = BASE.replace('period: "2010–2011"', f"period: {written}")
    p = only_problem(text)
    assert p.code == "E-SCHEMA"
    assert f"'period' should be text, but YAML reads {written} as" in p.message
    assert p.hint == f'put it in quotes: period: "{written}"'
    assert line_of(text, p.line)[p.col - 1 :].startswith(written)


@pytest.mark.parametrize("written", SURPRISES)
def test_a_text_field_inside_a_list_of_mappings(written):
    text = BASE.replace('    title: "Talks"', f"    title: {written}")
    p = only_problem(text)
    assert f"'title' should be text, but YAML reads {written}" in p.message
    assert p.hint == f'put it in quotes: title: "{written}"'
    assert line_of(text, p.line).strip() == f"title: {written}"


@pytest.mark.parametrize("written", SURPRISES)
def test_an_item_of_a_list_of_texts(written):
    text = BASE.replace(
        '    what_happened: "NATO said its offer of cooperation still stood."\n',
        f'    what_happened: "NATO said its offer of cooperation still stood."\n    questions:\n      - "Why?"\n      - {written}\n',
    )
    p = only_problem(text)
    assert f"item 2 of 'questions' should be text, but YAML reads {written}" in p.message
    assert p.hint == f'put it in quotes: - "{written}"'
    assert line_of(text, p.line).strip() == f"- {written}"


@pytest.mark.parametrize("written", SURPRISES)
def test_a_value_in_an_inline_mapping(written):
    text = BASE.replace("{id: moscow, name: Moscow,", f"{{id: moscow, name: {written},")
    p = only_problem(text)
    assert f"'name' should be text, but YAML reads {written}" in p.message
    assert p.hint == f'put it in quotes: name: "{written}"'
    assert line_of(text, p.line)[p.col - 1 :].startswith(written)


@pytest.mark.parametrize("written", SURPRISES)
def test_an_objective_text_nested_two_lists_deep(written):
    text = BASE.replace('      - text: "Get talks agreed."', f"      - text: {written}")
    p = only_problem(text)
    assert f"'text' should be text, but YAML reads {written}" in p.message and "quotes" in p.hint


@pytest.mark.parametrize("written", ["yes", "off"])
def test_a_number_in_a_mapping_of_meter_changes_says_what_yaml_read(written):
    text = BASE.replace("meters: {trust: 10, tension: -5}", f"meters: {{trust: {written}, tension: -5}}")
    p = only_problem(text)
    assert "'trust' should be a whole number" in p.message and f"YAML reads {written} as true or false" in p.message


def test_a_sexagesimal_number_where_a_number_is_expected():
    text = BASE.replace("meters: {trust: 10, tension: -5}", "meters: {trust: 1:30, tension: -5}")
    p = only_problem(text)
    assert p.code == "E-YAML-NUMBER" and "base 60" in p.message and "90" in p.message


def test_an_octal_number():
    found = check_text(BASE.replace("    start: 40\n", "    start: 010\n"), "s.yaml").problems
    [p] = [p for p in found if p.code == "E-YAML-NUMBER"]
    assert "octal" in p.message and "8" in p.message


def test_a_stance_written_no():
    text = BASE.replace("    stance: wary", "    stance: no")
    p = only_problem(text)
    assert "YAML reads no as true or false" in p.message and "one of the values" in p.hint


def test_an_empty_text_field():
    text = BASE.replace('    title: "Talks"', "    title:")
    p = only_problem(text)
    assert p.message == "'title' is empty" and "title:" in p.hint


def test_an_impossible_date():
    p = only_problem(BASE.replace("date: 2011-01-20\n    place: moscow", "date: 2011-02-31\n    place: moscow"))
    assert p.code == "E-YAML-VALUE" and "2011-02-31" in p.message


def test_quoted_values_are_fine():
    for written in SURPRISES:
        text = BASE.replace('period: "2010–2011"', f'period: "{written}"').replace('    title: "Talks"', f"    title: '{written}'")
        assert check_text(text, "s.yaml").problems == []


def test_yes_no_keys_stay_text():
    # `no:` as a role id under choices is kept as the text written (here: an unknown role, reported as such)
    text = BASE.replace("      russia:\n        - id: accept_talks", "      no:\n        - id: accept_talks")
    p = only_problem(text)
    assert p.code == "E-REF-ROLE" and "'no'" in p.message
