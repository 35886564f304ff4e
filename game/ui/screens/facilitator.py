"""The facilitator's controls (F2, or the small button at the top right), the PIN that guards them,
the PAUSED overlay and the breaking-news popup of an inject.

Every control calls the app, which acts through `game.classroom.session.Facilitator`,
so each action is written in the session's log.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIPanel

from game.engine.undo import undo_point
from game.ui import textfit
from game.ui.widgets.field import TextField
from game.ui.widgets.popup import ListPopup, Popup, dim_layer

PIN_MAX = 8


def _card(layer: Popup, root, area: pygame.Rect, w: int, h: int) -> UIPanel:
    box = pygame.Rect(0, 0, min(w, area.width - layer.u(20)), min(h, area.height - layer.u(20)))
    box.center = area.center
    dim_layer(layer, root, area)
    layer.card = box
    return UIPanel(box, manager=layer.ui, container=root, object_id=ObjectID(object_id="#popup"))


class PinPopup(Popup):
    """Asks for the facilitator PIN; runs `then` when it is right. Digits by keyboard or the keypad."""

    def __init__(self, app, then: Callable[[], None], purpose: str = "the facilitator controls") -> None:
        super().__init__(app, "Facilitator PIN", "", [])
        self.then = then
        self.purpose = purpose
        self.value = ""
        self.error = ""
        self.field: TextField | None = None

    def compose(self, root, area: pygame.Rect) -> None:
        u = self.u
        pad, kw, kh, gap = u(20), u(112), u(54), u(10)
        prompt = self.error or f"Type the PIN for {self.purpose}."
        w = max(3 * kw + 2 * gap, self.theme.font("small", bold=True).size(prompt)[0] + u(30)) + 2 * pad
        h = pad // 2 + u(48) + u(30) + u(8) + kh + gap + 4 * (kh + gap) + u(30) + pad
        card = _card(self, root, area, w, h)
        inner = card.rect.width - 2 * pad
        self.label("Facilitator PIN", pygame.Rect(pad, pad // 2, inner, u(44)), container=card, object_id="#heading")
        y = pad // 2 + u(48)
        self.label(prompt, pygame.Rect(pad, y, inner, u(30)), container=card,
                   object_id="#tag_escalate" if self.error else "#hint")
        y += u(38)
        self.field = TextField(self, pygame.Rect(pad, y, inner, kh), self.value, placeholder="PIN", max_len=PIN_MAX, mask=True,
                               allowed=str.isdigit, on_change=self._typed, container=card)
        y += kh + gap
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "Delete", "0", "OK"]
        kx = (card.rect.width - (3 * kw + 2 * gap)) // 2
        for i, key in enumerate(keys):
            r, c = divmod(i, 3)
            action = self.submit if key == "OK" else self._back if key == "Delete" else self._digit(key)
            self.button(key, pygame.Rect(kx + c * (kw + gap), y + r * (kh + gap), kw, kh), action, container=card,
                        object_id="#primary" if key == "OK" else None, focus=key == "1")
        y += 4 * (kh + gap)
        self.label("Enter: OK · Esc: cancel", pygame.Rect(pad, y, inner, u(30)), container=card, object_id="#hint")

    def _typed(self, value: str) -> None:
        self.value = value

    def _digit(self, d: str) -> Callable[[], None]:
        def add() -> None:
            if len(self.value) < PIN_MAX:
                self.value += d
                self.field.value = self.value
                self.field.refresh()

        return add

    def _back(self) -> None:
        self.value = self.value[:-1]
        self.field.value = self.value
        self.field.refresh()

    def submit(self) -> None:
        session = self.app.session
        if session is not None and session.classroom.check_pin(self.value):
            self.close()
            self.then()
            return
        self.value = ""
        self.error = "Wrong PIN. Try again."
        self.build()

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.submit()
            return True
        if self.field is not None and self.field.handle_key(event):
            return True
        return False

    def on_back(self) -> None:
        self.close()


class FacilitatorPopup(Popup):
    """The instructor's panel: pause, extend the timer, fire an inject, undo, meters, debrief."""

    def __init__(self, app) -> None:
        super().__init__(app, "Facilitator", "", [])

    def entries(self) -> list[tuple[str, Callable[[], None], bool]]:
        app, s = self.app, self.app.session
        cl, g = s.classroom, s.game
        running = not s.at_debrief
        return [
            ("Resume the session (P)" if cl.paused else "Pause the session (P)", app.facilitator_pause, True),
            ("Add one minute (+)", app.facilitator_extend, cl.timer.active and running),
            ("Fire a news event… (E)", self.pick_event, bool(g.scenario.events) and running and g.phase not in ("setup", "ended")),
            ("Undo the last round (U)", app.confirm_undo, not cl.debrief_early and undo_point(g) is not None),
            ("Hide the meters (M)" if cl.meters_visible else "Show the meters (M)", app.facilitator_meters, True),
            ("Skip to the debrief (D)", app.confirm_debrief, running),
        ]

    def status(self) -> str:
        s = self.app.session
        cl, g = s.classroom, s.game
        bits = [f"Round {g.round_number}" if g.round_number else "Not started"]
        if cl.timer.active:
            bits.append(f"timer {cl.timer.text()}" + (" (paused)" if cl.paused else ""))
        else:
            bits.append("no timer")
        bits.append("meters shown" if cl.meters_visible else "meters hidden")
        bits.append("PIN set" if cl.pin else "no PIN")
        return " · ".join(bits)

    def compose(self, root, area: pygame.Rect) -> None:
        u = self.u
        entries = self.entries()
        pad, bh, gap = u(22), u(54), u(12)
        bw = u(400)
        cols = 2 if area.width - u(20) >= 2 * bw + gap + 2 * pad else 1
        rows = -(-len(entries) // cols)
        w = cols * bw + (cols - 1) * gap + 2 * pad
        fixed = pad // 2 + u(48) + u(34) + pad
        room = area.height - u(20) - fixed
        if (rows + 1) * (bh + gap) > room:  # a short window: lower buttons, never below their text
            least = self.theme.font("button", bold=True).get_linesize() + u(8)
            gap = u(6)
            bh = max(least, room // (rows + 1) - gap)
        h = fixed + rows * (bh + gap) + bh
        card = _card(self, root, area, w, h)
        inner = card.rect.width - 2 * pad
        bw = (inner - (cols - 1) * gap) // cols
        self.label("Facilitator", pygame.Rect(pad, pad // 2, inner, u(44)), container=card, object_id="#heading")
        y = pad // 2 + u(48)
        self.label(self.status(), pygame.Rect(pad, y, inner, u(30)), container=card, object_id="#hint")
        y += u(34)
        first = True
        for i, (text, action, enabled) in enumerate(entries):
            r, c = divmod(i, cols)
            self.button(text, pygame.Rect(pad + c * (bw + gap), y + r * (bh + gap), bw, bh), action, container=card,
                        enabled=enabled, focus=first and enabled)
            first = first and not enabled
        y += rows * (bh + gap)
        cw = u(220)
        self.button("Close (Esc)", pygame.Rect(card.rect.width - pad - cw, y, cw, bh), self.close, container=card, object_id="#primary")

    def pick_event(self) -> None:
        g = self.app.session.game
        items = []
        for event in g.scenario.events:
            text = event.title + ("  (already in the news)" if event.id in g.fired else "")
            items.append((text, lambda e=event.id: self.app.facilitator_fire(e)))
        self.close()
        self.app.open_popup(ListPopup(self.app, "Fire a news event: it lands now, as breaking news", items))

    def on_key(self, event: pygame.event.Event) -> bool:
        keys = {pygame.K_p: 0, pygame.K_PLUS: 1, pygame.K_KP_PLUS: 1, pygame.K_EQUALS: 1, pygame.K_e: 2, pygame.K_u: 3,
                pygame.K_m: 4, pygame.K_d: 5}
        if event.key in keys:
            text, action, enabled = self.entries()[keys[event.key]]
            if enabled:
                action()
            return True
        return False

    def on_back(self) -> None:
        self.close()


class PausedPopup(Popup):
    """Covers the whole window while the facilitator has paused the session (the timer stands still)."""

    def __init__(self, app) -> None:
        super().__init__(app, "Paused", "", [])

    def compose(self, root, area: pygame.Rect) -> None:
        u = self.u
        shade = pygame.Surface(area.size)  # opaque: a paused screen may be a delegation's private one
        shade.fill(self.theme.colour("window_bg"))
        self.image(shade, area, container=root)
        self.card = pygame.Rect(area)
        width = area.width - 2 * u(24)
        y = area.height // 2 - u(150)
        self.centred_label("PAUSED", pygame.Rect(u(24), y, width, u(90)), object_id="#cover_name")
        y += u(100)
        cl = self.app.session.classroom
        note = "The facilitator has paused the session." + (f" The timer stands at {cl.timer.text()}." if cl.timer.active else "")
        self.centred_label(note, pygame.Rect(u(24), y, width, u(34)), object_id="#subheading")
        y += u(60)
        text = "Resume (PIN)" if cl.pin else "Resume"
        bw = u(300)
        self.button(text, pygame.Rect(area.centerx - bw // 2, y, bw, u(60)), self.app.request_resume, object_id="#primary", focus=True)
        y += u(76)
        self.centred_label("F2: facilitator controls · Esc: menu", pygame.Rect(u(24), y, width, u(30)), object_id="#hint")

    def on_back(self) -> None:
        self.app.open_menu()

    def on_key(self, event: pygame.event.Event) -> bool:
        return False


def news_html(theme, game, event_id: str, meters_visible: bool) -> str:
    """An inject as breaking news: its text, what the actors say about it, and what it changed."""
    s = game.scenario
    event = s.event(event_id)
    body, small = theme.px("body"), theme.px("small")
    muted = theme.palette["muted"]
    out = [textfit.font_tag(textfit.esc(event.text), body)]
    for pos in event.positions:
        actor = s.actor(pos.actor).name
        said = f"“{textfit.esc(pos.quote)}”" if pos.quote is not None else "<i>Paraphrase:</i> " + textfit.esc(pos.paraphrase or "")
        who = ", ".join(x for x in (pos.speaker, actor, pos.source) if x)
        out.append(textfit.font_tag(said, body) + "<br>" + textfit.font_tag(textfit.esc("— " + who), small, muted))
    news = next((n for n in reversed(game.record.news) if n.kind == "event" and n.origin == event_id), None) if game.record else None
    if meters_visible and news is not None:
        moved = ", ".join(f"{s.meter(k).label} {v:+d}" for k, v in news.meter_changes.items() if v)
        if moved:
            out.append(textfit.font_tag(textfit.esc("Meters: " + moved), small, muted))
    return "<br><br>".join(out)
