"""`simulate`: many headless games; what a scenario can reach, and where it gets stuck."""

from __future__ import annotations

import io
import json
from functools import lru_cache
from pathlib import Path

import pytest

from game.cli import main
from game.engine.game import Game, Settings
from game.scenario import load_scenario
from game.scenario.models import Scenario
from game.sim import play_one, simulate
from game.sim.progress import ProgressBar
from game.sim.runner import Plan, chunks

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))


@lru_cache(maxsize=None)
def scenario(path: Path) -> Scenario:
    return load_scenario(path).scenario


def timeless(figures: dict) -> dict:
    return {k: v for k, v in figures.items() if k not in ("seconds", "games_per_second", "games_per_cpu_second", "workers")}


def test_simulate_finds_an_ending_nobody_can_reach():
    f = simulate(scenario(FIXTURES / "unreachable.yaml"), runs=300, workers=1)
    assert f["games"] == 300
    assert f["endings_never_reached"] == ["miracle"]
    assert f["rounds_never_visited"] == ["hidden"]
    assert set(f["choices_never_taken"]) == {"impossible_offer", "hidden_choice"}
    assert f["stuck"]["games"] == 0 and f["meters_out_of_range"]["games"] == 0
    reached = {e["id"]: e for e in f["endings"]}
    assert reached["warmer"]["games"] + reached["colder"]["games"] == 300
    # The example seed really reaches its ending.
    seed = reached["warmer"]["first_seed"]
    game, _ = play_one(scenario(FIXTURES / "unreachable.yaml"), seed)
    assert game.ending.id == "warmer"
    # Meters per round: 40 at the start; after two rounds of ±5 from each side, 20..60.
    assert f["meters_per_round"]["start"] == {"trust": [40, 40]}
    assert f["meters_per_round"]["second"]["trust"][0] >= 20 and f["meters_per_round"]["second"]["trust"][1] <= 60
    assert "hidden" not in f["meters_per_round"]


def test_simulate_reports_stuck_games():
    f = simulate(scenario(FIXTURES / "stuck.yaml"), runs=20, workers=1)
    assert f["stuck"]["games"] == 20
    problems = " ".join(x["problem"] for x in f["stuck"]["examples"])
    assert "Russia had no legal choice" in problems
    assert "no way out" in problems
    assert f["stuck"]["no_legal_choice"][0] == {"round": "talks", "role": "russia", "games": 20}
    assert [x["seed"] for x in f["stuck"]["examples"]] == [0, 1, 2, 3, 4]
    assert f["endings_never_reached"] == ["out"]


def test_figures_do_not_depend_on_the_number_of_workers():
    s = scenario(ROOT / "scenarios" / "tutorial.yaml")
    one = simulate(s, runs=400, seed=5, policy="adaptive", workers=1)
    two = simulate(s, runs=400, seed=5, policy="adaptive", workers=2)
    assert two["workers"] == 2 and one["workers"] == 1
    assert timeless(one) == timeless(two)
    assert one["seeds"] == [5, 404]


def test_game_i_uses_seed_s_plus_i():
    s = scenario(ROOT / "scenarios" / "tutorial.yaml")
    f = simulate(s, runs=50, seed=1000, policy="random", workers=1)
    endings = {}
    for i in range(50):
        game = Game(s, Settings(seed=1000 + i, policy="random"))
        while not game.ended:
            game.step()
        endings[game.ending.id] = endings.get(game.ending.id, 0) + 1
    assert {e["id"]: e["games"] for e in f["endings"] if e["games"]} == endings


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_scenarios_never_get_stuck(path):
    f = simulate(scenario(path), runs=300, seed=0, policy="random")
    assert f["stuck"]["games"] == 0, f["stuck"]
    assert f["meters_out_of_range"]["games"] == 0, f["meters_out_of_range"]
    assert f["games"] == 300 and sum(e["games"] for e in f["endings"]) == 300


def test_a_solo_player_pressing_one_button():
    s = scenario(FIXTURES / "talks.yaml")
    f = simulate(s, runs=30, policy="adaptive", solo="nato", button="escalate", workers=1)
    assert f["solo"] == {"role": "nato", "button": "escalate"}
    assert f["objectives_met"]["nato"] == 0
    assert {e["id"] for e in f["endings"] if e["games"]} == {"freeze"}


def test_chunks_cover_every_seed_once():
    parts = chunks(7, 1003, 2)
    seeds = [s for a, b in parts for s in range(a, b)]
    assert seeds == list(range(7, 1010))


# --------------------------------------------------------------------------- the command


def test_command_prints_one_json_object(capsys):
    code = main(["simulate", str(FIXTURES / "unreachable.yaml"), "--runs", "60", "--seed", "3", "--json", "--workers", "1"])
    out, err = capsys.readouterr()
    assert code == 0
    figures = json.loads(out)
    assert figures["endings_never_reached"] == ["miracle"]
    assert figures["runs"] == 60 and figures["seeds"] == [3, 62]
    assert err == ""  # no progress bar when stderr is not a terminal


def test_command_text_report(capsys):
    code = main(["simulate", str(FIXTURES / "unreachable.yaml"), "--runs", "60", "--policy", "adaptive"])
    out, _ = capsys.readouterr()
    assert code == 0
    assert "Endings never reached in 60 games: miracle" in out
    assert "Rounds never visited: hidden" in out
    assert "impossible_offer (usa, round first)" in out
    assert "No game got stuck" in out


def test_command_exit_status_3_for_stuck_games(capsys):
    assert main(["simulate", str(FIXTURES / "stuck.yaml"), "--runs", "5"]) == 3
    assert "Games stuck: 5" in capsys.readouterr().out


def test_command_shows_the_located_problems_of_a_broken_scenario(write_yaml, capsys):
    bad = write_yaml(
        """
        format: 1
        id: broken
        title: Broken
        period: "2000"
        summary: x
        places: [{id: here, name: Here, lat: 0, lon: 0}]
        meters: [{id: trust, label: Trust, start: 50}]
        actors: [{id: a, name: A, side: one, title: t}]
        roles: [{id: a, actor: a, brief: b}]
        rounds:
          - {id: r1, title: R, date: 2000-01-01, place: nowhere, briefing: b, choices: {a: [{id: c, label: C, description: d}]}}
        endings: [{id: e, title: E, epilogue: e, what_happened: w}]
        """
    )
    assert main(["simulate", str(bad), "--runs", "10"]) == 1
    err = capsys.readouterr().err
    assert f"{bad.name}:" in err or "scenario.yaml:" in err
    assert "E-REF-PLACE" in err and "nowhere" in err
    assert main(["simulate", str(bad.parent / "missing.yaml")]) == 1


def test_command_refuses_an_unknown_solo_role(capsys):
    assert main(["simulate", str(FIXTURES / "talks.yaml"), "--solo", "martians", "--runs", "5"]) == 2
    assert "not a playable role" in capsys.readouterr().err


def test_progress_bar_only_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    quiet, tty = io.StringIO(), Terminal()
    for stream in (quiet, tty):
        bar = ProgressBar(100, stream)
        bar(50)
        bar(100)
        bar.close()
    assert quiet.getvalue() == ""
    assert "100/100 games" in tty.getvalue()


def test_plan_refuses_an_unknown_button():
    with pytest.raises(ValueError, match="unknown button"):
        play_one(scenario(FIXTURES / "talks.yaml"), 0, Plan(solo="nato", button="any"))
