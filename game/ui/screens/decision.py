"""A role's decision: its legal choices with descriptions; escalating moves ask for confirmation.

In hot-seat play each delegation decides in turn (`game.awaiting()` gives the
order) behind a cover screen (screens/cover.py), so this screen shows only the
delegation holding the seat: its brief, objectives and choices.

With "preview meter changes" on (solo difficulty), each choice shows what it
would do to the meters now (`game.engine.preview`).
"""

from __future__ import annotations

import pygame
from pygame_gui.elements import UIScrollingContainer

from game.engine.preview import preview
from game.ui import meters, textfit
from game.ui.screens.game_base import SCROLL_BAR, GameScreen
from game.ui.widgets.richtext import RichText

# Only escalation is marked, as in the text front end: tagging every tone would steer the players.


def reminder_html(theme, game, role: str) -> str:
    s = game.scenario
    r = s.role(role)
    body, small = theme.px("body"), theme.px("small")
    parts = [textfit.font_tag("<b>Your brief</b><br>" + textfit.esc(r.brief), small)]
    if r.objectives:
        met = dict(game.objectives_met(role))
        items = "<br>".join(("[met] " if met.get(o.text) else "[ ] ") + textfit.esc(o.text) for o in r.objectives)
        parts.append(textfit.font_tag("<b>Objectives so far</b><br>" + items, small))
    if game.round.positions:
        quotes = "<br>".join(f"[{i}] {textfit.esc(s.actor(p.actor).name)}: “{textfit.esc(p.text[:140])}{'…' if len(p.text) > 140 else ''}”"
                             for i, p in enumerate(game.round.positions, 1))
        parts.append(textfit.font_tag("<b>Positions this round</b><br>" + quotes, small))
    return "<br><br>".join(parts)


def preview_text(scenario, changes: dict[str, int]) -> str:
    """'If chosen now: US–Russia trust +5 · Tension −3' (the choice's own effects, clamped)."""
    if not changes:
        return "If chosen now: no direct change to the meters"
    return "If chosen now: " + " · ".join(f"{scenario.meter(k).label} {v:+d}".replace("-", "−") for k, v in changes.items())


class DecisionScreen(GameScreen):
    def __init__(self, app, role: str) -> None:
        super().__init__(app)
        self.role = role
        self.container: UIScrollingContainer | None = None
        self.choice_buttons: list = []

    def legal(self):
        return self.game.legal_choices(self.role)

    def compose(self, root, area: pygame.Rect) -> None:
        u, m = self.u, self.margin()
        g = self.game
        actor = self.session.actor_of(self.role)
        who = f"{self.session.delegation(self.role)} decides: this screen is for its eyes only" if self.session.hot_seat else None
        top = self.round_header(area, f"{actor.name}: your move", who=who)
        bottom = area.height - self.footer_height()
        right_w = min(u(420), int(area.width * 0.34))
        left_w = area.width - 3 * m - right_w
        # Each choice: its button, an escalation tag if any, and its description. Laid out first, so a
        # scrolling container (costly in memory) is used only when the choices do not fit.
        btn_h, gap = u(54), u(12)
        show_preview = self.session.preview and self.meters_visible
        cards = []
        for i, choice in enumerate(self.legal(), 1):
            desc_html = textfit.font_tag(textfit.esc(choice.description), self.theme.px("body"))
            tag_h = u(30) if choice.tone == "escalate" else 0
            desc_h = RichText.fit_height(self.theme, desc_html, left_w - max(u(24), SCROLL_BAR))
            prev_html = (textfit.font_tag(textfit.esc(preview_text(g.scenario, preview(g, self.role, choice))), self.theme.px("small"),
                                          self.theme.palette["muted"]) if show_preview else "")
            prev_h = RichText.fit_height(self.theme, prev_html, left_w - max(u(34), SCROLL_BAR + u(10))) if show_preview else 0
            cards.append((i, choice, desc_html, tag_h, desc_h, prev_html, prev_h, btn_h + u(4) + tag_h + prev_h + desc_h))
        total = sum(c[-1] for c in cards) + gap * max(0, len(cards) - 1)
        avail = bottom - top - u(8)
        if total > avail:
            self.container = UIScrollingContainer(pygame.Rect(m, top, left_w, avail), manager=self.ui,
                                                  container=root, allow_scroll_x=False)
            self.container.set_scrollable_area_dimensions((left_w - SCROLL_BAR, total))
            self.scroll_box = self.container
            holder, x0, y, inner_w = self.container, 0, 0, left_w - SCROLL_BAR
        else:
            self.container = None
            holder, x0, y, inner_w = root, m, top, left_w
        self.choice_buttons = []
        for i, choice, desc_html, tag_h, desc_h, prev_html, prev_h, card_h in cards:
            label = textfit.ellipsize(self.theme.font("button", bold=True), f"{i}. {choice.label}", inner_w - u(40))
            btn = self.button(label, pygame.Rect(x0, y, inner_w, btn_h), self._choose_action(choice), container=holder,
                        object_id="#escalate" if choice.tone == "escalate" else "#choice", focus=i == 1)
            self.choice_buttons.append(btn)
            if tag_h:
                self.label("ESCALATION · you will be asked to confirm", pygame.Rect(x0 + u(14), y + btn_h + u(4), inner_w - u(28), u(26)),
                           container=holder, object_id="#tag_escalate")
            if prev_h:
                self.text(prev_html, pygame.Rect(x0 + u(10), y + btn_h + u(2) + tag_h, inner_w - u(10), prev_h), container=holder,
                          object_id="#plain")
            self.text(desc_html, pygame.Rect(x0, y + btn_h + u(4) + tag_h + prev_h, inner_w, desc_h), container=holder)
            y += card_h + gap
        x = m + left_w + m
        rtop = top
        if self.meters_visible:
            rows = self.meter_rows()
            least = meters.min_height(self.theme, len(rows), title=True)
            meter_h = min(meters.height_for(self.theme, len(rows), title=True), max((bottom - top) // 2, least), bottom - top - u(120))
            self.meters_view(pygame.Rect(x, top, right_w, meter_h), rows, "Meters now")
            rtop = top + meter_h + u(10)
        self.text(self.app.cached_html(("reminder", id(g), g.round_number, self.role, self.theme.scale, self.theme.name),
                                       lambda: reminder_html(self.theme, g, self.role)),
                  pygame.Rect(x, rtop, right_w, bottom - rtop - u(8)), scroll=True)
        n = len(self.legal())
        self.footer(area, [("Menu (Esc)", self.app.open_menu), ("Back to briefing", self.app.review_briefing)], [],
                    hint=f"Press 1–{n} or click a choice · Tab moves" if n else None)

    def _choose_action(self, choice):
        def choose() -> None:
            if choice.tone == "escalate":
                warning = choice.warning or "This move escalates the crisis."
                def html() -> str:
                    return textfit.font_tag("<b>" + textfit.esc(choice.label) + "</b><br><br>" + textfit.esc(warning), self.app.theme.px("body"))

                self.app.popup("This escalates. Are you sure?", html,
                               [("Yes, do it", lambda: self.app.decide(self.role, choice.id)), ("No, choose again", None)], primary=1)
            else:
                self.app.decide(self.role, choice.id)

        return choose

    def on_key(self, event: pygame.event.Event) -> bool:
        if pygame.K_1 <= event.key <= pygame.K_9:
            i = event.key - pygame.K_1
            legal = self.legal()
            if i < len(legal):
                self.focus.focus(self.choice_buttons[i])  # the focus ring may begin with the facilitator button
                self._choose_action(legal[i])()
            return True
        return False
