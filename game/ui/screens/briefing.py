"""A round's briefing: date, place on the map, actors, the briefing, news, and the positions.

Each position's quote is a link: clicking it (or pressing its number) shows
the source passage it was copied from.
"""

from __future__ import annotations

import pygame

from game.ui import meters, textfit
from game.ui.mapview import draw_map
from game.ui.screens.game_base import GameScreen
from game.ui.widgets.richtext import RichText


def source_title(scenario, file: str | None) -> str:
    if not file:
        return "no source given"
    for src in scenario.sources:
        if src.file == file:
            bits = [f"“{src.title}”", src.publisher or "", src.date.strftime("%d %B %Y").lstrip("0") if src.date else ""]
            return ", ".join(b for b in bits if b) + f" ({file})"
    return file


def briefing_html(theme, game, meters_visible: bool = True) -> str:
    """The right-hand column: built once per round and cached by the screen (it is the longest text).
    It is public: every delegation reads it together; nothing of a role's confidential brief is in it."""
    rnd = game.round
    s = game.scenario
    body, small, sub = theme.px("body"), theme.px("small"), theme.px("subheading")
    muted = theme.palette["muted"]
    out = [textfit.font_tag(textfit.esc(rnd.briefing), body)]
    rec = game.record
    if rec and rec.news:
        items = []
        for item in rec.news:
            moved = ", ".join(f"{s.meter(k).label} {v:+d}" for k, v in item.meter_changes.items() if v) if meters_visible else ""
            items.append("• " + textfit.esc(item.headline) + (textfit.font_tag(textfit.esc(f"  ({moved})"), small, muted) if moved else ""))
        out.append(textfit.font_tag("<b>News since the last round</b><br>" + "<br>".join(items), body))
    if rnd.context:
        out.append(textfit.font_tag("<b>Context</b> " + textfit.font_tag("(background, not from the source texts)", small, muted)
                                    + "<br>" + textfit.esc(rnd.context), body))
    if rnd.positions:
        head = textfit.font_tag("<b>Positions</b> " + textfit.font_tag("(click a quote or press its number to read the source)", small, muted), body)
        items = []
        for i, pos in enumerate(rnd.positions, 1):
            actor = s.actor(pos.actor).name
            if pos.quote is not None:
                said = f"<a href='pos:{i}'>[{i}] “{textfit.esc(pos.quote)}”</a>"
                cite = f"— {pos.speaker} ({actor}) · {source_title(s, pos.source)}"
            else:
                said = f"<a href='pos:{i}'>[{i}]</a> <i>Paraphrase:</i> {textfit.esc(pos.paraphrase or '')}"
                cite = f"{actor} · {source_title(s, pos.source)}"
            items.append(textfit.font_tag(said, body) + "<br>" + textfit.font_tag(textfit.esc(cite), small, muted))
        out.append(head + "<br>" + "<br><br>".join(items))
    return "<br><br>".join(out)


def passage_html(theme, scenario, pos) -> str:
    body, small = theme.px("body"), theme.px("small")
    muted = theme.palette["muted"]
    quote = " ".join((pos.quote or "").split())
    if pos.passage:
        passage = " ".join(pos.passage.split())
        if quote and quote in passage:
            a, b = passage.split(quote, 1)
            text = textfit.esc(a) + "<b>" + textfit.esc(quote) + "</b>" + textfit.esc(b)
        else:
            text = textfit.esc(passage)
    elif pos.quote is not None:
        text = "“" + textfit.esc(quote) + "”<br><br>" + textfit.font_tag("(The scenario gives no surrounding passage for this quote.)", small, muted)
    else:
        text = "<i>Paraphrase:</i> " + textfit.esc(pos.paraphrase or "")
    who = f"{pos.speaker} · " if pos.speaker else ""
    return textfit.font_tag(text, body) + "<br><br>" + textfit.font_tag(textfit.esc(who + "Source: " + source_title(scenario, pos.source)), small, muted)


