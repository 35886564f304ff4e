"""Setting up a class session: which delegations people play (2–6), their team names, the
discussion timer and the facilitator PIN. Everything by keyboard or mouse, nothing on the command line.

This screen is on the projector, so it shows no confidential brief: each
delegation reads its own only behind the cover screen, when it holds the seat.
"""

from __future__ import annotations

import pygame

from game.classroom.session import Session as ClassSession
from game.classroom.session import Timer
from game.ui import textfit
from game.ui.screens.base import Screen
from game.ui.widgets.field import TextField, field_key, sync_fields

TIMER_MINUTES = (0, 3, 5, 10)
MIN_PEOPLE, MAX_PEOPLE = 2, 6
TEAM_MAX = 24


def how_it_runs_html(theme) -> str:
    body, small = theme.px("body"), theme.px("small")
    muted = theme.palette["muted"]
    items = [
        "Each round starts with a briefing everyone reads together on the projector.",
        "Then each delegation decides in private: a cover screen asks the others to look away; "
        "the delegation presses Ready and only then sees its confidential brief, objectives and choices.",
        "Choices stay sealed until every delegation has chosen; then all are revealed together.",
        "The computer plays the delegations no team takes.",
        "F2 (or the Facilitator button) opens the facilitator controls: pause, more time, a news event, "
        "undo a round, hide the meters, go to the debrief. A PIN keeps them for the facilitator.",
        "The debrief after the ending compares your choices with what really happened and exports a report.",
    ]
    return (textfit.font_tag("<b>How a class session runs</b>", body) + "<br>"
            + textfit.font_tag("<br>".join("• " + textfit.esc(i) for i in items), small)
            + "<br><br>" + textfit.font_tag(textfit.esc("The game saves itself after every step: "
                                                        "Continue on the title screen resumes next lesson."), small, muted))


