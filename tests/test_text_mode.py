"""The text front end, run as a real subprocess with piped input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SCENARIOS


def run_game(*args: str, stdin: str = "", home: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if home is not None:
        env["SHIELD_TALKS_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "game", *args], input=stdin, capture_output=True, text=True, cwd=ROOT, env=env, timeout=60
    )


def test_a_piped_game_plays_to_its_ending():
    out = run_game("play", "--text", str(SCENARIOS / "tutorial.yaml"), "--role", "russia", "--seed", "2", stdin="1\n2\n")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    for needle in ("Round 1: Gates's offer", "What we see in the American offer", "001_743ab7cf153ea19f.txt", "The end", "What actually happened:"):
        assert needle in text
    assert "Traceback" not in out.stderr


def test_a_bad_choice_is_asked_again():
    out = run_game("play", "--text", str(SCENARIOS / "tutorial.yaml"), "--role", "russia", stdin="9\nfoo\nsource 2\n1\n2\n")
    assert out.returncode == 0, out.stderr
    assert "'9' is not one of the choices" in out.stdout
    assert "'foo' is not one of the choices" in out.stdout
    assert "Source: 001_743ab7cf153ea19f.txt" in out.stdout
    assert "The end" in out.stdout


def test_an_escalation_asks_for_confirmation():
    out = run_game("play", "--text", str(SCENARIOS / "tutorial.yaml"), "--role", "russia", stdin="3\nn\n3\ny\n1\n")
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("This escalates. Are you sure?") == 2
    assert "Russia: Threaten to retaliate" in out.stdout


def test_end_of_input_ends_cleanly_and_the_save_continues(tmp_path):
    save = tmp_path / "game.json"
    first = run_game("play", "--text", str(SCENARIOS / "tutorial.yaml"), "--role", "russia", "--save", str(save), stdin="1\n")
    assert first.returncode == 0, first.stderr
    assert "Input ended" in first.stdout and save.exists()
    data = json.loads(save.read_text())
    assert data["scenario"]["id"] == "tutorial"
    second = run_game("play", "--text", str(SCENARIOS / "tutorial.yaml"), "--load", str(save), stdin="2\n")
    assert second.returncode == 0, second.stderr
    assert "Continuing: round 2" in second.stdout or "Continuing" in second.stdout
    assert "The end" in second.stdout


def test_several_roles_share_one_keyboard():
    out = run_game("play", "--text", str(SCENARIOS / "tutorial.yaml"), "--role", "usa", "--role", "russia", stdin="1\n1\n1\n1\n1\n")
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("Pass to United States's delegation") >= 1
    assert "Pass to Russia's delegation" in out.stdout
    assert "(computer)" in out.stdout  # Poland is still the computer's


def test_role_is_asked_for_when_none_is_given():
    out = run_game("play", "--text", str(SCENARIOS / "tutorial.yaml"), stdin="7\n3\n1\n")
    assert out.returncode == 0, out.stderr
    assert "Which role will you play?" in out.stdout
    assert "Type a number from 0 to 3" in out.stdout
    assert "Poland: your move" in out.stdout


def test_an_invalid_scenario_gives_located_lines_and_exit_1(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nid: Bad Id\n", encoding="utf-8")
    out = run_game("play", "--text", str(bad))
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    assert f"{bad}:2:5: E-SCHEMA 'Bad Id' is not a valid id" in out.stderr
    assert out.stderr.count("E-SCHEMA") > 3  # every missing key too, at once


def test_a_missing_scenario_gives_one_line_and_exit_1():
    out = run_game("play", "--text", "no_such_scenario.yaml")
    assert out.returncode == 1
    assert "no_such_scenario.yaml:0:0: E-FILE-MISSING no such file" in out.stderr
    assert "Traceback" not in out.stderr


def test_an_unknown_role_is_a_clear_error():
    out = run_game("play", "--text", str(SCENARIOS / "tutorial.yaml"), "--role", "iran")
    assert out.returncode == 2 and "not a playable role" in out.stderr and "Traceback" not in out.stderr


def test_start_from_a_round():
    out = run_game("play", "--text", str(SCENARIOS / "tutorial.yaml"), "--role", "russia", "--from", "oslo", stdin="1\n")
    assert out.returncode == 0, out.stderr
    assert "Round 1: NATO–Russia Council in Oslo" in out.stdout


def test_preview_shows_each_choices_meter_changes_and_difficulty_is_accepted():
    out = run_game("play", "--text", str(SCENARIOS / "tutorial.yaml"), "--role", "usa", "--preview", "--difficulty", "hard", stdin="1\n")
    assert out.returncode == 0, out.stderr
    assert "effect now: (US–Russia trust +10, Tension -5)" in out.stdout
    assert "effect now: (US–Russia trust -10, Tension +10)" in out.stdout
    plain = run_game("play", "--text", str(SCENARIOS / "tutorial.yaml"), "--role", "usa", stdin="1\n")
    assert "effect now" not in plain.stdout


def test_a_bad_start_round_is_refused_before_the_introduction():
    out = run_game("play", "--text", str(SCENARIOS / "tutorial.yaml"), "--from", "nowhere")
    assert out.returncode == 2 and "there is no round 'nowhere'" in out.stderr
    assert out.stdout == "", "nothing is printed (and no role asked for) before the error"


def test_a_save_continues_after_its_scenario_was_corrected(tmp_path):
    scenario = tmp_path / "tut.yaml"
    scenario.write_text((SCENARIOS / "tutorial.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    save = tmp_path / "g.json"
    first = run_game("play", "--text", str(scenario), "--role", "russia", "--save", str(save), stdin="1\n")
    assert first.returncode == 0 and save.exists()
    scenario.write_text(scenario.read_text(encoding="utf-8").replace("Condoleezza Rice defends the plan.", "Rice defends the plan."), encoding="utf-8")
    second = run_game("play", "--text", str(scenario), "--load", str(save), stdin="2\n")
    assert second.returncode == 0, second.stderr
    assert "has changed since this game was saved" in second.stdout
    text = " ".join(second.stdout.split())
    assert "meet in Oslo. Rice defends the plan." in text and "The end" in text
