"""A round's resolution: what every actor did (computer actors say why), headlines, news,
and the meters moving from where the round began to where it ended."""

from __future__ import annotations

import pygame

from game.ui import meters, textfit
from game.ui.mapview import draw_map
from game.ui.screens.game_base import GameScreen
from game.engine.policies import why_of

ANIMATION_SECONDS = 1.6
METERS_TITLE = "Meters: start of round, then now"


def resolution_html(theme, game, teams: dict[str, str] | None = None) -> str:
    """All choices revealed together. teams: role -> team name, shown beside a delegation's choice."""
    rec = game.record
    teams = teams or {}
    s = game.scenario
    body, small = theme.px("body"), theme.px("small")
    muted = theme.palette["muted"]
    out = []
    items = []
    for d in rec.decisions:
        actor = s.actor(s.role(d.role).actor).name
        choice = s.choice(d.choice)
        who = "computer" if d.by_computer else "you" if len(game.settings.humans) == 1 else (teams.get(d.role) or "people")
        line = f"<b>{textfit.esc(actor)}</b> ({who}): {textfit.esc(choice.label)}"
        if choice.tone == "escalate":
            line += " " + textfit.font_tag("[escalation]", small, theme.palette["bad"])
        why = why_of(d.reason, choice.label) if d.by_computer else ""
        if why:
            line += "<br>" + textfit.font_tag("Why: " + textfit.esc(why), small, muted)
        items.append(line)
    out.append(textfit.font_tag("<b>What everyone did</b><br>" + ("<br>".join(items) if items else "Nobody moved this round."), body))
    if rec.headlines:
        out.append(textfit.font_tag("<b>Headlines</b><br>" + "<br>".join(f"<i>“{textfit.esc(h)}”</i>" for h in rec.headlines), body))
    if rec.news:
        out.append(textfit.font_tag("<b>Earlier this round</b><br>" + "<br>".join("• " + textfit.esc(n.headline) for n in rec.news), body))
    return "<br><br>".join(out)


class ResolutionScreen(GameScreen):
    def __init__(self, app) -> None:
        super().__init__(app)
        self.progress = 0.0 if app.settings.animations else 1.0
        self.meter_image = None
        self.meter_rect = None

    def rows(self):
        rec = self.game.record
        return meters.rows_for(self.game.scenario, rec.meters_before, rec.meters_after or dict(self.game.meters))

    def compose(self, root, area: pygame.Rect) -> None:
        u, m = self.u, self.margin()
        g = self.game
        top = self.round_header(area, "what happened")
        bottom = area.height - self.footer_height()
        top = self.actor_strip(area, top)
        left_w = min(u(460), int(area.width * 0.38))
        if self.meters_visible:
            self.meter_rect = pygame.Rect(m, top, left_w, min(bottom - top - u(8), meters.height_for(self.theme, len(g.scenario.meters), title=True, roomy=True)))
            self.meter_image = self.meters_view(self.meter_rect, self.rows(), METERS_TITLE, self.progress)
            map_top = self.meter_rect.bottom + u(12)
        else:
            self.meter_rect = self.meter_image = None
            self.progress = 1.0
            map_top = top
        if bottom - u(8) - map_top > u(110):
            places = tuple((p.id, p.name, p.lat, p.lon) for p in g.scenario.places)
            rect = pygame.Rect(m, map_top, left_w, bottom - u(8) - map_top)
            self.image(draw_map(self.theme, rect.size, places, g.round.place), rect)
        x = m + left_w + m
        teams = dict(self.session.classroom.teams)
        self.text(self.app.cached_html(("resolution", id(g), g.round_number, tuple(sorted(teams.items())), self.theme.scale, self.theme.name),
                                       lambda: resolution_html(self.theme, g, teams)),
                  pygame.Rect(x, top, area.width - x - m, bottom - top - u(8)), scroll=True)
        self.footer_game(area, "Continue", self.app.next_round, hint="PgUp/PgDn scroll")

    def _meter_surface(self) -> pygame.Surface:
        return meters.draw_meters(self.theme, self.meter_image.rect.size, self.rows(), self.progress, title=METERS_TITLE)

    @property
    def animating(self) -> bool:
        return self.progress < 1.0

    def update(self, dt: float) -> None:
        if self.progress < 1.0 and self.meter_image is not None:
            self.progress = min(1.0, self.progress + dt / ANIMATION_SECONDS)
            self.meter_image.set_image(self._meter_surface())
            self.app.touch(2)  # the frame that shows the final values must be drawn too
            if self.progress >= 1.0:
                self.app.later(self.app.prepare_briefing)  # now nothing moves: lay out the next round

    def after_build(self) -> None:
        if self.progress >= 1.0:  # no animation (turned off, or rebuilt after it ended)
            self.app.later(self.app.prepare_briefing)
