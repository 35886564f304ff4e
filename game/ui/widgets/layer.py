"""A Layer is one full-window set of widgets with its own keyboard focus: a screen or a popup.

Layers are rebuilt from scratch (compose) whenever the window size, text size
or theme changes, so they must keep their state in plain attributes, never in
widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pygame_gui.core import ObjectID, UIContainer
from pygame_gui.elements import UIButton, UIImage, UILabel, UIPanel

from game.ui import textfit

from .focus import FocusRing
from .richtext import RichText

if TYPE_CHECKING:
    from game.ui.app import App

Action = Callable[[], None]

# Which font each label style uses (as in the theme files), to size labels to their text.
LABEL_FONTS = {"#title": ("title", True), "#heading": ("heading", True), "#subheading": ("subheading", False),
               "#hint": ("small", False), "#tag_escalate": ("small", True), "#timer": ("heading", True),
               "#timer_up": ("heading", True), "#cover_name": ("title", True), "#cover_team": ("heading", True)}


class Layer:
    height = 1  # pygame_gui starting height; popups sit far above screens

    def __init__(self, app: "App") -> None:
        self.app = app
        self.focus = FocusRing()
        self.root: UIContainer | None = None
        self.regions: list[tuple[pygame.Rect, Action]] = []  # clickable areas that are not buttons
        self.scroller: RichText | None = None  # what PageUp/PageDown scroll
        self.texts: list[RichText] = []
        self.scroll_box = None  # a UIScrollingContainer whose focused button must stay in view

    # ------------------------------------------------------------------ building

    @property
    def ui(self) -> pygame_gui.UIManager:
        return self.app.ui

    @property
    def theme(self):
        return self.app.theme

    def u(self, value: float) -> int:
        return self.app.theme.u(value)

    def build(self, visible: bool = True) -> None:
        """(Re)create every widget for the current window and theme."""
        keep = self.focus.index
        self.kill()
        self.focus.clear()
        self.regions.clear()
        self.scroller = None
        self.scroll_box = None
        self.texts = []
        w, h = self.app.size
        # A bare container, not a panel: a full-window panel keeps ~4 MB of surfaces per state, and the
        # window is filled with the background colour anyway. Built visible, then hidden: pygame_gui's
        # scrolling container cannot be created inside a hidden one.
        self.root = UIContainer(pygame.Rect(0, 0, w, h), self.ui, starting_height=self.height)
        self.compose(self.root, pygame.Rect(0, 0, w, h))
        self.app.touch()
        if not visible:
            self.root.hide()
        if self.focus.items and getattr(self, "_built_once", False):
            self.focus.index = min(keep, len(self.focus.items) - 1)
        self._built_once = True

    @property
    def animating(self) -> bool:
        """True while the layer changes by itself (frames must be drawn without any input)."""
        return False

    def compose(self, root: UIPanel, area: pygame.Rect) -> None:
        raise NotImplementedError

    def kill(self) -> None:
        if self.root is not None:
            self.root.kill()
            self.root = None

    def show(self) -> None:
        if self.root is not None:
            self.root.show()
            self.app.touch()

    def hide(self) -> None:
        if self.root is not None:
            self.root.hide()

    # ------------------------------------------------------------------ widget helpers

    def button(self, text: str, rect: pygame.Rect, action: Action, *, container=None, object_id: str | None = None,
               cls: str | None = None, focus: bool = False, enabled: bool = True, tip: str | None = None) -> UIButton:
        """cls: a theme class (e.g. '@list') shared by buttons whose object_id varies (#selected)."""
        oid = ObjectID(object_id=object_id, class_id=cls) if (object_id or cls) else None
        btn = UIButton(rect, textfit.printable(text), manager=self.ui, container=container or self.root, object_id=oid, tool_tip_text=tip)
        if not enabled:
            btn.disable()
        self.focus.add(btn, action, focus=focus)
        return btn

    def label(self, text: str, rect: pygame.Rect, *, container=None, object_id: str | None = None) -> UILabel:
        """A one-line label, cut to its text's width: each label keeps a surface per state, so no wider than needed."""
        role = LABEL_FONTS.get(object_id or "", ("body", False))
        font = self.theme.font(*role)
        rect = pygame.Rect(rect)
        text = textfit.ellipsize(font, textfit.printable(text), rect.width - self.u(24))  # never clipped mid-letter
        rect.width = min(rect.width, font.size(text)[0] + self.u(24))
        return UILabel(rect, text, manager=self.ui, container=container or self.root,
                       object_id=ObjectID(object_id=object_id) if object_id else None)

    def centred_label(self, text: str, rect: pygame.Rect, *, container=None, object_id: str | None = None) -> UILabel:
        """A one-line label centred in rect (shortened with an ellipsis when it is wider)."""
        role = LABEL_FONTS.get(object_id or "", ("body", False))
        font = self.theme.font(*role)
        text = textfit.ellipsize(font, text, rect.width - self.u(24))
        w = min(rect.width, font.size(text)[0] + self.u(24))
        return self.label(text, pygame.Rect(rect.centerx - w // 2, rect.y, w, rect.height), container=container, object_id=object_id)

    def text(self, html: str, rect: pygame.Rect, *, container=None, object_id: str | None = None,
             scroll: bool = False) -> RichText:
        """A text view (our RichText, far cheaper than UITextBox for long texts). '#plain': no frame.
        scroll: this is the layer's main text, which PageUp/PageDown scroll."""
        box = RichText(self.theme, html, rect, self.ui, container or self.root, frame=object_id != "#plain")
        self.texts.append(box)
        if scroll:
            self.scroller = box
        return box

    def image(self, surface: pygame.Surface, rect: pygame.Rect, *, container=None) -> UIImage:
        return UIImage(rect, surface, manager=self.ui, container=container or self.root)

    def region(self, rect: pygame.Rect, action: Action) -> None:
        self.regions.append((pygame.Rect(rect), action))

    # ------------------------------------------------------------------ input

    def on_button(self, element: object) -> bool:
        action = self.focus.action_for(element)
        if action is None:
            return False
        self.focus.focus(element)
        action()
        return True

    def on_key(self, event: pygame.event.Event) -> bool:
        """Keys this layer means something by (numbers, letters); Tab/Enter are the focus ring's."""
        return False

    def on_back(self) -> None:
        """Esc."""

    def on_link(self, href: str) -> None:
        """A link clicked in one of this layer's text boxes."""

    def on_click(self, pos: tuple[int, int]) -> bool:
        for box in self.texts:
            href = box.click(pos)
            if href:
                self.on_link(href)
                return True
        for rect, action in self.regions:
            if rect.collidepoint(pos):
                action()
                return True
        return False

    def scroll(self, pages: float) -> bool:
        if self.scroller is None:
            return False
        self.scroller.scroll_pages(pages)
        return True

    def on_wheel(self, pos: tuple[int, int], dy: int) -> None:
        """The wheel scrolls the text view under the mouse (pygame_gui's own widgets scroll themselves)."""
        for box in self.texts:
            if box.element.visible and box.screen_rect().collidepoint(pos):
                box.scroll_lines(-dy)
                return

    def update(self, dt: float) -> None:
        """Per-frame work (animations). Subclasses call super() to keep the focused button in view."""
        self.keep_focus_visible()

    def keep_focus_visible(self) -> None:
        """Tabbing to a button below the fold of a scrolling container scrolls it into view (pygame_gui does not)."""
        box, el = self.scroll_box, self.focus.current
        if box is None or el is None or getattr(box, "vert_scroll_bar", None) is None:
            return
        view = box.rect
        if el.rect.top >= view.top and el.rect.bottom <= view.bottom:
            return
        bar = box.vert_scroll_bar
        total = max(box.scrolling_height, 1)
        inner_top = el.rect.top - view.top + bar.scroll_position
        bar.set_scroll_from_start_percentage(max(0.0, min(1.0, (inner_top - self.u(10)) / total)))

    def after_build(self) -> None:
        """Work to do once the layer is on screen (prepare the next screen, start an animation)."""
