"""`report SAVE`: a session report (Markdown or HTML) and a decision log (CSV or JSON) from a save file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.classroom.debrief import build_debrief
from game.classroom.report import RENDERERS, write_report
from game.classroom.session import Session
from game.engine.save import read_save, restore, scenario_changed
from game.scenario import ProblemsError, load_scenario
from game.scenario.problems import Problem, display_path


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("save", help="a save file written by the game (--save FILE in text mode, or a save slot)")
    p.add_argument("--format", choices=sorted(RENDERERS), default="md", help="md or html for the report; csv or json for the decision log alone")
    p.add_argument("-o", "--output", metavar="FILE", help="write here (a .md/.html report also gets FILE-decisions.csv); default: standard output")
    p.add_argument("--scenario", metavar="PATH", help="the scenario file, if it has moved since the game was saved")


def run(args: argparse.Namespace) -> int:
    try:
        save = read_save(args.save)
        scenario_path = Path(args.scenario) if args.scenario else Path(save.scenario.path)
        if not scenario_path.exists() and not args.scenario:
            raise ProblemsError(
                [Problem(display_path(args.save), 1, 1, "E-SAVE-SCENARIO", f"the save's scenario file {scenario_path} is not there any more", "pass --scenario PATH")]
            )
        loaded = load_scenario(scenario_path)
        if scenario_changed(save, loaded):
            sys.stderr.write(f"note: {display_path(loaded.path)} has changed since the game was saved; the report replays its moves on the new version\n")
        game = restore(save, loaded, display_path(args.save), allow_changed=True)
        session = Session.from_json(save.session) if save.session else Session()
    except ProblemsError as exc:
        sys.stderr.write(exc.render() + "\n")
        return 1
    except ValueError as exc:
        sys.stderr.write(f"{display_path(args.save)}:1:1: E-SAVE-FORMAT {exc}\n  hint: the save was edited or damaged\n")
        return 1
    debrief = build_debrief(game, session)
    if args.output:
        for path in write_report(debrief, args.output, args.format):
            print(f"wrote {path}")
    else:
        sys.stdout.write(RENDERERS[args.format](debrief))
    return 0
