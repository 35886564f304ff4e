"""The desktop front end: one window, a stack of screens, popups on top, and the main loop.

The app is steppable: `App(...).step(events)` runs exactly one frame (events,
update, draw), so tests drive the real app frame by frame without an endless
loop; `run(args)` is the loop `python -m game` uses.

Flow of a game (the same engine calls as the text front end):
title → scenario → role → [briefing → decision → resolution] per round → ending.
A class session: title → scenario → class setup → [briefing → (cover → decision)
per delegation → resolution] per round → debrief. Screens only read the engine;
the intents go through the methods below, the facilitator's through
`game.classroom.session.Facilitator` (so each is logged).

Keys everywhere: F2 facilitator controls, F5 reload the scenario from disk and
restart the round (for authors), F11 full screen.
"""

from __future__ import annotations

import functools
import gc
import os
import sys
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402
import pygame_gui  # noqa: E402

from game import paths  # noqa: E402
from game.classroom.export import export_report  # noqa: E402
from game.classroom.restart import current_round_id, restart_round  # noqa: E402
from game.engine.game import IllegalMove  # noqa: E402
from game.scenario import ProblemsError, load_scenario  # noqa: E402

from . import saves, textfit  # noqa: E402
from .catalog import Catalog, ScenarioUnusable  # noqa: E402
from .screens.base import Screen  # noqa: E402
from .session import ScenarioChanged, Session  # noqa: E402
from .settings import UISettings, load_settings, save_settings  # noqa: E402
from .theme import build_theme, clear_font_caches, make_manager  # noqa: E402
from .widgets.layer import Layer  # noqa: E402
from .widgets.popup import Popup  # noqa: E402

DEFAULT_SIZE = (1280, 720)
MIN_SIZE = (800, 500)
FPS = 60
TOAST_SECONDS = 4.0
RELOAD_LEAD = "The game goes on with the scenario as it was. Fix the file, then press F5 again."


def _trim_heap() -> None:
    """Give freed memory back to the system (glibc keeps it otherwise, and the process only grows)."""
    try:
        _libc().malloc_trim(0)
    except (OSError, AttributeError):
        pass


@functools.cache
def _libc():
    import ctypes
    import ctypes.util

    return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")


def _icon() -> pygame.Surface:
    """A shield drawn in code for the window icon."""
    s = pygame.Surface((32, 32), pygame.SRCALPHA)
    pts = [(4, 4), (28, 4), (28, 14), (16, 30), (4, 14)]
    pygame.draw.polygon(s, (240, 180, 41), pts)
    pygame.draw.polygon(s, (15, 24, 34), pts, 2)
    pygame.draw.line(s, (15, 24, 34), (16, 6), (16, 26), 3)
    return s


