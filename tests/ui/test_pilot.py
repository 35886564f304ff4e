"""Whole games through the real app, driven only by posted mouse or key events."""

from __future__ import annotations

import json

import pygame
from conftest import TUTORIAL, Pilot, blank

from game.ui import saves


def _tutorial_index(app) -> int:
    return next(i for i, e in enumerate(app.catalog.entries) if e.path.name == "tutorial.yaml")


def test_mouse_only_game_to_the_ending(pilot: Pilot):
    p = pilot
    assert p.screen == "TitleScreen" and not blank(p.app.window)
    p.click_button("New game")
    assert p.screen == "ScenarioScreen"
    i = _tutorial_index(p.app)
    p.wait_for(lambda: p.app.catalog.entries[i].done)
    p.frames(2)
    p.click_button("Tutorial")  # select it: the detail shows its summary
    assert p.app.top.selected == i
    p.click_button("Choose a role")
    assert p.screen == "RoleScreen"
    p.click_button("Start the game")
    assert p.screen == "BriefingScreen"
    # Clicking a quote opens its source passage.
    p.click_link(p.app.top.scroller, 0)
    assert p.screen == "Popup" and "Source" in p.app.top.html
    p.click_button("Close")
    assert p.screen == "BriefingScreen"
    seen = set()
    for _ in range(40):
        seen.add(p.screen)
        assert not blank(p.app.window), p.screen
        if p.screen == "EndingScreen":
            break
        if p.screen == "BriefingScreen":
            p.click(p.buttons()[-1])  # the way forward is the rightmost button
        elif p.screen == "DecisionScreen":
            p.click(p.buttons()[0])  # the first choice
            if p.screen == "Popup":
                p.click_button("Yes")
        elif p.screen == "ResolutionScreen":
            p.app.run_frames(20)
            p.click_button("Continue")
    assert p.screen == "EndingScreen"
    assert {"BriefingScreen", "DecisionScreen", "ResolutionScreen"} <= seen
    assert p.app.session.game.ended
    # The ending is saved: Continue on the title comes back to it.
    p.click_button("Title screen")
    assert p.screen == "TitleScreen"
    p.click_button("Continue")
    assert p.screen == "EndingScreen"


def test_keyboard_only_game_to_the_ending(pilot: Pilot):
    p = pilot
    p.key(pygame.K_RETURN)  # focus starts on New game
    assert p.screen == "ScenarioScreen"
    i = _tutorial_index(p.app)
    p.wait_for(lambda: p.app.catalog.entries[i].done)
    p.key(pygame.K_1 + i)  # select
    p.key(pygame.K_1 + i)  # a second press goes on
    assert p.screen == "RoleScreen"
    p.key(pygame.K_2)  # Russia
    assert p.app.top.humans == ["russia"]
    for _ in range(20):  # Tab to the Start button (past the roles and the difficulty), then Enter
        if "Start" in p.app.top.focus.current.text:
            break
        p.key(pygame.K_TAB)
    p.key(pygame.K_RETURN)
    assert p.screen == "BriefingScreen"
    p.key(pygame.K_2)  # the second quote's source
    assert p.screen == "Popup"
    p.key(pygame.K_ESCAPE)
    assert p.screen == "BriefingScreen"
    p.key(pygame.K_TAB, mod=pygame.KMOD_SHIFT)  # Shift+Tab moves back
    p.key(pygame.K_TAB)
    p.keys_to_ending(40)
    assert p.screen == "EndingScreen"
    assert p.app.session.game.settings.humans == ("russia",)
    p.key(pygame.K_ESCAPE)
    assert p.screen == "TitleScreen"


def test_escalation_asks_for_confirmation_and_can_be_declined(make_app):
    from conftest import cli_args

    p = Pilot(make_app(cli_args(scenario=str(TUTORIAL), role=["usa"], seed=3)))
    assert p.screen == "BriefingScreen"
    p.key(pygame.K_RETURN)
    assert p.screen == "DecisionScreen"
    legal = p.app.session.game.legal_choices("usa")
    n = next(i for i, c in enumerate(legal) if c.tone == "escalate")
    p.key(pygame.K_1 + n)
    assert p.screen == "Popup" and "sure" in p.app.top.title
    p.key(pygame.K_n)  # no: choose again
    assert p.screen == "DecisionScreen" and p.app.session.game.phase == "decisions"
    p.key(pygame.K_1 + n)
    p.key(pygame.K_y)
    assert p.screen == "ResolutionScreen"
    assert p.app.session.game.record.choice_of("usa") == legal[n].id


def test_command_line_options_pass_through(make_app, tmp_path):
    from conftest import cli_args

    extra = tmp_path / "mine.json"
    app = make_app(cli_args(scenario=str(TUTORIAL), role=["poland"], seed=42, policy="random", start="warsaw", save=str(extra)))
    g = app.session.game
    assert (g.settings.humans, g.settings.seed, g.settings.policy, g.settings.start) == (("poland",), 42, "random", "warsaw")
    assert g.round.id == "warsaw"
    assert json.loads(extra.read_text())["settings"]["seed"] == 42  # --save is written beside the autosave
    # --load continues that file.
    app2 = make_app(cli_args(load=str(extra)))
    assert app2.session.game.round.id == "warsaw" and type(app2.top).__name__ == "BriefingScreen"


def test_watch_mode_plays_itself(make_app):
    from conftest import cli_args

    p = Pilot(make_app(cli_args(scenario=str(TUTORIAL))))
    assert p.screen == "RoleScreen"
    p.key(pygame.K_0)  # watch
    p.key(pygame.K_0)  # a second press starts
    assert p.app.session.game.settings.humans == ()
    for _ in range(20):
        if p.screen == "EndingScreen":
            break
        assert p.screen in ("BriefingScreen", "ResolutionScreen")
        p.key(pygame.K_RETURN)
    assert p.screen == "EndingScreen"
    assert saves.has_autosave()
