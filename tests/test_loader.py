"""Loading scenario files: strict YAML, schema, cross-references — every problem located."""

from __future__ import annotations

import pytest

from game.scenario import ProblemsError, load_scenario
from tests.conftest import MINIMAL


def problems_of(path) -> list:
    with pytest.raises(ProblemsError) as info:
        load_scenario(path)
    return info.value.problems


def test_the_shipped_scenarios_load(tutorial):
    assert tutorial.scenario.id == "tutorial"
    assert len(tutorial.digest) == 64


def test_missing_file_is_one_clear_problem(tmp_path):
    [p] = problems_of(tmp_path / "nope.yaml")
    assert p.code == "E-FILE-MISSING" and "no such file" in p.message and p.hint


def test_a_folder_is_not_a_scenario(tmp_path):
    [p] = problems_of(tmp_path)
    assert p.code == "E-FILE-MISSING"


def test_syntax_error_points_at_its_line(write_yaml):
    path = write_yaml("format: 1\nid: [unclosed\ntitle: x\n")
    [p] = problems_of(path)
    assert p.code == "E-YAML-SYNTAX" and p.line >= 2


def test_unknown_key_gets_a_did_you_mean_hint(write_yaml):
    path = write_yaml(MINIMAL.replace("    briefing: One.", "    briefing: One.\n    breifing: typo"))
    [p] = problems_of(path)
    assert p.message == "unknown key 'breifing'"
    assert "did you mean 'briefing'" in p.hint
    line = path.read_text().splitlines()[p.line - 1]
    assert line.strip().startswith("breifing")


def test_missing_required_key_is_reported_at_its_mapping(write_yaml):
    path = write_yaml(MINIMAL.replace("    briefing: Two.\n", ""))
    [p] = problems_of(path)
    assert "missing 'briefing:'" in p.message
    assert "id: r2" in path.read_text().splitlines()[p.line - 1]


def test_yaml_1_1_booleans_in_text_fields_get_the_quote_hint(write_yaml):
    path = write_yaml(MINIMAL.replace("title: Mini", "title: NO"))
    [p] = problems_of(path)
    assert "YAML reads NO as true or false" in p.message
    assert p.hint == 'put it in quotes: title: "NO"'


def test_sexagesimal_numbers_in_text_fields_get_the_quote_hint(write_yaml):
    path = write_yaml(MINIMAL.replace('period: "2000"', "period: 1:30"))
    [p] = problems_of(path)
    assert "1:30" in p.message and "quotes" in p.hint


def test_every_problem_is_reported_at_once(write_yaml):
    text = MINIMAL.replace("place: here\n    briefing: One.", "place: nowhere\n    briefing: One.")
    text = text.replace("{meters: {trust: 10}}", "{meters: {trusst: 10}}")
    text = text.replace("round: r3", "round: r4")
    problems = problems_of(write_yaml(text))
    assert {p.code for p in problems} == {"E-REF-PLACE", "E-REF-METER", "E-REF-ROUND"}
    assert any("did you mean 'trust'" in p.hint for p in problems)
    assert all(p.line > 1 for p in problems)


def test_unknown_flag_actor_choice_role_are_caught(write_yaml):
    text = MINIMAL.replace("set: [deal]", "set: [dael]").replace("{if: {flag: deal}, round: r2}", "{if: {chose: a_giv}, round: r2}")
    text = text.replace("roles:\n  - {id: a, actor: a,", "roles:\n  - {id: a, actor: alpha,")
    text = text.replace("    choices:\n      b:\n        - {id: b_relent", "    choices:\n      c:\n        - {id: b_relent")
    codes = sorted(p.code for p in problems_of(write_yaml(text)))
    assert codes == ["E-REF-ACTOR", "E-REF-CHOICE", "E-REF-FLAG", "E-REF-ROLE"]


def test_duplicate_ids_are_refused(write_yaml):
    text = MINIMAL.replace("{id: b_wait, label: Wait", "{id: a_give, label: Wait")
    [p] = problems_of(write_yaml(text))
    assert p.code == "E-DUPLICATE-ID" and "a_give" in p.message


def test_a_round_with_no_way_out_is_refused(write_yaml):
    text = MINIMAL.replace("      - {if: {flag: deal}, round: r2}\n      - round: r3\n", "      - {if: {flag: deal}, round: r2}\n")
    [p] = problems_of(write_yaml(text))
    assert p.code == "E-NO-WAY-OUT"


def test_a_condition_tests_one_thing(write_yaml):
    text = MINIMAL.replace("{if: {flag: deal}, round: r2}", "{if: {flag: deal, meter: trust, at_least: 3}, round: r2}")
    [p] = problems_of(write_yaml(text))
    assert "exactly one thing" in p.message


def test_a_quote_needs_its_source_and_speaker(write_yaml):
    text = MINIMAL.replace("    briefing: One.\n", "    briefing: One.\n    positions:\n      - {actor: a, quote: Words.}\n")
    [p] = problems_of(write_yaml(text))
    assert "needs source" in p.message


def test_duplicate_keys_anchors_and_python_tags_are_refused(write_yaml):
    dup = problems_of(write_yaml(MINIMAL.replace("title: Mini", "title: Mini\ntitle: Again")))
    assert dup[0].code == "E-YAML-DUPLICATE" and dup[0].line == 4
    alias = problems_of(write_yaml(MINIMAL.replace("title: Mini", "title: &t Mini\nperiod2: *t")))
    assert alias[0].code == "E-YAML-ALIAS"
    tag = problems_of(write_yaml(MINIMAL.replace("title: Mini", "title: !!python/object/apply:os.system ['echo hi']")))
    assert tag[0].code == "E-YAML-TAG"


def test_non_utf8_is_refused_at_the_bad_byte(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes(MINIMAL.lstrip().replace("Mini", "Mïni").encode("latin-1"))
    [p] = problems_of(path)
    assert p.code == "E-FILE-ENCODING" and p.line == 3


def test_problems_render_with_the_line_and_a_caret(write_yaml):
    path = write_yaml(MINIMAL.replace("start: 50", "start: lots"))
    with pytest.raises(ProblemsError) as info:
        load_scenario(path)
    text = info.value.render()
    first = text.splitlines()[0]
    assert first.startswith(f"{path}:") or ":" in first
    assert "^" in text and "hint:" in text
