"""Saving to slots, loading, Continue, and saves that cannot be used: a message, never a crash."""

from __future__ import annotations

import json
import shutil

import pygame
from conftest import TUTORIAL, Pilot, cli_args

from game.ui import saves


def test_save_to_slot_and_load_it_back_through_the_menu(make_app):
    p = Pilot(make_app(cli_args(scenario=str(TUTORIAL), role=["usa"], seed=5)))
    g = p.app.session.game
    assert g.phase == "briefing"
    p.key(pygame.K_ESCAPE)
    assert p.screen == "MenuPopup"
    p.click_button("Save to a slot")
    assert p.screen == "SlotsScreen"
    p.click_button("Slot 2")
    assert p.screen == "Popup" and "Saved" in p.app.top.title
    p.key(pygame.K_RETURN)
    assert p.screen == "BriefingScreen"
    assert saves.describe("slot2").exists and "round 1" in saves.describe("slot2").summary
    # Move on, then load slot 2: back at the briefing of round 1.
    p.key(pygame.K_RETURN)
    p.key(pygame.K_1)
    assert p.app.session.game.phase == "consequences"
    p.key(pygame.K_ESCAPE)
    p.click_button("Load")
    p.click_button("Slot 2")
    assert p.screen == "BriefingScreen"
    g2 = p.app.session.game
    assert g2 is not g and g2.phase == "briefing" and g2.round_number == 1 and g2.settings.seed == 5
    # Saving over a used slot asks first.
    p.key(pygame.K_ESCAPE)
    p.click_button("Save to a slot")
    p.click_button("Slot 2")
    assert p.screen == "Popup" and "Overwrite" in p.app.top.title
    p.click_button("Overwrite")
    assert p.screen == "Popup" and "Saved" in p.app.top.title


def test_continue_resumes_the_autosave_after_a_restart(make_app):
    p = Pilot(make_app(cli_args(scenario=str(TUTORIAL), role=["russia"], seed=9)))
    p.key(pygame.K_RETURN)
    p.key(pygame.K_2)
    p.key(pygame.K_RETURN)  # round 2's briefing
    where = (p.app.session.game.state, dict(p.app.session.game.meters))
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    p.frames(1)
    assert not p.app.running
    q = Pilot(make_app())  # the app starts again
    assert q.screen == "TitleScreen"
    assert q.button("Continue")
    q.key(pygame.K_RETURN)  # focus starts on Continue
    assert (q.app.session.game.state, dict(q.app.session.game.meters)) == where
    assert q.screen == "BriefingScreen"


def test_corrupt_autosave_shows_the_problem(make_app, _home):
    path = saves.slot_path(saves.AUTOSAVE)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"format": "shield-talks-save", "version": 1, ')
    p = Pilot(make_app())
    p.click_button("Continue")
    assert p.screen == "Popup" and "cannot be loaded" in p.app.top.title
    assert "E-SAVE-CORRUPT" in p.app.top.html
    p.key(pygame.K_RETURN)
    assert p.screen == "TitleScreen" and p.app.session is None
    path.write_text(json.dumps({"format": "shield-talks-save", "version": 99}))
    p.click_button("Continue")
    assert "E-SAVE-VERSION" in p.app.top.html


def test_save_of_a_changed_scenario_is_refused(make_app, _home):
    mine = _home / "scenarios" / "mine.yaml"
    mine.parent.mkdir(parents=True)
    shutil.copy(TUTORIAL, mine)
    p = Pilot(make_app(cli_args(scenario=str(mine), role=["usa"], seed=1)))
    p.key(pygame.K_ESCAPE)
    p.click_button("Save to a slot")
    p.click_button("Slot 1")
    p.key(pygame.K_RETURN)
    mine.write_text(mine.read_text().replace("start: 30", "start: 31"))
    q = Pilot(make_app())
    q.click_button("Load")
    q.click_button("Slot 1")
    assert q.screen == "Popup" and "E-SAVE-SCENARIO-CHANGED" in q.app.top.html
    q.key(pygame.K_RETURN)
    assert q.screen == "SlotsScreen"


def test_empty_slot_cannot_be_loaded(make_app):
    p = Pilot(make_app())
    p.click_button("Load")
    assert p.screen == "SlotsScreen"
    assert all(not b.is_enabled for b in p.buttons() if "empty" in b.text)
    p.key(pygame.K_ESCAPE)
    assert p.screen == "TitleScreen"


