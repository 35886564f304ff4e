"""One game of a scenario, run by a `transitions` state machine.

Each round passes through four phases:

    briefing → decisions → resolution → consequences → (next round's briefing | ending)

- briefing: delayed effects of earlier choices land, inject events fire.
- decisions: every human role submits a sealed choice.
- resolution: computer roles choose, all choices are revealed together, their effects apply.
- consequences: combination outcomes apply; conditions then pick the next round or the ending.

The game is a pure function of (scenario, settings, intents): every public method
that changes the game appends an intent to `self.intents`, and replaying those
intents on a fresh game reproduces it exactly. Saves store the intents.

Speed: everything that depends only on the scenario (lookups, compiled conditions,
the machine's State and Transition objects) is built once per scenario in a
`Compiled` and shared by all its games. Each game still gets its own `transitions`
Machine, with the game as its model; the shared callbacks receive the event
(`send_event=True`) and act on `event.model`, so they never hold on to one game.
"""

from __future__ import annotations

import random
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from transitions import Machine, State, Transition

from game.scenario.models import Change, Choice, Condition, Ending, Event, Round, Scenario

from .conditions import holds
from .policies import Policy, policy_named
from .state import Decision, News, Pending, RoundRecord

PHASES = ("briefing", "decisions", "resolution", "consequences")


class IllegalMove(Exception):
    """A player's intent that the rules do not allow now (the UI shows the message)."""


@dataclass(frozen=True)
class Settings:
    humans: tuple[str, ...] = ()  # role ids played by people, in seat order
    seed: int = 0
    policy: str = "historical"  # how computer roles choose: random, historical, adaptive
    start: str | None = None  # round id to start at (authors' quick testing); None = first round
    firmness: float = 1.0  # how strongly computer actors hold their red lines (difficulty)

    def to_json(self) -> dict[str, Any]:
        return {"humans": list(self.humans), "seed": self.seed, "policy": self.policy, "start": self.start, "firmness": self.firmness}


# --------------------------------------------------------------------------- per-scenario precomputation

Test = Callable[["Game"], bool]


def compile_condition(cond: Condition) -> Test:
    """A condition as a closure over the game: the same answers as `conditions.holds`, without the dispatch."""
    if cond.meter is not None:
        meter = cond.meter
        lo = cond.at_least if cond.at_least is not None else float("-inf")
        hi = cond.at_most if cond.at_most is not None else float("inf")
        return lambda g: lo <= g.meters[meter] <= hi
    if cond.flag is not None:
        flag = cond.flag
        return lambda g: flag in g.flags
    if cond.chose is not None:
        chose = cond.chose
        return lambda g: chose in g.chosen
    if cond.visited is not None:
        visited = cond.visited
        return lambda g: visited in g.visited
    if cond.all is not None:
        parts = tuple(compile_condition(c) for c in cond.all)
        if len(parts) == 2:
            a, b = parts
            return lambda g: a(g) and b(g)
        return lambda g: all(p(g) for p in parts)
    if cond.any is not None:
        parts = tuple(compile_condition(c) for c in cond.any)
        return lambda g: any(p(g) for p in parts)
    assert cond.not_ is not None  # the model guarantees exactly one kind
    inner = compile_condition(cond.not_)
    return lambda g: not inner(g)


class _State(State):
    """A `transitions` State whose name is a plain attribute.

    The stock `name` is a property that checks for Enum names on every read, and a
    trigger reads it several times; our states are always named by strings."""

    name = None  # a plain class attribute: the instance's own `name` (set below) wins over it

    def __init__(self, name: str, **kwargs: Any) -> None:
        super().__init__(name, **kwargs)
        self.name = name


class _GameMachine(Machine):
    """A `transitions` Machine for one game, with two shortcuts that change nothing it does:

    - it does not give the model an `is_<state>` convenience method per state (the game has
      `phase`/`round`, and state names contain ':'): with dozens of states that was most of
      the cost of building a game;
    - `get_state` looks a state name up directly (the stock one first checks for Enum
      members, on every one of the several look-ups a trigger makes); anything else takes
      the stock path, errors included.
    """

    state_cls = _State

    def _add_model_to_state(self, state: State, model: Any) -> None:
        return None

    def get_state(self, state: Any) -> State:
        found = self.states.get(state) if type(state) is str else None
        return found if found is not None else super().get_state(state)


