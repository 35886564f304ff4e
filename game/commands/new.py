"""`new`: write a commented starter scenario (three rounds, two roles) that validates and plays."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import TextIO

from game import paths
from game.authoring.starter import starter_text
from game.scenario.problems import display_path


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="PATH", help="the file to write, e.g. my_scenario.yaml (never overwritten)")
    p.add_argument(
        "--mine", action="store_true",
        help="write it into your scenarios folder, where the game's scenario list finds it",
    )


def run(args: argparse.Namespace, stdout: TextIO = sys.stdout, stderr: TextIO = sys.stderr) -> int:
    target = Path(args.path)
    if args.mine:
        target = paths.user_scenarios_dir() / target.name
    if target.suffix == "":
        target = target.with_suffix(".yaml")
    elif target.suffix not in (".yaml", ".yml"):
        stderr.write(f"shield-talks new: a scenario file ends in .yaml, not {target.suffix}; try {target.with_suffix('.yaml')}\n")
        return 1
    shown = display_path(target)
    if target.exists():
        stderr.write(f"shield-talks new: {shown} already exists; choose another name (nothing was overwritten)\n")
        return 1
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        stderr.write(f"shield-talks new: cannot write {shown}: cannot make the folder {display_path(target.parent)} ({exc.strerror or exc})\n")
        return 1
    try:
        with target.open("x", encoding="utf-8") as f:  # "x": fails rather than overwrite, even in a race
            f.write(starter_text(target, shlex.quote(shown)))
    except FileExistsError:
        stderr.write(f"shield-talks new: {shown} already exists; choose another name (nothing was overwritten)\n")
        return 1
    except OSError as exc:
        stderr.write(f"shield-talks new: cannot write {shown} ({exc.strerror or exc})\n")
        return 1
    quoted = shlex.quote(shown)
    stdout.write(
        f"Wrote {shown}: a starter scenario with three rounds and two roles.\n"
        f"  check it:  python -m game validate {quoted}\n"
        f"  play it:   python -m game play {quoted} --text\n"
        f"  diagram:   python -m game graph {quoted}\n"
        "docs/authoring.md explains every part.\n"
    )
    return 0