class ClassSetupScreen(Screen):
    def __init__(self, app, loaded) -> None:
        super().__init__(app)
        self.loaded = loaded
        s = loaded.scenario
        self.playable = [r for r in s.roles if r.playable]
        self.humans: list[str] = [r.id for r in self.playable[:MAX_PEOPLE]]
        self.teams: dict[str, str] = {}
        self.minutes = 5
        self.pin = ""
        self.fields: list[TextField] = []

    def compose(self, root, area: pygame.Rect) -> None:
        u, m = self.u, self.margin()
        s = self.loaded.scenario
        self.fields = []
        top = self.header(area, "Classroom session", f"{s.title} · choose {MIN_PEOPLE}–{min(MAX_PEOPLE, len(self.playable))} "
                                                     "delegations for people; the computer plays the rest")
        bottom = area.height - self.footer_height()
        left_w = min(u(680), int((area.width - 3 * m) * 0.56))
        toggle_w = int(left_w * 0.52)
        field_w = left_w - toggle_w - u(10)
        bh, gap = u(54), u(10)
        y = top
        self.label("Delegation", pygame.Rect(m, y, toggle_w, u(30)), object_id="#hint")
        self.label("Team name (optional)", pygame.Rect(m + toggle_w + u(10), y, field_w, u(30)), object_id="#hint")
        y += u(32)
        font = self.theme.font("button", bold=True)
        for i, role in enumerate(self.playable, 1):
            if y + bh > bottom:
                break
            person = role.id in self.humans
            name = s.actor(role.actor).name
            text = textfit.ellipsize(font, f"{i}. {name}: {'people' if person else 'computer'}", toggle_w - u(30))
            self.button(text, pygame.Rect(m, y, toggle_w, bh), self._toggle(role.id), cls="@list",
                        object_id="#selected" if person else "#list_item", focus=i == 1)
            self.fields.append(TextField(self, pygame.Rect(m + toggle_w + u(10), y, field_w, bh), self.teams.get(role.id, ""),
                                         placeholder="—" if not person else "type a name", max_len=TEAM_MAX,
                                         on_change=self._team_setter(role.id), enabled=person))
            y += bh + gap
        x = m + left_w + m
        right_w = area.width - x - m
        y = top
        self.label("Discussion timer per round", pygame.Rect(x, y, right_w, u(30)), object_id="#subheading")
        y += u(34)
        n = len(TIMER_MINUTES)
        ow = (right_w - (n - 1) * u(10)) // n
        for i, minutes in enumerate(TIMER_MINUTES):
            text = "Off" if minutes == 0 else f"{minutes} min"
            self.button(text, pygame.Rect(x + i * (ow + u(10)), y, ow, bh), self._set_minutes(minutes),
                        object_id="#selected" if minutes == self.minutes else None)
        y += bh + u(16)
        self.label("Facilitator PIN (optional, digits)", pygame.Rect(x, y, right_w, u(30)), object_id="#subheading")
        y += u(34)
        pin_w = min(right_w, u(260))
        self.fields.append(TextField(self, pygame.Rect(x, y, pin_w, bh), self.pin, placeholder="no PIN", max_len=8, mask=True,
                                     allowed=str.isdigit, on_change=self._set_pin))
        if pin_w + u(200) < right_w:
            self.label("empty: anyone may use F2",
                       pygame.Rect(x + pin_w + u(12), y, right_w - pin_w - u(12), bh), object_id="#hint")
        y += bh + u(16)
        if bottom - u(8) - y > u(80):
            self.text(how_it_runs_html(self.theme), pygame.Rect(x, y, right_w, bottom - u(8) - y), scroll=True)
        self.footer(area, [("Back", self.app.pop)], [("Start the class session", self.start)],
                    hint=f"1–{min(9, len(self.playable))}: people or computer · Tab moves · type in a field", focus_right=False)

    # ------------------------------------------------------------------ changes

    def _toggle(self, role_id: str):
        def toggle() -> None:
            if role_id in self.humans:
                self.humans.remove(role_id)
            elif len(self.humans) < MAX_PEOPLE:
                self.humans.append(role_id)
            else:
                self.app.message("Six at most", textfit.esc(f"A class session has at most {MAX_PEOPLE} delegations played by people."))
                return
            order = [r.id for r in self.playable]
            self.humans.sort(key=order.index)
            self.build()

        return toggle

    def _team_setter(self, role_id: str):
        def set_team(value: str) -> None:
            self.teams[role_id] = value

        return set_team

    def _set_minutes(self, minutes: int):
        def set_minutes() -> None:
            self.minutes = minutes
            self.build()

        return set_minutes

    def _set_pin(self, value: str) -> None:
        self.pin = value

    # ------------------------------------------------------------------ starting

    def classroom(self) -> ClassSession:
        teams = {r: " ".join(self.teams.get(r, "").split()) for r in self.humans}
        return ClassSession(teams={r: t for r, t in teams.items() if t}, pin=self.pin, timer=Timer(seconds=self.minutes * 60))

    def start(self) -> None:
        if not MIN_PEOPLE <= len(self.humans) <= MAX_PEOPLE:
            self.app.message("Choose the delegations", textfit.esc(
                f"A class session needs {MIN_PEOPLE} to {MAX_PEOPLE} delegations played by people; "
                f"{len(self.humans)} chosen. Press a delegation's number (or click it) to switch it between people and computer."))
            return
        self.app.start_game(self.loaded, tuple(self.humans), classroom=self.classroom(), class_mode=True)

    # ------------------------------------------------------------------ keys

    def on_key(self, event: pygame.event.Event) -> bool:
        if field_key(self, self.fields, event):
            return True
        if pygame.K_1 <= event.key <= pygame.K_9:
            i = event.key - pygame.K_1
            if i < len(self.playable):
                self._toggle(self.playable[i].id)()
                self.focus.index = 2 * i  # each row: its toggle, then its team field
            return True
        return False

    def update(self, dt: float) -> None:
        super().update(dt)
        sync_fields(self, self.fields)