def _save_mine_in_slot(make_app, _home, decide: bool = False):
    """A game of a copy of the tutorial in the user's folder, saved in slot 1; returns the file and the game."""
    mine = _home / "scenarios" / "mine.yaml"
    mine.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(TUTORIAL, mine)
    p = Pilot(make_app(cli_args(scenario=str(mine), role=["usa"], seed=1)))
    if decide:
        p.key(pygame.K_RETURN)
        p.key(pygame.K_1)  # offer a joint analysis
        assert p.app.session.game.phase == "consequences"
    g = p.app.session.game
    p.app.session.save_to("slot1")
    return mine, g


def _load_slot1(make_app) -> Pilot:
    q = Pilot(make_app())
    q.click_button("Load")
    q.click_button("Slot 1")
    return q


def test_load_anyway_replays_the_save_on_the_corrected_scenario(make_app, _home):
    mine, g = _save_mine_in_slot(make_app, _home, decide=True)
    mine.write_text(mine.read_text().replace("start: 30", "start: 31"))  # the instructor corrects a number
    q = _load_slot1(make_app)
    popup = q.app.top
    assert q.screen == "Popup" and popup.title == "The scenario has changed" and q.app.session is None
    assert "mine.yaml has changed since this game was saved" in popup.html
    assert [b.text for b in q.buttons()] == ["Load anyway", "Cancel"] and q.app.top.focus.current.text == "Cancel"
    q.click_button("Load anyway")
    s = q.app.session
    assert q.screen == "ResolutionScreen" and s is not None
    assert s.game.intents == g.intents and s.game.state == g.state  # the same moves, replayed on the new file
    assert s.scenario.meter("trust").start == 31
    # The autosave is of the new version now: Continue loads it without asking.
    r = Pilot(make_app())
    r.click_button("Continue")
    assert r.screen == "ResolutionScreen" and r.app.session.game.intents == g.intents


def test_load_anyway_refuses_moves_that_no_longer_fit(make_app, _home):
    mine, _g = _save_mine_in_slot(make_app, _home, decide=True)
    mine.write_text(mine.read_text().replace("offer_joint_analysis", "offer_joint_study"))  # the saved move is gone
    q = _load_slot1(make_app)
    assert q.app.top.title == "The scenario has changed"
    q.key(pygame.K_y)  # y: Load anyway
    assert q.screen == "Popup" and "cannot be loaded" in q.app.top.title and q.app.session is None
    assert "E-SAVE-SCENARIO-CHANGED" in q.app.top.html and "no longer fit" in q.app.top.html
    q.key(pygame.K_RETURN)
    assert q.screen == "SlotsScreen"


def test_a_scenario_fixed_on_disk_is_read_again(make_app, _home):
    """QA: after a failed load, fixing the file did not help until the game was restarted."""
    mine = _home / "scenarios" / "mine.yaml"
    mine.parent.mkdir(parents=True)
    good = TUTORIAL.read_text()
    mine.write_text(good)
    p = Pilot(make_app(cli_args(scenario=str(mine), role=["usa"], seed=3)))  # the autosave is of mine.yaml
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    p.frames(1)
    mine.write_text(good.replace("title: \"Tutorial: an offer in Moscow\"", "title: [unclosed"))
    q = Pilot(make_app())
    q.click_button("Continue")
    assert q.screen == "Popup" and "E-SAVE-SCENARIO" in q.app.top.html and q.app.session is None
    q.key(pygame.K_RETURN)
    # The picker shows the problem too.
    q.click_button("New game")
    q.wait_for(lambda: all(e.done for e in q.app.catalog.entries))
    assert any(e.path == mine and e.error for e in q.app.catalog.entries)
    q.key(pygame.K_ESCAPE)
    mine.write_text(good)  # fixed: `python -m game validate` passes again
    q.click_button("Load")
    q.click_button("Autosave")
    assert q.screen == "BriefingScreen" and q.app.session.game.settings.seed == 3
    q.app.go_title()
    q.click_button("New game")
    q.wait_for(lambda: all(e.done for e in q.app.catalog.entries))
    q.frames(2)
    entry = next(e for e in q.app.catalog.entries if e.path == mine)
    assert entry.loaded is not None and entry.error is None
    assert "cannot be loaded" not in q.text()
