"""The cover between delegations in hot-seat play: "Pass to Russia's delegation".

It shows nothing private: no brief, no objectives, no choices, and of the other
delegations only which have decided (never what). The next delegation's brief
and choices appear only after it presses Ready; what everyone chose is
revealed together on the resolution screen once all have decided.
"""

from __future__ import annotations

import pygame

from game.ui import textfit
from game.ui.screens.game_base import GameScreen
from game.ui.widgets.richtext import RichText


class CoverScreen(GameScreen):
    def __init__(self, app, role: str) -> None:
        super().__init__(app)
        self.role = role

    def compose(self, root, area: pygame.Rect) -> None:
        u, m = self.u, self.margin()
        g, s = self.game, self.session
        top = self.round_header(area, "decisions")
        bottom = area.height - self.footer_height()
        name = s.actor_of(self.role).name
        team = s.classroom.team_of(self.role)
        width = area.width - 2 * m
        note = ("Everyone else, please look away. Only this delegation may see the next screen: "
                "its confidential brief, its objectives and its choices.")
        html = textfit.font_tag(textfit.esc(note), self.theme.px("subheading"))
        text_w = min(width, u(900))
        note_h = RichText.fit_height(self.theme, html, text_w)
        # The block is centred in the room between the header and the footer.
        heights = [u(34), u(84), u(44) if team else 0, u(12), note_h, u(22), u(64), u(16), u(30)]
        y = top + max(0, (bottom - top - sum(heights)) // 2)
        self.centred_label("Pass the keyboard and the screen to the delegation of", pygame.Rect(m, y, width, u(34)),
                           object_id="#subheading")
        y += heights[0]
        self.centred_label(name, pygame.Rect(m, y, width, u(84)), object_id="#cover_name")
        y += heights[1]
        if team:
            self.centred_label(team, pygame.Rect(m, y, width, u(44)), object_id="#cover_team")
            y += heights[2]
        y += heights[3]
        self.text(html, pygame.Rect(area.centerx - text_w // 2, y, text_w, note_h), object_id="#plain")
        y += heights[4] + heights[5]
        bw = max(u(340), self.theme.font("button", bold=True).size(f"{name}: Ready")[0] + u(60))
        self.button(f"{name}: Ready", pygame.Rect(area.centerx - bw // 2, y, bw, u(64)), self.ready, object_id="#primary", focus=True)
        y += heights[6] + heights[7]
        self.centred_label(self.progress(), pygame.Rect(m, y, width, u(30)), object_id="#hint")
        self.footer(area, [("Menu (Esc)", self.app.open_menu)], [], hint="Enter: Ready · the choices stay sealed until every delegation has chosen")

    def progress(self) -> str:
        """Who has decided (sealed) and who has not: names only, never a choice."""
        g = self.game
        waiting = g.awaiting()
        done = [r for r in g.settings.humans if r in g.sealed]
        parts = []
        if done:
            parts.append("Sealed: " + ", ".join(self.session.actor_of(r).name for r in done))
        parts.append("Still to decide: " + ", ".join(self.session.actor_of(r).name for r in waiting))
        return " · ".join(parts)

    def ready(self) -> None:
        self.app.take_seat(self.role)
