"""The role picker: one role for solo play; the computer plays the rest.

The choice is kept as a list of role ids (`humans`), the same shape the engine
takes. Several people at one keyboard start from "Classroom session" instead.

Above the brief, the solo difficulty: how firmly the computer actors hold their
red lines (Settings.firmness 0.5 / 1 / 2), how they choose (historical or
adaptive), and whether the decision screen previews each choice's meter changes.
"""

from __future__ import annotations

import pygame

from game.ui import textfit
from game.ui.screens.base import Screen

FIRMNESS = {"easy": 0.5, "normal": 1.0, "hard": 2.0}  # Settings.firmness for each difficulty

OPTIONS = (
    ("firmness", "Actors' firmness", (("easy", "Easy"), ("normal", "Normal"), ("hard", "Hard")),
     "How firmly the computer actors on the other side hold their red lines and answer escalation"),
    ("policy", "Computer actors", (("historical", "Historical"), ("adaptive", "Adaptive")),
     "Historical: they lean to what really happened. Adaptive: they answer your moves first"),
    ("preview", "Preview meter changes", ((False, "Off"), (True, "On")),
     "On: each choice shows what it would do to the meters now"),
)


class RoleScreen(Screen):
    def __init__(self, app, loaded) -> None:
        super().__init__(app)
        self.loaded = loaded
        s = loaded.scenario
        self.playable = [r for r in s.roles if r.playable]
        self.humans: list[str] = [self.playable[0].id] if self.playable else []
        self.options = dict(app.solo_options)  # firmness, policy, preview: remembered for the next game
        cli = getattr(app, "_cli", None)
        if cli is not None and cli.policy:
            self.options["policy"] = cli.policy  # --policy on the command line (random is not among the buttons)

    def compose(self, root, area: pygame.Rect) -> None:
        u, m = self.u, self.margin()
        s = self.loaded.scenario
        top = self.header(area, "Choose your role", f"{s.title} · {s.period}")
        bottom = area.height - self.footer_height()
        list_w = min(u(470), area.width // 2 - m)
        bh, gap = u(54), u(10)
        y = top
        font = self.theme.font("body")
        options = [(r.id, f"{i}. {s.actor(r.actor).name}") for i, r in enumerate(self.playable, 1)]
        options.append((None, "0. Watch: the computer plays every role"))
        for role_id, text in options:
            chosen = (role_id in self.humans) if role_id else not self.humans
            self.button(textfit.ellipsize(font, text, list_w - u(40)), pygame.Rect(m, y, list_w, bh), self._pick(role_id),
                        cls="@list", object_id="#selected" if chosen else "#list_item", focus=chosen)
            y += bh + gap
            if y + bh > bottom:
                break
        x = m + list_w + m
        top = self.difficulty(pygame.Rect(x, top, area.width - x - m, bottom - top))
        self.text(self._brief_html(), pygame.Rect(x, top, area.width - x - m, bottom - top - m // 2), scroll=True)
        self.footer(area, [("Back", self.app.pop)], [("Start the game", self.start)], hint="1–9 pick a role, 0 to watch",
                    focus_right=False)

    def difficulty(self, rect: pygame.Rect) -> int:
        """The three option rows; returns the y below them."""
        u = self.u
        label_font = self.theme.font("subheading")
        button_font = self.theme.font("button", bold=True)
        label_w = max(label_font.size(title)[0] for _k, title, _o, _t in OPTIONS) + u(36)
        line = label_font.size("Ag")[1] + u(2)
        bh, gap, n = u(46), u(8), 3  # the same button width on every row, so the rows line up
        widest = max(button_font.size(text)[0] for _k, _t, choices, _tip in OPTIONS for _v, text in choices) + u(24)
        beside = (rect.width - label_w - (n - 1) * gap) // n >= widest  # else each label goes above its buttons
        x0 = rect.x + label_w if beside else rect.x
        bw = (rect.x + rect.width - x0 - (n - 1) * gap) // n
        y = rect.y
        for key, title, choices, tip in OPTIONS:
            if beside:
                self.label(title, pygame.Rect(rect.x, y + (bh - line) // 2, label_w, line), object_id="#subheading")
            else:
                self.label(title, pygame.Rect(rect.x, y, rect.width, line), object_id="#subheading")
                y += line
            for i, (value, text) in enumerate(choices):
                self.button(textfit.ellipsize(button_font, text, bw - u(16)), pygame.Rect(x0 + i * (bw + gap), y, bw, bh),
                            self._option(key, value), object_id="#selected" if self.options[key] == value else None, tip=tip)
            y += bh + gap
        return y + u(6)

    def _option(self, key: str, value):
        def set_option() -> None:
            self.options[key] = value
            self.app.solo_options[key] = value
            self.build()

        return set_option

    def _brief_html(self) -> str:
        s = self.loaded.scenario
        body, small = self.theme.px("body"), self.theme.px("small")
        if not self.humans:
            return textfit.font_tag(textfit.esc("The computer plays every role; you watch the rounds unfold and read why each side acts."), body)
        parts = []
        for role_id in self.humans:
            role = s.role(role_id)
            actor = s.actor(role.actor)
            parts.append(textfit.font_tag(textfit.esc(f"Confidential brief: {actor.name}"), self.theme.px("heading"), bold=True))
            parts.append(textfit.font_tag(textfit.esc(f"{actor.title} · {actor.side}"), self.theme.px("subheading"), italic=True))
            parts.append(textfit.font_tag(textfit.esc(role.brief), body))
            if role.objectives:
                items = "<br>".join("• " + textfit.esc(o.text) for o in role.objectives)
                parts.append(textfit.font_tag("<b>Objectives</b><br>" + items, body))
        others = [s.actor(r.actor).name for r in s.roles if r.id not in self.humans]
        if others:
            parts.append(textfit.font_tag(textfit.esc("The computer plays: " + ", ".join(others) + "."), small))
        return "<br><br>".join(parts)

    def _pick(self, role_id: str | None):
        def pick() -> None:
            new = [role_id] if role_id else []
            if new == self.humans:
                self.start()  # a second press on the chosen role starts, like double-clicking
                return
            self.humans = new
            self.build()
            index = next((i for i, r in enumerate(self.playable) if r.id == role_id), len(self.playable))
            self.focus.index = index  # focus follows the choice, also when it was made with a number key

        return pick

    def start(self) -> None:
        o = self.options
        self.app.start_game(self.loaded, tuple(self.humans), policy=o["policy"], firmness=FIRMNESS[o["firmness"]],
                            preview=bool(o["preview"]))

    def on_key(self, event: pygame.event.Event) -> bool:
        if pygame.K_0 <= event.key <= pygame.K_9:
            i = event.key - pygame.K_0
            if i == 0:
                self._pick(None)()
            elif i <= len(self.playable):
                self._pick(self.playable[i - 1].id)()
            return True
        return False
