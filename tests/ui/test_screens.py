"""Every screen drawn (non-blank), window resizes, full screen, settings that persist."""

from __future__ import annotations

import json

import pygame
from conftest import TUTORIAL, Pilot, blank, cli_args

from game.ui import settings as ui_settings


def _game(make_app, **kw) -> Pilot:
    return Pilot(make_app(cli_args(scenario=str(TUTORIAL), role=["usa"], seed=1, **kw)))


def test_every_screen_is_drawn(make_app):
    p = Pilot(make_app())
    shots = {}

    def snap():
        p.frames(2)
        shots[p.screen] = p.app.window.copy()

    snap()  # title
    p.click_button("Settings"); snap(); p.key(pygame.K_ESCAPE)
    p.click_button("Load"); snap(); p.key(pygame.K_ESCAPE)
    p.click_button("New game"); snap()
    p.wait_for(lambda: all(e.done for e in p.app.catalog.entries))
    p.key(pygame.K_ESCAPE)
    p = _game(make_app)
    snap()  # briefing
    p.key(pygame.K_1); snap(); p.key(pygame.K_ESCAPE)  # source popup
    p.key(pygame.K_s); snap(); p.key(pygame.K_ESCAPE)  # source list
    p.key(pygame.K_ESCAPE); snap(); p.key(pygame.K_ESCAPE)  # menu
    p.key(pygame.K_RETURN); snap()  # decision
    p.key(pygame.K_1); snap()  # resolution
    p.keys_to_ending()
    assert p.screen == "EndingScreen"
    snap()
    expected = {"TitleScreen", "SettingsScreen", "SlotsScreen", "ScenarioScreen", "BriefingScreen", "Popup", "ListPopup",
                "MenuPopup", "DecisionScreen", "ResolutionScreen", "EndingScreen"}
    assert expected <= set(shots)
    for name, surface in shots.items():
        assert not blank(surface), name


def test_resize_relays_out_the_current_screen(make_app):
    p = _game(make_app)
    p.key(pygame.K_RETURN)
    assert p.screen == "DecisionScreen"
    scale = p.app.theme.scale
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=(1920, 1080), w=1920, h=1080))
    p.frames(2)
    assert p.app.size == (1920, 1080)
    assert p.app.theme.scale > scale  # fonts grow with the window
    assert p.screen == "DecisionScreen" and not blank(p.app.window)
    assert p.app.top.root.rect.size == (1920, 1080)
    for size in ((800, 500), (1280, 720)):
        p.app.resize(size)
        p.frames(2)
        assert p.app.size == size and not blank(p.app.window)
        for el, _ in p.app.top.focus.items:  # nothing pushed outside the window
            assert p.app.window.get_rect().contains(el.rect), (size, el.text, el.rect)
    p.key(pygame.K_1)  # still playable after the relayout
    assert p.screen in ("ResolutionScreen", "Popup")


def test_f11_toggles_full_screen_and_back(make_app):
    p = Pilot(make_app())
    p.key(pygame.K_F11)
    assert p.app.settings.fullscreen
    p.key(pygame.K_F11)
    assert not p.app.settings.fullscreen
    assert p.app.size == (1280, 720) and not blank(p.app.window)


def test_settings_apply_at_once_and_persist(make_app, _home):
    p = Pilot(make_app())
    p.click_button("Settings")
    small_scale = p.app.theme.scale
    p.click_button("Large")
    p.click(p.buttons()[[b.text for b in p.buttons()].index("On")])  # high contrast on
    assert p.app.theme.scale > small_scale and p.app.theme.name == "high_contrast"
    saved = json.loads((_home / "settings.json").read_text())
    assert saved["text_size"] == "large" and saved["high_contrast"] is True
    assert ui_settings.load_settings() == p.app.settings
    p.key(pygame.K_ESCAPE)
    assert p.screen == "TitleScreen" and not blank(p.app.window)
    # A new start reads them back.
    again = make_app()
    assert again.settings.text_size == "large" and again.theme.name == "high_contrast"


def test_damaged_settings_fall_back_to_defaults(_home):
    _home.mkdir(parents=True, exist_ok=True)
    (_home / "settings.json").write_text("{not json")
    assert ui_settings.load_settings() == ui_settings.UISettings()
    (_home / "settings.json").write_text(json.dumps({"text_size": "huge", "high_contrast": "yes", "extra": 1}))
    assert ui_settings.load_settings() == ui_settings.UISettings()


def test_broken_user_scenario_shows_its_problems(make_app, _home):
    folder = _home / "scenarios"
    folder.mkdir(parents=True)
    (folder / "broken.yaml").write_text("format: 1\nid: Not An Id\ntitle: [unclosed\n")
    p = Pilot(make_app())
    p.click_button("New game")
    p.wait_for(lambda: all(e.done for e in p.app.catalog.entries))
    p.frames(2)
    i = next(i for i, e in enumerate(p.app.catalog.entries) if e.path.name == "broken.yaml")
    p.key(pygame.K_1 + i)
    assert "cannot be loaded" in p.app.top.detail.html_text
    assert "broken.yaml" in p.app.top.detail.html_text
    p.click_button("Choose a role")  # refused with a message, not a crash
    assert p.screen == "Popup"
    p.key(pygame.K_RETURN)
    assert p.screen == "ScenarioScreen"


