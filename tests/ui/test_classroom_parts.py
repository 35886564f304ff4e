"""The pure classroom helpers the window uses (no pygame): restarting a round on a reloaded scenario, exporting."""

from __future__ import annotations

import datetime as dt

import pygame
import pytest
from conftest import TUTORIAL, Pilot, cli_args

from game.classroom.export import export_report, report_base
from game.classroom.restart import restart_round, round_start
from game.classroom.session import Session, Timer
from game.engine.game import IllegalMove, new_game
from game.scenario import load_scenario
from game.ui import saves


@pytest.fixture(scope="module")
def tutorial():
    return load_scenario(TUTORIAL)


def _two_rounds(scenario):
    g = new_game(scenario, humans=("usa",), seed=1)
    g.begin()
    g.open_decisions(); g.decide("usa", "offer_site_visits"); g.resolve(); g.finish_round(); g.next_round()
    g.open_decisions(); g.decide("usa", "offer_patriots"); g.resolve(); g.finish_round()
    return g


def test_round_start_and_restart_by_replay(tutorial):
    g = _two_rounds(tutorial.scenario)
    keep = round_start(g)
    assert g.intents[keep - 1]["do"] == "advance" and g.intents[keep]["do"] == "open"
    again, how = restart_round(g, tutorial.scenario)
    assert how == "replayed" and again.round.id == "warsaw" and again.phase == "briefing"
    assert again.intents == g.intents[:keep] and again.meters == _meters_at_round_two(tutorial.scenario)
    # After the ending, the last round played is restarted.
    g.next_round()
    while not g.ended:
        g.step(lambda role, legal: legal[0].id)
    again, how = restart_round(g, tutorial.scenario)
    assert again.round.id == g.history[-1].round and again.phase == "briefing"


def _meters_at_round_two(scenario):
    g = new_game(scenario, humans=("usa",), seed=1)
    g.begin()
    g.open_decisions(); g.decide("usa", "offer_site_visits"); g.resolve(); g.finish_round(); g.next_round()
    return dict(g.meters)


def test_restart_starts_afresh_when_the_moves_no_longer_fit(tutorial, tmp_path):
    g = _two_rounds(tutorial.scenario)
    (tmp_path / "t.yaml").write_text(TUTORIAL.read_text().replace("id: offer_site_visits", "id: site_visits_renamed"))
    changed = load_scenario(tmp_path / "t.yaml").scenario  # the move made in round 1 is gone
    again, how = restart_round(g, changed)
    assert how == "restarted" and again.settings.start == "warsaw" and again.round.id == "warsaw"
    (tmp_path / "t.yaml").write_text(TUTORIAL.read_text().replace("warsaw", "warszawa"))  # the round is renamed
    with pytest.raises(IllegalMove, match="no round 'warsaw'"):
        restart_round(g, load_scenario(tmp_path / "t.yaml").scenario)


def test_export_writes_three_files_and_never_overwrites(tutorial, tmp_path):
    g = _two_rounds(tutorial.scenario)
    s = Session(teams={"usa": "Blue"})
    now = dt.datetime(2025, 3, 4, 10, 11, 12)
    first = export_report(g, s, tmp_path, now)
    stem = f"{g.scenario.id}-20250304-101112"
    assert [p.name for p in first] == [f"{stem}.md", f"{stem}-decisions.csv", f"{stem}.html"]
    assert all(p.is_file() for p in first)
    second = export_report(g, s, tmp_path, now)
    assert not set(first) & set(second) and report_base(tmp_path, g.scenario.id, now).name.endswith("-3")
    assert "Blue" in next(p for p in second if p.suffix == ".csv").read_text()


def test_the_timer_says_when_time_is_up(make_app):
    app = make_app()
    app.start_game(app.catalog.get(TUTORIAL), ("usa", "russia"), class_mode=True, classroom=Session(timer=Timer(seconds=180)))
    p = Pilot(app)
    assert "Time 3:00" in p.text()
    app.session.classroom.timer.remaining = 1.2
    p.frames(90)
    assert "Time is up" in p.text() and app.session.classroom.timer.expired
    p.key(pygame.K_RETURN)  # the game goes on: nothing is forced when time is up
    assert p.screen == "CoverScreen" and "Time is up" in p.text()


def test_a_damaged_class_session_in_a_save_is_a_located_problem(make_app):
    import json

    p = Pilot(make_app(cli_args(scenario=str(TUTORIAL), role=["usa", "russia"], seed=1)))
    p.app.autosave()
    path = saves.slot_path(saves.AUTOSAVE)
    data = json.loads(path.read_text())
    data["session"]["timer"] = {"seconds": "ten"}
    path.write_text(json.dumps(data))
    q = Pilot(make_app())
    q.click_button("Continue")
    assert q.screen == "Popup" and "E-SAVE-SESSION" in q.text() and q.app.session is None
