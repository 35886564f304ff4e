"""Play many games of a scenario headless and tally what they reached.

Game i is played with seed `seed + i`, every role by the computer (or one role by a
"player" who keeps pressing the same button, see `BUTTONS`). Games are split into
chunks of consecutive seeds; each worker process plays whole chunks and returns a
`Tally`, and tallies merge in any order to the same result, so the figures never
depend on the number of workers.

A complete game goes from setup to an ending through the engine's own API
(`begin`, `open_decisions`, `decide`, `resolve`, `finish_round`, `next_round`).
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field

from game.engine.game import Game, Settings, compiled
from game.scenario.models import Choice, Scenario

EXAMPLES = 5  # how many example seeds to keep for each kind of problem


# --------------------------------------------------------------------------- a player who repeats one button


_NEAREST = {"cooperate": ("cooperate", "hold", "escalate"), "hold": ("hold", "cooperate", "escalate"), "escalate": ("escalate", "hold", "cooperate")}


def _tone(tone: str) -> Callable[[list[Choice]], Choice]:
    order = _NEAREST[tone]

    def press(legal: list[Choice]) -> Choice:
        for t in order:
            for c in legal:
                if c.tone == t:
                    return c
        return legal[0]

    return press


def _position(n: int) -> Callable[[list[Choice]], Choice]:
    return lambda legal: legal[min(n, len(legal)) - 1]


# How a "player" who repeats one button picks from the legal choices each round.
BUTTONS: dict[str, Callable[[list[Choice]], Choice]] = {
    "1": _position(1),  # the first choice offered (or the last one, when fewer are offered)
    "2": _position(2),
    "3": _position(3),
    "4": _position(4),
    "cooperate": _tone("cooperate"),  # the first choice of that tone (else the nearest tone)
    "hold": _tone("hold"),
    "escalate": _tone("escalate"),
    "historical": lambda legal: next((c for c in legal if c.historical), legal[0]),  # replay history
}


@dataclass(frozen=True)
class Plan:
    """What to simulate (everything except which seeds)."""

    policy: str = "random"
    firmness: float = 1.0
    solo: str | None = None  # a role played by a "player" pressing `button` every round
    button: str = "1"
    max_rounds: int = 0  # a game still going after this many rounds has no way out (0: 10 × rounds + 20)


# --------------------------------------------------------------------------- tallies


@dataclass
class Tally:
    """What a batch of games reached. Tallies add up in any order to the same figures."""

    games: int = 0
    decisions: int = 0
    cpu_seconds: float = 0.0  # processor time the games took (summed over workers): throughput on idle cores
    rounds_min: int = 0
    rounds_max: int = 0
    rounds_total: int = 0
    endings: Counter[str] = field(default_factory=Counter)
    ending_seed: dict[str, int] = field(default_factory=dict)  # the smallest seed reaching each ending
    chosen: Counter[str] = field(default_factory=Counter)  # games in which each choice was taken
    visited: Counter[str] = field(default_factory=Counter)  # games that passed through each round
    objectives: Counter[str] = field(default_factory=Counter)  # games in which a role met all its objectives
    no_move: Counter[tuple[str, str]] = field(default_factory=Counter)  # (round, role) with no legal choice
    stuck: list[tuple[int, str]] = field(default_factory=list)  # (seed, problem), the smallest seeds
    stuck_games: int = 0
    out_of_range: list[tuple[int, str]] = field(default_factory=list)
    out_of_range_games: int = 0
    meter_lo: dict[str, list[int]] = field(default_factory=dict)  # round id (or "start") -> per meter minimum
    meter_hi: dict[str, list[int]] = field(default_factory=dict)

    def merge(self, other: "Tally") -> "Tally":
        if other.games:
            self.rounds_min = other.rounds_min if not self.games else min(self.rounds_min, other.rounds_min)
            self.rounds_max = max(self.rounds_max, other.rounds_max)
        self.games += other.games
        self.decisions += other.decisions
        self.cpu_seconds += other.cpu_seconds
        self.rounds_total += other.rounds_total
        self.endings.update(other.endings)
        for k, seed in other.ending_seed.items():
            self.ending_seed[k] = min(seed, self.ending_seed.get(k, seed))
        self.chosen.update(other.chosen)
        self.visited.update(other.visited)
        self.objectives.update(other.objectives)
        self.no_move.update(other.no_move)
        self.stuck = sorted(self.stuck + other.stuck)[:EXAMPLES]
        self.stuck_games += other.stuck_games
        self.out_of_range = sorted(self.out_of_range + other.out_of_range)[:EXAMPLES]
        self.out_of_range_games += other.out_of_range_games
        for rid, lo in other.meter_lo.items():
            mine = self.meter_lo.get(rid)
            self.meter_lo[rid] = list(lo) if mine is None else [min(a, b) for a, b in zip(mine, lo)]
        for rid, hi in other.meter_hi.items():
            mine = self.meter_hi.get(rid)
            self.meter_hi[rid] = list(hi) if mine is None else [max(a, b) for a, b in zip(mine, hi)]
        return self


# --------------------------------------------------------------------------- playing


class Player:
    """Plays consecutive seeds of one scenario under one plan, into a Tally."""

    def __init__(self, scenario: Scenario, plan: Plan) -> None:
        self.scenario = scenario
        self.plan = plan
        c = compiled(scenario)
        self.compiled = c
        self.meter_ids = tuple(c.bounds)
        self.bounds = tuple(c.bounds[m] for m in self.meter_ids)
        self.max_rounds = plan.max_rounds or 10 * len(c.round_ids) + 20
        self.humans: tuple[str, ...] = (plan.solo,) if plan.solo else ()
        if plan.button not in BUTTONS:
            raise ValueError(f"unknown button '{plan.button}'; choose one of: {', '.join(BUTTONS)}")
        self.press = BUTTONS[plan.button]
        self.roles = tuple(r.id for r in scenario.roles)

    def play(self, start: int, stop: int) -> Tally:
        tally = Tally()
        began = time.process_time()
        for seed in range(start, stop):
            self.play_one(seed, tally)
        tally.cpu_seconds = time.process_time() - began
        return tally

    def play_one(self, seed: int, tally: Tally) -> Game:
        plan = self.plan
        game = Game(self.scenario, Settings(humans=self.humans, seed=seed, policy=plan.policy, firmness=plan.firmness))
        problem = None
        try:
            game.begin()
            while not game.ended:
                game.open_decisions()
                for role in game.awaiting():
                    game.decide(role, self.press(game.legal_choices(role)).id)
                game.resolve()
                game.finish_round()
                game.next_round()
                if len(game.history) >= self.max_rounds and not game.ended:
                    rounds = " → ".join(game.visited[-4:])
                    problem = f"no way out: still playing after {len(game.history)} rounds (… {rounds})"
                    break
        except RuntimeError as exc:  # the engine's "no way out of round X"
            problem = str(exc)
        except Exception as exc:  # a broken invariant: reported as a stuck game, not a crash of the whole run
            problem = f"the engine stopped: {type(exc).__name__}: {exc}"
        self._record(seed, game, problem, tally)
        return game

    def _record(self, seed: int, game: Game, problem: str | None, tally: Tally) -> None:
        c = self.compiled
        history = game.history
        rounds = len(history)
        if tally.games == 0:
            tally.rounds_min = tally.rounds_max = rounds
        elif rounds < tally.rounds_min:
            tally.rounds_min = rounds
        elif rounds > tally.rounds_max:
            tally.rounds_max = rounds
        tally.games += 1
        tally.rounds_total += rounds
        tally.chosen.update(game.chosen)
        tally.visited.update(set(game.visited))
        problems = [problem] if problem else []
        bounds = self.bounds
        meter_ids = self.meter_ids
        lo_by, hi_by = tally.meter_lo, tally.meter_hi
        out = []
        unfinished = game.phase in ("briefing", "decisions")  # the last record's round was not played out
        missing: dict[tuple[str, str], None] = {}
        for i, rec in enumerate(history):
            tally.decisions += len(rec.decisions)
            acting = c.acting[rec.round]
            if len(rec.decisions) < len(acting) and not (unfinished and i == rounds - 1):
                decided = {d.role for d in rec.decisions}
                for role in acting:
                    if role not in decided:
                        missing[(rec.round, role)] = None
            snapshots = [("start", rec.meters_before)] if i == 0 else []
            if rec.meters_after:
                snapshots.append((rec.round, rec.meters_after))
            for key, values in snapshots:
                row = [values[m] for m in meter_ids]
                lo = lo_by.get(key)
                if lo is None:
                    lo_by[key] = list(row)
                    hi_by[key] = list(row)
                else:
                    hi = hi_by[key]
                    for j, v in enumerate(row):
                        if v < lo[j]:
                            lo[j] = v
                        elif v > hi[j]:
                            hi[j] = v
                for j, v in enumerate(row):
                    if not bounds[j][0] <= v <= bounds[j][1]:
                        out.append(f"{meter_ids[j]} = {v} after round {key} (range {bounds[j][0]}–{bounds[j][1]})")
        for j, m in enumerate(meter_ids):
            v = game.meters[m]
            if not bounds[j][0] <= v <= bounds[j][1]:
                out.append(f"{m} = {v} at the end (range {bounds[j][0]}–{bounds[j][1]})")
        for rid, role in missing:
            tally.no_move[(rid, role)] += 1
            problems.append(f"round {rid}: {c.role_name.get(role, role)} had no legal choice")
        if out:
            tally.out_of_range_games += 1
            _keep(tally.out_of_range, (seed, out[0]))
        if problems:
            tally.stuck_games += 1
            _keep(tally.stuck, (seed, "; ".join(problems)))
        if game.ending is not None:
            eid = game.ending.id
            tally.endings[eid] += 1
            if eid not in tally.ending_seed or seed < tally.ending_seed[eid]:
                tally.ending_seed[eid] = seed
            for role in self.roles:
                objectives = c.objectives[role]
                if objectives and all(game.check(o.met_if) for o in objectives):
                    tally.objectives[role] += 1


def _keep(examples: list[tuple[int, str]], item: tuple[int, str]) -> None:
    if len(examples) < EXAMPLES:
        examples.append(item)
        examples.sort()
    elif item < examples[-1]:
        examples[-1] = item
        examples.sort()


# --------------------------------------------------------------------------- workers

_PLAYER: Player | None = None


def _init_worker(scenario: Scenario, plan: Plan) -> None:
    global _PLAYER
    _PLAYER = Player(scenario, plan)


def _play_chunk(start: int, stop: int) -> Tally:
    assert _PLAYER is not None
    return _PLAYER.play(start, stop)


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def chunks(seed: int, runs: int, workers: int) -> list[tuple[int, int]]:
    """Consecutive seed ranges; small enough to balance the workers and move the progress bar."""
    size = max(20, min(500, runs // max(1, workers * 8)))
    return [(seed + i, seed + min(i + size, runs)) for i in range(0, runs, size)]


@dataclass
class Outcome:
    tally: Tally
    seconds: float
    workers: int


def run(
    scenario: Scenario,
    runs: int,
    seed: int = 0,
    plan: Plan = Plan(),
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> Outcome:
    """Play `runs` games with seeds seed … seed+runs-1; `progress(games_done)` is called as chunks finish."""
    workers = default_workers() if workers is None else max(1, workers)
    player = Player(scenario, plan)  # checks the plan before any worker starts
    began = time.perf_counter()
    total = Tally()
    parts = chunks(seed, runs, workers)
    if workers == 1 or runs < 200 or len(parts) == 1:
        workers = 1
        done = 0
        for start, stop in parts:
            total.merge(player.play(start, stop))
            done += stop - start
            if progress:
                progress(done)
    else:
        workers = min(workers, len(parts))
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(scenario, plan)) as pool:
            futures = {pool.submit(_play_chunk, start, stop): stop - start for start, stop in parts}
            done = 0
            for future in as_completed(futures):
                total.merge(future.result())
                done += futures[future]
                if progress:
                    progress(done)
    return Outcome(total, time.perf_counter() - began, workers)


def play_one(scenario: Scenario, seed: int, plan: Plan = Plan()) -> tuple[Game, Tally]:
    """One game as `simulate` plays it (for tests and for looking at one seed closely)."""
    tally = Tally()
    game = Player(scenario, plan).play_one(seed, tally)
    return game, tally