class App:
    def __init__(self, args: Any = None, *, size: tuple[int, int] | None = None, settings: UISettings | None = None) -> None:
        # The modules loaded so far live as long as the process: keep them out of the collections that
        # free dead screens, so those stay cheap. (No widget exists yet, so none is frozen for ever.)
        gc.freeze()
        pygame.display.init()
        if not pygame.font.get_init():
            pygame.font.init()
            clear_font_caches()  # fonts from an earlier pygame.init() are dead now
        self.settings = settings or load_settings()
        self.windowed_size = tuple(size or DEFAULT_SIZE)
        pygame.display.set_caption("Shield Talks")
        pygame.display.set_icon(_icon())
        self.window = self._open_window(self.settings.fullscreen)
        self.catalog = Catalog()
        self.session: Session | None = None
        self.stack: list[Screen] = []
        self.popups: list[Popup] = []
        self.running = True
        self.frames = 0
        self._later: list[Callable[[], None]] = []  # work for idle frames (preparing the next screen)
        self._prepared: tuple[tuple, Screen] | None = None
        self._html: OrderedDict[tuple, str] = OrderedDict()
        self._last = time.perf_counter()
        self.mouse_pos = (0, 0)  # the wheel event has no position of its own
        self._redraw = 0
        self._hover: tuple = ()
        self.seat: str | None = None  # hot seat: the delegation that pressed Ready and now sees its choices
        self.solo_options = {"firmness": "normal", "policy": "historical", "preview": False}  # the role picker's last choice
        self.last_export: list[Path] = []
        self._toast = None  # (label, seconds left): a short note at the bottom (e.g. "scenario reloaded")
        self._make_ui()
        from .screens.title import TitleScreen

        self.push(TitleScreen(self))
        self._start(args)

    # ------------------------------------------------------------------ window and theme

    def _open_window(self, fullscreen: bool) -> pygame.Surface:
        if fullscreen:
            return pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        return pygame.display.set_mode(self.windowed_size, pygame.RESIZABLE)

    @property
    def size(self) -> tuple[int, int]:
        return self.window.get_size()

    def _make_ui(self) -> None:
        self.theme = build_theme(self.settings, self.size)
        self.ui = make_manager(self.theme, self.size)
        self._toast = None
        self._later.append(self.theme.warm_fonts)

    def relayout(self) -> None:
        """New window size, text size or theme: a fresh manager, and every layer composed again."""
        self._drop_prepared()
        self._make_ui()
        for screen in self.stack:
            screen.build(visible=screen is self.stack[-1])
        for popup in self.popups:
            popup.build()

    def resize(self, size: tuple[int, int]) -> None:
        size = (max(MIN_SIZE[0], size[0]), max(MIN_SIZE[1], size[1]))
        if not self.settings.fullscreen:
            self.windowed_size = size
            if self.window.get_size() != size:
                self.window = pygame.display.set_mode(size, pygame.RESIZABLE)
        self.window = pygame.display.get_surface()
        self.relayout()

    def toggle_fullscreen(self) -> None:
        self.apply_settings(self.settings.with_(fullscreen=not self.settings.fullscreen))

    def apply_settings(self, new: UISettings) -> None:
        old, self.settings = self.settings, new
        try:
            save_settings(new)
        except OSError as exc:
            self.message("Settings not saved", textfit.esc(f"The settings could not be written ({exc.strerror}); they apply until you quit."))
        if old.fullscreen != new.fullscreen:
            if not old.fullscreen:
                self.windowed_size = self.size
            self.window = self._open_window(new.fullscreen)
        self.relayout()

    def cached_html(self, key: tuple, make: Callable[[], str]) -> str:
        """Screens' long HTML, built once per round and reused on every rebuild (resize, back and forth)."""
        if key in self._html:
            self._html.move_to_end(key)
            return self._html[key]
        html = self._html[key] = make()
        while len(self._html) > 32:
            self._html.popitem(last=False)
        return html

    # ------------------------------------------------------------------ layers

    @property
    def top(self) -> Layer:
        return self.popups[-1] if self.popups else self.stack[-1]

    def push(self, screen: Screen) -> None:
        if self.stack:
            self.stack[-1].hide()
        if not self._take_prepared(screen):
            screen.build()
        self.stack.append(screen)
        self.later(screen.after_build)
        self._collect_soon()

    def _collect_soon(self) -> None:
        """pygame_gui widgets form reference cycles, so a killed screen's surfaces (megabytes) wait for
        Python's rare full collection. Collect once, on an idle frame after a screen change."""
        if self._collect not in self._later:
            self._later.append(self._collect)

    @staticmethod
    def _collect() -> None:
        gc.collect()
        _trim_heap()

    def pop(self) -> None:
        if len(self.stack) <= 1:
            return
        self.stack.pop().kill()
        below = self.stack[-1]
        below.build()  # rebuilt, not just shown: what it shows may have changed (a new save, settings)

    def _clear_above_title(self) -> None:
        self.close_popups()
        while len(self.stack) > 1:
            self.stack.pop().kill()

    def set_game_screen(self, screen: Screen) -> None:
        self._clear_above_title()
        self.push(screen)

    def popup(self, title: str, html: str | Callable[[], str], buttons: list[tuple[str, Callable[[], None] | None]], **kw: Any) -> Popup:
        p = Popup(self, title, html, buttons, **kw)
        self.open_popup(p)
        return p

    def message(self, title: str, html: str) -> Popup:
        return self.popup(title, html, [("OK", None)], fit=True)

    def problems(self, title: str, exc: ProblemsError | ScenarioUnusable | Exception, lead: str = "") -> Popup:
        """A ProblemsError as its one-line texts (path:line:col: CODE message), never a traceback."""
        if isinstance(exc, ProblemsError):
            lines = [textfit.esc(p.one_line()) + (f"<br>hint: {textfit.esc(p.hint)}" if p.hint else "") for p in exc.problems]
        else:
            lines = [textfit.esc(line) for line in str(exc).splitlines()]
        if lead:
            lines.insert(0, "<b>" + textfit.esc(lead) + "</b><br>")
        return self.popup(title, lambda: textfit.font_tag("<br>".join(lines), self.theme.px("body")), [("OK", None)], wide=True, fit=True)

    def open_popup(self, popup: Popup) -> None:
        if self._toast is not None:  # a note gives way to anything that asks for attention
            self._toast[0].kill()
            self._toast = None
        popup.build()
        self.popups.append(popup)

    def close_popup(self, popup: Popup) -> None:
        if popup in self.popups:
            self.popups.remove(popup)
        popup.kill()

    def close_popups(self) -> None:
        for p in list(self.popups):
            self.close_popup(p)

    def open_menu(self) -> None:
        from .screens.menu import MenuPopup

        if not any(isinstance(p, MenuPopup) for p in self.popups):
            self.open_popup(MenuPopup(self))

    # ------------------------------------------------------------------ prepared screens

    def _drop_prepared(self) -> None:
        if self._prepared is not None:
            self._prepared[1].kill()
            self._prepared = None

    def _take_prepared(self, screen: Screen) -> bool:
        if self._prepared is not None and self._prepared[1] is screen:
            self._prepared = None
            screen.show()
            return True
        return False

    def prepare_decision(self) -> None:
        """From the briefing, lay out the decision screen in advance (hidden), so the switch costs one frame."""
        from .screens.decision import DecisionScreen

        s = self.session
        if s is None or s.game.phase != "briefing":
            return
        g = s.game
        roles = [r for r in g.settings.humans if r in g.acting_roles() and g.legal_choices(r)]
        if not roles:
            return
        if s.hot_seat:
            return  # a cover screen comes first; nothing private is laid out in advance
        key = ("decision", id(g), g.round_number, roles[0], self.size, self.theme.scale, self.theme.name)
        if self._prepared is not None and self._prepared[0] == key:
            return
        self._drop_prepared()
        screen = DecisionScreen(self, roles[0])
        screen.build(visible=False)
        self._prepared = (key, screen)

    def later(self, job: Callable[[], None]) -> None:
        """Run job on a coming idle frame (once, however often it is asked for)."""
        if job not in self._later:
            self._later.append(job)

    def prepare_briefing(self) -> None:
        """From a finished round, lay out the next round's briefing in advance (hidden).

        The engine is deterministic, so replaying the game's intents plus the coming 'advance' on a
        fresh Game gives exactly the state the real game will reach: a read-only look-ahead. The real
        game moves only when the player presses Continue."""
        from game.engine.game import Game

        from .screens.briefing import BriefingScreen

        s = self.session
        if s is None or s.game.phase != "consequences":
            return
        g = s.game
        key = ("briefing", id(g), len(g.intents) + 1, self.size, self.theme.scale, self.theme.name)
        if self._prepared is not None and self._prepared[0] == key:
            return
        try:
            ahead = Game(g.scenario, g.settings)
            ahead.replay([*g.intents, {"do": "advance"}])
        except (IllegalMove, RuntimeError):
            return  # nothing to prepare; the screen is built when needed
        if ahead.phase != "briefing":
            return
        self._drop_prepared()
        screen = BriefingScreen(self, game=ahead)
        screen.build(visible=False)
        self._prepared = (key, screen)

    def _prepared_briefing(self) -> Screen | None:
        g = self.session.game
        key = ("briefing", id(g), len(g.intents), self.size, self.theme.scale, self.theme.name)
        if self._prepared is not None and self._prepared[0] == key:
            screen = self._prepared[1]
            screen.adopt()
            return screen
        self._drop_prepared()
        return None

    def _prepared_decision(self, role: str) -> Screen | None:
        g = self.session.game
        key = ("decision", id(g), g.round_number, role, self.size, self.theme.scale, self.theme.name)
        if self._prepared is not None and self._prepared[0] == key:
            return self._prepared[1]
        self._drop_prepared()
        return None

    # ------------------------------------------------------------------ starting

    def _start(self, args: Any) -> None:
        """Command-line options: --load, --role (skip the pickers), or a scenario (skip the scenario picker)."""
        if args is None:
            return
        scenario = getattr(args, "scenario", None)
        extra = getattr(args, "save", None)
        if getattr(args, "load", None):
            self.load_file(args.load, scenario=paths.resolve_scenario(scenario) if scenario else None)
            return
        if getattr(args, "role", None) or scenario:
            try:
                loaded = self.catalog.get(paths.resolve_scenario(scenario))
            except ScenarioUnusable as exc:
                self.new_game()
                self.problems("This scenario could not be loaded", exc)
                return
            if getattr(args, "role", None):
                self.start_game(loaded, tuple(args.role), seed=args.seed, policy=args.policy, start=args.start, extra_save=extra)
            else:
                self._cli = args
                self.open_roles(loaded)

    def new_game(self) -> None:
        from .screens.scenarios import ScenarioScreen

        self._clear_above_title()
        self.push(ScenarioScreen(self))

    def play_again(self) -> None:
        """From the ending: the scenario list with the scenario just played selected (Enter plays it again)."""
        from .screens.scenarios import ScenarioScreen

        played = Path(self.session.loaded.path) if self.session is not None else None
        self._clear_above_title()
        self.push(ScenarioScreen(self, select=played))

    def new_class_session(self) -> None:
        from .screens.scenarios import ScenarioScreen

        self._clear_above_title()
        self.push(ScenarioScreen(self, classroom=True))

    def open_roles(self, loaded) -> None:
        from .screens.roles import RoleScreen

        self.push(RoleScreen(self, loaded))

    def open_class_setup(self, loaded) -> None:
        from .screens.classroom import ClassSetupScreen

        self.push(ClassSetupScreen(self, loaded))

    def start_game(self, loaded, humans: tuple[str, ...], *, seed: int | None = None, policy: str | None = None,
                   start: str | None = None, extra_save: str | None = None, firmness: float = 1.0,
                   preview: bool = False, classroom=None, class_mode: bool = False) -> None:
        cli = getattr(self, "_cli", None)
        if cli is not None:  # a scenario named on the command line keeps its other options
            seed = cli.seed if seed is None else seed
            policy = policy or cli.policy
            start = start or cli.start
            extra_save = extra_save or cli.save
        try:
            session = Session.new(loaded, humans, seed=seed, policy=policy or "historical", start=start, extra_save=extra_save,
                                  firmness=firmness, preview=preview, classroom=classroom, class_mode=class_mode)
        except IllegalMove as exc:
            self.message("Cannot start", textfit.esc(str(exc)))
            return
        self.begin_session(session, fresh=True)

    def begin_session(self, session: Session, fresh: bool = False) -> None:
        """fresh: a new game (its discussion timer starts); a loaded one keeps the time it was saved with."""
        self.session = session
        self.seat = None  # a resumed hot-seat round shows the cover of the next delegation, never a choice
        self._html.clear()
        self._engine(session.settle)
        if fresh:
            self._restart_timer()
        self.show_phase()

    def continue_autosave(self) -> None:
        self.load_file(saves.slot_path(saves.AUTOSAVE))

    def load_file(self, path: Path | str, scenario: Path | str | None = None, allow_changed: bool = False) -> None:
        try:
            session = Session.from_file(path, self.catalog, scenario, allow_changed=allow_changed)
        except ScenarioChanged as exc:
            self._ask_load_changed(path, scenario, exc)
            return
        except ProblemsError as exc:
            self.problems("This save cannot be loaded", exc)
            return
        self.begin_session(session)

    def _ask_load_changed(self, path: Path | str, scenario: Path | str | None, exc: ScenarioChanged) -> None:
        """The save's scenario file was edited since (a typo fixed between lessons): load it anyway, or not."""
        from game.scenario.problems import display_path

        def html() -> str:
            t = self.theme
            lead = (f"The scenario file {display_path(exc.scenario)} has changed since this game was saved. "
                    "Load anyway replays the saved moves on the new version of the file; if they no longer fit it, "
                    "the game is not loaded and the save stays as it is.")
            details = "<br>".join(textfit.esc(p.one_line()) for p in exc.problems)
            return textfit.font_tag(textfit.esc(lead), t.px("body")) + "<br><br>" + textfit.font_tag(details, t.px("small"), t.palette["muted"])

        self.popup("The scenario has changed", html,
                   [("Load anyway", lambda: self.load_file(path, scenario, allow_changed=True)), ("Cancel", None)],
                   primary=1, wide=True, fit=True)

    # ------------------------------------------------------------------ the game's intents

    def _engine(self, step: Callable[[], None]) -> bool:
        """Run one engine intent; a refused move becomes a message, never a crash."""
        try:
            step()
            return True
        except IllegalMove as exc:
            self.message("Not allowed now", textfit.esc(str(exc)))
            return False

    def autosave(self) -> None:
        if self.session is None:
            return
        try:
            self.session.autosave()
        except OSError as exc:
            self.message("Autosave failed", textfit.esc(f"The game could not be saved ({exc.strerror or exc}). You can keep playing."))

    def show_phase(self) -> None:
        """Put up the screen for where the game now stands, and autosave there."""
        from .screens.briefing import BriefingScreen
        from .screens.cover import CoverScreen
        from .screens.debrief import DebriefScreen
        from .screens.decision import DecisionScreen
        from .screens.ending import EndingScreen
        from .screens.resolution import ResolutionScreen

        s = self.session
        if s is None:
            return
        g = s.game
        self.autosave()
        phase = g.phase
        if s.classroom.debrief_early or (phase == "ended" and s.class_mode):
            self.seat = None
            self.set_game_screen(DebriefScreen(self))
        elif phase == "briefing":
            self.set_game_screen(self._prepared_briefing() or BriefingScreen(self))
        elif phase == "decisions":
            role = g.awaiting()[0]
            if s.hot_seat and self.seat != role:
                # Several people at one keyboard: the next delegation's cover first. Its brief and choices
                # show only once it presses Ready (take_seat).
                self.seat = None
                self.set_game_screen(CoverScreen(self, role))
            else:
                self.set_game_screen(self._prepared_decision(role) or DecisionScreen(self, role))
        elif phase == "ended":
            self.set_game_screen(EndingScreen(self))
        else:  # consequences: the round is resolved and concluded
            self.set_game_screen(ResolutionScreen(self))
        if s.classroom.paused:
            self._show_paused()

    def take_seat(self, role: str) -> None:
        """The delegation on the cover pressed Ready: its brief and choices show now."""
        s = self.session
        if s is None or s.game.phase != "decisions" or role not in s.game.awaiting()[:1]:
            return
        self.seat = role
        self.show_phase()

    def to_decisions(self) -> None:
        s = self.session
        if s is None:
            return
        if s.game.phase == "briefing":
            if not self._engine(s.game.open_decisions):
                return
            self._engine(s.settle)
        self.show_phase()

    def review_briefing(self) -> None:
        from .screens.briefing import BriefingScreen

        self.set_game_screen(BriefingScreen(self))

    def decide(self, role: str, choice_id: str) -> None:
        s = self.session
        if s is None or s.game.phase != "decisions":
            return
        if not self._engine(lambda: s.game.decide(role, choice_id)):
            return
        self.seat = None  # sealed: the next delegation's cover comes
        self._engine(s.settle)
        self.show_phase()

    def next_round(self) -> None:
        s = self.session
        if s is None or s.game.phase != "consequences":
            return
        if self._engine(s.game.next_round):
            self._restart_timer()  # a new round: a new discussion time
        self._engine(s.settle)
        self.show_phase()

    def go_title(self) -> None:
        if self.session is not None and not self.session.game.ended:
            self.autosave()  # the timer and the log as they stand now, for Continue next lesson
        self._clear_above_title()
        self.session = None
        self.seat = None
        self._drop_prepared()
        self.stack[0].build()
        self.stack[0].show()

    # ------------------------------------------------------------------ screens reached from menus

    def open_settings(self) -> None:
        from .screens.settings_screen import SettingsScreen

        self.close_popups()
        self.push(SettingsScreen(self))

    def open_slots(self, mode: str) -> None:
        from .screens.slots import SlotsScreen

        if mode == "save" and self.session is None:
            return
        self.close_popups()
        self.push(SlotsScreen(self, mode))

    def save_to_slot(self, slot: str) -> None:
        if self.session is None:
            return
        try:
            self.session.save_to(slot)
        except OSError as exc:
            self.message("Not saved", textfit.esc(f"The game could not be saved ({exc.strerror or exc})."))
            return
        self.pop()
        self.message("Saved", textfit.esc(f"The game is saved in {saves.slot_title(slot)}."))

    def quit(self) -> None:
        self.running = False

    # ------------------------------------------------------------------ the facilitator (classroom controls)

    def _restart_timer(self) -> None:
        s = self.session
        if s is not None and s.class_mode and s.classroom.timer.active:
            s.classroom.timer.restart()
            s.classroom.timer.paused = s.classroom.paused

    def _at_game_screen(self) -> bool:
        from .screens.game_base import GameScreen

        return self.session is not None and bool(self.stack) and isinstance(self.stack[-1], GameScreen)

    def with_pin(self, then: Callable[[], None], purpose: str = "the facilitator controls") -> None:
        """Run `then` at once, or after the facilitator PIN when the session has one."""
        from .screens.facilitator import PinPopup

        s = self.session
        if s is None:
            return
        if not s.classroom.pin:
            then()
        elif not any(isinstance(p, PinPopup) for p in self.popups):
            self.open_popup(PinPopup(self, then, purpose))

    def open_facilitator(self) -> None:
        from .screens.facilitator import FacilitatorPopup, PinPopup

        if not self._at_game_screen() or any(isinstance(p, (FacilitatorPopup, PinPopup)) for p in self.popups):
            return
        self.with_pin(lambda: self.open_popup(FacilitatorPopup(self)))

    def _close_facilitator(self) -> None:
        from .screens.facilitator import FacilitatorPopup

        for p in [p for p in self.popups if isinstance(p, FacilitatorPopup)]:
            self.close_popup(p)

    def _show_paused(self) -> None:
        from .screens.facilitator import PausedPopup

        if not any(isinstance(p, PausedPopup) for p in self.popups):
            self.open_popup(PausedPopup(self))

    def facilitator_pause(self) -> None:
        from .screens.facilitator import PausedPopup

        s = self.session
        if s is None:
            return
        self._close_facilitator()
        if s.facilitator().toggle_pause():
            self._show_paused()
        else:
            for p in [p for p in self.popups if isinstance(p, PausedPopup)]:
                self.close_popup(p)
        self.autosave()

    def request_resume(self) -> None:
        """The PAUSED overlay's Resume: the facilitator's (behind the PIN, if one was set)."""
        def resume() -> None:
            if self.session is not None and self.session.classroom.paused:
                self.facilitator_pause()

        self.with_pin(resume, "resuming the session")

    def facilitator_extend(self, seconds: int = 60) -> None:
        from .screens.facilitator import FacilitatorPopup

        s = self.session
        if s is None or not s.classroom.timer.active:
            return
        s.facilitator().extend_timer(seconds)
        for p in self.popups:
            if isinstance(p, FacilitatorPopup):
                p.build()  # its status line shows the new time
        self.autosave()

    def facilitator_fire(self, event_id: str) -> None:
        from .screens.facilitator import news_html

        s = self.session
        if s is None:
            return
        self._close_facilitator()
        try:
            headline = s.facilitator().fire_event(event_id)
        except (IllegalMove, StopIteration) as exc:
            self.message("No news now", textfit.esc(str(exc) or "That event cannot be fired now."))
            return
        self._html.clear()
        self._drop_prepared()
        self._engine(s.settle)
        self.show_phase()  # the meters (and perhaps the choices on offer) have changed
        self.popup(f"Breaking news: {headline}", lambda: news_html(self.theme, s.game, event_id, s.meters_visible), [("OK", None)], wide=True)

    def confirm_undo(self) -> None:
        self._close_facilitator()
        self.popup("Undo the last round?", textfit.esc(
            "The game goes back to the decisions of the last round that was decided: every delegation chooses again, "
            "and what followed is forgotten. The undo is written in the session log."),
            [("Undo the round", self.facilitator_undo), ("Cancel", None)], primary=1)

    def facilitator_undo(self) -> None:
        s = self.session
        if s is None:
            return
        try:
            s.game = s.facilitator().undo_round()
        except IllegalMove as exc:
            self.message("Nothing to undo", textfit.esc(str(exc)))
            return
        self.seat = None
        self._restart_timer()
        self._html.clear()
        self._drop_prepared()
        self.show_phase()

    def facilitator_meters(self) -> None:
        s = self.session
        if s is None:
            return
        self._close_facilitator()
        s.facilitator().toggle_meters()
        self._html.clear()
        self._drop_prepared()
        self.stack[-1].build()
        self.autosave()

    def confirm_debrief(self) -> None:
        self._close_facilitator()
        self.popup("Go to the debrief now?", textfit.esc(
            "The game stops here and the debrief shows the rounds played so far. (Undo is not possible after this.)"),
            [("Go to the debrief", self.facilitator_debrief), ("Cancel", None)], primary=1)

    def facilitator_debrief(self) -> None:
        s = self.session
        if s is None:
            return
        try:
            s.facilitator().skip_to_debrief()
        except IllegalMove as exc:
            self.message("Not now", textfit.esc(str(exc)))
            return
        self.show_phase()

    def open_debrief(self) -> None:
        """From a solo game's ending: the debrief, with Back to the ending."""
        from .screens.debrief import DebriefScreen

        if self.session is not None:
            self.push(DebriefScreen(self, from_ending=True))

    def export_report(self) -> None:
        s = self.session
        if s is None:
            return
        try:
            written = export_report(s.game, s.classroom, paths.user_data_dir() / "reports")
        except OSError as exc:
            self.message("Not exported", textfit.esc(f"The report could not be written ({exc.strerror or exc})."))
            return
        self.last_export = written
        self.popup("Report exported", lambda: textfit.font_tag(
            textfit.esc("Written (Markdown report, web page, and the decision log for a spreadsheet):") + "<br>"
            + "<br>".join(textfit.esc(str(p)) for p in written), self.theme.px("body")), [("OK", None)], wide=True)

    # ------------------------------------------------------------------ F5: reload the scenario from disk

    def reload_scenario(self) -> None:
        s = self.session
        if not self._at_game_screen():
            return
        if s.class_mode:
            self.with_pin(self._reload, "reloading the scenario")
        else:
            self._reload()

    def _reload(self) -> None:
        """Load the scenario file again and restart the current round on it; on problems, keep playing the old one."""
        s = self.session
        if s is None:
            return
        path = Path(s.loaded.path)
        try:
            loaded = load_scenario(path)
        except ProblemsError as exc:
            self.problems("Not reloaded: the scenario has problems", exc, lead=RELOAD_LEAD)
            return
        except Exception as exc:  # a scenario file must never take the window down
            self.problems("Not reloaded: the scenario cannot be read", exc, lead=RELOAD_LEAD)
            return
        round_id = current_round_id(s.game)
        try:
            game, how = restart_round(s.game, loaded.scenario)
        except IllegalMove as exc:
            self.message("Not reloaded", textfit.esc(f"The round cannot be restarted on the new file: {exc}. The game goes on as before."))
            return
        self.catalog.entry(path).replace(loaded)
        s.loaded, s.game = loaded, game
        if s.class_mode:
            s.classroom.record("reload scenario", f"round {round_id} restarted ({how})", round_id)
        self.seat = None
        self._restart_timer()
        self._html.clear()
        self._drop_prepared()
        self._engine(s.settle)
        self.show_phase()
        note = "replaying the moves before it" if how == "replayed" else "the earlier moves no longer fit, so it starts afresh there"
        self.notify(f"Scenario reloaded from disk · round {game.round_number}, {game.round.title if game.round else ''}: {note}")

    def notify(self, text: str) -> None:
        """A one-line note at the bottom of the window for a few seconds (nothing to click)."""
        from pygame_gui.core import ObjectID, UIContainer
        from pygame_gui.elements import UILabel

        if self._toast is not None:
            self._toast[0].kill()
        font = self.theme.font("small", bold=True)
        u = self.theme.u
        text = textfit.ellipsize(font, textfit.printable(text), self.size[0] - u(80))
        w = font.size(text)[0] + u(40)
        rect = pygame.Rect((self.size[0] - w) // 2, self.size[1] - u(130), w, u(40))
        holder = UIContainer(rect, self.ui, starting_height=900)  # above screens and popups
        UILabel(pygame.Rect(0, 0, w, rect.height), text, manager=self.ui, container=holder, object_id=ObjectID(object_id="#toast"))
        self._toast = [holder, TOAST_SECONDS]
        self.touch()

    # ------------------------------------------------------------------ one frame

    def step(self, events: list[pygame.event.Event] | None = None, dt: float | None = None) -> bool:
        """One frame: handle events (the queue's, or the ones given), update, draw. Returns whether the app runs on."""
        now = time.perf_counter()
        if dt is None:
            dt = min(0.1, now - self._last)
        self._last = now
        if events is None:
            events = pygame.event.get()
        if any(e.type != pygame.MOUSEMOTION for e in events):
            self.touch()  # a mouse move alone redraws only if it changes what is hovered (below)
        resize_to = None
        for event in events:
            if event.type == pygame.QUIT:
                self.quit()
            elif event.type == pygame.VIDEORESIZE:
                resize_to = event.size  # many arrive while dragging: lay out once, for the last
            elif event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
                self.toggle_fullscreen()
            elif event.type == pygame.KEYDOWN and event.key == pygame.K_F2:
                self.open_facilitator()
            elif event.type == pygame.KEYDOWN and event.key == pygame.K_F5:
                self.reload_scenario()
            elif self._outside_popup(event):
                continue  # a popup is modal: clicks beside it reach nothing underneath
            else:
                consumed = self.ui.process_events(event)
                self._dispatch(event, consumed)
        if resize_to is not None and tuple(resize_to) != self.size or (resize_to is None and self.window.get_size() != self.ui.window_resolution):
            self.resize(tuple(resize_to or self.window.get_size()))
        self._tick_classroom(dt)
        self.top.update(dt)
        self.ui.update(dt)
        # What is hovered, and whether its tooltip is up yet (it appears a moment after the mouse stops).
        hover = tuple((id(s), getattr(s, "tool_tip", None) is not None) for s in self.ui.get_sprite_group().sprites()
                      if getattr(s, "hovered", False))
        if hover != self._hover:
            self._hover = hover
            self.touch()
        # Nothing moves on an idle screen: skip drawing (and the costly flip) until something happens.
        if self._redraw > 0 or self.top.animating:
            self._redraw -= 1
            self._draw()
        self.frames += 1
        if self._later and not events:
            self._later.pop(0)()  # one piece of idle work per quiet frame, after the frame is shown
        return self.running

    def _tick_classroom(self, dt: float) -> None:
        """The discussion timer runs through a round's briefing and decisions (not while paused,
        nor while the menu, save slots or settings are open: the class is not discussing then)."""
        s = self.session
        away = getattr(self.top, "pauses_discussion", False)
        if s is not None and s.class_mode and not s.at_debrief and not away and s.game.phase in ("briefing", "decisions"):
            s.classroom.timer.tick(dt)
        if self.stack:
            refresh = getattr(self.stack[-1], "refresh_clock", None)
            if refresh is not None:
                refresh()
        if self._toast is not None:
            self._toast[1] -= dt
            if self._toast[1] <= 0:
                self._toast[0].kill()
                self._toast = None
                self.touch()

    def run_frames(self, n: int, dt: float | None = 1 / FPS) -> None:
        for _ in range(n):
            self.step(dt=dt)

    def _outside_popup(self, event: pygame.event.Event) -> bool:
        if not self.popups or event.type not in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEWHEEL):
            return False
        card = self.popups[-1].card
        pos = getattr(event, "pos", self.mouse_pos)
        return card is not None and not card.collidepoint(pos)

    def _dispatch(self, event: pygame.event.Event, consumed: bool) -> None:
        layer = self.top
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            layer.on_button(event.ui_element)
        elif event.type == pygame_gui.UI_TEXT_BOX_LINK_CLICKED:
            layer.on_link(str(event.link_target))
        elif event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                layer.on_back()
            elif event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
                layer.scroll(1 if event.key == pygame.K_PAGEDOWN else -1)
            elif not layer.on_key(event):
                layer.focus.handle_key(event)
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1 and not consumed:
            layer.on_click(event.pos)
        elif event.type == pygame.MOUSEWHEEL:
            layer.on_wheel(self.mouse_pos, event.y)
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
            self.mouse_pos = event.pos

    def touch(self, frames: int = 30) -> None:
        """Draw the next frames: after input, a new screen, or a change pygame_gui may still be animating."""
        self._redraw = max(self._redraw, frames)

    def _draw(self) -> None:
        self.window.fill(self.theme.colour("window_bg"))
        self.ui.draw_ui(self.window)
        self.top.focus.draw(self.window, self.theme.colour("focus"), self.theme.u(3))
        pygame.display.flip()

    def loop(self) -> None:
        clock = pygame.time.Clock()
        first = os.environ.get("SHIELD_TALKS_EXIT_AFTER_FIRST_FRAME")
        while self.running:
            self.step()
            if first:
                print("FIRST_FRAME", flush=True)
                return
            clock.tick(FPS)


def run(args: Any = None) -> int:
    try:
        pygame.display.init()
        if pygame.display.get_driver() in ("offscreen", "dummy") and not os.environ.get("SDL_VIDEODRIVER"):
            # SDL found no screen (no DISPLAY, no Wayland) and fell back to drawing nowhere.
            raise pygame.error("no display found")
        app = App(args)
    except pygame.error as exc:
        sys.stderr.write(f"shield-talks: cannot open a window ({exc}); try --text to play in the terminal\n")
        pygame.quit()
        return 1
    try:
        app.loop()
    finally:
        if app.session is not None and not app.session.game.ended:
            try:
                app.session.autosave()
            except OSError:
                pass
        pygame.quit()
    return 0
