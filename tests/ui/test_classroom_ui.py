"""Classroom mode in the real window, driven by posted events: hot seat, privacy, facilitator, debrief, export, resume.

The privacy rule is checked on every frame the app runs (`PrivacyWatch` wraps
`App.step`): while a delegation holds the seat, and on every cover screen, no
other delegation's confidential brief or objectives and no sealed choice may be
readable anywhere in the window (labels, buttons, and the whole of every text
view, popups included).
"""

from __future__ import annotations

import csv
import json

import pygame
import pytest
from conftest import ROOT, TUTORIAL, Pilot, cli_args, visible_text

from game import paths
from game.ui import saves

HISTORICAL = ROOT / "scenarios" / "missile_defence_2007_2011.yaml"


def norm(text: str) -> str:
    return " ".join(text.split())


def public_corpus(scenario) -> str:
    """Everything the scenario shows to every delegation (briefings, quotes, news, actors, meters)."""
    parts = [scenario.title, scenario.summary]
    for r in scenario.rounds:
        parts += [r.title, r.briefing, r.context or ""]
        for pos in r.positions:
            parts += [pos.quote or "", pos.paraphrase or "", pos.passage or "", pos.speaker or ""]
    for e in scenario.events:
        parts += [e.title, e.text] + [pos.quote or pos.paraphrase or "" for pos in e.positions]
    parts += [f"{a.name} {a.title}" for a in scenario.actors] + [m.label for m in scenario.meters]
    return norm(" ".join(parts))


def private_sentences(text: str, public: str) -> list[str]:
    """The sentences of a private text that no public text contains (a brief may quote a public statement)."""
    import re

    out = []
    for sentence in re.split(r"(?<=[.!?])\s+", norm(text)):
        if len(sentence) >= 25 and sentence not in public:
            out.append(sentence)
    return out


class PrivacyWatch:
    """Checks the privacy rule after every frame of the app; counts what it checked."""

    def __init__(self, app) -> None:
        self.app = app
        self.frames = self.covers = self.seats = 0
        self._public: dict[int, str] = {}
        self.seen_roles: set[str] = set()
        inner = app.step

        def step(*args, **kwargs):
            running = inner(*args, **kwargs)
            self.check()
            return running

        app.step = step

    def private(self) -> list[tuple[str, str]]:
        """(text, what it is) that must not be readable now."""
        from game.ui.screens.cover import CoverScreen
        from game.ui.screens.decision import DecisionScreen

        app = self.app
        s = app.session
        if s is None or not s.hot_seat:
            return []
        g = s.game
        if g.phase not in ("briefing", "decisions") or s.at_debrief:
            return []
        screen = app.stack[-1]
        seat = app.seat if g.phase == "decisions" else None
        if g.phase == "decisions":
            if seat is None:
                assert not isinstance(screen, DecisionScreen), "a decision screen without a delegation in the seat"
                self.covers += isinstance(screen, CoverScreen)
            else:
                assert not isinstance(screen, CoverScreen) and seat not in g.sealed
                self.seats += 1
                self.seen_roles.add(seat)
        public = self._public.get(id(g.scenario))
        if public is None:
            public = self._public[id(g.scenario)] = public_corpus(g.scenario)
        out = []
        for role in g.settings.humans:
            if role == seat:
                continue
            r = g.scenario.role(role)
            sentences = private_sentences(r.brief, public)
            assert sentences, f"{role}'s brief has no sentence of its own to look for"
            out += [(x, f"{role}'s brief") for x in sentences]
            out += [(x, f"{role}'s objective") for o in r.objectives for x in private_sentences(o.text, public)]
        for role, choice_id in g.sealed.items():
            c = g.scenario.choice(choice_id)
            assert norm(c.label) not in public, "a sealed label that is also public text cannot be checked"
            out += [(norm(c.label), f"{role}'s sealed choice")]
            out += [(x, f"{role}'s sealed choice (description)") for x in private_sentences(c.description, public)]
        return out

    def check(self) -> None:
        forbidden = self.private()
        if not forbidden:
            return
        self.frames += 1
        shown = visible_text(self.app)
        for text, what in forbidden:
            assert text not in shown, f"{what} is readable on {type(self.app.top).__name__} (seat: {self.app.seat}): ...{shown[max(0, shown.find(text) - 300):shown.find(text) + 80]}"


