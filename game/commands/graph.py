"""`graph`: a diagram of a scenario's rounds, branches and endings (Mermaid, or Graphviz dot)."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from game import paths
from game.authoring import graph
from game.scenario import ProblemsError, load_scenario
from game.commands.output import emit


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", metavar="PATH", help="a scenario file, or the name of one the game lists")
    p.add_argument(
        "--format", choices=("mermaid", "dot"), default="mermaid",
        help="mermaid (default; paste into a Markdown file or https://mermaid.live) or dot (Graphviz)",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of printing")


def run(args: argparse.Namespace, stdout: TextIO = sys.stdout, stderr: TextIO = sys.stderr) -> int:
    try:
        scenario = load_scenario(paths.resolve_scenario(args.scenario)).scenario
    except ProblemsError as exc:
        stderr.write(exc.render() + "\n")
        return 1
    text = graph.dot(scenario) if args.format == "dot" else graph.mermaid(scenario)
    return emit(text, args.output, stdout, stderr, "graph")
