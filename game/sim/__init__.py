"""Headless simulation: play many games of a scenario and report what it can reach.

    from game.sim import simulate
    figures = simulate(scenario, runs=1000, seed=0, policy="random")

`python -m game simulate PATH` is the command-line face of this package.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from game.scenario.models import Scenario

from .report import figures, render
from .runner import BUTTONS, Outcome, Plan, Tally, default_workers, play_one, run

__all__ = ["BUTTONS", "Outcome", "Plan", "Tally", "default_workers", "figures", "play_one", "render", "run", "simulate"]


def simulate(
    scenario: Scenario,
    runs: int,
    seed: int = 0,
    policy: str = "random",
    firmness: float = 1.0,
    workers: int | None = None,
    solo: str | None = None,
    button: str = "1",
    progress: Callable[[int], None] | None = None,
    path: str = "",
) -> dict[str, Any]:
    """Play `runs` games (seeds seed … seed+runs-1) on every core and return the figures `simulate --json` prints."""
    plan = Plan(policy=policy, firmness=firmness, solo=solo, button=button)
    outcome = run(scenario, runs, seed, plan, workers, progress)
    return figures(scenario, outcome, runs, seed, plan, path)
