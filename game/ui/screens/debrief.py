"""The debrief: after the ending (or when the facilitator skips to it).

A timeline along the top: the overview, then one page per round played. A
round's page puts what every delegation chose (with its team; the computer's
with its reason) beside what really happened at that point, in the sources'
own words, with the round's discussion questions. The overview has the meters
chart, the ending, each delegation's objectives and the ending's and
scenario's questions. "Export report" writes Markdown, HTML and the decision
CSV into the reports folder. Everything comes from `build_debrief`, the same
data the exported report is written from.
"""

from __future__ import annotations

import pygame

from game.classroom.debrief import Debrief, RoundLine, build_debrief, rounds_played
from game.ui import textfit
from game.ui.chart import draw_chart
from game.ui.screens.briefing import source_title
from game.ui.screens.game_base import GameScreen
from game.engine.policies import why_of


def choices_html(theme, d: RoundLine, meter_labels: dict[str, str], meters_visible: bool) -> str:
    body, small = theme.px("body"), theme.px("small")
    muted, bad = theme.palette["muted"], theme.palette["bad"]
    lines = []
    for c in d.choices:
        who = c.actor + (f" ({c.team})" if c.team else "")
        line = f"<b>{textfit.esc(who)}</b>: {textfit.esc(c.choice)}"
        tags = ["computer" if c.by_computer else "people"]
        if c.historical:
            tags.append("as in history")
        line += " " + textfit.font_tag(textfit.esc("[" + " · ".join(tags) + "]"), small, muted)
        if c.tone == "escalate":
            line += " " + textfit.font_tag("[escalation]", small, bad)
        why = why_of(c.reason, c.choice) if c.by_computer else ""
        if why:
            line += "<br>" + textfit.font_tag("Why: " + textfit.esc(why), small, muted)
        lines.append(line)
    out = [textfit.font_tag("<b>What the delegations chose</b><br>" + ("<br>".join(lines) if lines else "Nobody moved this round."), body)]
    news = d.news + d.headlines
    if news:
        out.append(textfit.font_tag("<b>In the news</b><br>" + "<br>".join(f"<i>“{textfit.esc(h)}”</i>" for h in news), body))
    if meters_visible:
        moved = [f"{textfit.esc(meter_labels[k])}: {d.meters_before[k]} to {v} ({v - d.meters_before[k]:+d})"
                 for k, v in d.meters_after.items() if k in d.meters_before]
        if moved:
            out.append(textfit.font_tag("<b>Meters over the round</b><br>" + "<br>".join(moved), small))
    return "<br><br>".join(out)


def history_html(theme, scenario, d: RoundLine) -> str:
    body, small = theme.px("body"), theme.px("small")
    muted = theme.palette["muted"]
    out = [textfit.font_tag("<b>What really happened</b><br>" + textfit.esc(d.what_happened.strip() or "The scenario does not say."), body)]
    if d.sources:
        quotes = []
        for p in d.sources:
            who = p.speaker or scenario.actor(p.actor).name
            quotes.append(textfit.font_tag(f"“{textfit.esc(' '.join((p.quote or '').split()))}”", body) + "<br>"
                          + textfit.font_tag(textfit.esc(f"— {who} · {source_title(scenario, p.source)}"), small, muted))
        out.append(textfit.font_tag("<b>In their own words</b>", body) + "<br>" + "<br><br>".join(quotes))
    if d.questions:
        out.append(textfit.font_tag("<b>For discussion</b><br>" + "<br>".join("• " + textfit.esc(q) for q in d.questions), body))
    return "<br><br>".join(out)


def overview_html(theme, d: Debrief) -> str:
    body, small = theme.px("body"), theme.px("small")
    muted = theme.palette["muted"]
    out = []
    if d.ending is not None:
        out.append(textfit.font_tag(f"<b>{textfit.esc(d.ending.title)}</b><br>" + textfit.esc(d.ending.epilogue), body))
        out.append(textfit.font_tag("<b>What actually happened</b><br>" + textfit.esc(d.ending.what_happened), body))
    else:
        out.append(textfit.font_tag(textfit.esc(f"The facilitator ended the session before an ending ({rounds_played(len(d.rounds))})."), body))
    players = "<br>".join(textfit.esc(f"{a}" + (f" ({t})" if t else "") + f": {'people' if p == 'person' else 'computer'}")
                          for a, t, p in d.players)
    out.append(textfit.font_tag("<b>Delegations</b><br>" + players, body))
    for actor, objs in d.objectives.items():
        if objs:
            items = "<br>".join(("<b>Met:</b> " if ok else "<b>Not met:</b> ") + textfit.esc(t) for t, ok in objs)
            out.append(textfit.font_tag(f"<b>{textfit.esc(actor)}: objectives</b><br>" + items, body))
    if d.questions:
        out.append(textfit.font_tag("<b>For discussion</b><br>" + "<br>".join("• " + textfit.esc(q) for q in d.questions), body))
    out.append(textfit.font_tag(textfit.esc("Each round's page (along the top) compares the choices with what really happened."), small, muted))
    return "<br><br>".join(out)


