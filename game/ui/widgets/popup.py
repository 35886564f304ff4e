"""Modal popups: a dimmed overlay with a box of text and buttons.

The overlay panel swallows clicks, so nothing underneath reacts while a popup
is open; the popup has its own focus ring, and Esc closes it (as its last
button, usually Cancel/Close, would).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIPanel

from game.ui import textfit

from .layer import Layer
from .richtext import RichText

if TYPE_CHECKING:
    from game.ui.app import App


def dim_layer(layer: Layer, root, area: pygame.Rect) -> None:
    """Darken what lies under a popup (one translucent image: cheaper than a full-window panel)."""
    shade = pygame.Surface(area.size, pygame.SRCALPHA)
    shade.fill(layer.theme.colour("overlay"))
    layer.image(shade, area, container=root)


class Popup(Layer):
    height = 200
    card: pygame.Rect | None = None  # where the popup is; clicks elsewhere are ignored while it is open

    def __init__(self, app: "App", title: str, html: str | Callable[[], str], buttons: list[tuple[str, Callable[[], None] | None]],
                 *, wide: bool = False, escape: int | None = None, primary: int = 0, fit: bool = False) -> None:
        """buttons: (text, action); an action of None just closes. escape: which button Esc means (default: the last).
        html may be a function, called at every (re)build, so font sizes follow a resize or a text-size change.
        fit: no taller than its text needs (a short note in a small card)."""
        super().__init__(app)
        self.title = title
        self.make_html = html if callable(html) else (lambda: html)
        self.html = ""
        self.buttons = buttons
        self.wide = wide
        self.escape = len(buttons) - 1 if escape is None else escape
        self.primary = primary
        self.fit = fit

    def open_card(self, root: UIPanel, area: pygame.Rect, max_w: int, max_h: int, *, height: int | None = None) -> tuple[UIPanel, int, int, int]:
        """Dim the screen and put a titled card in the middle; returns the card, its size and padding.
        height: the card's height in pixels (at most max_h), when the content says how much it needs."""
        u = self.u
        w = min(area.width - u(40), u(max_w))
        h = min(area.height - u(40), u(max_h), height or u(max_h))
        box = pygame.Rect(0, 0, w, h)
        box.center = area.center
        dim_layer(self, root, area)
        self.card = box
        card = UIPanel(box, manager=self.ui, container=root, object_id=ObjectID(object_id="#popup"))
        pad = u(18)
        self.label(self.title, pygame.Rect(pad, pad // 2, w - 2 * pad, u(44)), container=card, object_id="#heading")
        return card, w, h, pad

    def compose(self, root: UIPanel, area: pygame.Rect) -> None:
        u = self.u
        btn_h, pad, top = u(50), u(18), u(18) // 2 + u(48)
        max_w = 980 if self.wide else 760
        self.html = self.make_html()
        height = None
        if self.fit:
            text_w = min(area.width - u(40), u(max_w)) - 2 * pad
            height = top + RichText.fit_height(self.theme, self.html, text_w) + btn_h + pad * 2
        card, w, h, pad = self.open_card(root, area, max_w, 560 if self.wide else 420, height=height)
        self.text(self.html, pygame.Rect(pad, top, w - 2 * pad, h - top - btn_h - pad * 2), container=card, scroll=True)
        n = len(self.buttons)
        bw = min(u(300), (w - 2 * pad - (n - 1) * pad) // max(n, 1))
        x = w - pad - n * bw - (n - 1) * pad
        for i, (text, action) in enumerate(self.buttons):
            self.button(text, pygame.Rect(x, h - pad - btn_h, bw, btn_h), self._runner(action), container=card,
                        object_id="#primary" if i == self.primary else None, focus=i == self.primary)
            x += bw + pad

    def _runner(self, action: Callable[[], None] | None) -> Callable[[], None]:
        def run() -> None:
            self.close()
            if action is not None:
                action()

        return run

    def close(self) -> None:
        self.app.close_popup(self)

    def on_back(self) -> None:
        if self.buttons:
            self.focus.items[self.escape][1]()
        else:
            self.close()

    def on_key(self, event: pygame.event.Event) -> bool:
        # y/n answer a yes/no question without hunting for the button.
        if len(self.buttons) == 2 and event.key in (pygame.K_y, pygame.K_n):
            self.focus.items[0 if event.key == pygame.K_y else 1][1]()
            return True
        return False


class ListPopup(Popup):
    """A popup whose body is a scrolling list of buttons (e.g. every source of a round)."""

    def __init__(self, app: "App", title: str, items: list[tuple[str, Callable[[], None]]]) -> None:
        super().__init__(app, title, "", [("Close", None)], wide=True)
        self.items = items

    def compose(self, root: UIPanel, area: pygame.Rect) -> None:
        from pygame_gui.elements import UIScrollingContainer

        u = self.u
        card, w, h, pad = self.open_card(root, area, 1100, 640)
        btn_h = u(50)
        top = pad // 2 + u(50)
        list_rect = pygame.Rect(pad, top, w - 2 * pad, h - top - btn_h - pad * 2)
        scroller = UIScrollingContainer(list_rect, manager=self.ui, container=card, allow_scroll_x=False)
        row_h, gap = u(50), u(6)
        inner_w = list_rect.width - 20  # pygame_gui's scroll bar is 20 pixels wide at every scale
        font = self.theme.font("button", bold=True)
        for i, (text, action) in enumerate(self.items):
            text = textfit.ellipsize(font, text, inner_w - u(48))
            self.button(text, pygame.Rect(0, i * (row_h + gap), inner_w, row_h), self._runner(action), container=scroller,
                        cls="@list", focus=i == 0)
        scroller.set_scrollable_area_dimensions((inner_w, max(1, len(self.items) * (row_h + gap))))
        self.scroll_box = scroller
        self.button("Close", pygame.Rect(w - pad - u(220), h - pad - btn_h, u(220), btn_h), self.close, container=card,
                    object_id="#primary")

    def on_back(self) -> None:
        self.close()

    def on_key(self, event: pygame.event.Event) -> bool:
        return False
