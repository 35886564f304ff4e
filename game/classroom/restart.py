"""Restart the current round on a scenario reloaded from disk (the desktop game's F5).

Pure Python, no pygame. A game is a pure function of its intents, so the
round is restarted by replaying the intents up to the start of the current
round on the newly loaded scenario. When that replay no longer fits (a choice
or round was renamed, a condition now leads elsewhere), the game starts afresh
at that round with `Settings.start`.
"""

from __future__ import annotations

from dataclasses import replace

from game.engine.game import Game, IllegalMove
from game.scenario.models import Scenario

_FAILURES = (IllegalMove, KeyError, ValueError, StopIteration, RuntimeError)


def current_round_id(game: Game) -> str | None:
    """The round being played, or (after the ending) the last round played."""
    if game.round is not None:
        return game.round.id
    return game.record.round if game.record is not None else None


def round_start(game: Game) -> int | None:
    """How many of the game's intents lead to the start (the briefing) of its current round.

    A round begins with the `start` intent (the first round) or an `advance` (the
    others); after the ending, the last round played is the current one."""
    n = game.round_number
    starts = [i for i, intent in enumerate(game.intents) if intent.get("do") in ("start", "advance")]
    if n == 0 or len(starts) < n:
        return None
    return starts[n - 1] + 1


def restart_round(game: Game, scenario: Scenario) -> tuple[Game, str]:
    """A new game on `scenario`, at the briefing of `game`'s current round.

    Returns (game, how): how is "replayed" when the intents up to that round still
    fit the scenario, "restarted" when the game had to start afresh at the round.
    Raises IllegalMove when neither works (the round or a human role is gone)."""
    round_id = current_round_id(game)
    if round_id is None:
        raise IllegalMove("the game has not started yet")
    keep = round_start(game)
    if keep is not None:
        try:
            again = Game(scenario, game.settings)
            again.replay(game.intents[:keep])
            if again.round is not None and again.round.id == round_id and again.phase == "briefing":
                return again, "replayed"
        except _FAILURES:
            pass
    if round_id not in {r.id for r in scenario.rounds}:
        raise IllegalMove(f"the reloaded scenario has no round '{round_id}' any more")
    again = Game(scenario, replace(game.settings, start=round_id))  # IllegalMove: a human role is gone
    again.begin()
    return again, "restarted"
