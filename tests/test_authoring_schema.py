"""The JSON Schema and the field reference are generated from the models, and what ships matches them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from game.authoring import reference
from game.authoring.lint import CODES
from game.scenario.models import Scenario
from tests.conftest import ROOT, SCENARIOS

FIX = "run `python -m game schema --update-docs` and commit the result"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=ROOT, timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_schema_command_prints_the_models_schema():
    out = run_cli("schema")
    assert out.returncode == 0, out.stderr
    schema = json.loads(out.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    expected = Scenario.model_json_schema(by_alias=True)
    assert {k: v for k, v in schema.items() if k != "$schema"} == expected
    # aliases, not Python names: `if` and `not`, never `when` or `not_`
    assert "if" in schema["$defs"]["Ending"]["properties"] and "not" in schema["$defs"]["Condition"]["properties"]


def test_the_shipped_schema_matches_the_models():
    shipped = (ROOT / "docs" / "scenario.schema.json").read_text(encoding="utf-8")
    assert shipped == reference.json_schema_text(), f"docs/scenario.schema.json is out of date: {FIX}"


def test_the_reference_in_the_guide_matches_the_generator():
    doc = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    section = reference.generated_section(doc)
    assert section is not None, "docs/authoring.md lost its GENERATED REFERENCE markers"
    assert section.strip() == reference.markdown().strip(), f"the reference in docs/authoring.md is out of date: {FIX}"


def test_the_reference_covers_every_model_and_field():
    text = reference.markdown()
    order, _ = reference._models()
    for model in order:
        assert f"### {model.__name__}" in text
        for name, f in model.model_fields.items():
            assert f"| `{f.alias or name}` |" in text
    assert "| `if` | [Condition](#condition)" in text


def test_every_field_has_a_description():
    order, _ = reference._models()
    missing = [
        f"{m.__name__}.{name}" for m in order for name, f in m.model_fields.items() if not reference._field_description(f)
    ]
    assert missing == []


def test_every_code_the_checks_can_report_is_documented():
    emitted: set[str] = set()
    for folder in ("game/scenario", "game/authoring"):
        for path in (ROOT / folder).glob("*.py"):
            emitted |= set(re.findall(r'"([EW]-[A-Z]+(?:-[A-Z]+)*)"', path.read_text(encoding="utf-8")))
    assert emitted - set(CODES) == set(), "add these codes to CODES in game/authoring/lint.py"
    doc = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    for code in CODES:
        assert f"`{code}`" in doc


def test_markdown_and_output_options(tmp_path):
    out = run_cli("schema", "--markdown")
    assert out.returncode == 0 and out.stdout.startswith("## Reference: every field")
    target = tmp_path / "s.json"
    assert run_cli("schema", "-o", str(target)).returncode == 0
    assert json.loads(target.read_text(encoding="utf-8"))["title"] == "Scenario"
    bad = run_cli("schema", "-o", str(tmp_path / "no" / "such" / "dir" / "s.json"))
    assert bad.returncode == 1 and "cannot write" in bad.stderr and "Traceback" not in bad.stderr


def test_update_docs_rewrites_only_the_generated_part(tmp_path):
    doc = tmp_path / "guide.md"
    doc.write_text(f"# Intro\n\nhand-written\n\n{reference.BEGIN}\nstale\n{reference.END}\n\nafter\n", encoding="utf-8")
    schema = tmp_path / "schema.json"
    changed = reference.update_docs(schema, doc)
    assert set(changed) == {doc, schema}
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("# Intro\n\nhand-written") and text.endswith("after\n") and "stale" not in text
    assert reference.generated_section(text).strip() == reference.markdown().strip()
    assert reference.update_docs(schema, doc) == []  # a second run changes nothing


def test_every_shipped_scenario_names_the_schema_on_its_first_line():
    files = sorted(SCENARIOS.glob("*.yaml")) + sorted(SCENARIOS.glob("*.yml"))
    assert files
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../docs/scenario.schema.json", path.name
        assert (path.parent / "../docs/scenario.schema.json").resolve().is_file()
