"""What every in-game screen shares: the round header, the actor strip and the meters panel."""

from __future__ import annotations

import pygame

from game.ui import meters, textfit
from game.ui.screens.base import Screen
from game.ui.theme import Theme

STANCE_TONE = {"supportive": "good", "open": "good", "wary": "middle", "opposed": "bad", "hostile": "bad"}


class GameScreen(Screen):
    in_game = True

    def __init__(self, app, *, game=None) -> None:
        super().__init__(app)
        # A screen laid out in advance reads a look-ahead copy of the game until the real one catches up.
        self._game = game

    @property
    def session(self):
        return self.app.session

    @property
    def game(self):
        return self._game if self._game is not None else self.app.session.game

    def adopt(self) -> None:
        """The real game has reached the state this screen was prepared from: read it from now on."""
        self._game = None

    def round_header(self, area: pygame.Rect, suffix: str = "") -> int:
        g = self.game
        rnd = g.round
        s = g.scenario
        title = f"Round {g.round_number} · {rnd.title}" + (f" · {suffix}" if suffix else "")
        you = ", ".join(self.session.actor_of(r).name for r in g.settings.humans) or "nobody (the computer plays every role)"
        sub = f"{rnd.when} · {s.place(rnd.place).name} · You play: {you}"
        return self.header(area, textfit.ellipsize(self.theme.font("heading", bold=True), title, area.width - 2 * self.margin()), sub)

    def actor_strip(self, area: pygame.Rect, top: int) -> int:
        """Actor cards under the header; returns the y below them."""
        m = self.margin()
        w = area.width - 2 * m
        rows = actor_rows(self.theme, w, len(self.game.scenario.actors))
        h = self.u(84) if rows == 1 else rows * self.u(62) + (rows - 1) * self.u(8)
        self.image(draw_actor_cards(self.theme, (w, h), self.game), pygame.Rect(m, top, w, h))
        return top + h + self.u(12)

    def meter_rows(self, before: dict[str, int] | None = None) -> list[meters.MeterRow]:
        g = self.game
        return meters.rows_for(g.scenario, before if before is not None else dict(g.meters), dict(g.meters))

    def footer_game(self, area: pygame.Rect, forward: str, action, hint: str | None = None) -> None:
        self.footer(area, [("Menu (Esc)", self.app.open_menu)], [(forward, action)], hint=hint)


def stance_colour(theme: Theme, stance: str) -> pygame.Color:
    return theme.colour(STANCE_TONE.get(stance, "middle"))


def actor_rows(theme: Theme, width: int, count: int) -> int:
    gap, min_w = theme.u(10), theme.u(190)
    rows, per_row = 1, count
    while per_row > 1 and (width - gap * (per_row - 1)) / per_row < min_w and rows < 3:
        rows += 1
        per_row = -(-count // rows)
    return rows


def draw_actor_cards(theme: Theme, size: tuple[int, int], game) -> pygame.Surface:
    """One card per actor (name, who speaks for it, current stance), in one row, or two when crowded."""
    w, h = max(size[0], 40), max(size[1], 20)
    surface = pygame.Surface((w, h), pygame.SRCALPHA)
    actors = game.scenario.actors
    gap = theme.u(10)
    name_font = theme.font("small", bold=True)
    small = theme.font("small")
    rows = actor_rows(theme, w, len(actors))
    per_row = -(-len(actors) // rows)
    gap = theme.u(8) if rows > 1 else gap
    card_w = (w - gap * (per_row - 1)) // max(per_row, 1)
    card_h = (h - gap * (rows - 1)) // rows
    humans = {game.scenario.role(r).actor for r in game.settings.humans}
    for i, actor in enumerate(actors):
        r, c = divmod(i, per_row)
        rect = pygame.Rect(c * (card_w + gap), r * (card_h + gap), card_w, card_h)
        pygame.draw.rect(surface, theme.colour("bar_bg"), rect, border_radius=theme.u(8))
        edge = theme.colour("focus") if actor.id in humans else theme.colour("bar_edge")
        pygame.draw.rect(surface, edge, rect, 2 if actor.id in humans else 1, border_radius=theme.u(8))
        pad = theme.u(8)
        stance = game.stances.get(actor.id, actor.stance)
        chip_text = textfit.render(small, stance, pygame.Color(0, 0, 0))
        chip = chip_text.get_rect().inflate(theme.u(12), 2)
        chip.topright = (rect.right - pad, rect.top + pad)
        name = actor.name + (" (you)" if actor.id in humans else "")
        name = textfit.ellipsize(name_font, name, chip.left - rect.left - 2 * pad)
        surface.blit(textfit.render(name_font, name, theme.colour("text")), (rect.left + pad, rect.top + pad - 2))
        pygame.draw.rect(surface, stance_colour(theme, stance), chip, border_radius=chip.height // 2)
        surface.blit(chip_text, chip_text.get_rect(center=chip.center))
        y = rect.top + pad + name_font.get_linesize()
        lines = textfit.wrap(small, actor.title, rect.width - 2 * pad)
        room = max(0, (rect.bottom - 2 - y) // small.get_linesize())
        if len(lines) > room > 0:  # the last line that fits says there is more
            lines = lines[: room - 1] + [textfit.ellipsize(small, " ".join(lines[room - 1:]), rect.width - 2 * pad)]
        for line in lines[:room]:
            surface.blit(textfit.render(small, line, theme.colour("muted")), (rect.left + pad, y))
            y += small.get_linesize()
    return surface