def _to_class_setup(p: Pilot, scenario_name: str) -> None:
    p.click_button("Classroom session")
    assert p.screen == "ScenarioScreen" and p.app.top.classroom
    p.wait_for(lambda: all(e.done for e in p.app.catalog.entries))
    p.frames(2)
    i = next(i for i, e in enumerate(p.app.catalog.entries) if e.path.name == scenario_name)
    if p.app.top.selected != i:
        p.key(pygame.K_1 + i)  # select it (a second press would go on)
    p.click_button("Set up the class")
    assert p.screen == "ClassSetupScreen"


def _play_to(p: Pilot, stop, pick=lambda role, n, rnd: 1, limit: int = 300) -> None:
    """Press on through briefings, covers, decisions and resolutions until stop() holds."""
    for _ in range(limit):
        if stop():
            return
        screen = p.screen
        if screen == "CoverScreen":
            p.key(pygame.K_RETURN)
        elif screen == "DecisionScreen":
            role = p.app.top.role
            n = len(p.app.session.game.legal_choices(role))
            p.key(pygame.K_0 + pick(role, n, p.app.session.game.round_number))
            if p.screen == "Popup" and "escalates" in p.app.top.title:
                p.key(pygame.K_y)
        elif screen in ("BriefingScreen", "ResolutionScreen", "Popup"):
            p.key(pygame.K_RETURN)
        else:
            raise AssertionError(f"unexpected screen {screen}")
    raise AssertionError("did not get there")


def test_four_delegations_play_a_class_session_to_the_debrief_and_export(make_app, _home):
    p = Pilot(make_app())
    watch = PrivacyWatch(p.app)
    _to_class_setup(p, HISTORICAL.name)
    setup = p.app.top
    assert setup.humans == ["usa", "russia", "nato", "poland"]
    # The set-up by keyboard alone: Tab to a team field and type; Enter in a field moves on.
    p.key(pygame.K_TAB)  # the United States' team field
    p.type_text("Blue Eagles")
    p.key(pygame.K_RETURN)  # on to Russia's row
    p.key(pygame.K_TAB)
    p.type_text("Red")
    assert setup.teams == {"usa": "Blue Eagles", "russia": "Red"}
    p.click_button("3 min")
    assert setup.minutes == 3
    p.click_button("Start the class session")
    s = p.app.session
    assert s.class_mode and s.hot_seat and s.game.settings.humans == ("usa", "russia", "nato", "poland")
    assert s.classroom.teams == {"usa": "Blue Eagles", "russia": "Red"} and s.classroom.timer.seconds == 180
    # The briefing is public; the countdown runs and shows.
    assert p.screen == "BriefingScreen" and "Time 3:00" in p.text()
    p.frames(61)
    assert "Time 2:59" in p.text()
    p.key(pygame.K_RETURN)  # To the decisions: the first cover
    assert p.screen == "CoverScreen" and p.app.top.role == "usa"
    assert "United States" in p.text() and "Blue Eagles" in p.text() and "Press ahead" not in p.text()
    p.key(pygame.K_RETURN)  # Ready
    assert p.screen == "DecisionScreen" and p.app.seat == "usa"
    assert norm(s.scenario.role("usa").brief)[:60] in p.text()
    # Reading the briefing again keeps the seat; back to the decision without another cover.
    p.click_button("Back to briefing")
    assert p.screen == "BriefingScreen"
    p.click_button("Back to your decision")
    assert p.screen == "DecisionScreen" and p.app.seat == "usa"

    made: dict[tuple[str, str], str] = {}

    def pick(role, n, rnd):
        return (rnd + ["usa", "russia", "nato", "poland"].index(role)) % n + 1

    def round_done() -> bool:
        g = p.app.session.game
        if g.record is not None and g.phase in ("consequences", "ended"):
            for d in g.record.decisions:
                made[(g.record.round, d.role)] = d.choice
        return p.screen == "DebriefScreen"

    _play_to(p, round_done, pick)
    g = p.app.session.game
    assert g.ended and p.screen == "DebriefScreen"
    assert watch.seen_roles == {"usa", "russia", "nato", "poland"} and watch.covers > 20 and watch.seats > 20
    assert all(not d.by_computer for rec in g.history for d in rec.decisions)
    # The debrief: the timeline pages show each round's choices (with teams) beside what really happened.
    p.key(pygame.K_1)
    first = g.history[0]
    shown = p.text()
    for d in first.decisions:
        assert norm(g.scenario.choice(d.choice).label) in shown
    assert "United States (Blue Eagles)" in shown and "Russia (Red)" in shown
    assert norm(g.scenario.round(first.round).what_happened)[:60] in shown
    p.key(pygame.K_0)
    shown = p.text()
    assert g.ending.title in shown and any(q in shown for q in g.scenario.questions)
    # Export: Markdown, HTML and the decision CSV in the reports folder, agreeing with the choices made.
    p.click_button("Export report")
    assert p.screen == "Popup" and "exported" in p.app.top.title
    written = p.app.last_export
    assert {f.suffix for f in written} == {".md", ".html", ".csv"}
    assert all(f.parent == paths.user_data_dir() / "reports" and f.is_file() for f in written)
    assert all(str(f) in p.text() for f in written)
    rows = list(csv.DictReader(next(f for f in written if f.suffix == ".csv").open(encoding="utf-8")))
    assert {(r["round_id"], r["role"]): r["choice_id"] for r in rows} == made
    assert all(r["played_by"] == "person" for r in rows)
    assert {r["team"] for r in rows if r["role"] == "usa"} == {"Blue Eagles"}
    md = next(f for f in written if f.suffix == ".md").read_text(encoding="utf-8")
    r1_russia = g.scenario.choice(made[(first.round, "russia")]).label
    assert f"| Russia | Red | {r1_russia} | person |" in md
    assert f"## Ending: {g.ending.title}" in md
    html = next(f for f in written if f.suffix == ".html").read_text(encoding="utf-8")
    assert "<svg" in html and "Blue Eagles" in html


