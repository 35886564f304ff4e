"""What the screens share: margins, a header, and a footer row of buttons."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from game.ui.widgets.layer import Layer


class Screen(Layer):
    """A full-window layer on the app's screen stack."""

    in_game = False  # Esc opens the in-game menu instead of going back

    def margin(self) -> int:
        return self.u(24)

    def header(self, area: pygame.Rect, title: str, subtitle: str | None = None, reserve: int = 0) -> int:
        """Draws the title (and subtitle) at the top; returns the y where content can start.
        reserve: room kept free at the right (the classroom timer and facilitator button)."""
        m = self.margin()
        self.label(title, pygame.Rect(m, m // 2, area.width - 2 * m - reserve, self.u(46)), object_id="#heading")
        y = m // 2 + self.u(46)
        if subtitle:
            self.label(subtitle, pygame.Rect(m, y, area.width - 2 * m - reserve, self.u(30)), object_id="#subheading")
            y += self.u(30)
        return y + self.u(8)

    def footer_height(self) -> int:
        return self.u(54) + self.margin()

    def footer(self, area: pygame.Rect, left: list[tuple[str, Callable[[], None]]], right: list[tuple[str, Callable[[], None]]],
               hint: str | None = None, focus_right: bool = True) -> None:
        """Buttons along the bottom: 'back'-like ones on the left, the way forward on the right."""
        m = self.margin()
        h = self.u(54)
        y = area.height - m - h
        x = m
        for text, action in left:
            w = self._width_for(text)
            self.button(text, pygame.Rect(x, y, w, h), action)
            x += w + m // 2
        rx = area.width - m
        placed = []
        for i, (text, action) in enumerate(reversed(right)):
            w = self._width_for(text)
            rx -= w
            placed.append((text, action, pygame.Rect(rx, y, w, h), i == 0))
            rx -= m // 2
        for text, action, rect, last in reversed(placed):
            self.button(text, rect, action, object_id="#primary" if last else None, focus=last and focus_right)
        if hint and rx - x > self.u(160):
            self.label(hint, pygame.Rect(x + m // 2, y, rx - x - m, h), object_id="#hint")

    def _width_for(self, text: str) -> int:
        font = self.theme.font("button", bold=True)
        return max(self.u(150), font.size(text)[0] + self.u(40))

    def on_back(self) -> None:
        if self.in_game:
            self.app.open_menu()
        else:
            self.app.pop()
