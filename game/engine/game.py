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
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from transitions import Machine

from game.scenario.models import Change, Choice, Ending, Event, Round, Scenario

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


@dataclass(eq=False)  # identity, not field equality: the Machine keeps the game as its model
class Game:
    scenario: Scenario
    settings: Settings = field(default_factory=Settings)

    def __post_init__(self) -> None:
        s = self.scenario
        for role in self.settings.humans:
            if role not in {r.id for r in s.roles if r.playable}:
                raise IllegalMove(f"'{role}' is not a playable role here; roles: {', '.join(r.id for r in s.roles if r.playable)}")
        if self.settings.start is not None and self.settings.start not in {r.id for r in s.rounds}:
            raise IllegalMove(f"there is no round '{self.settings.start}'; rounds: {', '.join(r.id for r in s.rounds)}")
        self.policy: Policy = policy_named(self.settings.policy)
        self.meters: dict[str, int] = {m.id: m.start for m in s.meters}
        self._bounds = {m.id: (m.min, m.max) for m in s.meters}
        self.flags: set[str] = set()
        self.stances: dict[str, str] = {a.id: a.stance for a in s.actors}
        self.chosen: set[str] = set()
        self.visited: list[str] = []
        self.history: list[RoundRecord] = []
        self.pending: list[Pending] = []
        self.fired: set[str] = set()
        self.sealed: dict[str, str] = {}  # role -> choice id, hidden until the reveal
        self.ending: Ending | None = None
        self.intents: list[dict[str, Any]] = []
        self._build_machine()

    # ------------------------------------------------------------------ the machine

    def _build_machine(self) -> None:
        s = self.scenario
        states: list[dict[str, Any]] = [{"name": "setup"}]
        transitions: list[dict[str, Any]] = []
        for rnd in s.rounds:
            b, d, r, c = (f"{rnd.id}:{p}" for p in PHASES)
            states += [
                {"name": b, "on_enter": [partial(self._enter_briefing, rnd)]},
                {"name": d},
                {"name": r, "on_enter": [partial(self._enter_resolution, rnd)]},
                {"name": c, "on_enter": [partial(self._enter_consequences, rnd)]},
            ]
            first = self.settings.start or s.rounds[0].id
            if rnd.id == first:
                transitions.append({"trigger": "start", "source": "setup", "dest": b})
            transitions += [
                {"trigger": "open_floor", "source": b, "dest": d},
                {"trigger": "reveal", "source": d, "dest": r, "conditions": [self._all_decided]},
                {"trigger": "conclude", "source": r, "dest": c},
            ]
            # Branching: the first `next` entry whose condition holds wins; `end` hands over to the endings.
            for nxt in s.exits(rnd):
                guard = [self._test(nxt.when)] if nxt.when is not None else []
                if nxt.round is not None:
                    transitions.append({"trigger": "advance", "source": c, "dest": f"{nxt.round}:briefing", "conditions": guard})
                else:
                    for ending in s.endings:
                        cond = guard + ([self._test(ending.when)] if ending.when is not None else [])
                        transitions.append({"trigger": "advance", "source": c, "dest": f"ending:{ending.id}", "conditions": cond})
        for ending in s.endings:
            states.append({"name": f"ending:{ending.id}", "final": True, "on_enter": [partial(self._enter_ending, ending)]})
        # The game object is the model; callbacks are bound methods, never strings looked up late.
        self.machine = Machine(
            model=self,
            states=states,
            transitions=transitions,
            initial="setup",
            auto_transitions=False,
            ignore_invalid_triggers=False,
            model_attribute="state",
        )

    def _test(self, cond: Any) -> Callable[[], bool]:
        return lambda: holds(cond, self.meters, self.flags, self.chosen, self.visited)

    def check(self, cond: Any) -> bool:
        """Whether a scenario condition holds now (used for objectives and choice availability)."""
        return cond is None or holds(cond, self.meters, self.flags, self.chosen, self.visited)

    # ------------------------------------------------------------------ what the front ends read

    @property
    def phase(self) -> str:
        if self.state == "setup":
            return "setup"
        if self.state.startswith("ending:"):
            return "ended"
        return self.state.split(":", 1)[1]

    @property
    def round(self) -> Round | None:
        if self.phase in ("setup", "ended"):
            return None
        return self.scenario.round(self.state.split(":", 1)[0])

    @property
    def record(self) -> RoundRecord | None:
        return self.history[-1] if self.history else None

    @property
    def round_number(self) -> int:
        return len(self.history)

    @property
    def ended(self) -> bool:
        return self.phase == "ended"

    def is_human(self, role: str) -> bool:
        return role in self.settings.humans

    def acting_roles(self, rnd: Round | None = None) -> list[str]:
        """Roles that choose in this round, in the scenario's role order."""
        rnd = rnd or self.round
        if rnd is None:
            return []
        return [r.id for r in self.scenario.roles if rnd.choices.get(r.id)]

    def legal_choices(self, role: str) -> list[Choice]:
        rnd = self.round
        if rnd is None:
            return []
        return [c for c in rnd.choices.get(role, []) if self.check(c.requires)]

    def awaiting(self) -> list[str]:
        """Human roles that still have to decide this round (in seat order)."""
        if self.phase != "decisions":
            return []
        acting = set(self.acting_roles())
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
        legal = {c.id for c in self.legal_choices(role)}
        if choice_id not in legal:
            raise IllegalMove(f"'{choice_id}' is not one of {self._role_name(role)}'s choices now")
        self._intent({"do": "decide", "role": role, "choice": choice_id})
        self.sealed[role] = choice_id

    def resolve(self) -> None:
        """Reveal every sealed choice together (computer roles choose now)."""
        self._require_phase("decisions")
        if self.awaiting():
            raise IllegalMove("still waiting for: " + ", ".join(self._role_name(r) for r in self.awaiting()))
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
        self.history.append(RoundRecord(round=rnd.id, meters_before=dict(self.meters)))
        number = self.round_number
        for item in [p for p in self.pending if p.due == number]:
            later = self.scenario.choice(item.choice).effects.later[item.index]
            changes = self._apply(later)
            self.record.news.append(News("later", later.headline, item.choice, changes))  # type: ignore[union-attr]
        self.pending = [p for p in self.pending if p.due > number]
        for event in self.scenario.events:
            if event.round == rnd.id and event.id not in self.fired and self.check(event.when):
                self._fire(event)

    def _enter_resolution(self, rnd: Round) -> None:
        rec = self.record
        assert rec is not None
        for role in self.acting_roles(rnd):
            legal = self.legal_choices(role)
            if not legal:
                continue
            if role in self.sealed:
                rec.decisions.append(Decision(role, self.sealed[role], by_computer=False))
            else:
                rng = random.Random(f"{self.settings.seed}/{self.round_number}/{role}")
                choice, reason = self.policy.choose(self, role, legal, rng)
                rec.decisions.append(Decision(role, choice.id, by_computer=True, reason=reason))
        # All choices are revealed together, then applied in role order.
        for decision in rec.decisions:
            choice = self.scenario.choice(decision.choice)
            self.chosen.add(choice.id)
            self._apply(choice.effects)
            if choice.effects.headline:
                rec.headlines.append(choice.effects.headline)
            for index, later in enumerate(choice.effects.later):
                self.pending.append(Pending(self.round_number + later.after, choice.id, index))
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
        for meter, delta in change.meters.items():
            lo, hi = self._bounds[meter]
            before = self.meters[meter]
            self.meters[meter] = min(hi, max(lo, before + delta))
            moved[meter] = self.meters[meter] - before
        for actor, stance in change.stances.items():
            self.stances[actor] = stance
        self.flags.update(change.set)
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
        if self.phase != phase:
            raise IllegalMove(f"that can't be done now: the game is in its {self.phase} phase, not {phase}")

    def _role_name(self, role: str) -> str:
        try:
            return self.scenario.actor(self.scenario.role(role).actor).name
        except StopIteration:
            return role

    def _intent(self, intent: dict[str, Any]) -> None:
        self.intents.append(intent)


def new_game(scenario: Scenario, **settings: Any) -> Game:
    return Game(scenario, Settings(**settings))
