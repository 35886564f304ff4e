"""The small parts: focus ring, text fitting, the map's projection, meters, chart."""

from __future__ import annotations

import pygame
from conftest import blank
from hypothesis import given, settings
from hypothesis import strategies as st

from game.ui import textfit
from game.ui.chart import draw_chart
from game.ui.mapview import Projection, draw_map
from game.ui.meters import MeterRow, draw_meters
from game.ui.settings import UISettings
from game.ui.theme import build_theme, clear_font_caches, load_font
from game.ui.widgets.focus import FocusRing


class _El:
    def __init__(self, visible=True, enabled=True):
        self.visible, self.is_enabled = visible, enabled
        self.rect = pygame.Rect(0, 0, 10, 10)


def _key(key, mod=0):
    return pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod)


def test_focus_ring_moves_skips_hidden_and_activates():
    ring, hits = FocusRing(), []
    a, hidden, c = _El(), _El(visible=False), _El()
    ring.add(a, lambda: hits.append("a"))
    ring.add(hidden, lambda: hits.append("hidden"))
    ring.add(c, lambda: hits.append("c"), focus=True)
    assert ring.current is c
    ring.handle_key(_key(pygame.K_TAB))
    assert ring.current is a  # wraps round
    ring.handle_key(_key(pygame.K_TAB, pygame.KMOD_SHIFT))
    assert ring.current is c  # skips the hidden one
    ring.handle_key(_key(pygame.K_RETURN))
    assert hits == ["c"]


def test_html_escaping_keeps_markup_out():
    assert textfit.esc("a <b> & c") == "a &lt;b&gt; &amp; c"
    assert textfit.esc("one\n\ntwo  lines") == "one<br><br>two lines"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="latin-1", exclude_categories=("Cc",)), max_size=200), st.integers(30, 400))
def test_wrap_never_exceeds_the_width(text, width):
    _fonts()
    font = load_font(18)
    lines = textfit.wrap(font, text, width)
    for line in lines:
        assert font.size(line)[0] <= width or len(line) == 1
    assert "".join("".join(lines).split()) == "".join(text.split())


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(-60, 80), st.floats(-179, 179)), min_size=1, max_size=12),
       st.tuples(st.integers(80, 900), st.integers(60, 600)))
def test_every_place_lands_inside_the_map(places, size):
    proj = Projection(places, size)
    for lat, lon in places:
        x, y = proj(lat, lon)
        assert 0 <= x <= size[0] and 0 <= y <= size[1]


def _fonts() -> None:
    if not pygame.font.get_init():
        pygame.font.init()
        clear_font_caches()


def test_drawings_are_not_blank():
    pygame.display.init()
    _fonts()
    theme = build_theme(UISettings(), (1280, 720))
    places = (("moscow", "Moscow", 55.76, 37.62), ("washington", "Washington", 38.9, -77.0))
    assert not blank(draw_map(theme, (400, 240), places, "moscow"))
    rows = [MeterRow("Trust", 0, 100, "high", 30, 45), MeterRow("Tension", 0, 100, "low", 50, 40)]
    for progress in (0.0, 0.5, 1.0):
        assert not blank(draw_meters(theme, (400, 160), rows, progress, title="Meters"))
    chart = draw_chart(theme, (500, 300), [("Trust", 0, 100, [30, 45, 60]), ("Tension", 0, 100, [50, 40, 70])], ["Start", "R1", "R2"])
    assert not blank(chart)


def test_rich_text_wraps_scrolls_and_finds_links(make_app):
    from game.ui.widgets.richtext import RichText, plain_text

    app = make_app()
    words = " ".join(f"word{i}" for i in range(400))
    html = f"<b>Head</b><br><br>{words}<br><a href='pos:1'>[1] a quoted line</a>"
    box = RichText(app.theme, html, pygame.Rect(10, 10, 400, 200), app.ui, None)
    assert box.content_h > 200 and box.max_scroll > 0
    for line in box.lines:  # nothing runs past the text area
        for x, text, style in line.runs:
            from game.ui.theme import load_font

            assert x + load_font(style.px, style.bold, style.italic).size(text)[0] <= box.inner_width + 1
    assert box.link_rects() == []  # the link is below the fold
    box.scroll_pages(100)
    assert box.scroll_y == box.max_scroll
    [(rect, href)] = box.link_rects()
    assert href == "pos:1" and box.click(rect.center) == "pos:1"
    box.scroll_pages(-100)
    assert box.scroll_y == 0
    assert "word399" in plain_text(html) and "<b>" not in plain_text(html)
    assert RichText.fit_height(app.theme, "short", 400) < 80


def test_mouse_wheel_scrolls_the_text_under_the_mouse(make_app):
    from conftest import TUTORIAL, Pilot, cli_args

    p = Pilot(make_app(cli_args(scenario=str(TUTORIAL), role=["usa"], seed=1), size=(800, 500)))
    box = p.app.top.scroller
    assert box.max_scroll > 0
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=box.screen_rect().center, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False, precise_x=0.0, precise_y=-1.0))
    p.frames(2)
    assert box.scroll_y > 0
    p.key(pygame.K_PAGEUP)
    assert box.scroll_y == 0
