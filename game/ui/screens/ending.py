"""The ending: title, epilogue, what actually happened, objectives met, and every meter across the rounds."""

from __future__ import annotations

import pygame

from game.classroom.debrief import rounds_played
from game.ui import textfit
from game.ui.chart import draw_chart
from game.ui.screens.game_base import GameScreen


def ending_html(theme, game) -> str:
    e = game.ending
    s = game.scenario
    body, small = theme.px("body"), theme.px("small")
    muted = theme.palette["muted"]
    out = [textfit.font_tag(textfit.esc(e.epilogue), body),
           textfit.font_tag("<b>What actually happened</b><br>" + textfit.esc(e.what_happened), body)]
    for role in game.settings.humans:
        met = game.objectives_met(role)
        if met:
            name = s.actor(s.role(role).actor).name
            items = "<br>".join(("<b>Met:</b> " if ok else "<b>Not met:</b> ") + textfit.esc(text) for text, ok in met)
            out.append(textfit.font_tag(f"<b>{textfit.esc(name)}: your objectives</b><br>" + items, body))
    history = []
    for rec in game.history:
        rnd = s.round(rec.round)
        if rnd.what_happened:
            history.append(f"<b>{textfit.esc(rnd.title)}</b> ({textfit.esc(rnd.when)}): {textfit.esc(rnd.what_happened)}")
    if history:
        out.append(textfit.font_tag("<b>Round by round, in history</b><br>" + "<br>".join(history), small))
    questions = list(e.questions) + list(s.questions)
    if questions:
        out.append(textfit.font_tag("<b>For discussion</b><br>" + "<br>".join("• " + textfit.esc(q) for q in questions), body))
    out.append(textfit.font_tag(textfit.esc(f"Seed {game.settings.seed} · computer style: {game.settings.policy}"), small, muted))
    return "<br><br>".join(out)


class EndingScreen(GameScreen):
    def compose(self, root, area: pygame.Rect) -> None:
        u, m = self.u, self.margin()
        g = self.game
        e = g.ending
        top = self.header(area, f"The end: {e.title}", f"{g.scenario.title} · {rounds_played(g.round_number)}")
        bottom = area.height - self.footer_height()
        chart_w = int((area.width - 3 * m) * 0.5)
        chart_rect = pygame.Rect(m, top, chart_w, bottom - top - u(8))
        if self.meters_visible:
            series = [(mt.label, mt.min, mt.max, g.meter_series()[mt.id]) for mt in g.scenario.meters]
            labels = ["Start"] + [f"R{i}" for i in range(1, g.round_number + 1)]
            self.image(draw_chart(self.theme, chart_rect.size, series, labels), chart_rect)
        else:
            self.text(textfit.font_tag(textfit.esc("The meters are hidden. To show them: F2 (facilitator controls), then Show the meters."), self.theme.px("body")), chart_rect)
        x = m + chart_w + m
        self.text(self.app.cached_html(("ending", id(g), self.theme.scale, self.theme.name), lambda: ending_html(self.theme, g)),
                  pygame.Rect(x, top, area.width - x - m, bottom - top - u(8)), scroll=True)
        self.footer(area, [("Title screen", self.app.go_title)], [("Debrief and report", self.app.open_debrief), ("Play again", self.app.play_again)],
                    hint="PgUp/PgDn scroll")

    def on_back(self) -> None:
        self.app.go_title()
