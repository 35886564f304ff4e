"""Cross-reference checks: every id a scenario mentions must exist, and ids are unique.

These run on the typed models right after schema validation. Each finding has the
path of the offending value, so the loader can point at its line.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from .models import Change, Condition, Effects, Scenario

Finding = tuple[tuple[Any, ...], str, str, str]  # path, code, message, hint

# Ends a finding's path when the problem is a mapping key itself (a role id under choices:,
# a meter id under meters:), so the loader points at the key rather than at its value.
KEY = "[key]"


def walk_conditions(cond: Condition, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], Condition]]:
    yield path, cond
    for key in ("all", "any"):
        for i, sub in enumerate(getattr(cond, key) or []):
            yield from walk_conditions(sub, path + (key, i))
    if cond.not_ is not None:
        yield from walk_conditions(cond.not_, path + ("not",))


def scenario_conditions(s: Scenario) -> Iterator[tuple[tuple[Any, ...], Condition]]:
    """Every condition in the scenario with its path (including nested ones)."""
    for ri, role in enumerate(s.roles):
        for oi, obj in enumerate(role.objectives):
            yield from walk_conditions(obj.met_if, ("roles", ri, "objectives", oi, "if"))
    for ri, rnd in enumerate(s.rounds):
        for role_id, choices in rnd.choices.items():
            for ci, choice in enumerate(choices):
                if choice.requires is not None:
                    yield from walk_conditions(choice.requires, ("rounds", ri, "choices", role_id, ci, "requires"))
        for oi, out in enumerate(rnd.outcomes):
            yield from walk_conditions(out.when, ("rounds", ri, "outcomes", oi, "if"))
        for ni, nxt in enumerate(rnd.next):
            if nxt.when is not None:
                yield from walk_conditions(nxt.when, ("rounds", ri, "next", ni, "if"))
    for ei, event in enumerate(s.events):
        if event.when is not None:
            yield from walk_conditions(event.when, ("events", ei, "if"))
    for ei, ending in enumerate(s.endings):
        if ending.when is not None:
            yield from walk_conditions(ending.when, ("endings", ei, "if"))


def scenario_changes(s: Scenario) -> Iterator[tuple[tuple[Any, ...], Change]]:
    """Every block of effects (including delayed ones) with its path."""
    for ri, rnd in enumerate(s.rounds):
        for role_id, choices in rnd.choices.items():
            for ci, choice in enumerate(choices):
                yield from _effects(choice.effects, ("rounds", ri, "choices", role_id, ci, "effects"))
        for oi, out in enumerate(rnd.outcomes):
            yield from _effects(out.effects, ("rounds", ri, "outcomes", oi, "effects"))
    for ei, event in enumerate(s.events):
        yield ("events", ei, "effects"), event.effects


def _effects(eff: Effects, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], Change]]:
    yield path, eff
    for li, later in enumerate(eff.later):
        yield path + ("later", li), later


def scenario_positions(s: Scenario) -> Iterator[tuple[tuple[Any, ...], Any]]:
    for ri, rnd in enumerate(s.rounds):
        for pi, pos in enumerate(rnd.positions):
            yield ("rounds", ri, "positions", pi), pos
    for ei, event in enumerate(s.events):
        for pi, pos in enumerate(event.positions):
            yield ("events", ei, "positions", pi), pos


def _unknown(kind: str, value: str, known: set[str]) -> tuple[str, str]:
    close = difflib.get_close_matches(value, sorted(known), n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"declare it under {kind}s:, or use one of: {', '.join(sorted(known)) or '(none yet)'}"
    return f"unknown {kind} '{value}'", hint


def check(s: Scenario) -> list[Finding]:
    out: list[Finding] = []

    def unique(section: str, items: list[Any], attr: str = "id") -> set[str]:
        seen: set[str] = set()
        for i, item in enumerate(items):
            value = getattr(item, attr)
            if value in seen:
                out.append(((section, i, attr), "E-DUPLICATE-ID", f"the {section[:-1]} id '{value}' is used twice", "give each one its own id"))
            seen.add(value)
        return seen

    meters = unique("meters", s.meters)
    flags = unique("flags", s.flags)
    actors = unique("actors", s.actors)
    roles = unique("roles", s.roles)
    rounds = unique("rounds", s.rounds)
    places = unique("places", s.places)
    unique("events", s.events)
    unique("endings", s.endings)
    sources = unique("sources", s.sources, "file")

    choices: set[str] = set()
    for ri, rnd in enumerate(s.rounds):
        for role_id, cs in rnd.choices.items():
            for ci, c in enumerate(cs):
                if c.id in choices:
                    out.append(
                        (("rounds", ri, "choices", role_id, ci, "id"), "E-DUPLICATE-ID",
                         f"the choice id '{c.id}' is used twice", "choice ids are unique across the whole scenario; add the round's name, e.g. lisbon_accept")
                    )
                choices.add(c.id)

    position_ids: set[str] = set()
    for path, pos in scenario_positions(s):
        if pos.id is not None:
            if pos.id in position_ids:
                out.append((path + ("id",), "E-DUPLICATE-ID", f"the position id '{pos.id}' is used twice", "give each position its own id"))
            position_ids.add(pos.id)
        if pos.actor not in actors:
            out.append((path + ("actor",), "E-REF-ACTOR", *_unknown("actor", pos.actor, actors)))
        if pos.source is not None and pos.source not in sources:
            out.append(
                (path + ("source",), "E-REF-SOURCE", f"the source '{pos.source}' is not listed under sources:",
                 "add it to the sources: list at the top, with its title")
            )

    def ref(path: tuple[Any, ...], kind: str, value: str | None, known: set[str], code: str) -> None:
        if value is not None and value not in known:
            out.append((path, code, *_unknown(kind, value, known)))

    for ai, actor in enumerate(s.actors):
        for ii, interest in enumerate(actor.interests):
            ref(("actors", ai, "interests", ii, "meter"), "meter", interest.meter, meters, "E-REF-METER")
            ref(("actors", ai, "interests", ii, "cites"), "position", interest.cites, position_ids, "E-REF-POSITION")
        for li, flag in enumerate(actor.red_lines):
            ref(("actors", ai, "red_lines", li), "flag", flag, flags, "E-REF-FLAG")
    for ri, role in enumerate(s.roles):
        ref(("roles", ri, "actor"), "actor", role.actor, actors, "E-REF-ACTOR")

    for ri, rnd in enumerate(s.rounds):
        ref(("rounds", ri, "place"), "place", rnd.place, places, "E-REF-PLACE")
        for role_id, cs in rnd.choices.items():
            ref(("rounds", ri, "choices", role_id, KEY), "role", role_id, roles, "E-REF-ROLE")
            for ci, c in enumerate(cs):
                ref(("rounds", ri, "choices", role_id, ci, "cites"), "position", c.cites, position_ids, "E-REF-POSITION")
        for ni, nxt in enumerate(rnd.next):
            ref(("rounds", ri, "next", ni, "round"), "round", nxt.round, rounds, "E-REF-ROUND")
            if nxt.when is not None and ni == len(rnd.next) - 1:
                out.append(
                    (("rounds", ri, "next", ni, "if"), "E-NO-WAY-OUT",
                     f"round '{rnd.id}' has no way out when this condition does not hold",
                     "add a last next entry without if:, e.g. `- end: true` or `- round: ...`")
                )
    for ei, event in enumerate(s.events):
        ref(("events", ei, "round"), "round", event.round, rounds, "E-REF-ROUND")
    if s.endings and s.endings[-1].when is not None:
        out.append(
            (("endings", len(s.endings) - 1, "if"), "E-NO-FALLBACK-ENDING",
             "the last ending has an if:, so a game could finish with no ending",
             "remove if: from the last ending; it becomes the ending when no other fits")
        )

    for path, cond in scenario_conditions(s):
        ref(path + ("meter",), "meter", cond.meter, meters, "E-REF-METER")
        ref(path + ("flag",), "flag", cond.flag, flags, "E-REF-FLAG")
        ref(path + ("chose",), "choice", cond.chose, choices, "E-REF-CHOICE")
        ref(path + ("visited",), "round", cond.visited, rounds, "E-REF-ROUND")

    for path, change in scenario_changes(s):
        for m in change.meters:
            ref(path + ("meters", m, KEY), "meter", m, meters, "E-REF-METER")
        for a in change.stances:
            ref(path + ("stances", a, KEY), "actor", a, actors, "E-REF-ACTOR")
        for key in ("set", "clear"):
            for fi, flag in enumerate(getattr(change, key)):
                ref(path + (key, fi), "flag", flag, flags, "E-REF-FLAG")
    return out
