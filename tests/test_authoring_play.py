"""Quick testing in the text front end: --from a round, and user scenarios from any path or the user folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from game.authoring.starter import starter_text
from tests.conftest import ROOT


def run_game(*args: str, stdin: str = "", home: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if home is not None:
        env["SHIELD_TALKS_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "game", *args], input=stdin, capture_output=True, text=True, cwd=ROOT, env=env, timeout=60
    )


def write_starter(path: Path, title: str = "Lesson") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(starter_text(path).replace('title: "', f'title: "{title} ', 1), encoding="utf-8")
    return path


def test_play_from_a_later_round(tmp_path):
    path = write_starter(tmp_path / "lesson.yaml")
    out = run_game("play", str(path), "--text", "--role", "nato", "--from", "decision", "--seed", "1", stdin="1\n")
    assert out.returncode == 0, out.stderr
    assert "Round 1: Decision" in out.stdout
    assert "The offer" not in out.stdout and "Round 2" not in out.stdout
    assert "The end" in out.stdout


def test_play_from_an_unknown_round_is_one_clear_line(tmp_path):
    path = write_starter(tmp_path / "lesson.yaml")
    out = run_game("play", str(path), "--text", "--role", "nato", "--from", "decison")
    assert out.returncode != 0 and "Traceback" not in out.stderr
    assert "decison" in out.stderr and "decision" in out.stderr


def test_play_a_user_scenario_from_any_path(tmp_path):
    path = write_starter(tmp_path / "somewhere" / "deep" / "my lesson.yaml", title="Anywhere")
    out = run_game("play", str(path), "--text", "--role", "russia", "--seed", "2", stdin="1\n1\n1\n")
    assert out.returncode == 0, out.stderr
    assert "ANYWHERE" in out.stdout.upper() and "The end" in out.stdout


def test_play_a_scenario_from_the_user_scenarios_folder(tmp_path):
    home = tmp_path / "home"
    write_starter(home / "scenarios" / "lesson_two.yaml", title="From the folder")
    listed = run_game("play", "--list", home=home)
    assert listed.returncode == 0 and "lesson_two" in listed.stdout
    out = run_game("play", "lesson_two", "--text", "--role", "nato", "--seed", "1", stdin="1\n1\n1\n", home=home)
    assert out.returncode == 0, out.stderr
    assert "FROM THE FOLDER" in out.stdout.upper() and "The end" in out.stdout


def test_a_broken_user_scenario_is_reported_not_played(tmp_path):
    home = tmp_path / "home"
    path = write_starter(home / "scenarios" / "broken.yaml")
    path.write_text(path.read_text(encoding="utf-8").replace("period: \"2010–2011\"", "period: yes"), encoding="utf-8")
    out = run_game("play", "broken", "--text", "--role", "nato", home=home)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "broken.yaml:" in out.stderr and 'put it in quotes: period: "yes"' in out.stderr