class BriefingScreen(GameScreen):
    def compose(self, root, area: pygame.Rect) -> None:
        u, m = self.u, self.margin()
        g = self.game
        top = self.round_header(area)
        bottom = area.height - self.footer_height()
        top = self.actor_strip(area, top)
        left_w = min(u(500), int(area.width * 0.38))
        content_h = bottom - top - u(8)
        rec = g.record
        rows = self.meter_rows(rec.meters_before if rec else None)
        shown = self.meters_visible
        # The meters get the room they need (a scrolling view when even one line each does not fit); the map
        # takes the rest, and is left out when too little is left for it to be read.
        meter_h = min(content_h, meters.height_for(self.theme, len(rows), title=True)) if shown else 0
        map_h = content_h - meter_h - (u(12) if shown else 0)
        if map_h >= u(110):
            places = tuple((p.id, p.name, p.lat, p.lon) for p in g.scenario.places)
            self.image(draw_map(self.theme, (left_w, map_h), places, g.round.place), pygame.Rect(m, top, left_w, map_h))
            meter_top = top + map_h + u(12)
        else:
            meter_top = top
        if shown:
            self.meters_view(pygame.Rect(m, meter_top, left_w, meter_h), rows, "Meters (change since last round)")
        x = m + left_w + m
        humans = g.settings.humans
        idle = [r for r in humans if r not in g.acting_roles() or not g.legal_choices(r)]
        acting = len(idle) < len(humans)
        note = self.idle_note(idle, acting) if g.phase == "briefing" else ""
        if note:  # whose delegation sits this round out, above the briefing
            html = textfit.font_tag("<b>" + textfit.esc(note) + "</b>", self.theme.px("body"), self.theme.palette["focus"])
            note_h = RichText.fit_height(self.theme, html, area.width - x - m)
            self.text(html, pygame.Rect(x, top, area.width - x - m, note_h), object_id="#plain")
            top += note_h + u(6)
            content_h -= note_h + u(6)
        self.text(self.app.cached_html(("briefing", id(g), g.round_number, shown, self.theme.scale, self.theme.name),
                                       lambda: briefing_html(self.theme, g, shown)),
                  pygame.Rect(x, top, area.width - x - m, content_h), scroll=True)
        if g.phase == "decisions":  # read again from a decision: back to it (the delegation keeps the seat)
            forward = "Back to your decision"
        elif self.session.hot_seat and acting:
            forward = "To the decisions"
        elif humans and not acting:
            forward = "Continue"
        else:
            forward = "To your decision" if acting else "See what everyone does"
        hint = "1–9 read a quote's source · PgUp/PgDn scroll" if g.round.positions else "PgUp/PgDn scroll"
        left = [("Menu (Esc)", self.app.open_menu)]
        if g.round.positions:
            left.append(("Sources (S)", self.list_sources))
        self.footer(area, left, [(forward, self.app.to_decisions)], hint=hint)

    def idle_note(self, idle: list[str], acting: bool) -> str:
        """'Russia has no move this round: Continue to see what the others do' (nothing when all have one)."""
        if not idle:
            return ""
        names = [self.session.actor_of(r).name for r in idle]
        who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        has = "has" if len(names) == 1 else "have"
        if acting:
            return f"{who} {has} no move this round; the other delegations decide."
        return f"{who} {has} no move this round: Continue to see what the others do."

    def list_sources(self) -> None:
        """Every position of the round as a button: the keyboard way to the 10th source and beyond."""
        from game.ui.widgets.popup import ListPopup

        s = self.game.scenario
        items = []
        for i, pos in enumerate(self.game.round.positions, 1):
            who = pos.speaker or s.actor(pos.actor).name
            text = f"[{i}] {who}: “{' '.join(pos.text.split()[:40])}”"  # the popup shortens it to its width
            items.append((text, lambda n=i: self.show_source(n)))
        self.app.open_popup(ListPopup(self.app, "Sources of this round", items))

    def on_link(self, href: str) -> None:
        if href.startswith("pos:"):
            self.show_source(int(href[4:]))

    def show_source(self, number: int) -> None:
        positions = self.game.round.positions
        if 1 <= number <= len(positions):
            pos = positions[number - 1]
            title = f"[{number}] " + (pos.speaker or self.game.scenario.actor(pos.actor).name)
            self.app.popup(title, lambda: passage_html(self.app.theme, self.game.scenario, pos), [("Close", None)], wide=True)

    def on_key(self, event: pygame.event.Event) -> bool:
        if pygame.K_1 <= event.key <= pygame.K_9:
            self.show_source(event.key - pygame.K_0)
            return True
        if event.key == pygame.K_s and self.game.round.positions:
            self.list_sources()
            return True
        return False

    def after_build(self) -> None:
        self.app.prepare_decision()
