"""The engine's cost per decision, as a ratio to a bare `transitions` trigger measured in the same run.

    python bench/bench_engine.py                      # the historical scenario (else the tutorial)
    python bench/bench_engine.py scenarios/tutorial.yaml --json

The floor is one trigger of a two-state `transitions` Machine toggling back and forth
(auto_transitions=False, no callbacks): the least any state-machine step can cost.
A "decision" is one role's choice in one round; the engine's cost per decision is the
time of complete games (setup to ending, all roles played by the computer, through the
engine's own API) divided by the decisions taken in them. It includes building each
game (its own Machine), every phase's trigger, the computer actors' scoring and
reasons, and the bookkeeping. Target: at most 10 bare triggers per decision.

Also measured: building one game, and what building a Machine the stock way (states
and transitions as dicts, is_<state> helpers on the model) would cost for this scenario.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from transitions import Machine  # noqa: E402

from game.engine.game import PHASES, Game, Settings  # noqa: E402
from game.scenario import load_scenario  # noqa: E402

TARGET = 10.0  # engine cost per decision, in bare triggers


def best_per_op(fn, ops: int, repeats: int = 5) -> float:
    """Seconds per operation: the best of several timed batches (the least disturbed by the machine)."""
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        best = min(best, (time.perf_counter() - t) / ops)
    return best


def bare_trigger(n: int = 100_000) -> float:
    class Model:
        pass

    model = Model()
    Machine(
        model=model,
        states=["a", "b"],
        transitions=[{"trigger": "toggle", "source": "a", "dest": "b"}, {"trigger": "toggle", "source": "b", "dest": "a"}],
        initial="a",
        auto_transitions=False,
    )
    toggle = model.toggle

    def run() -> None:
        for _ in range(n):
            toggle()

    return best_per_op(run, n)


def engine_games(scenario, policy: str, games: int) -> tuple[float, float, int]:
    """(seconds per decision, seconds per game, decisions per game) over complete all-computer games."""
    decisions = 0

    def run() -> None:
        nonlocal decisions
        decisions = 0
        for seed in range(games):
            game = Game(scenario, Settings(seed=seed, policy=policy))
            game.begin()
            while not game.ended:
                game.open_decisions()
                game.resolve()
                game.finish_round()
                game.next_round()
            decisions += sum(len(r.decisions) for r in game.history)

    per_game = best_per_op(run, games, repeats=3)
    per_decision = per_game * games / decisions
    return per_decision, per_game, decisions // games


def stock_machine(scenario) -> float:
    """Seconds to build one Machine for the scenario the stock way: dict specs, bound callbacks, is_<state> helpers."""
    s = scenario

    class Model:
        def noop(self, *_):
            return None

        def yes(self, *_):
            return True

    def build() -> None:
        model = Model()
        states = [{"name": "setup"}]
        trans = []
        for rnd in s.rounds:
            b, d, r, c = (f"{rnd.id}:{p}" for p in PHASES)
            states += [{"name": b, "on_enter": [partial(model.noop, rnd)]}, {"name": d},
                       {"name": r, "on_enter": [partial(model.noop, rnd)]}, {"name": c, "on_enter": [partial(model.noop, rnd)]}]
            trans += [{"trigger": "open_floor", "source": b, "dest": d}, {"trigger": "reveal", "source": d, "dest": r, "conditions": [model.yes]},
                      {"trigger": "conclude", "source": r, "dest": c}]
            for nxt in s.exits(rnd):
                if nxt.round is not None:
                    trans.append({"trigger": "advance", "source": c, "dest": f"{nxt.round}:briefing", "conditions": [model.yes]})
                else:
                    trans += [{"trigger": "advance", "source": c, "dest": f"ending:{e.id}", "conditions": [model.yes]} for e in s.endings]
        states += [{"name": f"ending:{e.id}", "final": True, "on_enter": [partial(model.noop, e)]} for e in s.endings]
        trans.append({"trigger": "start", "source": "setup", "dest": f"{s.rounds[0].id}:briefing"})
        Machine(model=model, states=states, transitions=trans, initial="setup", auto_transitions=False)

    n = 300
    return best_per_op(lambda: [build() for _ in range(n)], n, repeats=3)


def new_game(scenario) -> float:
    n = 2000
    return best_per_op(lambda: [Game(scenario, Settings(seed=i)) for i in range(n)], n, repeats=3)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("scenario", nargs="?", help="scenario file (default: the historical scenario, else the tutorial)")
    p.add_argument("--games", type=int, default=400, help="complete games per policy and batch (default 400)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--check", action="store_true", help="exit 1 when a policy misses the target")
    args = p.parse_args(argv)
    path = Path(args.scenario) if args.scenario else ROOT / "scenarios" / "missile_defence_2007_2011.yaml"
    if not path.exists():
        path = ROOT / "scenarios" / "tutorial.yaml"
    scenario = load_scenario(path).scenario
    Game(scenario, Settings())  # warm the per-scenario cache (built once per scenario, shared by all games)

    floor = bare_trigger()
    figures: dict = {
        "scenario": path.name,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        "bare_trigger_us": round(floor * 1e6, 3),
        "new_game_us": None,
        "policies": {},
    }
    build = new_game(scenario)
    stock = stock_machine(scenario)
    figures["new_game_us"] = round(build * 1e6, 1)
    figures["new_game_in_triggers"] = round(build / floor, 1)
    figures["stock_machine_us"] = round(stock * 1e6, 1)
    figures["stock_machine_in_triggers"] = round(stock / floor, 1)
    ok = True
    for policy in ("random", "historical", "adaptive"):
        per_decision, per_game, decisions = engine_games(scenario, policy, args.games)
        ratio = per_decision / floor
        ok &= ratio <= TARGET
        figures["policies"][policy] = {
            "decision_us": round(per_decision * 1e6, 2),
            "ratio": round(ratio, 2),
            "game_us": round(per_game * 1e6, 1),
            "decisions_per_game": decisions,
            "games_per_second_one_core": round(1 / per_game),
        }
    figures["target_ratio"] = TARGET
    figures["ok"] = ok
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(f"Engine cost per decision — {path.name}, Python {figures['python']}, {figures['machine']}, load {figures['load_average']}")
        print(f"  floor: one bare transitions trigger          {floor * 1e6:8.2f} µs")
        print(f"  building a game (its own Machine)            {build * 1e6:8.1f} µs = {build / floor:5.1f} triggers")
        print(f"  a stock Machine for this scenario (dict specs) {stock * 1e6:6.1f} µs = {stock / floor:5.1f} triggers")
        for policy, f in figures["policies"].items():
            mark = "ok" if f["ratio"] <= TARGET else "OVER TARGET"
            print(f"  {policy:<10} {f['decision_us']:7.2f} µs per decision = {f['ratio']:5.2f} × floor  "
                  f"({f['decisions_per_game']} decisions, {f['game_us'] / 1000:.2f} ms per game, "
                  f"{f['games_per_second_one_core']:,} games/s on one core)  {mark}")
        print(f"  target: ≤ {TARGET:g} × floor per decision — {'met' if ok else 'MISSED'}")
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    raise SystemExit(main())
