"""`python -m game validate`: every problem at once, located, with the line, a caret and a hint."""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.authoring.starter import starter_text
from game.commands import validate
from tests.conftest import ROOT, SCENARIOS


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=cwd, timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def run_fn(*argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    validate.add_arguments(parser)
    out, err = io.StringIO(), io.StringIO()
    code = validate.run(parser.parse_args(list(argv)), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def starter(tmp_path) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(starter_text(path), encoding="utf-8")
    return path


def test_the_shipped_scenarios_are_clean_end_to_end():
    out = run_cli("validate", *sorted(str(p) for p in SCENARIOS.glob("*.yaml")), "--strict")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no problems" in out.stdout and "Traceback" not in out.stderr


def test_a_broken_file_lists_every_problem_with_line_caret_and_hint(tmp_path):
    text = starter_text(tmp_path / "x.yaml")
    text = text.replace("title: \"The offer\"", "title: NO").replace("meters: {trust: 10, tension: -5}", "meters: {trst: 10, tension: -5}")
    text = text.replace("    briefing: >\n      The two sides meet.", "    breifing: >\n      The two sides meet.")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    out = run_cli("validate", str(bad))
    assert out.returncode == 1
    assert "Traceback" not in out.stdout + out.stderr
    lines = out.stdout.splitlines()
    headers = [line for line in lines if line.startswith(f"{bad}:") and ": E-" in line]
    assert len(headers) >= 3  # the schema problems all at once (wrong ids follow once the file fits the format)
    assert any("'title' should be text, but YAML reads NO as true or false" in h for h in headers)
    assert any("unknown key 'breifing'" in h for h in headers)
    i = next(i for i, line in enumerate(lines) if "unknown key 'breifing'" in line)
    assert lines[i + 1].strip().startswith("breifing:")
    assert lines[i + 2].strip() == "^"
    assert lines[i + 3].startswith("  hint: did you mean 'briefing'")
    assert "FAILED" in lines[-1]


def test_reference_and_semantic_problems_come_out_together(starter):
    text = starter.read_text().replace("meters: {trust: 10, tension: -5}", "meters: {trst: 10, tension: -5}")
    starter.write_text(text.replace("at_least: 70}", "at_least: 170}"), encoding="utf-8")
    code, out, _ = run_fn(str(starter))
    assert code == 1
    assert "E-REF-METER unknown meter 'trst'" in out and "E-NEVER-TRUE" in out


def test_warnings_are_shown_but_do_not_fail(starter):
    starter.write_text(starter.read_text().replace("meters: {trust: 10, tension: -5}", "meters: {trust: 150, tension: -5}"), encoding="utf-8")
    code, out, _ = run_fn(str(starter))
    assert code == 0
    assert "warning W-METER-JUMP" in out and "passes with warnings" in out
    code, _, _ = run_fn(str(starter), "--strict")
    assert code == 1


def test_brief_output_is_one_line_per_problem(starter):
    starter.write_text(starter.read_text().replace("at_least: 70}", "at_least: 170}"), encoding="utf-8")
    code, out, _ = run_fn(str(starter), "--brief")
    assert code == 1
    assert out.splitlines()[0].startswith(f"{starter}:") and "hint:" not in out and "^" not in out


def test_several_files_and_folders(tmp_path, starter):
    (tmp_path / "two.yaml").write_text(starter.read_text(), encoding="utf-8")
    code, out, _ = run_fn(str(tmp_path))
    assert code == 0 and "2 files checked: 0 errors, 0 warnings" in out
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run_fn(str(empty))
    assert code == 1 and "holds no .yaml files" in err


def test_no_arguments_checks_every_scenario_the_game_lists(_isolated_home):
    mine = _isolated_home / "scenarios"
    mine.mkdir()
    (mine / "mine.yaml").write_text(starter_text(mine / "mine.yaml"), encoding="utf-8")
    code, out, _ = run_fn()
    assert code == 0
    assert "tutorial.yaml: no problems" in out and "mine.yaml: no problems" in out


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (None, "E-FILE-MISSING"),
        (b"", "E-YAML-EMPTY"),
        (b"\xff\xfea\x00:\x00", "E-FILE-ENCODING"),
        (b"title: caf\xe9\n", "E-FILE-ENCODING"),
        (b"a: [1, 2\n", "E-YAML-SYNTAX"),
        (b"- just\n- a list\n", "E-SCHEMA"),
        (b"a: &x 1\nb: *x\n", "E-YAML-ALIAS"),
        (b"a: !!python/object/apply:os.system [echo hi]\n", "E-YAML-TAG"),
    ],
)
def test_file_level_errors_are_one_clear_line_and_exit_1(tmp_path, content, code):
    path = tmp_path / "f.yaml"
    if content is not None:
        path.write_bytes(content)
    rc, out, _ = run_fn(str(path))
    assert rc == 1
    assert out.splitlines()[0].startswith(f"{path}:") and code in out.splitlines()[0]
    assert "hint:" in out


def test_sources_option_checks_quotes(tmp_path, starter, monkeypatch):
    sources = tmp_path / "texts"
    sources.mkdir()
    (sources / "004_f2000e040387b6d2.txt").write_text("“This is a development we cannot ignore,” he said.", encoding="utf-8")
    assert run_fn(str(starter), "--sources", str(sources))[0] == 0
    starter.write_text(starter.read_text().replace("we cannot ignore", "we can't ignore"), encoding="utf-8")
    code, out, _ = run_fn(str(starter), "--sources", str(sources))
    assert code == 1 and "E-QUOTE-NOT-FOUND" in out
    code, _, err = run_fn(str(starter), "--sources", str(tmp_path / "nowhere"))
    assert code == 1 and "is not a folder" in err
    # `--sources FILE.yaml` with no folder: the file is checked, the sources folder found by itself
    monkeypatch.setenv("SHIELD_TALKS_SOURCES", str(sources))
    code, out, _ = run_fn("--sources", str(starter))
    assert code == 1 and "E-QUOTE-NOT-FOUND" in out


def test_no_traceback_for_a_missing_file_end_to_end(tmp_path):
    out = run_cli("validate", str(tmp_path / "nope.yaml"))
    assert out.returncode == 1
    assert "E-FILE-MISSING no such file" in out.stdout
    assert "Traceback" not in out.stderr
