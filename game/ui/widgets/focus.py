"""Keyboard navigation for pygame_gui, which has none of its own.

A FocusRing is an ordered list of (element, action) pairs. Tab / Shift+Tab and
the arrow keys move along it, Enter or Space runs the focused element's action,
and the app draws a ring around the focused element. Mouse clicks run the same
actions, so the keyboard and the mouse share one code path per button.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

Action = Callable[[], None]

NEXT_KEYS = (pygame.K_TAB, pygame.K_DOWN, pygame.K_RIGHT)
PREV_KEYS = (pygame.K_UP, pygame.K_LEFT)
ACTIVATE_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)


class FocusRing:
    def __init__(self) -> None:
        self.items: list[tuple[object, Action]] = []
        self.index = 0

    def add(self, element: object, action: Action, *, focus: bool = False) -> None:
        self.items.append((element, action))
        if focus:
            self.index = len(self.items) - 1

    def clear(self) -> None:
        self.items.clear()
        self.index = 0

    def action_for(self, element: object) -> Action | None:
        for el, action in self.items:
            if el is element:
                return action
        return None

    def _usable(self, element: object) -> bool:
        return bool(getattr(element, "visible", True)) and bool(getattr(element, "is_enabled", True)) and getattr(element, "alive", lambda: True)()

    @property
    def current(self) -> object | None:
        if not self.items:
            return None
        self.index %= len(self.items)
        element = self.items[self.index][0]
        return element if self._usable(element) else self._skip(+1)

    def _skip(self, step: int) -> object | None:
        for _ in range(len(self.items)):
            self.index = (self.index + step) % len(self.items)
            if self._usable(self.items[self.index][0]):
                return self.items[self.index][0]
        return None

    def move(self, step: int) -> None:
        if self.items:
            self._skip(step)

    def focus(self, element: object) -> None:
        for i, (el, _) in enumerate(self.items):
            if el is element:
                self.index = i
                return

    def activate(self) -> bool:
        element = self.current
        if element is None:
            return False
        action = self.action_for(element)
        if action is None:
            return False
        action()
        return True

    def handle_key(self, event: pygame.event.Event) -> bool:
        """Tab/arrows/Enter; returns True when the key was used."""
        if event.key == pygame.K_TAB:
            self.move(-1 if event.mod & pygame.KMOD_SHIFT else +1)
            return True
        if event.key in NEXT_KEYS:
            self.move(+1)
            return True
        if event.key in PREV_KEYS:
            self.move(-1)
            return True
        if event.key in ACTIVATE_KEYS:
            return self.activate()
        return False

    def draw(self, surface: pygame.Surface, colour: pygame.Color, width: int) -> None:
        element = self.current
        if element is None:
            return
        rect = pygame.Rect(element.rect).inflate(width * 3, width * 3)  # type: ignore[attr-defined]
        pygame.draw.rect(surface, colour, rect, width, border_radius=width * 3)
