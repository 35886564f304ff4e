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
        hint = "Tab / arrows move · Enter chooses · Esc goes back · F11 full screen"
        hint_h = self.theme.font("small").get_linesize() + u(6)
        hint_top = area.height - m - hint_h
        # The map on the right stops above the key hint, which runs along the bottom of the window.
        map_rect = pygame.Rect(col_w + 2 * m, m, area.width - col_w - 3 * m, hint_top - u(8) - m)
        has_map = map_rect.width > u(200) and map_rect.height > u(160)
        self.label("Shield Talks", pygame.Rect(m, m, col_w + m, u(84)), object_id="#title")
        blurb = ("Missile-defence diplomacy between the United States, NATO and Russia, 2007–2011. "
                 "A negotiation game for the classroom and for solo play.")
        html = textfit.font_tag(textfit.esc(blurb), self.theme.px("subheading"), self.theme.palette["muted"])
        # The buttons: Continue (and its note) when an autosave exists, then five more. They come first:
        # the blurb goes above them when they still fit, else above the map, else it is left out.
        autosave = saves.has_autosave()
        count = 6 if autosave else 5
        note_h = self.theme.font("small").get_linesize() + u(4) if autosave else 0
        gap = u(12)
        least = self.theme.font("button", bold=True).get_linesize() + u(10)  # a button's text never clipped
        y0 = m + u(84)
        bottom = hint_top - u(8)

        def button_h(top: int, gap: int) -> int:
            return min(u(56), (bottom - top - note_h - (count - 1) * gap) // count)

        blurb_h = RichText.fit_height(self.theme, html, col_w)
        if button_h(y0 + blurb_h + u(12), gap) >= max(least, u(44)):
            self.text(html, pygame.Rect(m - u(14), y0, col_w, blurb_h), object_id="#plain")
            y0 += blurb_h + u(12)
        else:
            y0 += u(12)
            blurb_h = RichText.fit_height(self.theme, html, map_rect.width)
            if has_map and map_rect.height - blurb_h - u(8) > u(160):
                self.text(html, pygame.Rect(map_rect.x - u(14), map_rect.y, map_rect.width + u(14), blurb_h), object_id="#plain")
                map_rect.y += blurb_h + u(8)
                map_rect.height -= blurb_h + u(8)
        if button_h(y0, gap) < least:
            gap = u(6)
        bh = max(least, button_h(y0, gap))
        if has_map:
            self.image(draw_map(self.theme, map_rect.size, BACKDROP, None), map_rect)
        y = y0
        if autosave:
            info = saves.describe(saves.AUTOSAVE)
            self.button("Continue", pygame.Rect(m, y, col_w, bh), self.app.continue_autosave, object_id="#primary", focus=True)
            y += bh + u(2)
            self.label(textfit.ellipsize(self.theme.font("small"), info.summary, col_w), pygame.Rect(m, y, col_w, note_h - u(2)),
                       object_id="#hint")
            y += note_h - u(2) + gap
        self.button("New game", pygame.Rect(m, y, col_w, bh), self.app.new_game, focus=not autosave)
        y += bh + gap
        self.button("Classroom session", pygame.Rect(m, y, col_w, bh), self.app.new_class_session,
                    tip="Hot seat for 2–6 delegations on one projector: teams, timer, facilitator controls, debrief")
        y += bh + gap
        self.button("Load a saved game", pygame.Rect(m, y, col_w, bh), lambda: self.app.open_slots("load"))
        y += bh + gap
        self.button("Settings", pygame.Rect(m, y, col_w, bh), self.app.open_settings)
        y += bh + gap
        self.button("Quit", pygame.Rect(m, y, col_w, bh), self.app.quit)
        self.label(hint, pygame.Rect(m, hint_top, area.width - 2 * m, hint_h), object_id="#hint")

    def on_back(self) -> None:
        pass  # nothing behind the title; Quit is a button
