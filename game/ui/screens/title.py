"""The title screen: Continue (when an autosave exists), New game, Classroom session, Load, Settings, Quit."""

from __future__ import annotations

import pygame

from game.ui import saves, textfit
from game.ui.mapview import draw_map
from game.ui.screens.base import Screen
from game.ui.widgets.richtext import RichText

# A fixed backdrop for the title: the capitals of the story, before any scenario is loaded.
BACKDROP = (
    ("washington", "Washington", 38.9, -77.04),
    ("brussels", "Brussels", 50.85, 4.35),
    ("warsaw", "Warsaw", 52.23, 21.01),
    ("prague", "Prague", 50.08, 14.44),
    ("moscow", "Moscow", 55.76, 37.62),
)


class TitleScreen(Screen):
    def compose(self, root, area: pygame.Rect) -> None:
        u, m = self.u, self.margin()
        col_w = min(u(460), area.width // 2 - m)
        map_rect = pygame.Rect(col_w + 2 * m, m, area.width - col_w - 3 * m, area.height - 2 * m)
        if map_rect.width > u(200):
            self.image(draw_map(self.theme, map_rect.size, BACKDROP, None), map_rect)
        self.label("Shield Talks", pygame.Rect(m, m, col_w + m, u(84)), object_id="#title")
        blurb = ("Missile-defence diplomacy between the United States, NATO and Russia, 2007–2011. "
                 "A negotiation game for the classroom and for solo play.")
        html = textfit.font_tag(textfit.esc(blurb), self.theme.px("subheading"), self.theme.palette["muted"])
        blurb_h = RichText.fit_height(self.theme, html, col_w)
        self.text(html, pygame.Rect(m - u(14), m + u(84), col_w, blurb_h), object_id="#plain")
        y = m + u(96) + blurb_h
        gap = u(12)
        # Six buttons (and Continue's note): smaller buttons when the window is short, never past the hint.
        count = 6 if saves.has_autosave() else 5
        room = area.height - m - u(34) - y - (u(30) if saves.has_autosave() else 0)
        bh = max(u(36), min(u(56), room // count - gap))
        if saves.has_autosave():
            info = saves.describe(saves.AUTOSAVE)
            self.button("Continue", pygame.Rect(m, y, col_w, bh), self.app.continue_autosave, object_id="#primary", focus=True)
            y += bh + u(2)
            self.label(textfit.ellipsize(self.theme.font("small"), info.summary, col_w), pygame.Rect(m, y, col_w, u(28)), object_id="#hint")
            y += u(28) + gap
        self.button("New game", pygame.Rect(m, y, col_w, bh), self.app.new_game, focus=not saves.has_autosave())
        y += bh + gap
        self.button("Classroom session", pygame.Rect(m, y, col_w, bh), self.app.new_class_session,
                    tip="Hot seat for 2–6 delegations on one projector: teams, timer, facilitator controls, debrief")
        y += bh + gap
        self.button("Load a saved game", pygame.Rect(m, y, col_w, bh), lambda: self.app.open_slots("load"))
        y += bh + gap
        self.button("Settings", pygame.Rect(m, y, col_w, bh), self.app.open_settings)
        y += bh + gap
        self.button("Quit", pygame.Rect(m, y, col_w, bh), self.app.quit)
        hint = "Tab / arrows move · Enter chooses · Esc goes back · F11 full screen"
        self.label(hint, pygame.Rect(m, area.height - m - u(30), area.width - 2 * m, u(30)), object_id="#hint")

    def on_back(self) -> None:
        pass  # nothing behind the title; Quit is a button