class DebriefScreen(GameScreen):
    def __init__(self, app, *, from_ending: bool = False) -> None:
        super().__init__(app)
        self.page = 0  # 0: overview; n: round n
        self.from_ending = from_ending
        self.pages: list = []

    def debrief(self) -> Debrief:
        s = self.session
        return build_debrief(s.game, s.classroom)

    def compose(self, root, area: pygame.Rect) -> None:
        u, m = self.u, self.margin()
        s, g = self.session, self.game
        d = self.debrief()
        self.page = min(self.page, len(d.rounds))
        title = f"Debrief: {d.ending.title}" if d.ending else "Debrief: ended early"
        reserve = self.class_bar(area)
        top = self.header(area, textfit.ellipsize(self.theme.font("heading", bold=True), title, area.width - 2 * m - reserve),
                          f"{d.scenario_title} · {rounds_played(len(d.rounds))}", reserve=reserve)
        bottom = area.height - self.footer_height()
        top = self.timeline(area, top, d)
        width = area.width - 2 * m
        if self.page == 0:
            heading = "Overview: the meters, the ending, the objectives, questions for discussion"
        else:
            r = d.rounds[self.page - 1]
            heading = f"Round {r.number} · {r.title} · {r.when} · {r.place}"
        self.label(heading, pygame.Rect(m, top, width, u(32)), object_id="#subheading")
        top += u(36)
        half = (width - m) // 2
        left = pygame.Rect(m, top, half, bottom - top - u(8))
        right = pygame.Rect(m + half + m, top, width - half - m, bottom - top - u(8))
        if self.page == 0:
            if s.meters_visible:
                series = [(mt.label, mt.min, mt.max, d.series[mt.id]) for mt in g.scenario.meters]
                labels = ["Start"] + [f"R{r.number}" for r in d.rounds]
                self.image(draw_chart(self.theme, left.size, series, labels), left)
            else:
                self.text(textfit.font_tag(textfit.esc("The meters are hidden. To show them, the facilitator presses F2, then Show the meters."), self.theme.px("body")), left)
            self.text(overview_html(self.theme, d), right, scroll=True)
        else:
            r = d.rounds[self.page - 1]
            self.text(choices_html(self.theme, r, d.meter_labels, s.meters_visible), left)
            self.text(history_html(self.theme, g.scenario, r), right, scroll=True)
        back = ("Back to the ending", self.app.pop) if self.from_ending else ("Title screen", self.app.go_title)
        self.footer(area, [back], [("Export report", self.app.export_report)],
                    hint="Left/Right: pages · 0 overview, 1–9 rounds · PgUp/PgDn scroll", focus_right=False)

    def timeline(self, area: pygame.Rect, top: int, d: Debrief) -> int:
        """One button per page, like a timeline: the overview, then each round (number and date when they fit)."""
        u, m = self.u, self.margin()
        n = len(d.rounds) + 1
        gap = u(8)
        bw = (area.width - 2 * m - (n - 1) * gap) // n
        font = self.theme.font("button", bold=True)
        room = bw - u(20)
        forms = [lambda r: f"{r.number}. {r.when}", lambda r: f"Round {r.number}", lambda r: f"R{r.number}", lambda r: str(r.number)]
        form = next((f for f in forms if all(font.size(f(r))[0] <= room for r in d.rounds)), forms[-1])
        first = "Overview" if font.size("Overview")[0] <= room else "All"
        labels = [first] + [textfit.ellipsize(font, form(r), room) for r in d.rounds]
        self.pages = []
        for i, text in enumerate(labels):
            btn = self.button(text, pygame.Rect(m + i * (bw + gap), top, bw, u(50)), self._go(i),
                              object_id="#selected" if i == self.page else None, focus=i == self.page)
            self.pages.append(btn)
        return top + u(50) + u(12)

    def _go(self, page: int):
        def go() -> None:
            if page != self.page:
                self.page = page
                self.build()
                self.focus.focus(self.pages[page])  # focus follows the page, also when it was turned with a key

        return go

    def on_key(self, event: pygame.event.Event) -> bool:
        last = len(self.pages) - 1
        if event.key in (pygame.K_LEFT, pygame.K_RIGHT):
            self._go(max(0, min(last, self.page + (1 if event.key == pygame.K_RIGHT else -1))))()
            return True
        if pygame.K_0 <= event.key <= pygame.K_9:
            page = event.key - pygame.K_0
            if page <= last:
                self._go(page)()
            return True
        return False

    def on_back(self) -> None:
        if self.from_ending:
            self.app.pop()
        else:
            self.app.open_menu()