class Compiled:
    """What every game of one scenario shares. Built once per scenario object (see `compiled`).

    It holds parts of the scenario (rounds, choices, conditions), never the scenario
    itself, so a scenario nobody uses any more is freed together with its Compiled.
    """

    def __init__(self, s: Scenario) -> None:
        self.bounds: dict[str, tuple[int, int]] = {m.id: (m.min, m.max) for m in s.meters}
        self.meter_start: dict[str, int] = {m.id: m.start for m in s.meters}
        self.stance_start: dict[str, str] = {a.id: a.stance for a in s.actors}
        self.playable: tuple[str, ...] = tuple(r.id for r in s.roles if r.playable)
        self.round_ids: tuple[str, ...] = tuple(r.id for r in s.rounds)
        self.rounds: dict[str, Round] = {r.id: r for r in s.rounds}
        actors = {a.id: a for a in s.actors}
        self.role_actor = {r.id: actors.get(r.actor) for r in s.roles}
        self.role_name = {rid: (a.name if a is not None else rid) for rid, a in self.role_actor.items()}
        self.objectives = {r.id: tuple(r.objectives) for r in s.roles}
        self.choice: dict[str, Choice] = {c.id: c for r in s.rounds for cs in r.choices.values() for c in cs}
        self.cache: dict[str, Any] = {}  # room for other per-scenario precomputation (policies use it)

        # Conditions, compiled once; looked up by the identity of the Condition object.
        self._tests: dict[int, tuple[Condition, Test]] = {}
        # Where each machine state stands: phase and round.
        self.phase_of: dict[str, str] = {"setup": "setup"}
        self.round_of: dict[str, Round | None] = {"setup": None}
        self.acting: dict[str, tuple[str, ...]] = {}
        self.options: dict[str, dict[str, tuple[tuple[Choice, Test | None], ...]]] = {}
        self.events_at: dict[str, tuple[Event, ...]] = {}
        for rnd in s.rounds:
            for p in PHASES:
                self.phase_of[f"{rnd.id}:{p}"] = p
                self.round_of[f"{rnd.id}:{p}"] = rnd
            self.acting[rnd.id] = tuple(r.id for r in s.roles if rnd.choices.get(r.id))
            self.options[rnd.id] = {
                role: tuple((c, self.test(c.requires) if c.requires is not None else None) for c in cs)
                for role, cs in rnd.choices.items()
            }
            self.events_at[rnd.id] = tuple(e for e in s.events if e.round == rnd.id)
            for outcome in rnd.outcomes:
                self.test(outcome.when)
        for event in s.events:
            if event.when is not None:
                self.test(event.when)
        for role in s.roles:
            for objective in role.objectives:
                self.test(objective.met_if)
        for ending in s.endings:
            self.phase_of[f"ending:{ending.id}"] = "ended"
            self.round_of[f"ending:{ending.id}"] = None

        # The machine's states, shared by every game's Machine. Callbacks get the event and act on its model.
        states = [_State("setup")]
        for rnd in s.rounds:
            states += [
                _State(f"{rnd.id}:briefing", on_enter=[_calls("_enter_briefing", rnd)]),
                _State(f"{rnd.id}:decisions"),
                _State(f"{rnd.id}:resolution", on_enter=[_calls("_enter_resolution", rnd)]),
                _State(f"{rnd.id}:consequences", on_enter=[_calls("_enter_consequences", rnd)]),
            ]
        for ending in s.endings:
            states.append(_State(f"ending:{ending.id}", on_enter=[_calls("_enter_ending", ending)], final=True))
        self.states: tuple[State, ...] = tuple(states)

        # Transitions, as (trigger, [Transition]) in the order they are tried; `start` depends on the start round.
        all_decided = _asks("_all_decided")
        table: list[tuple[str, Transition]] = []
        for rnd in s.rounds:
            b, d, r, c = (f"{rnd.id}:{p}" for p in PHASES)
            table += [
                ("open_floor", Transition(b, d)),
                ("reveal", Transition(d, r, conditions=[all_decided])),
                ("conclude", Transition(r, c)),
            ]
            # Branching: the first `next` entry whose condition holds wins; `end` hands over to the endings.
            for nxt in s.exits(rnd):
                guard = self.test(nxt.when) if nxt.when is not None else None
                if nxt.round is not None:
                    table.append(("advance", Transition(c, f"{nxt.round}:briefing", conditions=_event_tests(guard))))
                else:
                    for ending in s.endings:
                        cond = self.test(ending.when) if ending.when is not None else None
                        table.append(("advance", Transition(c, f"ending:{ending.id}", conditions=_event_tests(guard, cond))))
        self._table = table
        self._starts: dict[str, Transition] = {}

    def test(self, cond: Condition) -> Test:
        entry = self._tests.get(id(cond))
        if entry is None or entry[0] is not cond:
            entry = (cond, compile_condition(cond))
            self._tests[id(cond)] = entry
        return entry[1]

    def known_test(self, cond: Condition) -> Test | None:
        entry = self._tests.get(id(cond))
        return entry[1] if entry is not None and entry[0] is cond else None

    def transitions(self, first: str) -> list[tuple[str, Transition]]:
        start = self._starts.get(first)
        if start is None:
            start = self._starts[first] = Transition("setup", f"{first}:briefing")
        return [("start", start), *self._table]


