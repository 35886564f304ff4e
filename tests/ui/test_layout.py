"""Every screen and popup lays out cleanly at every text size: nothing overlaps, nothing sticks out of the
window, no text is clipped, the meters never run into each other, and every character has a glyph.

The geometry comes from the real app's widgets (and, for the meters drawn in a picture, from the same plan
the picture is drawn by); see `layout_problems` in conftest.
"""

from __future__ import annotations

import pygame
import pytest
from conftest import ROOT, TUTORIAL, Pilot, assert_laid_out, cli_args, visible_text

from game.ui import meters, textfit
from game.ui.settings import UISettings
from game.ui.theme import build_theme, clear_font_caches

HISTORICAL = ROOT / "scenarios" / "missile_defence_2007_2011.yaml"

# (window, text size, high contrast): Large (and high contrast) where QA saw the faults, at the default window
# and a full-HD one; the other text sizes at the default window; Large at the smallest window the app allows.
LARGE = [((1280, 720), "large", True), ((1920, 1080), "large", True), ((800, 500), "large", False)]
CONFIGS = LARGE + [((1280, 720), "medium", False), ((1280, 720), "small", False)]

SCROLL_ARROWS = {"▲", "▼"}  # pygame_gui's own scroll-bar buttons, which it draws with a font of its own


def _set(app, size, text_size: str, contrast: bool) -> None:
    app.settings = app.settings.with_(text_size=text_size, high_contrast=contrast)
    app.resize(size)  # one relayout, with the new settings
    app.run_frames(1)


def _check(app, what: str, configs=CONFIGS) -> None:
    """The screen (and popup) now on top, in each configuration; then back to the first one."""
    for size, text_size, contrast in configs:
        _set(app, size, text_size, contrast)
        assert_laid_out(app, what)
        missing = sorted({ch for ch in visible_text(app) if not textfit.has_glyph(ch)} - SCROLL_ARROWS)
        assert not missing, f"{what}: characters the font cannot draw: {missing}"
    _set(app, *CONFIGS[0])


def test_menus_and_pickers_lay_out_at_every_text_size(make_app):
    p = Pilot(make_app())
    _check(p.app, "title (no autosave)")
    p.click_button("Settings")
    _check(p.app, "settings")
    p.key(pygame.K_ESCAPE)
    p.click_button("Load")
    _check(p.app, "load")
    p.key(pygame.K_ESCAPE)
    p.click_button("New game")
    p.wait_for(lambda: all(e.done for e in p.app.catalog.entries))
    p.frames(2)
    _check(p.app, "scenarios")
    p.click_button("Choose a role")
    _check(p.app, "roles")
    p.key(pygame.K_ESCAPE)
    p.key(pygame.K_ESCAPE)
    p.click_button("Classroom session")
    p.frames(2)
    p.click_button("Set up the class")
    _check(p.app, "class setup")


def test_game_screens_lay_out_at_every_text_size(make_app):
    """The historical scenario: eight actor cards and five meters, the most crowded screens."""
    p = Pilot(make_app(cli_args(scenario=str(HISTORICAL), role=["usa"], seed=1)))
    assert p.screen == "BriefingScreen"
    _check(p.app, "briefing")
    p.click(p.app.top.focus.items[0][0])  # the first actor card
    assert p.screen == "Popup"
    _check(p.app, "actor popup", LARGE)
    p.key(pygame.K_ESCAPE)
    p.key(pygame.K_1)
    _check(p.app, "source popup", LARGE)
    p.key(pygame.K_ESCAPE)
    p.key(pygame.K_s)
    _check(p.app, "sources list", LARGE)
    p.key(pygame.K_ESCAPE)
    p.key(pygame.K_ESCAPE)
    _check(p.app, "menu", LARGE)
    p.key(pygame.K_ESCAPE)
    p.key(pygame.K_RETURN)
    assert p.screen == "DecisionScreen"
    _check(p.app, "decision")
    p.key(pygame.K_2)
    p.app.run_frames(120)
    assert p.screen == "ResolutionScreen"
    _check(p.app, "resolution")
    p.app.go_title()
    p.frames(2)
    assert p.button("Continue")
    _check(p.app, "title (with Continue)")


