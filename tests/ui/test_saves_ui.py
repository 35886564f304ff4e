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
