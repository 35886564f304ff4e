"""`python -m game new`: a commented starter that validates clean, plays, and never overwrites."""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
from pathlib import Path

from game.authoring.lint import check_file
from game.authoring.starter import scenario_id, starter_text
from game.commands import new
from game.scenario import load_scenario
from tests.conftest import ROOT


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "game", *args], input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def run_fn(*argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    new.add_arguments(parser)
    out, err = io.StringIO(), io.StringIO()
    return new.run(parser.parse_args(list(argv)), out, err), out.getvalue(), err.getvalue()


def test_new_writes_a_clean_commented_scenario_that_plays(tmp_path):
    target = tmp_path / "my_first.yaml"
    out = run_cli("new", str(target))
    assert out.returncode == 0, out.stderr
    assert "validate" in out.stdout and "play" in out.stdout
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert text.count("\n#") >= 10  # commented
    report = check_file(target)
    assert report.problems == [], report.render()
    s = load_scenario(target).scenario
    assert s.id == "my_first" and len(s.rounds) == 3 and len(s.roles) == 2
    played = run_cli("play", str(target), "--text", "--role", "nato", "--seed", "1", stdin="1\n1\n1\n")
    assert played.returncode == 0, played.stderr
    assert "The end" in played.stdout and "Traceback" not in played.stderr


def test_new_refuses_to_overwrite(tmp_path):
    target = tmp_path / "mine.yaml"
    target.write_text("my precious work\n", encoding="utf-8")
    out = run_cli("new", str(target))
    assert out.returncode == 1
    assert "already exists" in out.stderr and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert target.read_text(encoding="utf-8") == "my precious work\n"


def test_new_adds_the_suffix_and_refuses_other_suffixes(tmp_path):
    code, _, _ = run_fn(str(tmp_path / "plain"))
    assert code == 0 and (tmp_path / "plain.yaml").is_file()
    code, _, err = run_fn(str(tmp_path / "notes.txt"))
    assert code == 1 and ".yaml" in err and not (tmp_path / "notes.txt").exists()


def test_new_mine_writes_into_the_user_scenarios_folder(_isolated_home):
    code, out, _ = run_fn("--mine", "lesson_one")
    target = _isolated_home / "scenarios" / "lesson_one.yaml"
    assert code == 0 and target.is_file()
    first = target.read_text(encoding="utf-8").splitlines()[0]
    expected = Path(os.path.relpath(ROOT / "docs" / "scenario.schema.json", target.parent)).as_posix()
    assert first == f"# yaml-language-server: $schema={expected}"
    assert check_file(target).problems == []


def test_the_schema_line_points_at_the_shipped_schema(tmp_path):
    inside = ROOT / "scenarios" / "x.yaml"
    assert starter_text(inside).splitlines()[0] == "# yaml-language-server: $schema=../docs/scenario.schema.json"


def test_the_schema_line_is_relative_outside_the_project_too(tmp_path):
    # an absolute path (file:///home/...) names one machine and breaks when the scenario is shared
    target = tmp_path / "lessons" / "x.yaml"
    code, _, _ = run_fn(str(target))
    assert code == 0
    first = target.read_text(encoding="utf-8").splitlines()[0]
    schema = first.removeprefix("# yaml-language-server: $schema=")
    assert "file:" not in schema and not Path(schema).is_absolute() and "\\" not in schema
    assert schema == Path(os.path.relpath(ROOT / "docs" / "scenario.schema.json", target.parent)).as_posix()
    assert (target.parent / schema).resolve() == (ROOT / "docs" / "scenario.schema.json").resolve()


def test_the_guide_says_what_new_writes():
    guide = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    editor_help = guide.split("### Editor help", 1)[1].split("\n## ", 1)[0]
    assert "relative" in editor_help and "../docs/scenario.schema.json" in editor_help
    assert starter_text(ROOT / "scenarios" / "x.yaml").splitlines()[0] in editor_help


def test_ids_from_file_names():
    assert scenario_id(Path("My Lesson-2.yaml")) == "my_lesson_2"
    assert scenario_id(Path("2011 talks.yaml")) == "s_2011_talks"
    assert scenario_id(Path("___.yaml")) == "my_scenario"


def test_an_unwritable_place_is_one_clear_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = run_fn(str(blocker / "inside.yaml"))
    assert code == 1 and "cannot write" in err and len(err.strip().splitlines()) == 1
