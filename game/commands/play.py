"""`play`: the desktop window by default, the terminal with --text."""

from __future__ import annotations

import argparse

from game.text import play as text_play


def add_arguments(p: argparse.ArgumentParser) -> None:
    text_play.add_arguments(p)


def run(args: argparse.Namespace) -> int:
    if args.text or args.list:
        return text_play.run(args)
    from game.ui import app  # pygame only when the window is wanted

    return app.run(args)
