"""Evaluate scenario conditions against the game state. Conditions are data, never code."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from game.scenario.models import Condition


def holds(cond: Condition, meters: Mapping[str, int], flags: Collection[str], chosen: Collection[str], visited: Collection[str]) -> bool:
    if cond.meter is not None:
        value = meters[cond.meter]
        return (cond.at_least is None or value >= cond.at_least) and (cond.at_most is None or value <= cond.at_most)
    if cond.flag is not None:
        return cond.flag in flags
    if cond.chose is not None:
        return cond.chose in chosen
    if cond.visited is not None:
        return cond.visited in visited
    if cond.all is not None:
        return all(holds(c, meters, flags, chosen, visited) for c in cond.all)
    if cond.any is not None:
        return any(holds(c, meters, flags, chosen, visited) for c in cond.any)
    assert cond.not_ is not None  # the model guarantees exactly one kind
    return not holds(cond.not_, meters, flags, chosen, visited)
