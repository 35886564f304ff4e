"""Settings: text size, high contrast, full screen, animations. Saved as soon as they change."""

from __future__ import annotations

import pygame

from game.ui.screens.base import Screen
from game.ui.settings import TEXT_SIZES


class SettingsScreen(Screen):
    pauses_discussion = True  # the class timer stops while this is open

    def compose(self, root, area: pygame.Rect) -> None:
        u, m = self.u, self.margin()
        st = self.app.settings
        top = self.header(area, "Settings", "Changes apply at once and are remembered on this computer.")
        rows = [
            ("Text size", [(size.capitalize(), st.text_size == size, {"text_size": size}) for size in TEXT_SIZES]),
            ("High contrast", [("Off", not st.high_contrast, {"high_contrast": False}), ("On", st.high_contrast, {"high_contrast": True})]),
            ("Full screen (F11)", [("Off", not st.fullscreen, {"fullscreen": False}), ("On", st.fullscreen, {"fullscreen": True})]),
            ("Animations", [("Off", not st.animations, {"animations": False}), ("On", st.animations, {"animations": True})]),
        ]
        label_w = min(u(300), area.width // 3)
        bw, bh, gap = u(170), u(54), u(14)
        y = top + u(10)
        first_row = True
        for title, options in rows:
            self.label(title, pygame.Rect(m, y, label_w, bh), object_id="#subheading")
            x = m + label_w
            for text, chosen, change in options:
                self.button(text, pygame.Rect(x, y, bw, bh), self._apply(change), object_id="#selected" if chosen else None,
                            focus=first_row and chosen)
                x += bw + gap
            y += bh + gap * 2
            first_row = False
        self.footer(area, [("Back", self.app.pop)], [], hint="Tab moves between options · Enter picks one")

    def _apply(self, change: dict):
        return lambda: self.app.apply_settings(self.app.settings.with_(**change))
