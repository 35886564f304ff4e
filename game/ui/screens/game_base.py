"""What every in-game screen shares: the round header, the actor strip, the meters panel,
and in a class session the timer and the facilitator button at the top right."""

from __future__ import annotations

import pygame

from game.ui import meters, textfit
from game.ui.screens.base import Screen
from game.ui.theme import Theme

SCROLL_BAR = 20  # pygame_gui's scroll bar width (not scaled)
STANCE_TONE = {"supportive": "good", "open": "good", "wary": "middle", "opposed": "bad", "hostile": "bad"}


class GameScreen(Screen):
    in_game = True

    def __init__(self, app, *, game=None) -> None:
        super().__init__(app)
        # A screen laid out in advance reads a look-ahead copy of the game until the real one catches up.
        self._game = game
        self.clock = None  # the timer's label, in a class session
        self.clock_rect: pygame.Rect | None = None
        self._clock_state: tuple | None = None
        self.meter_views: list = []  # (image, plan) of each meters picture, for drawn_boxes

    @property
    def session(self):
        return self.app.session

    @property
    def game(self):
        return self._game if self._game is not None else self.app.session.game

    def build(self, visible: bool = True) -> None:
        self.meter_views = []
        super().build(visible)

    def adopt(self) -> None:
        """The real game has reached the state this screen was prepared from: read it from now on."""
        self._game = None

    @property
    def meters_visible(self) -> bool:
        return self.session.meters_visible

    def round_header(self, area: pygame.Rect, suffix: str = "", who: str | None = None) -> int:
        g = self.game
        rnd = g.round
        s = g.scenario
        title = f"Round {g.round_number} · {rnd.title}" + (f" · {suffix}" if suffix else "")
        if who is None:  # who plays, unless the screen says otherwise (a hot-seat decision names its delegation)
            names = [self.session.actor_of(r).name for r in g.settings.humans]
            if len(names) > 1:
                who = "Delegations: " + ", ".join(names)
            else:
                who = "You play: " + (names[0] if names else "nobody (the computer plays every role)")
        sub = f"{rnd.when} · {s.place(rnd.place).name} · {who}"
        reserve = self.class_bar(area)
        return self.header(area, textfit.ellipsize(self.theme.font("heading", bold=True), title, area.width - 2 * self.margin() - reserve),
                           sub, reserve=reserve)

    # ------------------------------------------------------------------ the class bar (timer, facilitator)

    def shows_class_bar(self) -> bool:
        s = self.session
        return s is not None and (s.class_mode or s.hot_seat)

    def shows_clock(self) -> bool:
        s = self.session
        return s.class_mode and s.classroom.timer.active and not s.at_debrief and self.game.phase in ("briefing", "decisions")

    def clock_text(self) -> tuple[str, str]:
        timer = self.session.classroom.timer
        if self.session.classroom.paused or timer.paused:
            return f"Paused {timer.text()}", "#timer"
        if timer.expired:
            return "Time is up", "#timer_up"
        return f"Time {timer.text()}", "#timer"

    def class_bar(self, area: pygame.Rect) -> int:
        """The facilitator button (and the discussion timer) at the top right; returns the width they take."""
        if not self.shows_class_bar():
            return 0
        u, m = self.u, self.margin()
        small = self.theme.font("small")
        bw = small.size("Facilitator (F2)")[0] + u(28)
        width = bw
        if self.shows_clock():
            heading = self.theme.font("heading", bold=True)
            cw = max(heading.size(t)[0] for t in ("Paused 10:00", "Time is up", "Time 10:00")) + u(24)
            self.clock_rect = pygame.Rect(area.width - m - cw, m // 2, cw, u(46))
            self._clock_state = None
            self.clock = None
            self.refresh_clock()
            width = max(width, cw)
        else:
            self.clock = None
            self.clock_rect = None
        self.button("Facilitator (F2)", pygame.Rect(area.width - m - bw, m // 2 + u(48), bw, u(30)), self.app.open_facilitator,
                    object_id="#small_button", tip="Pause, extend the timer, fire a news event, undo, debrief (PIN if set)")
        return width + m

    def refresh_clock(self) -> None:
        """Called every frame: the countdown's label changes once a second (and its colour when time is up)."""
        if self.clock_rect is None or self.root is None:
            return
        text, oid = self.clock_text()
        if (text, oid) == self._clock_state:
            return
        if self.clock is not None and self._clock_state is not None and self._clock_state[1] == oid:
            self.clock.set_text(text)
        else:
            if self.clock is not None:
                self.clock.kill()
            from pygame_gui.core import ObjectID
            from pygame_gui.elements import UILabel

            self.clock = UILabel(self.clock_rect, text, manager=self.ui, container=self.root, object_id=ObjectID(object_id=oid))
            if not self.root.visible:
                self.clock.hide()
        self._clock_state = (text, oid)
        self.app.touch(2)

    def actor_strip(self, area: pygame.Rect, top: int) -> int:
        """Actor cards under the header, one picture each; returns the y below them. A card's title may be
        cut short: hovering shows it whole, and a click (or Tab to the card and Enter) opens the actor's card."""
        m = self.margin()
        w = area.width - 2 * m
        actors = self.game.scenario.actors
        rows = actor_rows(self.theme, w, len(actors))
        h = self.u(84) if rows == 1 else rows * self.u(62) + (rows - 1) * self.u(8)
        players = played_by(self.session, self.game)
        surface = draw_actor_cards(self.theme, (w, h), self.game, players)
        for actor, rect in zip(actors, card_rects(self.theme, (w, h), len(actors))):
            at = rect.move(m, top)
            card = self.image(surface.subsurface(rect).copy(), at)
            name = actor.name + (f" ({players[actor.id]})" if actor.id in players else "")  # as on the card
            card.set_tooltip(textfit.esc(f"{name}: {actor.title}"), wrap_width=self.u(420))
            action = self._actor_action(actor.id)
            self.focus.add(card, action)
            self.region(at, action)
        return top + h + self.u(12)

    def _actor_action(self, actor_id: str):
        return lambda: self.show_actor(actor_id)

    def show_actor(self, actor_id: str) -> None:
        """An actor's card in full: name, who speaks for it (never cut short), side, stance, who plays it."""
        g = self.game
        actor = g.scenario.actor(actor_id)
        who = played_by(self.session, g).get(actor_id)
        played = ("You play it." if who == "you" else "Played by the computer." if who is None
                  else "Played by a delegation of the class." if who == "people" else f"Played by {who}.")

        def html() -> str:
            t = self.app.theme
            body, small = t.px("body"), t.px("small")
            stance = g.stances.get(actor.id, actor.stance)
            lines = [textfit.font_tag("<b>Speaks for it:</b> " + textfit.esc(actor.title), body),
                     textfit.font_tag("<b>Side:</b> " + textfit.esc(actor.side) + " · <b>Stance now:</b> " + textfit.esc(stance), body),
                     textfit.font_tag(textfit.esc(played), small, t.palette["muted"])]
            return "<br><br>".join(lines)

        self.app.popup(actor.name, html, [("Close", None)], fit=True)

    def meter_rows(self, before: dict[str, int] | None = None) -> list[meters.MeterRow]:
        g = self.game
        return meters.rows_for(g.scenario, before if before is not None else dict(g.meters), dict(g.meters))

    def meters_view(self, rect: pygame.Rect, rows: list[meters.MeterRow], title: str, progress: float = 1.0):
        """The meters picture in rect: labels above the bars when there is room, beside them when not, and
        a scrolling view when even one line a meter does not fit. Returns the image (for an animation)."""
        from pygame_gui.elements import UIScrollingContainer

        need = meters.min_height(self.theme, len(rows), title=True)
        container, place = None, rect
        if rect.height < need:
            container = UIScrollingContainer(rect, manager=self.ui, container=self.root, allow_scroll_x=False)
            container.set_scrollable_area_dimensions((rect.width - SCROLL_BAR, need))
            place = pygame.Rect(0, 0, container.get_container().rect.width, need)
        image = self.image(meters.draw_meters(self.theme, place.size, rows, progress, title=title), place, container=container)
        self.meter_views.append((image, meters.plan(self.theme, place.size, len(rows), title=True)))
        return image

    def drawn_boxes(self) -> list:
        """What the meters pictures hold, where (window coordinates): checked by the layout tests."""
        out = []
        for image, where in self.meter_views:
            if image.alive() and image.visible:
                at = pygame.Rect(image.rect)
                out.append(("meters", at, [(name, r.move(at.topleft)) for name, r in where.boxes()]))
        return out

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


def played_by(session, game) -> dict[str, str]:
    """Actor id -> who plays it, for the actors people play: 'you' (solo), else the team's name or 'people'."""
    humans = game.settings.humans
    out = {}
    for role in humans:
        actor = game.scenario.role(role).actor
        if len(humans) == 1:
            out[actor] = "you"
        else:
            out[actor] = (session.classroom.team_of(role) if session is not None else "") or "people"
    return out


def card_rects(theme: Theme, size: tuple[int, int], count: int) -> list[pygame.Rect]:
    """Where each actor's card lies in the strip: one row, or two or three when crowded."""
    w, h = max(size[0], 40), max(size[1], 20)
    rows = actor_rows(theme, w, count)
    per_row = -(-count // rows)
    gap = theme.u(8) if rows > 1 else theme.u(10)
    card_w = (w - gap * (per_row - 1)) // max(per_row, 1)
    card_h = (h - gap * (rows - 1)) // rows
    out = []
    for i in range(count):
        r, c = divmod(i, per_row)
        out.append(pygame.Rect(c * (card_w + gap), r * (card_h + gap), card_w, card_h))
    return out


def draw_actor_cards(theme: Theme, size: tuple[int, int], game, players: dict[str, str] | None = None) -> pygame.Surface:
    """One card per actor (name, who speaks for it, current stance). players: actor id -> who plays it
    ('you', a team's name, 'people'), shown after the name."""
    w, h = max(size[0], 40), max(size[1], 20)
    surface = pygame.Surface((w, h), pygame.SRCALPHA)
    actors = game.scenario.actors
    name_font = theme.font("small", bold=True)
    small = theme.font("small")
    players = players if players is not None else played_by(None, game)
    for actor, rect in zip(actors, card_rects(theme, (w, h), len(actors))):
        mine = actor.id in players
        pygame.draw.rect(surface, theme.colour("bar_bg"), rect, border_radius=theme.u(8))
        # The players' own cards: a light frame, like a selected button (yellow is the keyboard focus's).
        edge = theme.colour("text") if mine else theme.colour("bar_edge")
        pygame.draw.rect(surface, edge, rect, 2 if mine else 1, border_radius=theme.u(8))
        pad = theme.u(8)
        stance = game.stances.get(actor.id, actor.stance)
        chip_text = textfit.render(small, stance, pygame.Color(0, 0, 0))
        chip = chip_text.get_rect().inflate(theme.u(12), 2)
        chip.topright = (rect.right - pad, rect.top + pad)
        name = actor.name + (f" ({players[actor.id]})" if mine else "")
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