def test_missing_default_scenario_falls_back_to_the_picker(make_app):
    p = Pilot(make_app(cli_args(scenario="no_such_scenario", role=["usa"])))
    assert p.screen == "Popup" and "could not be loaded" in p.app.top.title
    p.key(pygame.K_RETURN)
    assert p.screen == "ScenarioScreen"


def test_hot_seat_passes_the_keyboard_between_roles(make_app):
    """Several --role options: each delegation decides behind its cover screen, and nothing is prepared in advance."""
    p = Pilot(make_app(cli_args(scenario=str(TUTORIAL), role=["usa", "russia"], seed=1)))
    assert p.app._prepared is None
    p.key(pygame.K_RETURN)
    assert p.screen == "CoverScreen" and p.app.top.role == "usa" and p.app.seat is None
    p.key(pygame.K_RETURN)
    assert p.screen == "DecisionScreen" and p.app.top.role == "usa"
    p.key(pygame.K_1)
    assert p.screen == "CoverScreen" and p.app.top.role == "russia"
    p.key(pygame.K_RETURN)
    assert p.app.top.role == "russia"
    p.key(pygame.K_1)
    assert p.screen == "ResolutionScreen"
    rec = p.app.session.game.record
    assert not any(d.by_computer for d in rec.decisions if d.role in ("usa", "russia"))


def test_idle_frames_skip_drawing_but_the_window_stays_current(make_app):
    """Idle frames are not drawn (no flip): what is on screen must still be exactly the latest state."""
    p = _game(make_app)
    for _ in range(12):
        p.app.run_frames(150)  # long enough for the meters' animation to end and idle to set in
        shown = pygame.image.tobytes(p.app.window, "RGB")
        p.app._draw()
        assert pygame.image.tobytes(p.app.window, "RGB") == shown, p.screen
        if p.screen == "EndingScreen":
            break
        p.key(pygame.K_1 if p.screen == "DecisionScreen" else pygame.K_RETURN)
        if p.screen == "Popup":
            p.key(pygame.K_y)
    assert p.screen == "EndingScreen"


def test_next_briefing_is_laid_out_in_advance_and_matches(make_app):
    from game.ui.screens.briefing import BriefingScreen

    p = _game(make_app)
    p.key(pygame.K_RETURN)
    p.key(pygame.K_1)
    assert p.screen == "ResolutionScreen"
    p.app.run_frames(150)  # the meters finish moving; the idle frames lay out round 2
    prepared = p.app._prepared[1]
    assert isinstance(prepared, BriefingScreen) and not prepared.root.visible
    assert p.app.session.game.phase == "consequences"  # the real game has not moved
    p.key(pygame.K_RETURN)
    assert p.app.top is prepared and prepared.root.visible
    assert prepared.game is p.app.session.game  # adopted: reads the real game now
    html = prepared.scroller.html_text
    prepared.build()  # a fresh layout from the real game says the same
    assert prepared.scroller.html_text == html


def test_tab_scrolls_a_long_choice_list_to_the_focused_choice(make_app, tmp_path):
    """A round whose choices do not fit: tabbing down brings each focused choice into view."""
    import yaml

    data = yaml.safe_load(TUTORIAL.read_text())
    usa = data["rounds"][0]["choices"]["usa"]
    long_text = "A long description that needs several lines on the screen. " * 6
    for i in range(4):
        usa.append({"id": f"extra_{i}", "label": f"Extra move {i}", "description": long_text, "tone": "hold"})
    mine = tmp_path / "long.yaml"
    mine.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    p = Pilot(make_app(cli_args(scenario=str(mine), role=["usa"], seed=1)))
    p.key(pygame.K_RETURN)
    assert p.screen == "DecisionScreen" and p.app.top.container is not None
    view = p.app.top.container.rect
    for _ in range(len(p.app.session.game.legal_choices("usa")) - 1):
        p.key(pygame.K_TAB)
        focused = p.app.top.focus.current
        if "Extra" in focused.text or focused.text[0].isdigit():
            assert view.contains(focused.rect), focused.text
    p.key(pygame.K_7)  # the seventh choice, by its number
    assert p.app.session.game.record.choice_of("usa") == "extra_3"


def _cards(p: Pilot) -> list:
    """The actor cards of the screen on top: pictures in the focus ring (each with a tooltip)."""
    return [el for el, _ in p.app.top.focus.items if getattr(el, "tool_tip_text", None) and not hasattr(el, "text")]


