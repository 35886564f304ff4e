"""The text front end: plays a scenario in the terminal, reading choices from standard input.

Input can be piped, so a whole game can be scripted. At each decision a player
types the number or id of a choice; anything else is answered with help and the
question is asked again. End of input ends the game cleanly (saving first when
--save was given).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TextIO

from game import paths
from game.engine.game import Game, IllegalMove, Settings
from game.engine.policies import POLICIES
from game.engine.preview import preview_all
from game.engine.save import read_save, restore, save_game, scenario_changed
from game.scenario import LoadedScenario, ProblemsError, load_scenario
from game.scenario.problems import display_path

from . import render


# Difficulty names → Settings.firmness, how strongly computer actors hold their red lines.
DIFFICULTY = {"easy": 0.5, "normal": 1.0, "hard": 2.0}


class EndOfInput(Exception):
    pass


class Console:
    """Reads answers and writes text; knows whether a person is at a terminal."""

    def __init__(self, stdin: TextIO, stdout: TextIO) -> None:
        self.stdin, self.stdout = stdin, stdout
        self.interactive = stdin.isatty() and stdout.isatty()

    def say(self, text: str = "") -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def ask(self, prompt: str) -> str:
        self.stdout.write(prompt)
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            self.say()
            raise EndOfInput
        if not self.interactive:
            self.say(line.rstrip("\n"))  # echo piped answers so a transcript reads like a session
        return line.strip()

    def pause(self) -> None:
        if self.interactive:
            self.ask("  (Enter to continue) ")

    def clear(self) -> None:
        if self.interactive:
            self.stdout.write("\x1b[2J\x1b[H")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", nargs="?", help="a scenario file or the name of a shipped one (default: the historical scenario)")
    p.add_argument("--text", action="store_true", help="play in the terminal instead of the window")
    p.add_argument("--role", action="append", default=[], metavar="ROLE", help="a role played by a person; repeat for several people at one keyboard")
    p.add_argument("--seed", type=int, default=None, help="makes the computer actors' choices repeatable")
    p.add_argument("--policy", choices=sorted(POLICIES), default="historical", help="how computer actors choose (default: historical)")
    p.add_argument("--difficulty", choices=sorted(DIFFICULTY, key=DIFFICULTY.get), default="normal",
                   help="how firmly computer actors hold their red lines (default: normal)")
    p.add_argument("--preview", action="store_true", help="show what each choice would do to the meters")
    p.add_argument("--save", metavar="FILE", help="save the game to FILE after every round and at the end")
    p.add_argument("--load", metavar="FILE", help="continue a saved game")
    p.add_argument("--from", dest="start", metavar="ROUND", help="start at this round (for scenario authors)")
    p.add_argument("--list", action="store_true", help="list the scenarios you can play and exit")


def run(args: argparse.Namespace, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout, stderr: TextIO = sys.stderr) -> int:
    con = Console(stdin, stdout)
    if args.list:
        for path in paths.scenario_files():
            con.say(f"{path.stem:<32} {path}")
        return 0
    try:
        loaded = load_scenario(paths.resolve_scenario(args.scenario))
        game = _make_game(loaded, args, con)
    except ProblemsError as exc:
        stderr.write(exc.render() + "\n")
        return 1
    except IllegalMove as exc:
        stderr.write(f"shield-talks: {exc}\n")
        return 2
    except EndOfInput:
        return 0
    save: Callable[[], None] = (lambda: save_game(game, loaded, args.save)) if args.save else (lambda: None)
    try:
        play(game, con, save, preview=getattr(args, "preview", False))
    except EndOfInput:
        save()
        con.say("Input ended." + (f" The game is saved in {args.save}; continue it with --load {args.save}." if args.save else ""))
    except KeyboardInterrupt:
        save()
        con.say("\nStopped." + (f" The game is saved in {args.save}." if args.save else ""))
        return 130
    return 0


def _make_game(loaded: LoadedScenario, args: argparse.Namespace, con: Console) -> Game:
    if args.load:
        save = read_save(args.load)
        if scenario_changed(save, loaded):
            con.say(f"Note: {display_path(loaded.path)} has changed since this game was saved; replaying the saved moves on the new version.")
        return restore(save, loaded, display_path(args.load), allow_changed=True)
    humans = tuple(args.role)
    s = loaded.scenario
    # Refuse a bad --role or --from before the introduction, not after it.
    Game(s, Settings(humans=humans, start=args.start))
    con.say(render.title_screen(s))
    if not humans:
        humans = _ask_role(loaded, con)
    seed = args.seed if args.seed is not None else 0
    firmness = DIFFICULTY[getattr(args, "difficulty", "normal")]
    return Game(s, Settings(humans=humans, seed=seed, policy=args.policy, start=args.start, firmness=firmness))


def _ask_role(loaded: LoadedScenario, con: Console) -> tuple[str, ...]:
    s = loaded.scenario
    playable = [r for r in s.roles if r.playable]
    con.say("Which role will you play?")
    for i, r in enumerate(playable, 1):
        con.say(f"  {i}. {s.actor(r.actor).name}")
    con.say("  0. None: watch the computer play every role")
    while True:
        answer = con.ask("Role: ").lower()
        if answer == "0":
            return ()
        for i, r in enumerate(playable, 1):
            if answer in (str(i), r.id, s.actor(r.actor).name.lower()):
                return (r.id,)
        con.say(f"  Type a number from 0 to {len(playable)}.")


def play(game: Game, con: Console, save: Callable[[], None], preview: bool = False) -> None:
    if game.phase == "setup":
        if len(game.settings.humans) == 1:
            con.say(render.role_brief(game, game.settings.humans[0]))
            con.pause()
        game.begin()
        show_briefing = True
    else:
        con.say(f"Continuing: round {game.round_number}, {game.round.title if game.round else ''} ({game.phase}).")
        # A game resumed before its reveal shows the round's briefing again: the players need it to decide.
        show_briefing = game.phase == "briefing"
        if game.phase == "decisions":
            con.say(render.briefing(game))
    while not game.ended:
        phase = game.phase
        if phase == "briefing":
            if show_briefing:
                con.say(render.briefing(game))
            game.open_decisions()
        elif phase == "decisions":
            _decisions(game, con, preview)
            game.resolve()
        elif phase == "resolution":
            con.say(render.resolution(game))
            game.finish_round()
        elif phase == "consequences":
            con.say(render.consequences(game))
            save()
            con.pause()
            game.next_round()
            show_briefing = True
    con.say(render.ending(game))
    save()


def _decisions(game: Game, con: Console, preview: bool = False) -> None:
    hot_seat = len(game.settings.humans) > 1
    for role in game.awaiting():
        name = game.scenario.actor(game.scenario.role(role).actor).name
        if hot_seat:
            con.say(render.rule(f"Pass to {name}'s delegation"))
            con.pause()
            con.say(render.role_brief(game, role))
        legal = game.legal_choices(role)
        con.say(render.choices(game, role, legal, preview_all(game, role) if preview else None))
        choice = _ask_choice(game, con, role, legal)
        game.decide(role, choice)
        if hot_seat:
            con.clear()
            con.say(f"{name} has decided. The choice stays sealed until everyone has chosen.")


def _ask_choice(game: Game, con: Console, role: str, legal: list) -> str:
    rnd = game.round
    assert rnd is not None
    help_text = (
        f"  Type a number from 1 to {len(legal)} (or the choice's id). "
        "Other commands: 'source N' shows the passage behind position N, 'meters', 'brief', 'help'."
    )
    while True:
        answer = con.ask(f"Your choice [1-{len(legal)}]: ")
        low = answer.lower()
        if low.isdigit() and 1 <= int(low) <= len(legal):
            chosen = legal[int(low) - 1]
        else:
            chosen = next((c for c in legal if c.id == low), None)
        if chosen is not None:
            if chosen.tone == "escalate":
                con.say(render.wrap(f"⚠ {chosen.warning or 'This move escalates the crisis.'}", "  "))
                confirm = con.ask("  This escalates. Are you sure? [y/N] ").lower()
                if confirm not in ("y", "yes"):
                    con.say("  Choose again.")
                    continue
            return chosen.id
        if low.startswith("source"):
            _show_source(game, con, low.removeprefix("source").strip())
        elif low == "meters":
            con.say(render.meters(game))
        elif low == "brief":
            con.say(render.role_brief(game, role))
        elif low in ("", "help", "?"):
            con.say(help_text)
        else:
            con.say(f"  '{answer}' is not one of the choices.")
            con.say(help_text)


def _show_source(game: Game, con: Console, which: str) -> None:
    positions = game.round.positions if game.round else []
    if which.isdigit() and 1 <= int(which) <= len(positions):
        con.say(render.source_passage(positions[int(which) - 1]))
    else:
        con.say(f"  Type 'source N' with N from 1 to {len(positions)}." if positions else "  This round has no positions to show.")
