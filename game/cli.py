"""Command line: `shield-talks` / `python -m game [COMMAND] ...`.

Each command lives in its own module with `add_arguments(parser)` and
`run(args) -> exit code`; this file only dispatches. With no command the
desktop game opens.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys

# command name -> (module, one-line help). Modules are imported only when used,
# so `validate` never pays for pygame and the window never pays for hypothesis.
COMMANDS: dict[str, tuple[str, str]] = {
    "play": ("game.commands.play", "play a scenario (the window, or --text in the terminal)"),
    "validate": ("game.commands.validate", "check scenario files and report every problem"),
    "schema": ("game.commands.schema", "print the JSON Schema of the scenario format"),
    "graph": ("game.commands.graph", "print a Mermaid (or Graphviz) diagram of a scenario's rounds"),
    "new": ("game.commands.new", "write a commented starter scenario"),
    "simulate": ("game.commands.simulate", "play many games headless and report what a scenario can reach"),
    "report": ("game.commands.report", "write a session report from a save file"),
}


def _available() -> dict[str, tuple[str, str]]:
    return {name: spec for name, spec in COMMANDS.items() if importlib.util.find_spec(spec[0]) is not None}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="shield-talks", description="Shield Talks: missile-defence diplomacy, 2007–2011.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_text) in _available().items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        importlib.import_module(module).add_arguments(p)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        argv = ["play"]  # no command: open the desktop game
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    module = importlib.import_module(COMMANDS[args.command][0])
    try:
        return int(module.run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
