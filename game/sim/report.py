"""Turn a simulation's tally into figures: one JSON object, or text for a terminal."""

from __future__ import annotations

from typing import Any

from game.scenario.models import Scenario

from .runner import Outcome, Plan


def figures(scenario: Scenario, outcome: Outcome, runs: int, seed: int, plan: Plan, path: str = "") -> dict[str, Any]:
    """Everything `simulate` reports, as plain JSON-ready data (deterministic apart from the timing)."""
    t = outcome.tally
    games = t.games or 1
    endings = [
        {
            "id": e.id,
            "title": e.title,
            "games": t.endings.get(e.id, 0),
            "share": round(t.endings.get(e.id, 0) / games, 4),
            "first_seed": t.ending_seed.get(e.id),
        }
        for e in scenario.endings
    ]
    choices = [
        {"choice": c.id, "round": r.id, "role": role, "games": t.chosen.get(c.id, 0)}
        for r in scenario.rounds
        for role, cs in r.choices.items()
        for c in cs
    ]
    meters = [m.id for m in scenario.meters]
    per_round: dict[str, dict[str, list[int]]] = {}
    for key in ["start", *(r.id for r in scenario.rounds)]:
        if key in t.meter_lo:
            per_round[key] = {m: [t.meter_lo[key][j], t.meter_hi[key][j]] for j, m in enumerate(meters)}
    return {
        "scenario": {"id": scenario.id, "title": scenario.title, "path": path},
        "runs": runs,
        "seeds": [seed, seed + runs - 1],
        "policy": plan.policy,
        "firmness": plan.firmness,
        "solo": {"role": plan.solo, "button": plan.button} if plan.solo else None,
        "workers": outcome.workers,
        "seconds": round(outcome.seconds, 3),
        "games_per_second": round(t.games / outcome.seconds, 1) if outcome.seconds > 0 else None,
        # What the workers could do with their cores to themselves: games per processor-second, times workers.
        "games_per_cpu_second": round(t.games / t.cpu_seconds, 1) if t.cpu_seconds > 0 else None,
        "games": t.games,
        "decisions": t.decisions,
        "rounds_per_game": {"min": t.rounds_min, "max": t.rounds_max, "mean": round(t.rounds_total / games, 2)},
        "endings": endings,
        "endings_never_reached": [e["id"] for e in endings if not e["games"]],
        "rounds_never_visited": [r.id for r in scenario.rounds if not t.visited.get(r.id)],
        "rounds_visited": {r.id: t.visited.get(r.id, 0) for r in scenario.rounds},
        "choices_never_taken": [c["choice"] for c in choices if not c["games"]],
        "choices": choices,
        "stuck": {
            "games": t.stuck_games,
            "examples": [{"seed": s, "problem": p} for s, p in t.stuck],
            "no_legal_choice": [{"round": r, "role": role, "games": n} for (r, role), n in sorted(t.no_move.items())],
        },
        "meters_out_of_range": {"games": t.out_of_range_games, "examples": [{"seed": s, "problem": p} for s, p in t.out_of_range]},
        "meters_per_round": per_round,
        "objectives_met": {r.id: round(t.objectives.get(r.id, 0) / games, 4) for r in scenario.roles if r.objectives},
    }


LIST_AT_MOST = 20  # longer lists are cut short in the text report


def _n(x: int) -> str:
    return f"{x:,}"


def _table(rows: list[list[str]], indent: str = "  ", left: int = 1) -> list[str]:
    """Columns padded to their widest cell: the first `left` columns flush left, numbers flush right."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [
        indent + "  ".join(cell.ljust(widths[i]) if i < left else cell.rjust(widths[i]) for i, cell in enumerate(row)).rstrip()
        for row in rows
    ]


def render(f: dict[str, Any], scenario: Scenario) -> str:
    """The figures as text an instructor reads in a terminal."""
    runs = f["runs"]
    who = f"policy {f['policy']}, firmness {f['firmness']:g}"
    if f["solo"]:
        who += f"; {f['solo']['role']} pressed '{f['solo']['button']}' every round"
    speed = f" ({_n(int(f['games_per_second']))} games/s)" if f["games_per_second"] else ""
    out = [
        f"Simulated {_n(f['games'])} games of “{scenario.title}” — {who}; seeds {_n(f['seeds'][0])}–{_n(f['seeds'][1])};"
        f" {f['seconds']:.2f} s on {f['workers']} worker{'s' if f['workers'] != 1 else ''}{speed}.",
        f"Rounds per game: {f['rounds_per_game']['min']}–{f['rounds_per_game']['max']} (mean {f['rounds_per_game']['mean']:g}).",
        "",
        "Endings:",
    ]
    rows = [["", "", "games", "share", "e.g. seed"]]
    for e in f["endings"]:
        rows.append([e["id"], e["title"], _n(e["games"]), f"{100 * e['share']:.1f}%", "—" if e["first_seed"] is None else str(e["first_seed"])])
    out += _table(rows, left=2)
    never = f["endings_never_reached"]
    out.append("")
    if never:
        out.append(f"✘ Endings never reached in {_n(runs)} games: {', '.join(never)}")
    else:
        out.append("✔ Every ending was reached.")
    rounds = f["rounds_never_visited"]
    out.append(f"✘ Rounds never visited: {', '.join(rounds)}" if rounds else "✔ Every round was visited.")
    untaken = [c for c in f["choices"] if not c["games"]]
    if untaken:
        out.append(f"✘ Choices never taken ({len(untaken)}):")
        out += [f"    {c['choice']} ({c['role']}, round {c['round']})" for c in untaken[:LIST_AT_MOST]]
        if len(untaken) > LIST_AT_MOST:
            out.append(f"    … and {len(untaken) - LIST_AT_MOST} more (--json lists them all)")
    else:
        out.append("✔ Every choice was taken at least once.")
    stuck = f["stuck"]
    if stuck["games"]:
        out.append(f"✘ Games stuck: {_n(stuck['games'])} (no legal move for a role that must act, or no way out). For example:")
        out += [f"    seed {x['seed']}: {x['problem']}" for x in stuck["examples"]]
    else:
        out.append("✔ No game got stuck.")
    oor = f["meters_out_of_range"]
    if oor["games"]:
        out.append(f"✘ A meter left its range in {_n(oor['games'])} games. For example:")
        out += [f"    seed {x['seed']}: {x['problem']}" for x in oor["examples"]]
    else:
        out.append("✔ Every meter stayed in its range.")
    if f["objectives_met"]:
        out += ["", "All objectives met (share of games):"]
        out += _table([[role, f"{100 * share:.1f}%"] for role, share in f["objectives_met"].items()])
    per_round = f["meters_per_round"]
    if per_round:
        meters = [m.id for m in scenario.meters]
        out += ["", "Meters after each round (min–max over all games that played it):"]
        rows = [["round", *meters]]
        for key, values in per_round.items():
            rows.append([key, *(f"{values[m][0]}–{values[m][1]}" if values[m][0] != values[m][1] else str(values[m][0]) for m in meters)])
        out += _table(rows)
    if never or untaken or rounds:
        out += ["", f"(“Never” means not in these {_n(runs)} games; try more --runs or another --policy before you rewrite.)"]
    return "\n".join(out)
