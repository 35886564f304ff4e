"""Conditions and effects in plain words, for diagrams and messages."""

from __future__ import annotations

from game.scenario.models import Condition


def condition(cond: Condition, *, nested: bool = False) -> str:
    """e.g. `trust is at least 40 and radar_offer is set`."""
    if cond.meter is not None:
        if cond.at_least is not None and cond.at_most is not None:
            return f"{cond.meter} is between {cond.at_least} and {cond.at_most}"
        if cond.at_least is not None:
            return f"{cond.meter} is at least {cond.at_least}"
        return f"{cond.meter} is at most {cond.at_most}"
    if cond.flag is not None:
        return f"{cond.flag} is set"
    if cond.chose is not None:
        return f"someone chose {cond.chose}"
    if cond.visited is not None:
        return f"the game went through {cond.visited}"
    if cond.not_ is not None:
        inner = cond.not_
        if inner.flag is not None:
            return f"{inner.flag} is not set"
        if inner.chose is not None:
            return f"nobody chose {inner.chose}"
        if inner.visited is not None:
            return f"the game did not go through {inner.visited}"
        return f"not ({condition(inner)})"
    parts = cond.all if cond.all is not None else cond.any or []
    joined = (" and " if cond.all is not None else " or ").join(condition(c, nested=True) for c in parts)
    return f"({joined})" if nested and len(parts) > 1 else joined
