"""Throughput of `simulate` on the shipped scenarios, all cores, at full size (10,000 games).

    python bench/bench_simulate.py               # every shipped scenario, 10,000 games each
    python bench/bench_simulate.py --runs 2000 --json

For each scenario: complete games per second on all cores (policy random, what
`simulate` uses by default to explore; the historical scenario also with the
historical and adaptive styles), the same on one worker, and the check that no
game got stuck and no meter left its range (exit 1 otherwise). The floor, a bare
`transitions` trigger measured in the same run, puts the figures on a common scale:
one complete game costs so many bare triggers on one core.

Target on 2 cores: at least 2,000 complete games per second on the historical scenario.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_engine import bare_trigger  # noqa: E402

from game.scenario import load_scenario  # noqa: E402
from game.sim import default_workers, simulate  # noqa: E402

TARGET = 2000  # games per second, all cores, historical scenario
HISTORICAL = "missile_defence_2007_2011"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=10_000, help="games per scenario and policy (default 10,000)")
    p.add_argument("--single", type=int, default=2_000, help="games for the one-worker comparison (default 2,000)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = p.parse_args(argv)

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    floor = bare_trigger()
    workers = default_workers()
    paths = sorted((ROOT / "scenarios").glob("*.yaml"), key=lambda q: (q.stem != HISTORICAL, q.stem))
    rows = []
    clean = True
    target_met = target_met_idle = None
    for path in paths:
        scenario = load_scenario(path).scenario
        policies = ["random", "historical", "adaptive"] if path.stem == HISTORICAL else ["random"]
        for policy in policies:
            f = simulate(scenario, args.runs, seed=0, policy=policy, workers=workers)
            one = simulate(scenario, args.single, seed=0, policy=policy, workers=1)
            problems = f["stuck"]["games"] + f["meters_out_of_range"]["games"]
            clean &= problems == 0
            row = {
                "scenario": path.stem,
                "policy": policy,
                "runs": f["games"],
                "workers": f["workers"],
                "seconds": f["seconds"],
                "games_per_second": f["games_per_second"],
                "one_worker_games_per_second": one["games_per_second"],
                # Throughput if the workers had their cores to themselves (the machine is shared):
                "idle_cores_games_per_second": round(f["games_per_cpu_second"] * f["workers"]),
                "speedup": round(f["games_per_second"] / one["games_per_second"], 2),
                "decisions_per_game": round(f["decisions"] / f["games"], 1),
                "game_in_bare_triggers": round(1 / one["games_per_second"] / floor, 1),
                "stuck": f["stuck"]["games"],
                "out_of_range": f["meters_out_of_range"]["games"],
                "endings_never_reached": f["endings_never_reached"],
            }
            rows.append(row)
            if path.stem == HISTORICAL and policy == "random":
                target_met = row["games_per_second"] >= TARGET
                target_met_idle = row["idle_cores_games_per_second"] >= TARGET
    out = {
        "python": platform.python_version(),
        "cores": os.cpu_count(),
        "load_average_at_start": load,
        "workers": workers,
        "bare_trigger_us": round(floor * 1e6, 3),
        "target_games_per_second": TARGET,
        "target_met": target_met,
        "target_met_on_idle_cores": target_met_idle,
        "no_stuck_games": clean,
        "results": rows,
    }
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        print(f"simulate throughput — Python {out['python']}, {out['cores']} cores, {workers} workers, load {load}; "
              f"floor: bare transitions trigger {floor * 1e6:.2f} µs")
        for r in rows:
            print(f"  {r['scenario']:<28} {r['policy']:<10} {r['runs']:>6,} games in {r['seconds']:6.2f} s = "
                  f"{r['games_per_second']:>8,.0f} games/s (one worker {r['one_worker_games_per_second']:,.0f}/s, ×{r['speedup']:.2f}; "
                  f"{r['idle_cores_games_per_second']:,}/s on idle cores); "
                  f"{r['decisions_per_game']:g} decisions/game; a game = {r['game_in_bare_triggers']:g} bare triggers; "
                  f"stuck {r['stuck']}, out of range {r['out_of_range']}")
        if target_met is not None:
            print(f"  target: ≥ {TARGET:,} games/s on the historical scenario (random) — {'met' if target_met else 'MISSED'}"
                  f" (on idle cores, from processor time: {'met' if target_met_idle else 'MISSED'})")
        print(f"  no stuck games, meters in range: {'yes' if clean else 'NO'}")
    return 0 if clean else 1


if __name__ == "__main__":
    raise SystemExit(main())
