"""`simulate`: play many games headless and report what a scenario can reach.

    python -m game simulate scenarios/tutorial.yaml --runs 10000
    python -m game simulate my_scenario.yaml --runs 2000 --policy adaptive --json
    python -m game simulate tutorial --solo usa --button escalate   # can one button win?

Game i uses seed S+i, so the figures are the same whatever the number of workers.
Exit status: 0 when every game reached an ending cleanly; 1 for a scenario with
problems (they are listed, located); 3 when some game got stuck or a meter left its range.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from game import paths
from game.engine.policies import POLICIES
from game.scenario import ProblemsError, load_scenario
from game.scenario.problems import display_path


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _firmness(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not 0 <= value <= 10:
        raise argparse.ArgumentTypeError("must be between 0 and 10 (0.5 easy, 1 normal, 2 hard)")
    return value


def add_arguments(p: argparse.ArgumentParser) -> None:
    from game.sim import BUTTONS

    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.epilog = (
        "Reports the share of each ending (with a seed that reaches it), endings never reached,\n"
        "rounds never visited, choices never taken, games that got stuck, and the range of each\n"
        "meter after each round. Exit status 3 when a game got stuck or a meter left its range."
    )
    p.add_argument("scenario", metavar="PATH", help="a scenario file, or the name of a shipped one")
    p.add_argument("--runs", type=_positive, default=1000, metavar="N", help="how many games to play (default 1000)")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="game i uses seed S+i (default 0)")
    p.add_argument("--policy", choices=sorted(POLICIES), default="random", help="how the computer plays every role (default: random, to explore)")
    p.add_argument("--firmness", type=_firmness, default=1.0, metavar="F", help="how firmly actors hold their red lines: 0.5 easy, 1 normal (default), 2 hard")
    p.add_argument("--solo", metavar="ROLE", help="one role is a player who presses the same --button every round")
    p.add_argument(
        "--button", choices=list(BUTTONS), default="1",
        help="the --solo player's button: 1-4 (the nth choice offered), a tone (the first choice of that tone), "
        "or historical (replay history) (default: 1)",
    )
    p.add_argument("--workers", type=_positive, default=None, metavar="W", help="worker processes (default: one per core)")
    p.add_argument("--json", action="store_true", help="print the figures as one JSON object on stdout")


def run(args: argparse.Namespace, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    from game.sim import figures, run as run_games
    from game.sim.progress import ProgressBar
    from game.sim.runner import Plan

    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    path = paths.resolve_scenario(args.scenario)
    try:
        loaded = load_scenario(path)
    except ProblemsError as exc:
        stderr.write(exc.render() + "\n")
        return 1
    scenario = loaded.scenario
    if args.solo is not None and args.solo not in {r.id for r in scenario.roles if r.playable}:
        playable = ", ".join(r.id for r in scenario.roles if r.playable)
        stderr.write(f"shield-talks: '{args.solo}' is not a playable role of this scenario; roles: {playable}\n")
        return 2
    plan = Plan(policy=args.policy, firmness=args.firmness, solo=args.solo, button=args.button)
    bar = ProgressBar(args.runs, stderr)
    try:
        outcome = run_games(scenario, args.runs, args.seed, plan, args.workers, bar)
    finally:
        bar.close()
    f = figures(scenario, outcome, args.runs, args.seed, plan, display_path(path))
    if args.json:
        stdout.write(json.dumps(f, ensure_ascii=False) + "\n")
    else:
        from game.sim import render

        stdout.write(render(f, scenario) + "\n")
    stdout.flush()
    return 3 if f["stuck"]["games"] or f["meters_out_of_range"]["games"] else 0