def _calls(method: str, arg: Any) -> Callable[[Any], None]:
    def callback(event: Any) -> None:
        getattr(event.model, method)(arg)

    return callback


def _asks(method: str) -> Callable[[Any], bool]:
    return lambda event: getattr(event.model, method)()


def _event_tests(*tests: Test | None) -> list[Callable[[Any], bool]]:
    return [(lambda event, t=t: t(event.model)) for t in tests if t is not None]


_COMPILED: dict[int, Compiled] = {}


def compiled(scenario: Scenario) -> Compiled:
    """The shared precomputation for a scenario object (built on first use, dropped with the scenario)."""
    c = _COMPILED.get(id(scenario))
    if c is None:
        c = _COMPILED[id(scenario)] = Compiled(scenario)
        weakref.finalize(scenario, _COMPILED.pop, id(scenario), None)
    return c


# --------------------------------------------------------------------------- the game


@dataclass(eq=False)  # identity, not field equality: the Machine keeps the game as its model
class Game:
    scenario: Scenario
    settings: Settings = field(default_factory=Settings)

    def __post_init__(self) -> None:
        s = self.scenario
        c = self._c = compiled(s)
        for role in self.settings.humans:
            if role not in c.playable:
                raise IllegalMove(f"'{role}' is not a playable role here; roles: {', '.join(c.playable)}")
        if self.settings.start is not None and self.settings.start not in c.rounds:
            raise IllegalMove(f"there is no round '{self.settings.start}'; rounds: {', '.join(c.round_ids)}")
        self.policy: Policy = policy_named(self.settings.policy)
        self.meters: dict[str, int] = dict(c.meter_start)
        self._bounds = c.bounds
        self.flags: set[str] = set()
        self.stances: dict[str, str] = dict(c.stance_start)
        self.chosen: set[str] = set()
        self.visited: list[str] = []
        self.history: list[RoundRecord] = []
        self.pending: list[Pending] = []
        self.fired: set[str] = set()
        self.sealed: dict[str, str] = {}  # role -> choice id, hidden until the reveal
        self.ending: Ending | None = None
        self.intents: list[dict[str, Any]] = []
        self._rng: random.Random | None = None  # the computer actors' dice, made on first use
        self._build_machine()

    # ------------------------------------------------------------------ the machine

    def _build_machine(self) -> None:
        c = self._c
        # The game object is the model; callbacks are callables (shared, acting on event.model), never strings.
        machine = _GameMachine(
            model=None,
            states=list(c.states),
            initial="setup",
            auto_transitions=False,
            ignore_invalid_triggers=False,
            send_event=True,
            model_attribute="state",
        )
        for trigger, transition in c.transitions(self.settings.start or c.round_ids[0]):
            event = machine.events.get(trigger)
            if event is None:
                event = machine.events[trigger] = machine.event_cls(trigger, machine)
            event.add_transition(transition)
        machine.add_model(self)
        self.machine = machine

    def check(self, cond: Any) -> bool:
        """Whether a scenario condition holds now (used for objectives and choice availability)."""
        if cond is None:
            return True
        test = self._c.known_test(cond)
        if test is not None:
            return test(self)
        return holds(cond, self.meters, self.flags, self.chosen, self.visited)

    # ------------------------------------------------------------------ what the front ends read

    @property
    def phase(self) -> str:
        return self._c.phase_of[self.state]

    @property
    def round(self) -> Round | None:
        return self._c.round_of[self.state]

    @property
    def record(self) -> RoundRecord | None:
        return self.history[-1] if self.history else None

    @property
    def round_number(self) -> int:
        return len(self.history)

    @property
    def ended(self) -> bool:
        return self._c.phase_of[self.state] == "ended"

    def is_human(self, role: str) -> bool:
        return role in self.settings.humans

    def acting_roles(self, rnd: Round | None = None) -> list[str]:
        """Roles that choose in this round, in the scenario's role order."""
        rnd = rnd or self.round
        if rnd is None:
            return []
        acting = self._c.acting.get(rnd.id)
        if acting is None or self._c.rounds.get(rnd.id) is not rnd:  # a round from elsewhere
            return [r.id for r in self.scenario.roles if rnd.choices.get(r.id)]
        return list(acting)

    def legal_choices(self, role: str) -> list[Choice]:
        rnd = self._c.round_of[self.state]
        if rnd is None:
            return []
        return [c for c, test in self._c.options[rnd.id].get(role, ()) if test is None or test(self)]

    def awaiting(self) -> list[str]:
        """Human roles that still have to decide this round (in seat order)."""
        if not self.settings.humans or self.phase != "decisions":
            return []
        acting = self._c.acting[self.round.id]  # type: ignore[union-attr]
        return [r for r in self.settings.humans if r in acting and r not in self.sealed and self.legal_choices(r)]

    def objectives_met(self, role: str) -> list[tuple[str, bool]]:
        return [(o.text, self.check(o.met_if)) for o in self.scenario.role(role).objectives]

    def meter_series(self) -> dict[str, list[int]]:
        """Each meter's value at the start and after every round: what the ending chart draws."""
        series: dict[str, list[int]] = {m.id: [] for m in self.scenario.meters}
        for i, rec in enumerate(self.history):
            for m in series:
                if i == 0:
                    series[m].append(rec.meters_before[m])
                series[m].append(rec.meters_after.get(m, self.meters[m]))
        return series

    # ------------------------------------------------------------------ player intents

    def begin(self) -> None:
        """The explicit start trigger: on_enter does not fire for an initial state, so setup is its own state."""
        self._intent({"do": "start"})
        self.start()  # type: ignore[attr-defined]  # added by the Machine

    def open_decisions(self) -> None:
        self._require_phase("briefing")
        self._intent({"do": "open"})
        self.open_floor()  # type: ignore[attr-defined]

    def decide(self, role: str, choice_id: str) -> None:
        """Seal one human role's choice. Nobody sees it until the reveal."""
        self._require_phase("decisions")
        if role not in self.settings.humans:
            raise IllegalMove(f"'{role}' is not played by a person in this game")
        if role in self.sealed:
            raise IllegalMove(f"{self._role_name(role)} has already decided this round")
        if not any(c.id == choice_id for c in self.legal_choices(role)):
            raise IllegalMove(f"'{choice_id}' is not one of {self._role_name(role)}'s choices now")
        self._intent({"do": "decide", "role": role, "choice": choice_id})
        self.sealed[role] = choice_id

    def resolve(self) -> None:
        """Reveal every sealed choice together (computer roles choose now)."""
        self._require_phase("decisions")
        waiting = self.awaiting()
        if waiting:
            raise IllegalMove("still waiting for: " + ", ".join(self._role_name(r) for r in waiting))
        self._intent({"do": "reveal"})
        self.reveal()  # type: ignore[attr-defined]

    def finish_round(self) -> None:
        self._require_phase("resolution")
        self._intent({"do": "conclude"})
        self.conclude()  # type: ignore[attr-defined]

    def next_round(self) -> None:
        self._require_phase("consequences")
        self._intent({"do": "advance"})
        if not self.advance():  # type: ignore[attr-defined]
            # The loader guarantees a default way out; reaching here means a broken invariant.
            raise RuntimeError(f"no way out of round {self.round.id if self.round else '?'}")

    def fire_event(self, event_id: str) -> News:
        """An inject fired by the facilitator: it lands now, in any phase before the ending."""
        if self.phase in ("setup", "ended"):
            raise IllegalMove("events can be fired only during a round")
        event = self.scenario.event(event_id)
        self._intent({"do": "inject", "event": event_id})
        return self._fire(event)

    def step(self, choose: Callable[[str, list[Choice]], str] | None = None) -> None:
        """Move one phase forward; `choose(role, legal)` answers for human roles (tests and simulations)."""
        phase = self.phase
        if phase == "setup":
            self.begin()
        elif phase == "briefing":
            self.open_decisions()
        elif phase == "decisions":
            for role in self.awaiting():
                if choose is None:
                    raise IllegalMove(f"{self._role_name(role)} must decide first")
                self.decide(role, choose(role, self.legal_choices(role)))
            self.resolve()
        elif phase == "resolution":
            self.finish_round()
        elif phase == "consequences":
            self.next_round()
        else:
            raise IllegalMove("the game has ended")

    def replay(self, intents: Iterable[dict[str, Any]]) -> None:
        for intent in intents:
            do = intent.get("do")
            if do == "start":
                self.begin()
            elif do == "open":
                self.open_decisions()
            elif do == "decide":
                self.decide(intent["role"], intent["choice"])
            elif do == "reveal":
                self.resolve()
            elif do == "conclude":
                self.finish_round()
            elif do == "advance":
                self.next_round()
            elif do == "inject":
                self.fire_event(intent["event"])
            else:
                raise IllegalMove(f"unknown step {do!r}")

    # ------------------------------------------------------------------ state callbacks

    def _enter_briefing(self, rnd: Round) -> None:
        self.visited.append(rnd.id)
        self.sealed = {}
        rec = RoundRecord(round=rnd.id, meters_before=dict(self.meters))
        self.history.append(rec)
        number = len(self.history)
        if self.pending:
            for item in [p for p in self.pending if p.due == number]:
                later = self._c.choice[item.choice].effects.later[item.index]
                changes = self._apply(later)
                rec.news.append(News("later", later.headline, item.choice, changes))
            self.pending = [p for p in self.pending if p.due > number]
        for event in self._c.events_at[rnd.id]:
            if event.id not in self.fired and self.check(event.when):
                self._fire(event)

    def _enter_resolution(self, rnd: Round) -> None:
        rec = self.record
        assert rec is not None
        options = self._c.options[rnd.id]
        for role in self._c.acting[rnd.id]:
            legal = [c for c, test in options[role] if test is None or test(self)]
            if not legal:
                continue
            if role in self.sealed:
                rec.decisions.append(Decision(role, self.sealed[role], by_computer=False))
            else:
                if self._rng is None:
                    self._rng = random.Random(self.settings.seed)
                choice, reason = self.policy.choose(self, role, legal, self._rng)
                rec.decisions.append(Decision(role, choice.id, by_computer=True, reason=reason))
        # All choices are revealed together, then applied in role order.
        number = len(self.history)
        choices = self._c.choice
        for decision in rec.decisions:
            choice = choices[decision.choice]
            self.chosen.add(choice.id)
            effects = choice.effects
            self._apply(effects)
            if effects.headline:
                rec.headlines.append(effects.headline)
            for index, later in enumerate(effects.later):
                self.pending.append(Pending(number + later.after, choice.id, index))
        self.sealed = {}

    def _enter_consequences(self, rnd: Round) -> None:
        rec = self.record
        assert rec is not None
        for outcome in rnd.outcomes:
            if self.check(outcome.when):
                self._apply(outcome.effects)
                if outcome.effects.headline:
                    rec.headlines.append(outcome.effects.headline)
        rec.meters_after = dict(self.meters)

    def _enter_ending(self, ending: Ending) -> None:
        self.ending = ending

    # ------------------------------------------------------------------ rules

    def _apply(self, change: Change) -> dict[str, int]:
        """Apply a change; meters are kept inside their range. Returns the real meter changes."""
        moved: dict[str, int] = {}
        meters, bounds = self.meters, self._bounds
        for meter, delta in change.meters.items():
            lo, hi = bounds[meter]
            before = meters[meter]
            after = before + delta
            after = lo if after < lo else hi if after > hi else after
            meters[meter] = after
            moved[meter] = after - before
        if change.stances:
            self.stances.update(change.stances)
        if change.set:
            self.flags.update(change.set)
        if change.clear:
            self.flags.difference_update(change.clear)
        return moved

    def _fire(self, event: Event) -> News:
        self.fired.add(event.id)
        news = News("event", event.title, event.id, self._apply(event.effects))
        if self.record is not None:
            self.record.news.append(news)
        return news

    def _all_decided(self) -> bool:
        return not self.awaiting()

    def _require_phase(self, phase: str) -> None:
        if self._c.phase_of[self.state] != phase:
            raise IllegalMove(f"that can't be done now: the game is in its {self.phase} phase, not {phase}")

    def _role_name(self, role: str) -> str:
        return self._c.role_name.get(role, role)

    def _intent(self, intent: dict[str, Any]) -> None:
        self.intents.append(intent)


def new_game(scenario: Scenario, **settings: Any) -> Game:
    return Game(scenario, Settings(**settings))