def _class_game(make_app, humans=("usa", "russia", "poland"), minutes=5, pin="", scenario=TUTORIAL) -> Pilot:
    """A class session started through the set-up screen by mouse."""
    p = Pilot(make_app())
    PrivacyWatch(p.app)
    _to_class_setup(p, scenario.name)
    setup = p.app.top
    for role in [r.id for r in setup.playable]:
        if (role in setup.humans) != (role in humans):
            p.click_button(f"{[r.id for r in setup.playable].index(role) + 1}. ")
    setup.teams.update({"usa": "Blue", "russia": "Red"})
    p.click_button(f"{minutes} min" if minutes else "Off")
    if pin:
        field = next(f for f in setup.fields if f.mask)
        p.click(field.button)
        p.type_text(pin)
    p.click_button("Start the class session")
    assert p.screen == "BriefingScreen"
    return p


def _facilitator(p: Pilot, pin: str = "") -> None:
    p.key(pygame.K_F2)
    if pin:
        assert p.screen == "PinPopup"
        p.type_text(pin)
        p.key(pygame.K_RETURN)
    assert p.screen == "FacilitatorPopup"


def test_wrong_pin_is_refused_and_the_right_one_opens_the_controls(make_app):
    p = _class_game(make_app, pin="2468")
    p.key(pygame.K_F2)
    assert p.screen == "PinPopup"
    p.type_text("1111")
    p.key(pygame.K_RETURN)
    assert p.screen == "PinPopup" and "Wrong PIN" in p.text()
    assert not any(type(x).__name__ == "FacilitatorPopup" for x in p.app.popups)
    p.key(pygame.K_ESCAPE)
    assert p.screen == "BriefingScreen"
    # The small button asks too; the keypad works by mouse.
    p.click_button("Facilitator (F2)")
    assert p.screen == "PinPopup"
    for digit in "2468":
        p.click_button(digit)
    p.click_button("OK")
    assert p.screen == "FacilitatorPopup"
    # Paused: resuming asks for the PIN as well, and a wrong one leaves it paused.
    p.key(pygame.K_p)
    assert p.screen == "PausedPopup" and p.app.session.classroom.paused and "PAUSED" in p.text()
    p.click_button("Resume")
    p.type_text("9999")
    p.key(pygame.K_RETURN)
    assert p.app.session.classroom.paused
    p.key(pygame.K_ESCAPE)
    p.click_button("Resume")
    p.type_text("2468")
    p.key(pygame.K_RETURN)
    assert not p.app.session.classroom.paused and p.screen == "BriefingScreen"
    assert [e.action for e in p.app.session.classroom.log] == ["pause", "resume"]


