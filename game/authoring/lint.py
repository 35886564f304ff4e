"""Semantic checks: a scenario that loads can still be wrong in ways only its author would notice.

The loader has made sure the file is valid YAML, fits the format and that every id
it mentions exists. These checks look at what the scenario *does*:

- which rounds a game can reach from the first, and whether every reachable round
  can still lead to an ending (no endless loops);
- conditions that can never hold (a meter asked to reach 120 when its max is 100,
  or 75 after rounds that can raise it only to 70; a flag that no effect ever sets,
  a choice that is never offered...) or that always hold, `next` entries and
  endings that can never be taken;
- meter changes larger than the meter's whole range, choices that change nothing,
  rounds whose dates run backwards, declared things nobody uses.

The analysis is conservative: "never" is reported only when it is certain from the
file alone (it over-approximates what a game can do, never under-approximates).
Every finding is a located `Problem`; E-… codes are errors, W-… codes warnings.
While the scenario has wrong or duplicate ids, the checks that follow a game from
round to round wait (they would only report the consequences of the typo).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.scenario import strict_yaml
from game.scenario.loader import examine, read_bytes
from game.scenario.models import Condition, Round, Scenario
from game.scenario.problems import Problem, ProblemsError, display_path
from game.scenario.quotes import check_quotes, fold
from game.scenario.references import scenario_changes, scenario_conditions, scenario_positions, walk_conditions


PathT = tuple[Any, ...]

# Every code a scenario check can report, with what it means. docs/authoring.md lists
# them from this table (a test keeps the two in step).
CODES: dict[str, str] = {
    # the file
    "E-FILE-MISSING": "The file (or folder) named on the command line does not exist.",
    "E-FILE-UNREADABLE": "The file exists but cannot be read (permissions).",
    "E-FILE-SIZE": "The file is larger than the size limit (2 MB); scenario files are far smaller.",
    "E-FILE-ENCODING": "The file is not UTF-8 text (UTF-16, Latin-1 or a binary file). Save it as UTF-8.",
    # YAML
    "E-YAML-SYNTAX": "The file is not valid YAML: indentation, a missing quote or bracket, a tab.",
    "E-YAML-CHARACTER": "An invisible control character, often pasted from a PDF.",
    "E-YAML-EMPTY": "The file is empty.",
    "E-YAML-ALIAS": "Anchors, aliases and merge keys (&name, *name, <<) are refused: write things out in full.",
    "E-YAML-DEPTH": "The file nests deeper than any scenario needs (a limit that stops hostile files).",
    "E-YAML-TAG": "A `!tag` such as !!python/object: scenario files hold only text, numbers, lists and mappings.",
    "E-YAML-KEY": "A key that is not plain text.",
    "E-YAML-DUPLICATE": "The same key twice in one mapping (YAML would silently keep only the last).",
    "E-YAML-VALUE": "A value YAML cannot read, e.g. the date 2007-02-31.",
    "E-YAML-NUMBER": "An unquoted value YAML 1.1 reads as a surprising number: 1:30 is 90 (base 60), 010 is 8.",
    # the format
    "E-SCHEMA": "The file does not fit the scenario format: a missing or unknown key, a wrong kind of value "
    "(text given as yes/no/1:30 is caught here with the hint to quote it).",
    "E-DUPLICATE-ID": "Two things of the same kind share an id (choice ids are unique across the whole scenario).",
    "E-REF-ACTOR": "An actor id that is not declared under actors:.",
    "E-REF-ROLE": "A role id (under a round's choices:) that is not declared under roles:.",
    "E-REF-ROUND": "A round id that is not declared under rounds:.",
    "E-REF-METER": "A meter id that is not declared under meters:.",
    "E-REF-FLAG": "A flag id that is not declared under flags:.",
    "E-REF-PLACE": "A place id that is not declared under places:.",
    "E-REF-CHOICE": "A choice id (in chose:) that no round offers.",
    "E-REF-POSITION": "A position id (in cites:) that no position has.",
    "E-REF-SOURCE": "A quote or paraphrase names a source file that is not listed under sources:.",
    "E-NO-WAY-OUT": "A round's last next: entry has an if:, so when it does not hold the game has nowhere to go.",
    "E-NO-FALLBACK-ENDING": "The last ending has an if:, so a game could finish with no ending.",
    # what the scenario does
    "E-UNREACHABLE-ROUND": "No path from the first round leads to this round.",
    "E-LOOP": "Once a game reaches this round it can never end: every way on leads back.",
    "E-UNREACHABLE-ENDING": "No game can finish with this ending (an earlier ending always wins, or no round ends the game).",
    "E-NEXT-NEVER-TAKEN": "A next: entry the game never gets to: one above it always holds, or the entries above "
    "it take every game that could take it.",
    "E-NEVER-TRUE": "A condition that can never hold: a meter value beyond its range, or further than the choices "
    "before that point (along any way through the rounds) can move it; at_least above at_most; a flag that nothing "
    "a game can reach sets; a choice never offered; a round never reached.",
    "W-ALWAYS-TRUE": "A condition that always holds, so testing it changes nothing.",
    "W-METER-JUMP": "A single change larger than the meter's whole range (the meter stops at its min or max).",
    "W-METER-STATIC": "No effect ever changes this meter.",
    "W-CHOICE-NO-EFFECT": "A choice that changes nothing and that no condition tests: picking it makes no difference.",
    "W-DATE-ORDER": "A round is dated before the round that leads to it.",
    "W-UNUSED-FLAG": "A flag that no effect sets and no condition tests.",
    "W-ROLE-NO-CHOICES": "A playable role that has no choices in any round: its player only watches.",
    # sources (with --sources)
    "E-QUOTE-NOT-FOUND": "With --sources: the quote is not word for word in its source file.",
    "E-PASSAGE-NOT-FOUND": "With --sources: the passage is not word for word in its source file.",
    "E-PASSAGE-TOO-LONG": "With --sources: the passage runs over more than one paragraph of its source.",
    "W-SOURCE-MISSING": "With --sources: the named source file is not in the sources folder.",
}


# --------------------------------------------------------------------------- checking a file


@dataclass
class Report:
    """Everything found in one file."""

    shown: str
    text: str | None
    problems: list[Problem]
    scenario: Scenario | None = None
    flow_checked: bool = True  # False: wrong ids, so the checks of where a game can go waited

    @property
    def note(self) -> str | None:
        """A line for the reader when some checks did not run."""
        if self.flow_checked:
            return None
        return (
            f"{self.shown}: note: fix the ids above first; the checks of where a game can go "
            "(rounds it can reach, loops, conditions that never hold) run once they are right"
        )

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]

    def render(self) -> str:
        return "\n".join(p.render(self.text) for p in self.problems)


def check_file(path: Path | str, sources_dir: Path | None = None) -> Report:
    """Every problem in a scenario file: format and references, then what the scenario does."""
    shown = display_path(path)
    text: str | None = None
    try:
        raw = read_bytes(path, shown)
        text = strict_yaml.decode(raw, shown)
        return check_text(text, shown, sources_dir)
    except ProblemsError as exc:
        return Report(shown, exc.source_text or text, exc.problems)


def check_text(text: str, shown: str, sources_dir: Path | None = None) -> Report:
    try:
        scenario, located, problems = examine(text, shown)
    except ProblemsError as exc:
        return Report(shown, text, exc.problems)
    flow = not any(p.code in FLOW_BREAKING for p in problems)
    findings = lint(scenario, flow)
    if sources_dir is not None:
        findings += [Finding(path, code, message, hint) for path, code, message, hint in check_quotes(scenario, sources_dir)]
        findings += _passages(scenario, sources_dir)
    problems = problems + [f.problem(shown, located) for f in findings]
    problems = sorted(_dedupe(problems), key=lambda p: (p.line, p.col, p.severity != "error"))
    return Report(shown, text, problems, scenario, flow)


def _passages(s: Scenario, sources_dir: Path) -> list[Finding]:
    """A passage is at most one paragraph: it must lie within one paragraph (one line) of its source."""
    out = []
    paragraphs: dict[str, list[str]] = {}
    for path, pos in scenario_positions(s):
        if pos.passage is None or pos.source is None:
            continue
        if pos.source not in paragraphs:
            f = sources_dir / pos.source
            paragraphs[pos.source] = [fold(line) for line in f.read_text(encoding="utf-8").splitlines()] if f.is_file() else []
        passage = fold(pos.passage)
        lines = paragraphs[pos.source]
        if lines and passage in fold(" ".join(lines)) and not any(passage in line for line in lines):
            out.append(
                Finding(
                    path + ("passage",), "E-PASSAGE-TOO-LONG", f"this passage runs over more than one paragraph of {pos.source}",
                    "cut it down to the one paragraph that holds the quote",
                )
            )
    return out


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[int, int, str, str]] = set()
    out = []
    for p in problems:
        key = (p.line, p.col, p.code, p.message)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


@dataclass(frozen=True)
class Finding:
    path: PathT
    code: str
    message: str
    hint: str

    def problem(self, shown: str, located: strict_yaml.Located) -> Problem:
        severity = "warning" if self.code.startswith("W-") else "error"
        return Problem(shown, *located.where(self.path), self.code, self.message, self.hint, severity)


# --------------------------------------------------------------------------- what a game can do


Ranges = dict[str, tuple[int, int]]  # meter id -> lowest, highest value a game can have at one point
LATER_SLOTS = 20  # a delayed effect lands at most 20 rounds later (Later.after)
WIDEN_AFTER = 8  # a round's entry state that keeps growing (a loop) is widened to the meter's limits


@dataclass(frozen=True)
class _State:
    """What a game can look like on entering a round: each meter's range, and the delayed effects
    still to land (per meter, for each of the next rounds: the most they can add and take away)."""

    ranges: tuple[tuple[str, int, int], ...]
    pending: tuple[tuple[str, tuple[tuple[int, int], ...]], ...] = ()


def _hull(a: Ranges, b: Ranges) -> Ranges:
    return {m: (min(lo, b[m][0]), max(hi, b[m][1])) if m in b else (lo, hi) for m, (lo, hi) in a.items()}


@dataclass
class Analysis:
    """An over-approximation of every game the scenario allows.

    Starting from the first round it finds, until nothing more changes: the rounds a
    game can reach (through `next:` entries whose condition can hold), the choices
    it can offer and the flags its effects can set. Meters are followed along the
    ways through the rounds (path-sensitive): for each round, the range each meter
    can have when its choices are offered, when each outcome is tried and when its
    `next:` entries are tried, and at the end of the game. A way on carries the range
    its condition allows (after `if: {meter: tension, at_least: 75}` tension is at
    least 75; on the entries below it, at most 74). Each role makes at most one choice
    a round; delayed effects (`later:`) land in the round they are due; a meter stops
    at its min and max, as in the game. An event the facilitator can fire (again and
    again, at any time) means no limit in its direction but the meter's own.
    """

    s: Scenario
    meter_bounds: dict[str, tuple[int, int]] = field(default_factory=dict)  # declared min, max
    meter_reach: Ranges = field(default_factory=dict)  # lowest, highest value a game can see anywhere
    flags_set: set[str] = field(default_factory=set)  # flags some reachable effect sets
    flag_setters: dict[str, list[str]] = field(default_factory=dict)  # flag -> where any effect sets it
    reachable: set[str] = field(default_factory=set)  # round ids
    offered: set[str] = field(default_factory=set)  # choice ids some game can offer
    choice_round: dict[str, Round] = field(default_factory=dict)
    # Meter ranges at the points where conditions are tested (round id -> ranges):
    at_choices: dict[str, Ranges] = field(default_factory=dict)  # when the round's choices are offered
    at_outcome: dict[tuple[str, int], Ranges] = field(default_factory=dict)  # when outcome i's if: is tried
    at_next: dict[str, Ranges] = field(default_factory=dict)  # after choices and outcomes: next: is tried
    at_end: Ranges | None = None  # when the endings (and objectives) are tried; None: no game ends

    def __post_init__(self) -> None:
        s = self.s
        # Which meters any effect moves at all (for W-METER-STATIC), and who sets each flag.
        self.ups: set[str] = set()
        self.downs: set[str] = set()
        for _, change in scenario_changes(s):
            for m, delta in change.meters.items():
                if delta > 0:
                    self.ups.add(m)
                elif delta < 0:
                    self.downs.add(m)
        for rnd in s.rounds:
            for cs in rnd.choices.values():
                for c in cs:
                    self.choice_round.setdefault(c.id, rnd)
                    for f in self._sets(c.effects):
                        self.flag_setters.setdefault(f, []).append(f"the choice '{c.id}'")
            for o in rnd.outcomes:
                for f in self._sets(o.effects):
                    self.flag_setters.setdefault(f, []).append(f"an outcome of round '{rnd.id}'")
        for e in s.events:
            for f in e.effects.set:
                self.flag_setters.setdefault(f, []).append(f"the event '{e.id}'")
        for m in s.meters:
            self.meter_bounds[m.id] = (m.min, m.max)
            self.meter_reach[m.id] = (m.start, m.start)
        # Events can be fired by the facilitator at any time, in any round, again and again.
        self.event_ups = {m for e in s.events for m, d in e.effects.meters.items() if d > 0 and m in self.meter_bounds}
        self.event_downs = {m for e in s.events for m, d in e.effects.meters.items() if d < 0 and m in self.meter_bounds}
        for e in s.events:
            self.flags_set.update(e.effects.set)
        self._rounds = {r.id: r for r in s.rounds}
        # the roles that choose, in the game's order (choices under an undeclared role are never made)
        self._role_order = list(dict.fromkeys(r.id for r in s.roles))
        self._fixpoint()

    @staticmethod
    def _sets(eff: Any) -> list[str]:
        return list(eff.set) + [f for later in getattr(eff, "later", []) for f in later.set]

    # -- can a condition hold / fail in some game? `ranges`: the meters where it is tested
    #    (by default anywhere in any game). Both only grow as more of the scenario becomes reachable.

    def can_hold(self, c: Condition, ranges: Ranges | None = None) -> bool:
        if c.meter is not None:
            return self._meter_overlaps(c, ranges)
        if c.flag is not None:
            return c.flag in self.flags_set
        if c.chose is not None:
            return c.chose in self.offered
        if c.visited is not None:
            return c.visited in self.reachable
        if c.not_ is not None:
            return self.can_fail(c.not_, ranges)
        if c.all is not None:
            return all(self.can_hold(x, ranges) for x in c.all) and self.contradiction(c) is None and self._refine(ranges, c, True) is not None
        return any(self.can_hold(x, ranges) for x in c.any or [])

    def can_fail(self, c: Condition, ranges: Ranges | None = None) -> bool:
        if c.meter is not None:
            r = self.meter_reach if ranges is None else ranges
            if c.meter not in r:
                return True
            lo, hi = r[c.meter]
            return (c.at_least is not None and lo < c.at_least) or (c.at_most is not None and hi > c.at_most)
        if c.flag is not None or c.chose is not None or c.visited is not None:
            return True  # every flag starts unset; a game can take another choice or another path
        if c.not_ is not None:
            return self.can_hold(c.not_, ranges)
        if c.all is not None:
            return any(self.can_fail(x, ranges) for x in c.all)
        return all(self.can_fail(x, ranges) for x in c.any or [])

    def _meter_overlaps(self, c: Condition, ranges: Ranges | None = None) -> bool:
        r = self.meter_reach if ranges is None else ranges
        if c.meter not in r:
            return True  # unknown meter: the reference check reports it
        lo, hi = r[c.meter]
        want_lo = c.at_least if c.at_least is not None else lo
        want_hi = c.at_most if c.at_most is not None else hi
        return max(lo, want_lo) <= min(hi, want_hi)

    def contradiction(self, c: Condition) -> str | None:
        """Parts of an `all:` that exclude each other: two meter ranges that do not meet, a flag set and not set."""
        ranges: dict[str, tuple[float, float]] = {}
        for x in c.all or []:
            if x.meter is not None:
                lo, hi = ranges.get(x.meter, (float("-inf"), float("inf")))
                lo = max(lo, x.at_least) if x.at_least is not None else lo
                hi = min(hi, x.at_most) if x.at_most is not None else hi
                if lo > hi:
                    return f"no value of {x.meter} meets every meter test in this all:"
                ranges[x.meter] = (lo, hi)
        positive = {x.flag for x in c.all or [] if x.flag is not None}
        negative = {x.not_.flag for x in c.all or [] if x.not_ is not None and x.not_.flag is not None}
        both = sorted(positive & negative)
        if both:
            return f"this all: asks for {both[0]} to be set and not set at once"
        return None

    def _refine(self, ranges: Ranges | None, c: Condition, positive: bool) -> Ranges | None:
        """The meter ranges of the games in which `c` holds (positive) or fails; None when there are none.

        Only meter tests narrow the ranges; anything else leaves them as they are (an over-approximation)."""
        r = self.meter_reach if ranges is None else ranges
        if c.meter is not None:
            if c.meter not in r:
                return r
            lo, hi = r[c.meter]
            if positive:
                lo = max(lo, c.at_least) if c.at_least is not None else lo
                hi = min(hi, c.at_most) if c.at_most is not None else hi
            elif c.at_least is not None and c.at_most is not None:
                # outside [at_least, at_most]: below it or above it
                below = (lo, min(hi, c.at_least - 1))
                above = (max(lo, c.at_most + 1), hi)
                parts = [p for p in (below, above) if p[0] <= p[1]]
                if not parts:
                    return None
                lo, hi = min(p[0] for p in parts), max(p[1] for p in parts)
            elif c.at_least is not None:
                hi = min(hi, c.at_least - 1)
            elif c.at_most is not None:
                lo = max(lo, c.at_most + 1)
            if lo > hi:
                return None
            return {**r, c.meter: (lo, hi)}
        if c.not_ is not None:
            return self._refine(r, c.not_, not positive)
        parts = c.all if c.all is not None else c.any
        if parts is None:
            return r  # flag, chose, visited: nothing known about the meters
        if (c.all is not None) == positive:  # every part holds (all:), or every part fails (not any:)
            out: Ranges | None = r
            for x in parts:
                out = self._refine(out, x, positive)
                if out is None:
                    return None
            return out
        found = [x for x in (self._refine(r, x, positive) for x in parts) if x is not None]  # one part is enough
        if not found:
            return None
        hull = found[0]
        for x in found[1:]:
            hull = _hull(hull, x)
        return hull

    # -- where a game can go

    def exit_fates(self, rnd: Round, ranges: Ranges | None = None) -> Iterator[tuple[int, Any, str, Ranges | None]]:
        """Each way out of a round, in order: (index, entry, fate, the meter ranges of the games that take it).

        fate: "open" (some game takes it); "never" (its if: can never hold here); "default" (an entry
        above it has no if:); "always" (an entry above it always holds); "covered" (the entries above
        it between them take every game that would take it)."""
        if ranges is None:
            ranges = self.at_next.get(rnd.id, self.meter_reach)
        left: Ranges | None = ranges  # the games that get this far down the list
        stop = ""  # why no game gets further down: "default", "always" or "covered"
        for i, nxt in enumerate(self.s.exits(rnd)):
            if left is None:
                yield i, nxt, stop, None
                continue
            if nxt.when is None:
                yield i, nxt, "open", left
                left, stop = None, "default"
                continue
            if not self.can_hold(nxt.when, ranges):
                yield i, nxt, "never", None
            else:
                taken = self._refine(left, nxt.when, True) if self.can_hold(nxt.when, left) else None
                yield i, nxt, ("open" if taken is not None else "covered"), taken
            if not self.can_fail(nxt.when, left):
                left = None  # always holds: nothing below it is ever taken
                stop = "always" if not self.can_fail(nxt.when, ranges) else "covered"
            else:
                left = self._refine(left, nxt.when, False)
                stop = "covered"

    def open_exits(self, rnd: Round) -> Iterator[tuple[int, Any]]:
        """(index, next entry) a game can really take out of this round, in order."""
        for i, nxt, fate, _ in self.exit_fates(rnd):
            if fate == "open":
                yield i, nxt

    def _clamp(self, m: str, v: int) -> int:
        lo, hi = self.meter_bounds[m]
        return lo if v < lo else hi if v > hi else v

    def _events(self, r: Ranges) -> Ranges:
        """The facilitator may fire an event now (or several, again and again)."""
        if not (self.event_ups or self.event_downs):
            return r
        out = dict(r)
        for m in self.event_ups:
            out[m] = (out[m][0], self.meter_bounds[m][1])
        for m in self.event_downs:
            out[m] = (self.meter_bounds[m][0], out[m][1])
        return out

    def _step(self, r: Ranges, options: list[dict[str, int]]) -> Ranges:
        """One of several changes applies (each meter stops at its min and max)."""
        out = dict(r)
        for m, (lo, hi) in r.items():
            deltas = [o.get(m, 0) for o in options]
            out[m] = (self._clamp(m, lo + min(deltas)), self._clamp(m, hi + max(deltas)))
        return out

    def _add_later(self, pend: dict[str, list[list[int]]], options: list[Any]) -> None:
        """Delayed effects of one of several choices (or of an outcome): the most each can add or take."""
        due: dict[tuple[str, int], list[tuple[int, int]]] = {}  # (meter, slot) -> (up, down) of each option
        for n, eff in enumerate(options):
            for x in eff.later:
                for m, d in x.meters.items():
                    if m in self.meter_bounds:
                        per = due.setdefault((m, x.after - 1), [(0, 0)] * len(options))
                        up, down = per[n]
                        per[n] = (up + max(0, d), down + max(0, -d))
        for (m, k), per in due.items():
            span = self.meter_bounds[m][1] - self.meter_bounds[m][0]
            slots = pend.setdefault(m, [[0, 0] for _ in range(LATER_SLOTS)])
            slots[k][0] = min(span, slots[k][0] + max(u for u, _ in per))
            slots[k][1] = min(span, slots[k][1] + max(d for _, d in per))

    def _through(self, rnd: Round, state: _State) -> tuple[Ranges, dict[int, Ranges], Ranges, dict[str, list[list[int]]]]:
        """One round: the meters when its choices are offered, when each outcome is tried, when next: is tried;
        and the delayed effects still to land after it."""
        r: Ranges = {m: (lo, hi) for m, lo, hi in state.ranges}
        pend = {m: [list(x) for x in slots] for m, slots in state.pending}
        # briefing: delayed effects due now land (or not, if their choice was not taken), events may fire
        for m, slots in list(pend.items()):
            up, down = slots[0]
            lo, hi = r[m]
            r[m] = (self._clamp(m, lo - down), self._clamp(m, hi + up))
            pend[m] = slots[1:] + [[0, 0]]
        r = self._events(r)
        choices_at = r
        # resolution: each role that has a legal choice takes one, in the game's role order
        for role in self._role_order:
            cs = rnd.choices.get(role) or []
            offered = [c for c in cs if c.requires is None or self.can_hold(c.requires, choices_at)]
            for c in offered:
                if c.id not in self.offered:
                    self.offered.add(c.id)
                self.flags_set.update(self._sets(c.effects))
            if not offered:
                continue
            options = [c.effects.meters for c in offered]
            if not any(c.requires is None or not self.can_fail(c.requires, choices_at) for c in cs):
                options.append({})  # the role may have no legal choice, and choose nothing
            r = self._step(r, options)
            self._add_later(pend, [c.effects for c in offered])
        r = self._events(r)
        # consequences: each outcome whose if: holds adds its effects
        outcome_at: dict[int, Ranges] = {}
        for oi, o in enumerate(rnd.outcomes):
            outcome_at[oi] = r
            if not self.can_hold(o.when, r):
                continue
            self.flags_set.update(self._sets(o.effects))
            changed = self._step(r, [o.effects.meters])
            r = _hull(changed, r) if self.can_fail(o.when, r) else changed
            self._add_later(pend, [o.effects])
        r = self._events(r)
        return choices_at, outcome_at, r, pend

    def _state(self, ranges: Ranges, pend: dict[str, list[list[int]]]) -> _State:
        return _State(
            tuple(sorted((m, lo, hi) for m, (lo, hi) in ranges.items())),
            tuple(sorted((m, tuple((u, d) for u, d in slots)) for m, slots in pend.items() if any(u or d for u, d in slots))),
        )

    def _join(self, old: _State | None, new: _State, widen: bool) -> _State:
        if old is None:
            return new
        a = {m: (lo, hi) for m, lo, hi in old.ranges}
        b = {m: (lo, hi) for m, lo, hi in new.ranges}
        ranges = _hull(a, b)
        pend = {m: [list(x) for x in slots] for m, slots in old.pending}
        for m, slots in new.pending:
            mine = pend.setdefault(m, [[0, 0] for _ in range(LATER_SLOTS)])
            for k, (u, d) in enumerate(slots):
                mine[k] = [max(mine[k][0], u), max(mine[k][1], d)]
        if widen:  # still growing after many passes (a loop): give the growing side its limit
            for m, (lo, hi) in ranges.items():
                blo, bhi = self.meter_bounds[m]
                ranges[m] = (blo if lo < a[m][0] else lo, bhi if hi > a[m][1] else hi)
            before = dict(old.pending)
            for m, slots in pend.items():
                span = self.meter_bounds[m][1] - self.meter_bounds[m][0]
                was = before.get(m, ((0, 0),) * LATER_SLOTS)
                pend[m] = [[span if u > was[k][0] else u, span if d > was[k][1] else d] for k, (u, d) in enumerate(slots)]
        return self._state(ranges, pend)

    def _propagate(self) -> None:
        """Follow the meters from the first round along every way a game can take (to a fixed point)."""
        s = self.s
        self.at_choices, self.at_outcome, self.at_next, self.at_end = {}, {}, {}, None
        first = s.rounds[0].id
        entry: dict[str, _State] = {first: self._state({m.id: (m.start, m.start) for m in s.meters}, {})}
        passes: dict[str, int] = {}
        todo = [first]
        while todo:
            rid = todo.pop(0)
            rnd = self._rounds[rid]
            choices_at, outcome_at, after, pend = self._through(rnd, entry[rid])
            self.at_choices[rid] = choices_at
            for oi, r in outcome_at.items():
                self.at_outcome[(rid, oi)] = r
            self.at_next[rid] = after
            for _, nxt, fate, taken in self.exit_fates(rnd, after):
                if fate != "open" or taken is None:
                    continue
                if nxt.end:
                    self.at_end = taken if self.at_end is None else _hull(self.at_end, taken)
                elif nxt.round in self._rounds:
                    passes[nxt.round] = passes.get(nxt.round, 0) + 1
                    old = entry.get(nxt.round)
                    new = self._join(old, self._state(taken, pend), widen=passes[nxt.round] > WIDEN_AFTER)
                    if new != old:
                        entry[nxt.round] = new
                        if nxt.round not in todo:
                            todo.append(nxt.round)
        self.reachable |= set(entry)

    def _fixpoint(self) -> None:
        start = dict(self.meter_reach)
        while True:
            before = (len(self.reachable), len(self.offered), len(self.flags_set))
            self._propagate()
            if (len(self.reachable), len(self.offered), len(self.flags_set)) == before:
                break
        # anywhere in any game: the hull of every point a condition can be tested at
        reach = start
        for r in [*self.at_choices.values(), *self.at_outcome.values(), *self.at_next.values(), *([self.at_end] if self.at_end else [])]:
            reach = _hull(reach, r)
        self.meter_reach = reach

    def ranges_at(self, path: PathT) -> tuple[Ranges, str | None]:
        """The meter ranges where the condition at `path` is tested, and that point in words (None: anywhere)."""
        s = self.s
        if path[:1] == ("rounds",) and len(path) > 2 and isinstance(path[1], int) and path[1] < len(s.rounds):
            rid = s.rounds[path[1]].id
            if path[2] == "choices" and rid in self.at_choices:
                return self.at_choices[rid], f"when round '{rid}' offers its choices"
            if path[2] == "outcomes" and (rid, path[3]) in self.at_outcome:
                return self.at_outcome[(rid, path[3])], f"when this outcome of round '{rid}' is tried"
            if path[2] == "next" and rid in self.at_next:
                return self.at_next[rid], f"at the end of round '{rid}'"
        elif path[:1] == ("events",) and len(path) > 1 and isinstance(path[1], int) and path[1] < len(s.events):
            rid = s.events[path[1]].round
            if rid is not None and rid in self.at_choices:
                return self.at_choices[rid], f"at the start of round '{rid}'"
        elif path[:1] in (("endings",), ("roles",)) and self.at_end is not None:
            return self.at_end, "at the end of the game"
        return self.meter_reach, None

    def can_end(self) -> set[str]:
        """Rounds from which some game reaches an ending."""
        s = self.s
        ends: set[str] = set()
        changed = True
        while changed:
            changed = False
            for rnd in s.rounds:
                if rnd.id in ends:
                    continue
                if any(nxt.end or nxt.round in ends for _, nxt in self.open_exits(rnd)):
                    ends.add(rnd.id)
                    changed = True
        return ends


# --------------------------------------------------------------------------- the checks


# Reference problems that change what a game can do: with one of them, the checks of where a game
# can go (reachable rounds, loops, conditions that never hold) would mostly report its consequences.
FLOW_BREAKING = ("E-REF-ROUND", "E-REF-METER", "E-REF-FLAG", "E-REF-CHOICE", "E-REF-ROLE", "E-DUPLICATE-ID")


def lint(s: Scenario, flow: bool = True) -> list[Finding]:
    """The semantic checks. flow=False (the scenario has wrong or duplicate ids): only the checks that
    do not follow the game from round to round (a condition beyond its meter's range, at_least above
    at_most, a change larger than a meter's range, a choice that changes nothing)."""
    a = Analysis(s)
    out: list[Finding] = []
    if flow:
        out += _rounds(a)
        out += _endings(a)
    out += _conditions(a, flow)
    out += _changes(a, flow)
    out += _choices(a, flow)
    if flow:
        out += _unused(a)
    return out


def _rounds(a: Analysis) -> list[Finding]:
    s, out = a.s, []
    index = {r.id: i for i, r in enumerate(s.rounds)}
    for i, rnd in enumerate(s.rounds):
        if rnd.id not in a.reachable:
            out.append(
                Finding(
                    ("rounds", i, "id"), "E-UNREACHABLE-ROUND",
                    f"no game can reach round '{rnd.id}': no next: entry that a game can take leads here",
                    f"add `- round: {rnd.id}` to the next: of an earlier round (or move the round to follow the one before it), or delete it",
                )
            )
        # entries that no game gets to: below one that always holds, or below entries that take every game
        for ni, nxt, fate, _ in a.exit_fates(rnd) if rnd.next else ():
            if fate in ("default", "always", "covered"):
                why = {
                    "default": "an entry above it has no if:, so it always wins",
                    "always": "an entry above it always holds",
                    "covered": "the entries above it take every game that could take it"
                    + ("" if nxt.when is None else f" ({_where_meters(a, rnd, nxt.when)})"),
                }[fate]
                if fate != "covered":
                    hint = "the first entry whose if: holds wins; put entries with if: first and the one without if: last"
                elif nxt.when is None:
                    why = "the entries above it between them take every game"
                    hint = "the last entry above it holds whenever a game gets to it: remove its if: and remove this entry"
                else:
                    hint = "the first entry whose if: holds wins; check the numbers in the if: of the entries above it"
                out.append(Finding(("rounds", i, "next", ni), "E-NEXT-NEVER-TAKEN", f"this next: entry is never taken: {why}", hint))
        # dates along the ways a game can go
        if rnd.id in a.reachable:
            for ni, nxt in a.open_exits(rnd):
                if nxt.round is not None and nxt.round in index:
                    target = s.rounds[index[nxt.round]]
                    if target.date < rnd.date:
                        out.append(
                            Finding(
                                ("rounds", index[nxt.round], "date"), "W-DATE-ORDER",
                                f"round '{target.id}' ({target.date}) comes after round '{rnd.id}' ({rnd.date}) but is dated before it",
                                "check the dates (YYYY-MM-DD), or the order of the rounds",
                            )
                        )
    # endless loops: reachable rounds from which no ending can be reached
    ends = a.can_end()
    stuck = {rid for rid in a.reachable if rid not in ends}
    if stuck:
        entries = set()
        if s.rounds[0].id in stuck:
            entries.add(s.rounds[0].id)
        for rid in a.reachable - stuck:
            for _, nxt in a.open_exits(s.rounds[index[rid]]):
                if nxt.round in stuck:
                    entries.add(nxt.round)
        for rid in sorted(entries, key=index.__getitem__):
            region, todo = [], [rid]  # the stuck rounds a game can wander through from here
            while todo:
                here = todo.pop()
                if here not in region:
                    region.append(here)
                    todo += [n.round for _, n in a.open_exits(s.rounds[index[here]]) if n.round in stuck]
            dead = [r for r in region if not list(a.open_exits(s.rounds[index[r]]))]
            why = (
                f"no next: entry of round '{dead[0]}' can ever be taken" if dead
                else "every way on leads back among " + ", ".join(sorted(region, key=index.__getitem__))
            )
            out.append(
                Finding(
                    ("rounds", index[rid], "id"), "E-LOOP", f"once a game reaches round '{rid}' it can never end: {why}",
                    "give one of these rounds a next: entry with `end: true` (or one leading to a round that ends)",
                )
            )
    return out


def _endings(a: Analysis) -> list[Finding]:
    s, out = a.s, []
    if not any(nxt.end for rid in a.reachable for _, nxt in a.open_exits(s.round(rid))):
        return out  # E-LOOP already says that no game ends
    for ei, ending in enumerate(s.endings):
        earlier = next((e for e in s.endings[:ei] if e.when is None or not a.can_fail(e.when, a.at_end)), None)
        if earlier is not None:
            out.append(
                Finding(
                    ("endings", ei, "id"), "E-UNREACHABLE-ENDING",
                    f"no game can end with '{ending.id}': the ending '{earlier.id}' above it "
                    + ("has no if:" if earlier.when is None else "always holds") + ", so it always wins",
                    "endings are tried from the top; put the ending without if: last",
                )
            )
    return out


_CONSEQUENCE = {
    "next": "so this way on is never taken",
    "endings": "so no game ends this way",
    "requires": "so this choice is never offered",
    "outcomes": "so these effects never apply",
    "events": "so this event never fires by itself",
    "objectives": "so this objective can never be met",
}


def _consequence(path: PathT) -> str:
    for part in reversed(path):
        if isinstance(part, str) and part in _CONSEQUENCE:
            return _CONSEQUENCE[part]
    return "so testing it makes no difference"


def _conditions(a: Analysis, flow: bool = True) -> list[Finding]:
    out: list[Finding] = []
    for top_path, top in _top_conditions(a.s):
        ranges, where = a.ranges_at(top_path)
        for path, cond, positive in _walk(top, top_path, True):
            out += _leaf(a, path, cond, positive, top_path, ranges, where, flow)
    return out


def _top_conditions(s: Scenario) -> Iterator[tuple[PathT, Condition]]:
    """Each condition tree once, at its root (scenario_conditions also yields every nested part)."""
    roots: list[PathT] = []
    for path, cond in scenario_conditions(s):
        if not any(path[: len(r)] == r for r in roots):
            roots.append(path)
            yield path, cond


def _walk(c: Condition, path: PathT, positive: bool) -> Iterator[tuple[PathT, Condition, bool]]:
    yield path, c, positive
    for key in ("all", "any"):
        for i, sub in enumerate(getattr(c, key) or []):
            yield from _walk(sub, path + (key, i), positive)
    if c.not_ is not None:
        yield from _walk(c.not_, path + ("not",), not positive)


def _leaf(
    a: Analysis, path: PathT, c: Condition, positive: bool, top: PathT,
    ranges: Ranges | None = None, where: str | None = None, flow: bool = True,
) -> list[Finding]:
    """One part of a condition: why it can never hold (or always holds), in the author's terms.

    `ranges` are the meters where the condition is tested (`where`, in words); flow=False: only the
    reasons that do not depend on the ways through the rounds."""
    why_never: str | None = None
    why_always: str | None = None
    hint = ""
    ranges = a.meter_reach if ranges is None else ranges
    if c.meter is not None and c.meter in a.meter_bounds:
        lo, hi = a.meter_bounds[c.meter]
        m = c.meter
        if c.at_least is not None and c.at_most is not None and c.at_least > c.at_most:
            why_never, hint = f"at_least ({c.at_least}) is above at_most ({c.at_most}): no value is both", "swap the two numbers"
        elif c.at_least is not None and c.at_least > hi:
            why_never, hint = f"{m} never reaches {c.at_least}: its max is {hi}", f"lower at_least to {hi} or less, or raise the meter's max"
        elif c.at_most is not None and c.at_most < lo:
            why_never, hint = f"{m} never falls to {c.at_most}: its min is {lo}", f"raise at_most to {lo} or more, or lower the meter's min"
        elif not flow:
            pass
        elif not a._meter_overlaps(c, ranges):
            why_never = _meter_range(a, m, ranges, where)
            hint = f"change the numbers, or give choices bigger effects on {m}"
            if where is not None and a._meter_overlaps(c):
                hint = f"change the numbers, or give the choices before this point bigger effects on {m}"
        elif not a.can_fail(c, ranges):
            why_always = _meter_range(a, m, ranges, where)
            hint = "remove the test, or change the numbers"
    elif not flow:
        if c.all is not None and a.contradiction(c) is not None:
            why_never, hint = a.contradiction(c), "change the numbers, or use any: if either may hold"
    elif c.flag is not None and c.flag not in a.flags_set and c.flag in {f.id for f in a.s.flags}:
        setters = a.flag_setters.get(c.flag, [])
        if setters:
            why_never = f"the flag '{c.flag}' is set only by {', '.join(setters)}, which no game can reach"
            hint = "fix the way to what sets it (its round, or its requires: or if:) first"
        else:
            why_never = f"no effect ever sets the flag '{c.flag}'"
            hint = f"add `set: [{c.flag}]` to the effects of a choice, outcome or event"
    elif c.chose is not None and c.chose in a.choice_round and c.chose not in a.offered:
        rnd = a.choice_round[c.chose]
        reason = f"its round '{rnd.id}' cannot be reached" if rnd.id not in a.reachable else "its requires: can never hold"
        why_never, hint = f"the choice '{c.chose}' is never offered: {reason}", "fix the round or the requires: first"
    elif c.visited is not None and c.visited in {r.id for r in a.s.rounds} and c.visited not in a.reachable:
        why_never, hint = f"no game can reach round '{c.visited}'", "fix the way into that round first"
    elif c.all is not None:
        clash = a.contradiction(c)
        if clash is not None:
            why_never, hint = clash, "change the numbers, or use any: if either may hold"
        elif all(a.can_hold(x, ranges) for x in c.all) and a._refine(ranges, c, True) is None:
            why_never = "its parts can each hold, but never all at once" + (f" {where}" if where else "")
            hint = "change the numbers, or use any: if either may hold"
    if why_never is None and why_always is None:
        return []
    if why_never is not None and not positive:
        why_always, why_never = why_never, None
        message = f"{why_always}, so the not: around it always holds"
    elif why_always is not None and not positive:
        why_never, why_always = why_always, None
        message = f"{why_never}, so the not: around it never holds"
    else:
        message = why_never or why_always or ""
    if why_never is not None:
        return [Finding(path, "E-NEVER-TRUE", f"this condition can never hold: {message}, {_consequence(top)}", hint)]
    return [Finding(path, "W-ALWAYS-TRUE", f"this condition always holds: {message}", hint or "remove the test")]


def _meter_range(a: Analysis, m: str, ranges: Ranges | None = None, where: str | None = None) -> str:
    start = a.s.meter(m).start
    rlo, rhi = (a.meter_reach if ranges is None else ranges)[m]
    if m not in a.ups and m not in a.downs:
        return f"{m} never changes in any game: it stays at {start}"
    if where is None:
        if rlo == rhi:
            return f"{m} never changes in any game: it stays at {start}"
        return f"in any game {m} stays between {rlo} and {rhi} (it starts at {start}; the choices, outcomes and events a game can reach move it no further)"
    if rlo == rhi:
        return f"{where}, {m} is always {rlo} (it starts at {start}; the choices, outcomes and events before this point move it no further)"
    return (
        f"{where}, {m} stays between {rlo} and {rhi} in any game "
        f"(it starts at {start}; the choices, outcomes and events before this point move it no further)"
    )


def _where_meters(a: Analysis, rnd: Round, cond: Condition) -> str:
    """The meter ranges that a next: entry's if: tests, at the end of its round, in words."""
    ranges = a.at_next.get(rnd.id, a.meter_reach)
    meters = sorted({c.meter for _, c in walk_conditions(cond, ()) if c.meter is not None and c.meter in ranges})
    if not meters:
        return f"at the end of round '{rnd.id}'"
    parts = [f"{m} {ranges[m][0]}" if ranges[m][0] == ranges[m][1] else f"{m} {ranges[m][0]} to {ranges[m][1]}" for m in meters]
    return f"at the end of round '{rnd.id}' a game has {', '.join(parts)}"


def _changes(a: Analysis, flow: bool = True) -> list[Finding]:
    out = []
    for path, change in scenario_changes(a.s):
        for m, delta in change.meters.items():
            if m in a.meter_bounds:
                lo, hi = a.meter_bounds[m]
                if abs(delta) > hi - lo:
                    out.append(
                        Finding(
                            path + ("meters", m), "W-METER-JUMP",
                            f"a change of {delta:+d} is larger than the whole range of {m} ({lo} to {hi})",
                            f"use a change between {-(hi - lo)} and {hi - lo}; the meter stops at its min or max anyway",
                        )
                    )
    for i, m in enumerate(a.s.meters):
        if flow and m.id not in a.ups and m.id not in a.downs:
            out.append(
                Finding(
                    ("meters", i, "id"), "W-METER-STATIC", f"no effect ever changes the meter '{m.id}': it stays at {m.start}",
                    f"add `meters: {{{m.id}: 5}}` (or -5) to some choice's effects, or remove the meter",
                )
            )
    return out


def _choices(a: Analysis, flow: bool = True) -> list[Finding]:
    s, out = a.s, []
    tested = {c.chose for _, c in scenario_conditions(s) if c.chose is not None}
    for ri, rnd in enumerate(s.rounds):
        for role_id, cs in rnd.choices.items():
            for ci, c in enumerate(cs):
                if c.effects.is_empty() and c.id not in tested:
                    out.append(
                        Finding(
                            ("rounds", ri, "choices", role_id, ci, "id"), "W-CHOICE-NO-EFFECT",
                            f"the choice '{c.id}' changes nothing and no condition tests it",
                            "add effects: (e.g. `meters: {trust: 5}`), or test it with `chose:` in an outcome or next: entry",
                        )
                    )
    with_choices = {role for rnd in s.rounds for role, cs in rnd.choices.items() if cs}
    for ri, role in enumerate(s.roles):
        if flow and role.playable and role.id not in with_choices:
            out.append(
                Finding(
                    ("roles", ri, "id"), "W-ROLE-NO-CHOICES", f"the role '{role.id}' has no choices in any round: its player can only watch",
                    f"add choices under `{role.id}:` in a round's choices:, or write `playable: false`",
                )
            )
    return out


def _unused(a: Analysis) -> list[Finding]:
    s = a.s
    used = set(a.flags_set)
    for _, cond in scenario_conditions(s):
        for _, c in walk_conditions(cond, ()):
            if c.flag is not None:
                used.add(c.flag)
    for _, change in scenario_changes(s):
        used.update(change.clear)
    for actor in s.actors:
        used.update(actor.red_lines)
    return [
        Finding(
            ("flags", i, "id"), "W-UNUSED-FLAG", f"the flag '{f.id}' is never set and never tested",
            f"set it in some effects (`set: [{f.id}]`) and test it in a condition (`{{flag: {f.id}}}`), or remove it",
        )
        for i, f in enumerate(s.flags)
        if f.id not in used
    ]
