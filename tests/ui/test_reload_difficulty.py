"""F5 reloads the scenario from disk and restarts the round; the solo difficulty reaches the game."""

from __future__ import annotations

import shutil

import pygame
import pytest
from conftest import TUTORIAL, Pilot, cli_args

from game.engine.preview import preview
from game.ui.screens.decision import preview_text


@pytest.fixture
def mine(tmp_path):
    path = tmp_path / "mine.yaml"
    shutil.copy(TUTORIAL, path)
    return path


def _to_round_two(p: Pilot) -> None:
    p.key(pygame.K_RETURN)  # decisions
    p.key(pygame.K_2)  # a choice that does not escalate
    p.key(pygame.K_RETURN)  # round 2's briefing
    assert p.screen == "BriefingScreen" and p.app.session.game.round.id == "warsaw"


def test_f5_reloads_a_fixed_scenario_and_restarts_the_round(make_app, mine):
    p = Pilot(make_app(cli_args(scenario=str(mine), role=["usa"], seed=4)))
    _to_round_two(p)
    old = p.app.session.game
    p.key(pygame.K_RETURN)
    p.key(pygame.K_1)  # into round 2: decided and revealed
    assert old.phase == "consequences"
    text = mine.read_text(encoding="utf-8")
    briefing = old.scenario.round("warsaw").briefing.split()[:3]
    fixed = text.replace(" ".join(briefing), "EDITED BRIEFING " + " ".join(briefing), 1)
    assert fixed != text
    mine.write_text(fixed, encoding="utf-8")
    p.key(pygame.K_F5)
    g = p.app.session.game
    assert g is not old and g.round.id == "warsaw" and g.phase == "briefing"
    assert g.intents == old.intents[: len(g.intents)] and g.settings == old.settings  # replayed up to the round's start
    assert p.screen == "BriefingScreen" and "EDITED BRIEFING" in p.text()
    assert "reloaded" in p.text()  # a short note at the bottom
    assert p.app.session.loaded.digest != "" and "EDITED" in p.app.session.loaded.scenario.round("warsaw").briefing
    p.frames(300)
    assert "reloaded" not in p.text()  # the note goes away by itself
    # The game goes on, and its autosave loads against the edited file.
    p.key(pygame.K_RETURN)
    assert p.screen == "DecisionScreen"


def test_f5_with_a_broken_scenario_shows_the_problems_and_keeps_playing(make_app, mine):
    p = Pilot(make_app(cli_args(scenario=str(mine), role=["usa"], seed=4)))
    _to_round_two(p)
    old = p.app.session.game
    mine.write_text(mine.read_text(encoding="utf-8").replace("start: 30", "start: lots", 1), encoding="utf-8")
    p.key(pygame.K_F5)
    assert p.screen == "Popup" and "Not reloaded" in p.app.top.title
    assert "mine.yaml:" in p.text() and "E-" in p.text()  # the located one-line problems
    p.key(pygame.K_RETURN)
    assert p.app.session.game is old and p.screen == "BriefingScreen"
    p.key(pygame.K_RETURN)
    p.key(pygame.K_1)
    assert p.screen in ("ResolutionScreen", "Popup") and old.round_number == 2  # still playing the old scenario


def test_f5_restarts_at_the_round_when_the_moves_no_longer_fit(make_app, mine):
    p = Pilot(make_app(cli_args(scenario=str(mine), role=["usa"], seed=4)))
    _to_round_two(p)
    old = p.app.session.game
    taken = old.history[0].decisions[0].choice
    mine.write_text(mine.read_text(encoding="utf-8").replace(f"id: {taken}", f"id: {taken}_renamed"), encoding="utf-8")
    p.key(pygame.K_F5)
    g = p.app.session.game
    assert g.round.id == "warsaw" and g.settings.start == "warsaw" and g.round_number == 1 and g.phase == "briefing"
    assert "starts afresh" in p.text()


def test_the_chosen_difficulty_reaches_the_game_and_the_preview_matches(make_app):
    p = Pilot(make_app(cli_args(scenario=str(TUTORIAL))))
    assert p.screen == "RoleScreen" and p.app.top.humans == ["usa"]
    p.click_button("Hard")
    p.click_button("Adaptive")
    p.click_button("On")
    p.click_button("Start the game")
    s = p.app.session
    assert (s.game.settings.firmness, s.game.settings.policy, s.preview) == (2.0, "adaptive", True)
    p.key(pygame.K_RETURN)
    assert p.screen == "DecisionScreen"
    g = s.game
    shown = p.text()
    legal = g.legal_choices("usa")
    for choice in legal:
        expected = preview_text(g.scenario, preview(g, "usa", choice))
        assert " ".join(expected.split()) in shown, expected
    assert shown.count("If chosen now:") == len(legal)
    # Saved with the game: a load keeps the firmness and the preview.
    p.app.autosave()
    q = Pilot(make_app())
    q.click_button("Continue")
    assert q.app.session.game.settings.firmness == 2.0 and q.app.session.preview
    assert q.screen == "DecisionScreen" and "If chosen now:" in q.text()


def test_easy_and_no_preview(make_app):
    p = Pilot(make_app(cli_args(scenario=str(TUTORIAL))))
    p.click_button("Easy")
    p.click_button("Start the game")
    s = p.app.session
    assert s.game.settings.firmness == 0.5 and s.game.settings.policy == "historical" and not s.preview
    p.key(pygame.K_RETURN)
    assert p.screen == "DecisionScreen" and "If chosen now:" not in p.text()
