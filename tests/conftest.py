"""Shared fixtures. Tests never touch the real user folders."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("SHIELD_TALKS_HOME", str(home))
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    return home


@pytest.fixture
def tutorial():
    from game.scenario import load_scenario

    return load_scenario(SCENARIOS / "tutorial.yaml")


@pytest.fixture
def write_yaml(tmp_path):
    """Write a YAML text (dedented) to a file and return its path."""

    def write(text: str, name: str = "scenario.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


MINIMAL = """
format: 1
id: mini
title: Mini
period: "2000"
summary: A tiny scenario for tests.
places:
  - {id: here, name: Here, lat: 0, lon: 0}
meters:
  - {id: trust, label: Trust, start: 50}
flags:
  - {id: deal, description: A deal was struck.}
actors:
  - {id: a, name: Alpha, side: one, title: Alpha's leader}
  - {id: b, name: Beta, side: two, title: Beta's leader}
roles:
  - {id: a, actor: a, brief: Be Alpha.}
  - {id: b, actor: b, brief: Be Beta.}
rounds:
  - id: r1
    title: First
    date: 2000-01-01
    place: here
    briefing: One.
    choices:
      a:
        - {id: a_give, label: Give, description: Give., tone: cooperate, effects: {meters: {trust: 30}, set: [deal]}}
        - {id: a_take, label: Take, description: Take., tone: escalate, effects: {meters: {trust: -30}}}
      b:
        - {id: b_wait, label: Wait, description: Wait., effects: {meters: {trust: 0}}}
        - {id: b_push, label: Push, description: Push., tone: escalate, effects: {meters: {trust: -10}, later: [{after: 1, meters: {trust: -5}, headline: Push bites}]}}
    next:
      - {if: {flag: deal}, round: r2}
      - round: r3
  - id: r2
    title: Second
    date: 2000-02-01
    place: here
    briefing: Two.
    choices:
      a:
        - {id: a_sign, label: Sign, description: Sign., effects: {meters: {trust: 10}}}
        - {id: a_stall, label: Stall, description: Stall., effects: {meters: {trust: -10}}}
    next:
      - end: true
  - id: r3
    title: Third
    date: 2000-03-01
    place: here
    briefing: Three.
    choices:
      b:
        - {id: b_relent, label: Relent, description: Relent., requires: {meter: trust, at_least: 30}, effects: {meters: {trust: 5}}}
        - {id: b_refuse, label: Refuse, description: Refuse., effects: {meters: {trust: -5}}}
endings:
  - {id: peace, title: Peace, if: {meter: trust, at_least: 80}, epilogue: Peace., what_happened: Not this.}
  - {id: war, title: War, if: {meter: trust, at_most: 10}, epilogue: War., what_happened: Not this either.}
  - {id: muddle, title: Muddle, epilogue: Muddle., what_happened: This.}
"""


@pytest.fixture
def mini(write_yaml):
    from game.scenario import load_scenario

    return load_scenario(write_yaml(MINIMAL))
