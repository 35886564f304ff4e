"""What a choice would do to the meters, before it is made: for front ends' "preview" hints.

Pure functions: they read the game and never change it. The figures are the
choice's own effects on the meters as they stand now, kept inside each meter's
range (so a +10 on a meter at 95 of 100 previews as +5). Other roles' choices,
combination outcomes and events are not known in advance, so they are not included.
"""

from __future__ import annotations

from game.scenario.models import Choice

from .game import Game, IllegalMove


def _find(game: Game, role: str, choice: Choice | str) -> Choice:
    rnd = game.round
    choice_id = choice if isinstance(choice, str) else choice.id
    options = rnd.choices.get(role, []) if rnd is not None else []
    for c in options:
        if c.id == choice_id:
            return c
    where = f"round {rnd.id}" if rnd is not None else f"the {game.phase} phase"
    raise IllegalMove(f"'{choice_id}' is not one of {game._role_name(role)}'s choices in {where}")


def preview(game: Game, role: str, choice: Choice | str, *, later: bool = False) -> dict[str, int]:
    """Meter id → the change this choice would make now, clamped to the meter's range.

    Only meters the choice touches are listed (a change that the range swallows shows as 0).
    With `later=True`, the choice's delayed effects are added too (as if they landed now).
    Raises IllegalMove when the choice is not one of the role's choices this round.
    """
    c = _find(game, role, choice)
    bounds = game._bounds
    totals: dict[str, int] = dict(c.effects.meters)
    if later:
        for item in c.effects.later:
            for meter, delta in item.meters.items():
                totals[meter] = totals.get(meter, 0) + delta
    out: dict[str, int] = {}
    for meter, delta in totals.items():
        lo, hi = bounds[meter]
        before = game.meters[meter]
        out[meter] = min(hi, max(lo, before + delta)) - before
    return out


def preview_all(game: Game, role: str, *, later: bool = False) -> dict[str, dict[str, int]]:
    """Choice id → its preview, for every legal choice of the role now (in the order offered)."""
    return {c.id: preview(game, role, c, later=later) for c in game.legal_choices(role)}
