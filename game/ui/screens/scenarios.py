"""The scenario picker: shipped scenarios and the user's folder, with title, period and summary.

A scenario that fails to load is listed with its problems instead of its
summary; it cannot be started, and nothing crashes.
"""

from __future__ import annotations

from pathlib import Path

import pygame

from game import paths
from game.ui import textfit
from game.ui.screens.base import Screen


class ScenarioScreen(Screen):
    def __init__(self, app, selected: int = 0, *, classroom: bool = False, select: Path | None = None) -> None:
        """select: a scenario file to select (the one just played), if it is still in the list."""
        super().__init__(app)
        self.app.catalog.rescan()
        self.selected = selected
        if select is not None:
            self.selected = next((i for i, e in enumerate(self.entries) if e.path.resolve() == select.resolve()), selected)
        self.classroom = classroom  # on to the class session's set-up instead of the role picker
        self.detail = None
        self.items: list = []
        self._shown_state: tuple | None = None

    @property
    def entries(self):
        return self.app.catalog.entries

    def compose(self, root, area: pygame.Rect) -> None:
        u, m = self.u, self.margin()
        title = "Classroom session: choose a scenario" if self.classroom else "Choose a scenario"
        top = self.header(area, title, f"Your own scenarios go in {paths.user_scenarios_dir()}")
        bottom = area.height - self.footer_height()
        list_w = min(u(470), area.width // 2 - m)
        bh, gap = u(54), u(10)
        y = top
        self.items = []
        font = self.theme.font("body")
        room = max(1, (bottom - top) // (bh + gap))
        for i, entry in enumerate(self.entries[:room]):
            text = textfit.ellipsize(font, f"{i + 1}. {self._name(entry)}", list_w - u(40))
            btn = self.button(text, pygame.Rect(m, y, list_w, bh), self._select_action(i),
                              cls="@list", object_id="#selected" if i == self.selected else "#list_item", focus=i == self.selected)
            self.items.append(btn)
            y += bh + gap
        if len(self.entries) > room:
            self.label(f"… and {len(self.entries) - room} more (enlarge the window)", pygame.Rect(m, y, list_w, u(30)), object_id="#hint")
        x = m + list_w + m
        self.detail = self.text(self._detail_html(), pygame.Rect(x, top, area.width - x - m, bottom - top - m // 2), scroll=True)
        self._shown_state = self._state()
        self.footer(area, [("Back", self.app.pop)], [("Set up the class" if self.classroom else "Choose a role", self.proceed)],
                    hint="1–9 pick a scenario", focus_right=False)

    def _name(self, entry) -> str:
        if entry.loaded is not None:
            return entry.loaded.scenario.title
        if entry.error is not None:
            return f"{entry.path.stem} (cannot be loaded)"
        return f"{entry.path.stem} (loading…)"

    def _state(self) -> tuple:
        return tuple(e.done for e in self.entries)

    def _select_action(self, i: int):
        def select() -> None:
            if i == self.selected and self.current_loaded() is not None:
                self.proceed()
                return
            self.selected = i
            self.build()
            self.focus.index = i  # focus follows the choice, also when it was made with a number key

        return select

    def current_loaded(self):
        if 0 <= self.selected < len(self.entries):
            return self.entries[self.selected].loaded
        return None

    def _detail_html(self) -> str:
        if not self.entries:
            return textfit.esc("No scenario files were found.")
        entry = self.entries[self.selected]
        body = self.theme.px("body")
        if entry.loaded is not None:
            s = entry.loaded.scenario
            roles = ", ".join(s.actor(r.actor).name for r in s.roles if r.playable)
            parts = [
                textfit.font_tag(textfit.esc(s.title), self.theme.px("heading"), bold=True),
                textfit.font_tag(textfit.esc(s.period), self.theme.px("subheading"), italic=True),
                textfit.font_tag(textfit.esc(s.summary), body),
                textfit.font_tag(textfit.esc(f"{len(s.rounds)} rounds · roles you can play: {roles}"), self.theme.px("small")),
                textfit.font_tag(textfit.esc(("Shipped with the game: " if entry.shipped else "From your folder: ") + str(entry.path)), self.theme.px("small")),
            ]
            return "<br><br>".join(parts)
        if entry.error is not None:
            head = textfit.font_tag(textfit.esc(f"{entry.path.name} cannot be loaded"), self.theme.px("heading"), bold=True)
            lines = "<br>".join(textfit.esc(line) for line in entry.error.splitlines())
            return head + "<br><br>" + textfit.font_tag(lines, self.theme.px("small")) + "<br><br>" + textfit.font_tag(
                textfit.esc("Fix the file (python -m game validate shows the same problems) or pick another scenario."), body)
        return textfit.font_tag(textfit.esc(f"Loading {entry.path.name}…"), body)

    def proceed(self) -> None:
        loaded = self.current_loaded()
        if loaded is None:
            entry = self.entries[self.selected] if self.entries else None
            msg = "This scenario cannot be played: its problems are listed on the right." if entry and entry.error else "Still loading; try again in a moment."
            self.app.message("Not yet", textfit.esc(msg))
            return
        if self.classroom:
            self.app.open_class_setup(loaded)
        else:
            self.app.open_roles(loaded)

    def on_key(self, event: pygame.event.Event) -> bool:
        if pygame.K_1 <= event.key <= pygame.K_9:
            i = event.key - pygame.K_1
            if i < len(self.items):
                self._select_action(i)()
            return True
        return False

    def update(self, dt: float) -> None:
        # The loader thread finishes files while this screen is up: refresh names and detail once each.
        if self._shown_state is not None and self._state() != self._shown_state:
            self.build()