def test_facilitator_pause_extend_meters_and_undo(make_app):
    p = _class_game(make_app)
    s = p.app.session
    timer = s.classroom.timer
    p.frames(60)
    assert timer.remaining < 300
    _facilitator(p)
    p.key(pygame.K_p)  # pause: the overlay covers everything and the time stands still
    assert p.screen == "PausedPopup"
    left = timer.remaining
    p.frames(120)
    assert timer.remaining == left and f"stands at {timer.text()}" in p.text()
    _facilitator(p)
    p.key(pygame.K_PLUS)  # one more minute (the panel stays open and shows it)
    assert timer.remaining == left + 60 and "timer 5:" in p.text()
    p.key(pygame.K_p)  # resume
    assert p.screen == "BriefingScreen"
    p.frames(60)
    assert timer.remaining < left + 60
    # Meters hidden everywhere while off.
    _facilitator(p)
    p.key(pygame.K_m)
    assert not s.classroom.meters_visible
    p.key(pygame.K_RETURN)  # the decisions: usa's cover, then usa decides; russia too
    _play_to(p, lambda: p.screen == "ResolutionScreen")
    assert p.app.top.meter_image is None and "Meters:" not in p.text()
    _facilitator(p)
    p.key(pygame.K_m)
    assert p.app.top.meter_image is not None
    # Play on into round 2's decisions, seal one choice, then undo: round 1's decisions again.
    p.key(pygame.K_RETURN)
    assert s.game.round_number == 2
    p.key(pygame.K_RETURN)
    p.key(pygame.K_RETURN)
    p.key(pygame.K_1)
    assert s.game.sealed and p.screen == "CoverScreen"
    _facilitator(p)
    p.key(pygame.K_u)
    assert p.screen == "Popup" and "Undo" in p.app.top.title
    p.click_button("Undo the round")
    g = p.app.session.game
    assert g.round_number == 1 and g.phase == "decisions" and not g.sealed
    assert p.screen == "CoverScreen" and p.app.top.role == g.awaiting()[0] and p.app.seat is None
    assert timer.remaining > 299  # a round played again gets its discussion time again
    actions = [e.action for e in s.classroom.log]
    assert actions == ["pause", "extend timer", "resume", "hide meters", "show meters", "undo round"]
    assert saves.describe(saves.AUTOSAVE).exists


def test_firing_an_inject_lands_it_as_breaking_news(make_app):
    p = _class_game(make_app, humans=("usa", "russia"), minutes=0, scenario=HISTORICAL)
    g = p.app.session.game
    event = next(e for e in g.scenario.events if e.id not in g.fired)
    before = dict(g.meters)
    _facilitator(p)
    p.key(pygame.K_e)
    assert p.screen == "ListPopup"
    p.click_button(event.title)
    assert p.screen == "Popup" and event.title in p.app.top.title and norm(event.text)[:50] in p.text()
    assert event.id in g.fired and g.record.news[-1].origin == event.id
    assert g.meters != before or not event.effects.meters
    assert p.app.session.classroom.log[-1].action == "fire event"
    p.key(pygame.K_RETURN)
    assert p.screen == "BriefingScreen" and event.title in p.text()  # in the round's news too


def test_skip_to_the_debrief(make_app):
    p = _class_game(make_app, minutes=0)
    _play_to(p, lambda: p.app.session.game.round_number == 2)
    _facilitator(p)
    p.key(pygame.K_d)
    p.click_button("Go to the debrief")
    s = p.app.session
    assert p.screen == "DebriefScreen" and s.classroom.debrief_early and not s.game.ended
    assert "before an ending" in p.text()
    p.click_button("Export report")
    md = next(f for f in p.app.last_export if f.suffix == ".md").read_text(encoding="utf-8")
    assert "## Ending: Ended early" in md and "skip to debrief" in md


def _save_in_slot(p: Pilot, slot: str) -> None:
    p.key(pygame.K_ESCAPE)
    p.click_button("Save to a slot")
    p.click_button(saves.slot_title(slot))
    p.key(pygame.K_RETURN)


