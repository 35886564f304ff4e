"""`validate`: check scenario files and report every problem, each at its line with a hint."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from game import paths
from game.authoring.lint import Report, check_file
from game.scenario.quotes import default_sources_dir


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "paths", nargs="*", metavar="PATH",
        help="scenario files, folders of them, or names of scenarios the game lists (default: all of those)",
    )
    p.add_argument(
        "--sources", nargs="?", const="", metavar="DIR",
        help="also check every quote word for word against the source texts in DIR "
        "(without DIR: $SHIELD_TALKS_SOURCES or the project's shared/sources folder)",
    )
    p.add_argument("--strict", action="store_true", help="fail on warnings too, not only on errors")
    p.add_argument("--brief", action="store_true", help="one line per problem, without the source line and hint")


def run(args: argparse.Namespace, stdout: TextIO = sys.stdout, stderr: TextIO = sys.stderr) -> int:
    sources_dir: Path | None = None
    if args.sources and args.sources.endswith((".yaml", ".yml")) and not Path(args.sources).is_dir():
        # `validate --sources FILE.yaml`: the file is a scenario to check, not the sources folder
        args.paths, args.sources = [*args.paths, args.sources], ""
    if args.sources is not None:
        sources_dir = Path(args.sources) if args.sources else default_sources_dir()
        if sources_dir is None or not sources_dir.is_dir():
            where = f"'{args.sources}' is not a folder" if args.sources else "no sources folder found"
            stderr.write(f"shield-talks validate: {where}; give the folder that holds the source texts: --sources DIR\n")
            return 1
    files, failed = _files(args.paths, stderr)
    if not files and not failed:
        stderr.write("shield-talks validate: no scenario files to check; name one: python -m game validate FILE\n")
        return 1
    errors = warnings = 0
    for path in files:
        report = check_file(path, sources_dir)
        if report.problems:
            stdout.write(("\n".join(p.one_line() for p in report.problems) if args.brief else report.render()) + "\n")
        if report.note:
            stdout.write(report.note + "\n")
        stdout.write(_summary(report) + "\n")
        errors += len(report.errors)
        warnings += len(report.warnings)
    if len(files) > 1:
        stdout.write(f"{len(files)} files checked: {_count(errors, 'error')}, {_count(warnings, 'warning')}\n")
    return 1 if failed or errors or (args.strict and warnings) else 0


def _files(names: list[str], stderr: TextIO) -> tuple[list[Path], bool]:
    if not names:
        return paths.scenario_files(), False
    files: list[Path] = []
    failed = False
    for name in names:
        path = paths.resolve_scenario(name)
        if path.is_dir():
            found = sorted(list(path.glob("*.yaml")) + list(path.glob("*.yml")))
            if not found:
                stderr.write(f"{name}: E-FILE-MISSING this folder holds no .yaml files\n")
                failed = True
            files += found
        else:
            files.append(path)  # a missing file is reported by the check itself
    return files, failed


def _count(n: int, what: str) -> str:
    return f"{n} {what}" + ("" if n == 1 else "s")


def _summary(report: Report) -> str:
    if not report.problems:
        s = report.scenario
        assert s is not None
        return (
            f"{report.shown}: no problems ({_count(len(s.rounds), 'round')}, {_count(len(s.roles), 'role')}, "
            f"{_count(len(s.endings), 'ending')})"
        )
    verdict = "FAILED" if report.errors else "passes with warnings"
    return f"{report.shown}: {_count(len(report.errors), 'error')}, {_count(len(report.warnings), 'warning')} ({verdict})"
