"""Semantic checks: a scenario that loads can still be wrong in ways only its author would notice.

The loader has made sure the file is valid YAML, fits the format and that every id
it mentions exists. These checks look at what the scenario *does*:

- which rounds a game can reach from the first, and whether every reachable round
  can still lead to an ending (no endless loops);
- conditions that can never hold (a meter asked to reach 120 when its max is 100,
  a flag that no effect ever sets, a choice that is never offered...) or that always
  hold, `next` entries and endings that can never be taken;
- meter changes larger than the meter's whole range, choices that change nothing,
  rounds whose dates run backwards, declared things nobody uses.

The analysis is conservative: "never" is reported only when it is certain from the
file alone (it over-approximates what a game can do, never under-approximates).
Every finding is a located `Problem`; E-… codes are errors, W-… codes warnings.
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
    "E-NEXT-NEVER-TAKEN": "A next: entry below one that always holds: the game never gets to it.",
    "E-NEVER-TRUE": "A condition that can never hold: a meter value beyond its range, or further than the choices "
    "along any path can move it; at_least above at_most; a flag that nothing a game can reach sets; a choice "
    "never offered; a round never reached.",
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
    findings = lint(scenario)
    if sources_dir is not None:
        findings += [Finding(path, code, message, hint) for path, code, message, hint in check_quotes(scenario, sources_dir)]
        findings += _passages(scenario, sources_dir)
    problems = problems + [f.problem(shown, located) for f in findings]
    problems = sorted(_dedupe(problems), key=lambda p: (p.line, p.col, p.severity != "error"))
    return Report(shown, text, problems, scenario)


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


@dataclass
class Analysis:
    """An over-approximation of every game the scenario allows.

    Starting from the first round it finds, until nothing more changes: the rounds a
    game can reach (through `next:` entries whose condition can hold), the choices
    it can offer, the flags its effects can set and the range each meter can span.
    A meter's range is its start plus the most that the reachable choices, outcomes
    and events can add or take away along any path (each role makes one choice per
    round; a loop, or an event the facilitator can fire again and again, means no
    limit but the meter's own min and max).
    """

    s: Scenario
    meter_bounds: dict[str, tuple[int, int]] = field(default_factory=dict)  # declared min, max
    meter_reach: dict[str, tuple[int, int]] = field(default_factory=dict)  # lowest, highest value a game can see
    flags_set: set[str] = field(default_factory=set)  # flags some reachable effect sets
    flag_setters: dict[str, list[str]] = field(default_factory=dict)  # flag -> where any effect sets it
    reachable: set[str] = field(default_factory=set)  # round ids
    offered: set[str] = field(default_factory=set)  # choice ids some game can offer
    choice_round: dict[str, Round] = field(default_factory=dict)

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
        # Events can be fired by the facilitator at any time, in any round.
        for e in s.events:
            self.flags_set.update(e.effects.set)
        self._fixpoint()

    @staticmethod
    def _sets(eff: Any) -> list[str]:
        return list(eff.set) + [f for later in getattr(eff, "later", []) for f in later.set]

    # -- can a condition hold / fail in some game? (both only grow as more rounds become reachable)

    def can_hold(self, c: Condition) -> bool:
        if c.meter is not None:
            return self._meter_overlaps(c)
        if c.flag is not None:
            return c.flag in self.flags_set
        if c.chose is not None:
            return c.chose in self.offered
        if c.visited is not None:
            return c.visited in self.reachable
        if c.not_ is not None:
            return self.can_fail(c.not_)
        if c.all is not None:
            return all(self.can_hold(x) for x in c.all) and self.contradiction(c) is None
        return any(self.can_hold(x) for x in c.any or [])

    def can_fail(self, c: Condition) -> bool:
        if c.meter is not None:
            if c.meter not in self.meter_reach:
                return True
            lo, hi = self.meter_reach[c.meter]
            return (c.at_least is not None and lo < c.at_least) or (c.at_most is not None and hi > c.at_most)
        if c.flag is not None or c.chose is not None or c.visited is not None:
            return True  # every flag starts unset; a game can take another choice or another path
        if c.not_ is not None:
            return self.can_hold(c.not_)
        if c.all is not None:
            return any(self.can_fail(x) for x in c.all)
        return all(self.can_fail(x) for x in c.any or [])

    def _meter_overlaps(self, c: Condition) -> bool:
        if c.meter not in self.meter_reach:
            return True  # unknown meter: the reference check reports it
        lo, hi = self.meter_reach[c.meter]
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

    # -- where a game can go

    def open_exits(self, rnd: Round) -> Iterator[tuple[int, Any]]:
        """(index, next entry) a game can really take out of this round, in order."""
        for i, nxt in enumerate(self.s.exits(rnd)):
            if nxt.when is None:
                yield i, nxt
                return
            if self.can_hold(nxt.when):
                yield i, nxt
            if not self.can_fail(nxt.when):
                return  # always holds: nothing below it is ever taken

    def _fixpoint(self) -> None:
        s = self.s
        rounds = {r.id: r for r in s.rounds}
        while True:
            before = (len(self.reachable), len(self.offered), len(self.flags_set), dict(self.meter_reach))
            todo = [s.rounds[0].id]
            seen: set[str] = set()
            while todo:
                rid = todo.pop()
                if rid in seen or rid not in rounds:
                    continue
                seen.add(rid)
                for _, nxt in self.open_exits(rounds[rid]):
                    if nxt.round is not None:
                        todo.append(nxt.round)
            self.reachable |= seen
            for rid in self.reachable:
                rnd = rounds[rid]
                for cs in rnd.choices.values():
                    for c in cs:
                        if c.id not in self.offered and (c.requires is None or self.can_hold(c.requires)):
                            self.offered.add(c.id)
                        if c.id in self.offered:
                            self.flags_set.update(self._sets(c.effects))
                for o in rnd.outcomes:
                    if self.can_hold(o.when):
                        self.flags_set.update(self._sets(o.effects))
            for m in s.meters:
                lo, hi = self.meter_bounds[m.id]
                up, down = self._swing(m.id, +1), self._swing(m.id, -1)
                self.meter_reach[m.id] = (
                    lo if down is None else max(lo, m.start - down),
                    hi if up is None else min(hi, m.start + up),
                )
            if (len(self.reachable), len(self.offered), len(self.flags_set), self.meter_reach) == before:
                return

    def _swing(self, meter: str, sign: int) -> int | None:
        """The most a game can move `meter` in one direction (None: no limit but the meter's own)."""
        if any(sign * e.effects.meters.get(meter, 0) > 0 for e in self.s.events):
            return None  # the facilitator can fire an event again and again
        rounds = {r.id: r for r in self.s.rounds}
        edges = {rid: [n.round for _, n in self.open_exits(rounds[rid]) if n.round in self.reachable] for rid in self.reachable}
        # longest path through the reachable rounds (Kahn's order; a loop means no limit)
        incoming = {rid: 0 for rid in edges}
        for targets in edges.values():
            for t in targets:
                incoming[t] += 1
        order = [rid for rid, n in incoming.items() if n == 0]
        for rid in order:
            for t in edges[rid]:
                incoming[t] -= 1
                if incoming[t] == 0:
                    order.append(t)
        if len(order) < len(edges):
            return None
        best: dict[str, int] = {}
        for rid in reversed(order):
            after = max((best[t] for t in edges[rid]), default=0)
            best[rid] = self._round_swing(rounds[rid], meter, sign) + after
        return best.get(self.s.rounds[0].id, 0)

    def _round_swing(self, rnd: Round, meter: str, sign: int) -> int:
        def push(eff: Any) -> int:
            total = max(0, sign * eff.meters.get(meter, 0))
            return total + sum(max(0, sign * later.meters.get(meter, 0)) for later in getattr(eff, "later", []))

        total = 0
        for cs in rnd.choices.values():  # each role makes one choice a round
            total += max((push(c.effects) for c in cs if c.id in self.offered), default=0)
        total += sum(push(o.effects) for o in rnd.outcomes if self.can_hold(o.when))
        return total

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


def lint(s: Scenario) -> list[Finding]:
    a = Analysis(s)
    out: list[Finding] = []
    out += _rounds(a)
    out += _endings(a)
    out += _conditions(a)
    out += _changes(a)
    out += _choices(a)
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
        # entries below one that always holds
        for ni in range(1, len(rnd.next)):
            above = next((p for p in rnd.next[:ni] if p.when is None or not a.can_fail(p.when)), None)
            if above is not None:
                out.append(
                    Finding(
                        ("rounds", i, "next", ni), "E-NEXT-NEVER-TAKEN",
                        "this next: entry is never taken: an entry above it "
                        + ("has no if:, so it always wins" if above.when is None else "always holds"),
                        "the first entry whose if: holds wins; put entries with if: first and the one without if: last",
                    )
                )
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
        earlier = next((e for e in s.endings[:ei] if e.when is None or not a.can_fail(e.when)), None)
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


def _conditions(a: Analysis) -> list[Finding]:
    out: list[Finding] = []
    for top_path, top in _top_conditions(a.s):
        for path, cond, positive in _walk(top, top_path, True):
            out += _leaf(a, path, cond, positive, top_path)
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


def _leaf(a: Analysis, path: PathT, c: Condition, positive: bool, top: PathT) -> list[Finding]:
    """One part of a condition: why it can never hold (or always holds), in the author's terms."""
    why_never: str | None = None
    why_always: str | None = None
    hint = ""
    if c.meter is not None and c.meter in a.meter_bounds:
        lo, hi = a.meter_bounds[c.meter]
        rlo, rhi = a.meter_reach[c.meter]
        m = c.meter
        if c.at_least is not None and c.at_most is not None and c.at_least > c.at_most:
            why_never, hint = f"at_least ({c.at_least}) is above at_most ({c.at_most}): no value is both", "swap the two numbers"
        elif c.at_least is not None and c.at_least > hi:
            why_never, hint = f"{m} never reaches {c.at_least}: its max is {hi}", f"lower at_least to {hi} or less, or raise the meter's max"
        elif c.at_most is not None and c.at_most < lo:
            why_never, hint = f"{m} never falls to {c.at_most}: its min is {lo}", f"raise at_most to {lo} or more, or lower the meter's min"
        elif not a._meter_overlaps(c):
            why_never = _meter_range(a, m)
            hint = f"change the numbers, or give choices bigger effects on {m}"
        elif not a.can_fail(c):
            why_always = _meter_range(a, m)
            hint = "remove the test, or change the numbers"
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


def _meter_range(a: Analysis, m: str) -> str:
    start = a.s.meter(m).start
    rlo, rhi = a.meter_reach[m]
    if rlo == rhi:
        return f"{m} never changes in any game: it stays at {start}"
    return f"in any game {m} stays between {rlo} and {rhi} (it starts at {start}; the choices, outcomes and events a game can reach move it no further)"


def _changes(a: Analysis) -> list[Finding]:
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
        if m.id not in a.ups and m.id not in a.downs:
            out.append(
                Finding(
                    ("meters", i, "id"), "W-METER-STATIC", f"no effect ever changes the meter '{m.id}': it stays at {m.start}",
                    f"add `meters: {{{m.id}: 5}}` (or -5) to some choice's effects, or remove the meter",
                )
            )
    return out


def _choices(a: Analysis) -> list[Finding]:
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
        if role.playable and role.id not in with_choices:
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