def test_hot_seat_ending_and_debrief_lay_out_at_every_text_size(make_app):
    p = Pilot(make_app(cli_args(scenario=str(TUTORIAL), role=["usa", "russia"], seed=1)))
    p.key(pygame.K_RETURN)
    assert p.screen == "CoverScreen"
    _check(p.app, "cover")
    p.key(pygame.K_RETURN)
    p.key(pygame.K_F2)
    assert p.screen == "FacilitatorPopup"
    _check(p.app, "facilitator", LARGE)
    p.key(pygame.K_ESCAPE)
    for _ in range(60):
        if p.screen == "EndingScreen":
            break
        p.key(pygame.K_1 if p.screen == "DecisionScreen" else pygame.K_y if p.screen == "Popup" else pygame.K_RETURN)
    assert p.screen == "EndingScreen"
    _check(p.app, "ending")
    p.click_button("Debrief")
    _check(p.app, "debrief")
    p.key(pygame.K_1)
    _check(p.app, "debrief, round 1")


def test_title_buttons_fit_above_the_key_hint_at_large_text(make_app):
    """QA: at Large the footer hint was drawn over Quit, and Quit was cut off at the bottom."""
    p = Pilot(make_app(cli_args(scenario=str(TUTORIAL), role=["usa"], seed=1)))
    p.app.go_title()  # an autosave exists now: Continue and its note come first
    for size in ((1280, 720), (1920, 1080)):
        p.app.apply_settings(UISettings(text_size="large"))
        p.app.resize(size)
        p.frames(1)
        quit_button = p.button("Quit")
        hint = next(el for el in p.app.top.root.elements if getattr(el, "text", "").startswith("Tab / arrows"))
        assert quit_button.rect.bottom <= hint.rect.top <= hint.rect.bottom <= size[1]


@pytest.mark.parametrize("text_size", ["small", "medium", "large"])
def test_meters_never_run_into_each_other(text_size):
    """Whatever height the meters get, from roomy down to one line each: no label crosses a bar."""
    if not pygame.font.get_init():
        pygame.font.init()
        clear_font_caches()  # fonts opened before an earlier pygame.quit() are dead
    theme = build_theme(UISettings(text_size=text_size), (1280, 720))
    rows = [meters.MeterRow(f"Meter number {i} with a long label", 0, 100, "high", 40, 55) for i in range(5)]
    least = meters.min_height(theme, len(rows), title=True)
    for width in (260, 500):
        for height in range(least, meters.height_for(theme, len(rows), title=True, roomy=True) + 40, 7):
            where = meters.plan(theme, (width, height), len(rows), title=True)
            assert len(where.rows) == len(rows), (width, height)
            boxes = where.boxes()
            bounds = pygame.Rect(0, 0, width, height)
            for i, (name, a) in enumerate(boxes):
                assert bounds.contains(a), (width, height, name, a)
                for other, b in boxes[i + 1:]:
                    assert not a.colliderect(b), (width, height, name, a, other, b)
            meters.draw_meters(theme, (width, height), rows, 0.5, title="Meters")


def test_selected_and_focused_look_different(make_app):
    """QA: in the default theme 'selected' and the keyboard focus were both yellow borders. Selected is a
    filled button now (in both themes); the focus is the ring drawn around a button, in its own colour."""
    p = Pilot(make_app())
    p.click_button("Settings")
    for contrast in (False, True):
        p.app.apply_settings(p.app.settings.with_(high_contrast=contrast))
        p.frames(1)
        selected = [b for b in p.buttons() if "#selected" in b.object_ids]
        plain = [b for b in p.buttons() if b.text in ("Off", "On", "Small", "Medium", "Large") and "#selected" not in b.object_ids]
        assert selected and plain
        focus = p.app.theme.colour("focus")
        for b in selected:
            assert pygame.Color(b.colours["normal_border"]) != focus  # no yellow frame that reads as the focus ring
            fill, other = pygame.Color(b.colours["normal_bg"]), pygame.Color(plain[0].colours["normal_bg"])
            assert abs(fill.hsla[2] - other.hsla[2]) > 40  # a light fill against a dark button, or the reverse
