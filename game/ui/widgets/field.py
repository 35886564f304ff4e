"""A one-line text field that lives in a layer's focus ring like a button.

pygame_gui's text entry keeps a keyboard focus of its own, apart from our
FocusRing; this field is a button showing its text instead: Tab or a click
focuses it, and while it is focused the layer hands it the keys (`handle_key`):
printable characters are typed, Backspace deletes, Enter moves on. So the
keyboard and the mouse reach it the same way as every other control.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from game.ui import textfit

CARET = "|"


class TextField:
    def __init__(self, layer, rect: pygame.Rect, value: str, *, placeholder: str, max_len: int = 24, mask: bool = False,
                 allowed: Callable[[str], bool] | None = None, on_change: Callable[[str], None] | None = None,
                 container=None, enabled: bool = True, focus: bool = False) -> None:
        self.layer = layer
        self.value = value
        self.placeholder = placeholder
        self.max_len = max_len
        self.mask = mask
        self.allowed = allowed or (lambda ch: ch.isprintable() and textfit.has_glyph(ch))  # no empty boxes
        self.on_change = on_change
        self.focused = False
        self.button = layer.button(self._shown(), rect, lambda: None, container=container, object_id="#field",
                                   enabled=enabled, focus=focus)
        self._text_colours = {k: self.button.colours[k] for k in ("normal_text", "hovered_text")}
        self._muted = None
        self._tint()

    @property
    def element(self):
        return self.button

    def _shown(self) -> str:
        text = "•" * len(self.value) if self.mask else self.value
        if self.focused:
            text += CARET
        elif not text:
            return self.placeholder
        font = self.layer.theme.font("body")
        room = self.button.rect.width - self.layer.u(36) if hasattr(self, "button") else 10_000
        while text and font.size(text)[0] > room:  # the end of a long text stays in view, like any text field
            text = text[1:]
        return text

    def set_focused(self, focused: bool) -> None:
        if focused != self.focused:
            self.focused = focused
            self.refresh()

    def refresh(self) -> None:
        self.button.set_text(self._shown())
        self._tint()
        self.layer.app.touch()

    def _tint(self) -> None:
        """The placeholder in the muted colour, so an empty field does not look filled in."""
        muted = not self.value and not self.focused
        if muted == self._muted:
            return
        self._muted = muted
        colour = self.layer.theme.colour("muted") if muted else None
        for key, normal in self._text_colours.items():
            self.button.colours[key] = colour or normal
        self.button.rebuild()

    def handle_key(self, event: pygame.event.Event) -> bool:
        """Typing into the field; returns True when the key was used."""
        if event.key in (pygame.K_BACKSPACE, pygame.K_DELETE):
            if self.value:
                self._set(self.value[:-1])
            return True
        ch = getattr(event, "unicode", "") or ""
        if len(ch) == 1 and ch.isprintable() and event.key not in (pygame.K_TAB, pygame.K_RETURN, pygame.K_KP_ENTER):
            if self.allowed(ch) and len(self.value) < self.max_len:
                self._set(self.value + ch)
            return True  # a character that is not allowed is still the field's key (no shortcut fires)
        return False

    def _set(self, value: str) -> None:
        self.value = value
        if self.on_change is not None:
            self.on_change(value)
        self.refresh()


def sync_fields(layer, fields: list[TextField]) -> None:
    """Show the caret in the focused field only (call every frame from the layer's update)."""
    current = layer.focus.current
    for f in fields:
        f.set_focused(f.button is current)


def field_key(layer, fields: list[TextField], event: pygame.event.Event) -> bool:
    """Give a key to the focused field; Enter in a field moves on to the next control."""
    current = layer.focus.current
    for f in fields:
        if f.button is current:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                layer.focus.move(+1)
                return True
            return f.handle_key(event)
    return False


