"""`python -m game graph`: rounds, branches and endings as a Mermaid (or dot) diagram."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from game.authoring import graph
from game.authoring.starter import starter_text
from game.scenario.loader import parse_scenario
from tests.conftest import ROOT, SCENARIOS

BASE = starter_text(Path("s.yaml"))


def scenario(text: str = BASE):
    return parse_scenario(text, "s.yaml")[0]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=ROOT, timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def edges(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if "-->" in line]


def test_mermaid_shows_rounds_branches_and_endings():
    text = graph.mermaid(scenario())
    assert "stateDiagram-v2" in text and 'title: "My scenario"' not in text  # title comes from the scenario
    assert 'state "The offer (20 November 2010)" as round_opening' in text
    assert edges(text) == [
        "round_opening --> round_talks: next",
        "round_talks --> game_ends: if tension is at least 80",
        "round_talks --> round_decision: otherwise",
        "round_decision --> game_ends: next",
        "game_ends --> ending_partnership: 1. if trust is at least 70",
        "game_ends --> ending_crisis: 2. if tension is at least 80",
        "game_ends --> ending_stalemate: 3. otherwise",
        "[*] --> round_opening",
        "ending_partnership --> [*]",
        "ending_crisis --> [*]",
        "ending_stalemate --> [*]",
    ]
    # no "current state" styling: this is the whole scenario, not a game in progress
    assert "s_active" not in "\n".join(line for line in text.splitlines() if line.strip().startswith("Class"))


def test_it_is_built_with_transitions_diagram_support():
    machine, _ = graph.build(scenario())
    from transitions.extensions.diagrams import GraphMachine

    assert isinstance(machine, GraphMachine)
    markup = machine.get_markup_config()
    assert {s["name"] for s in markup["states"]} >= {"round_opening", "round_talks", "round_decision", "ending_crisis"}


def test_conditions_are_in_plain_words():
    text = BASE.replace("if: {meter: trust, at_least: 70}", "if: {all: [{flag: talks_agreed}, {not: {chose: go_alone}}, {meter: trust, at_least: 40, at_most: 90}]}")
    out = graph.mermaid(scenario(text))
    assert "1. if talks_agreed is set and nobody chose go_alone and trust is between 40 and 90" in out


def test_unreachable_rounds_and_dead_branches_are_marked():
    text = BASE.replace("      - round: decision", "      - end: true")
    out = graph.mermaid(scenario(text))
    assert "Decision (8 June 2011) (unreachable)" in out
    text = BASE.replace("if: {meter: tension, at_least: 80}\n        end: true", "if: {meter: tension, at_least: 180}\n        end: true")
    assert "round_talks --> game_ends: if tension is at least 180 (never taken)" in graph.mermaid(scenario(text))


def test_labels_cannot_break_the_diagram():
    text = BASE.replace('    title: "The offer"', '    title: "The \\"offer\\"; part 1"')
    out = graph.mermaid(scenario(text))
    assert "state \"The 'offer', part 1 (20 November 2010)\" as round_opening" in out


def test_dot_output():
    out = graph.dot(scenario())
    assert out.startswith('digraph "') and out.rstrip().endswith("}")
    assert '"round_talks" -> "game_ends" [label="if tension is at least 80"];' in out
    assert '"ending_stalemate" [label="Ending: Stalemate", peripheries=2];' in out
    assert out.count("{") == out.count("}")


def test_cli_end_to_end(tmp_path):
    out = run_cli("graph", str(SCENARIOS / "tutorial.yaml"))
    assert out.returncode == 0 and "round_offer --> round_warsaw" in out.stdout
    out = run_cli("graph", "tutorial", "--format", "dot", "-o", str(tmp_path / "t.dot"))
    assert out.returncode == 0 and (tmp_path / "t.dot").read_text(encoding="utf-8").startswith("digraph")


def test_cli_on_a_broken_file_gives_located_problems_and_exit_1(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BASE.replace("      - round: decision", "      - round: decison"), encoding="utf-8")
    out = run_cli("graph", str(bad))
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert re.search(r"bad\.yaml:\d+:\d+: E-REF-ROUND unknown round 'decison'", out.stderr)
    out = run_cli("graph", str(tmp_path / "missing.yaml"))
    assert out.returncode == 1 and "E-FILE-MISSING" in out.stderr


def test_every_shipped_scenario_draws():
    for path in SCENARIOS.glob("*.yaml"):
        s = parse_scenario(path.read_text(encoding="utf-8"), path.name)[0]
        text = graph.mermaid(s)
        for rnd in s.rounds:
            assert f"as round_{rnd.id}" in text
        for ending in s.endings:
            assert f"ending_{ending.id} --> [*]" in text