def test_actor_cards_name_the_team_or_people_in_a_hot_seat_game(make_app):
    p = Pilot(make_app(cli_args(scenario=str(TUTORIAL), role=["usa", "russia"], seed=1)))
    p.app.session.classroom.teams["usa"] = "Team Blue"
    p.app.top.build()
    tips = [c.tool_tip_text for c in _cards(p)]
    assert len(tips) == 3
    assert "United States (Team Blue)" in tips[0] and "Russia (people)" in tips[1] and "Poland:" in tips[2]
    assert not any("(class)" in t for t in tips)
    p.click(_cards(p)[0])
    assert p.screen == "Popup" and p.app.top.title == "United States" and "Played by Team Blue" in p.app.top.html


def test_a_cut_actor_title_can_be_read_in_full(make_app, monkeypatch):
    """The cards cut long titles with an ellipsis: hovering shows the whole title, and Tab + Enter (or a
    click) opens the actor's card with it."""
    from game.scenario import load_scenario

    historical = TUTORIAL.parent / "missile_defence_2007_2011.yaml"
    scenario = load_scenario(historical).scenario
    p = Pilot(make_app(cli_args(scenario=str(historical), role=["usa"], seed=1)))
    cards = _cards(p)
    assert len(cards) == len(scenario.actors)
    actor = max(scenario.actors, key=lambda a: len(a.title))
    card = cards[scenario.actors.index(actor)]
    assert textfit_esc(actor.title) in card.tool_tip_text
    # Hovering long enough shows the tooltip (pygame_gui reads the mouse from SDL, which posted events do not move).
    monkeypatch.setattr(pygame.mouse, "get_pos", lambda: card.rect.center)
    p.app.run_frames(40, dt=0.01)  # hovered, not yet long enough; the frames drawn for the hover are used up
    assert card.tool_tip is None and p.app._redraw <= 0
    p.app.run_frames(2, dt=1.0)
    assert card.tool_tip is not None and textfit_esc(actor.title) in card.tool_tip_text
    assert p.app._redraw > 0  # the tooltip is drawn, though nothing else moved
    monkeypatch.undo()
    # By keyboard: Tab round to the card, Enter.
    for _ in range(len(p.app.top.focus.items)):
        if p.app.top.focus.current is card:
            break
        p.key(pygame.K_TAB, frames=1)
    assert p.app.top.focus.current is card
    p.key(pygame.K_RETURN)
    assert p.screen == "Popup" and p.app.top.title == actor.name and textfit_esc(actor.title) in p.app.top.html
    assert ("You play it" if actor.id == "usa" else "Played by the computer") in p.app.top.html


def textfit_esc(text: str) -> str:
    from game.ui import textfit

    return textfit.esc(text)


def test_a_round_without_a_move_says_so_on_the_briefing(make_app):
    p = Pilot(make_app(cli_args(scenario=str(TUTORIAL), role=["russia"], seed=9)))
    assert "no move this round" not in p.text()
    p.key(pygame.K_RETURN)
    p.key(pygame.K_2)
    p.key(pygame.K_RETURN)  # round 2: Russia has no choice in Warsaw
    g = p.app.session.game
    assert p.screen == "BriefingScreen" and g.round_number == 2 and not g.legal_choices("russia")
    assert "Russia has no move this round: Continue to see what the others do" in p.text()
    p.click_button("Continue")
    assert p.screen == "ResolutionScreen"  # no decision screen for Russia


def test_play_again_selects_the_scenario_just_played(make_app):
    p = Pilot(make_app(cli_args(scenario=str(TUTORIAL), role=["usa"], seed=1)))
    for _ in range(60):
        if p.screen == "EndingScreen":
            break
        p.key(pygame.K_1 if p.screen == "DecisionScreen" else pygame.K_y if p.screen == "Popup" else pygame.K_RETURN)
    assert p.screen == "EndingScreen"
    p.click_button("Play again")
    assert p.screen == "ScenarioScreen"
    entries = p.app.catalog.entries
    assert entries[p.app.top.selected].path.name == "tutorial.yaml" != entries[0].path.name
    p.wait_for(lambda: entries[p.app.top.selected].done)
    p.key(pygame.K_RETURN)  # Enter on the selected scenario goes on with it
    assert p.screen == "RoleScreen" and p.app.top.loaded.scenario.id == "tutorial"


def test_hidden_meters_note_on_the_debrief_has_no_missing_glyph(make_app):
    from conftest import visible_text

    from game.ui import textfit

    p = Pilot(make_app(cli_args(scenario=str(TUTORIAL), role=["usa", "russia"], seed=1)))
    p.app.facilitator_meters()  # hidden
    p.app.facilitator_debrief()
    assert p.screen == "DebriefScreen"
    shown = visible_text(p.app)
    assert "The meters are hidden" in shown and "F2" in shown
    assert all(textfit.has_glyph(ch) for ch in shown), sorted({ch for ch in shown if not textfit.has_glyph(ch)})
    assert textfit.printable("F2 → Show") == "F2 -> Show"
