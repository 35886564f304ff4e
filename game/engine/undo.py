"""Undo the last round by replaying the game's intents up to an earlier point.

Because a game is a pure function of its intents, undo needs no inverse of any
rule: it rebuilds the game from a shorter intent list.
"""

from __future__ import annotations

from .game import Game, IllegalMove


def undo_point(game: Game) -> int | None:
    """How many intents to keep to go back to the last decided round's decisions (None: nothing to undo).

    After a reveal (resolution, consequences, ended) that is the current round's
    decisions; before one (briefing, decisions) it is the previous round's.
    """
    opens = [i for i, intent in enumerate(game.intents) if intent.get("do") == "open"]
    if game.phase == "decisions":
        opens = opens[:-1]  # the current round is not decided yet: go back to the one before
    if not opens:
        return None
    return opens[-1] + 1


def undo_last_round(game: Game) -> Game:
    keep = undo_point(game)
    if keep is None:
        raise IllegalMove("there is no decided round to undo yet")
    again = Game(game.scenario, game.settings)
    again.replay(game.intents[:keep])
    return again