def test_a_class_session_resumes_next_lesson_mid_round(make_app):
    p = _class_game(make_app, humans=("usa", "russia", "poland"), minutes=5)
    p.key(pygame.K_RETURN)
    p.key(pygame.K_RETURN)  # usa: Ready
    p.key(pygame.K_2)  # usa decides: sealed
    assert p.screen == "CoverScreen" and p.app.top.role == "russia"
    p.frames(150)
    _facilitator(p)
    p.key(pygame.K_PLUS)
    p.key(pygame.K_ESCAPE)
    s = p.app.session
    sealed = dict(s.game.sealed)
    remaining = s.classroom.timer.remaining
    _save_in_slot(p, "slot3")
    assert "class session" in saves.describe("slot3").summary
    # Next lesson: a fresh start of the game, Load → Slot 3.
    q = Pilot(make_app())
    watch = PrivacyWatch(q.app)
    q.click_button("Load")
    q.click_button("Slot 3")
    s2 = q.app.session
    assert q.screen == "CoverScreen" and q.app.top.role == "russia" and q.app.seat is None
    assert s2.class_mode and s2.game.sealed == sealed and s2.game.awaiting() == ["russia"]
    assert s2.classroom.teams == {"usa": "Blue", "russia": "Red"}
    saved = json.loads(saves.slot_path("slot3").read_text())["session"]
    assert saved["timer"]["remaining"] == pytest.approx(remaining, abs=0.2) and saved["mode"] == "classroom"
    assert s2.classroom.timer.remaining == pytest.approx(saved["timer"]["remaining"], abs=0.1)  # runs on from there
    assert 300 < s2.classroom.timer.remaining < 360
    assert [e.action for e in s2.classroom.log] == ["extend timer"]
    q.key(pygame.K_RETURN)
    assert q.screen == "DecisionScreen" and q.app.top.role == "russia"
    # Quit while Russia holds the seat: Continue shows Russia's cover again, never its choices.
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    q.frames(1)
    q.app.autosave()  # what run() does on the way out
    r = Pilot(make_app())
    PrivacyWatch(r.app)
    r.click_button("Continue")
    assert r.screen == "CoverScreen" and r.app.top.role == "russia"
    r.key(pygame.K_RETURN)
    r.key(pygame.K_1)
    assert r.screen == "ResolutionScreen"
    rec = r.app.session.game.record
    assert rec.choice_of("usa") == sealed["usa"] and not any(d.by_computer for d in rec.decisions if d.role in ("usa", "russia"))
    assert watch.frames > 0


def test_a_paused_session_resumes_paused(make_app):
    p = _class_game(make_app)
    _facilitator(p)
    p.key(pygame.K_p)
    _save_in_slot(p, "slot1")
    q = Pilot(make_app())
    q.click_button("Load")
    q.click_button("Slot 1")
    assert q.screen == "PausedPopup" and q.app.session.classroom.paused


def test_a_class_session_needs_two_delegations_of_people(make_app):
    p = Pilot(make_app())
    _to_class_setup(p, TUTORIAL.name)
    p.key(pygame.K_2)  # Russia: computer
    p.key(pygame.K_3)  # Poland: computer
    assert p.app.top.humans == ["usa"]
    assert not p.buttons()[3].is_enabled  # Russia's team field is off while the computer plays it
    p.click_button("Start the class session")
    assert p.screen == "Popup" and "2 to 6" in p.text()
    p.key(pygame.K_RETURN)
    p.key(pygame.K_3)  # Poland: people again
    p.click_button("Start the class session")
    assert p.screen == "BriefingScreen" and p.app.session.game.settings.humans == ("usa", "poland")
    assert p.app.session.classroom.timer.seconds == 300  # the default: 5 minutes


def test_the_timer_stops_while_the_menu_is_open(make_app):
    p = _class_game(make_app)
    timer = p.app.session.classroom.timer
    p.app.run_frames(30, dt=0.1)
    running = timer.remaining
    assert running < 300
    p.key(pygame.K_ESCAPE)
    assert p.screen == "MenuPopup"
    p.app.run_frames(30, dt=0.1)
    assert timer.remaining == pytest.approx(running, abs=0.25), "the two frames of the key press may tick"
    p.key(pygame.K_ESCAPE)
    p.app.run_frames(30, dt=0.1)
    assert timer.remaining < running - 2
