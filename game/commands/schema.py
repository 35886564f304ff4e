"""`schema`: print the JSON Schema of the scenario format (or the Markdown field reference)."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from game.authoring import reference
from game.commands.output import emit


def add_arguments(p: argparse.ArgumentParser) -> None:
    what = p.add_mutually_exclusive_group()
    what.add_argument("--markdown", action="store_true", help="print the field reference of docs/authoring.md instead")
    what.add_argument(
        "--update-docs", action="store_true",
        help="for maintainers: rewrite docs/scenario.schema.json and the reference part of docs/authoring.md",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of printing")


def run(args: argparse.Namespace, stdout: TextIO = sys.stdout, stderr: TextIO = sys.stderr) -> int:
    if args.update_docs:
        try:
            changed = reference.update_docs()
        except (OSError, ValueError) as exc:
            stderr.write(f"shield-talks schema: {exc}\n")
            return 1
        stdout.write("".join(f"updated {p}\n" for p in changed) or "docs already up to date\n")
        return 0
    text = reference.markdown() if args.markdown else reference.json_schema_text()
    return emit(text, args.output, stdout, stderr, "schema")
