"""One game in the window: the loaded scenario, the engine's Game, and where it is saved.

The session only forwards the player's intents to the engine and saves; every
rule stays in game.engine. `settle` makes the same automatic moves the text
front end makes (start the game, conclude a revealed round, reveal at once when
no person has to decide), so both front ends step the engine identically.

Every game carries a classroom session (`game.classroom.session.Session`:
teams, timer, PIN, meters shown or hidden, the facilitator's log). A game
started as a class session (`class_mode`) shows the timer and the facilitator
button and ends on the debrief. The save file's `session` block holds that
session's JSON, next to a few display fields for the slot list, so a class
resumes next lesson with its teams, timer and log.
"""

from __future__ import annotations

import random
from pathlib import Path

from game import paths
from game.classroom.session import Facilitator
from game.classroom.session import Session as ClassSession
from game.engine.game import Game, Settings
from game.engine.save import read_save, restore, save_game, scenario_changed
from game.scenario import LoadedScenario, Problem, ProblemsError

from . import saves
from .catalog import Catalog, ScenarioUnusable


CHANGED = "E-SAVE-SCENARIO-CHANGED"


class ScenarioChanged(ProblemsError):
    """The save's scenario file was edited since the game was saved: the player may load it anyway."""

    def __init__(self, problems: list[Problem], scenario: Path) -> None:
        super().__init__(problems)
        self.scenario = scenario


class Session:
    def __init__(self, loaded: LoadedScenario, game: Game, extra_save: str | None = None, *,
                 classroom: ClassSession | None = None, class_mode: bool = False, preview: bool = False) -> None:
        self.loaded = loaded
        self.game = game
        self.extra_save = extra_save  # --save FILE from the command line, written beside the autosave
        self.classroom = classroom or ClassSession()
        self.class_mode = class_mode  # started as a class session: timer, facilitator button, debrief
        self.preview = preview  # solo difficulty: show each choice's meter changes before it is made

    @classmethod
    def new(cls, loaded: LoadedScenario, humans: tuple[str, ...], *, seed: int | None = None, policy: str = "historical",
            start: str | None = None, extra_save: str | None = None, firmness: float = 1.0,
            classroom: ClassSession | None = None, class_mode: bool = False, preview: bool = False) -> "Session":
        """Raises IllegalMove for a role or round the scenario does not have."""
        seed = random.randrange(1_000_000) if seed is None else seed  # recorded in the save, so loads replay it
        game = Game(loaded.scenario, Settings(humans=tuple(humans), seed=seed, policy=policy, start=start, firmness=firmness))
        return cls(loaded, game, extra_save, classroom=classroom, class_mode=class_mode, preview=preview)

    @classmethod
    def from_file(cls, path: Path | str, catalog: Catalog, scenario: Path | str | None = None,
                  extra_save: str | None = None, *, allow_changed: bool = False) -> "Session":
        """Load a save with its own scenario (or the one given), read from disk as it is now. Every failure
        is a ProblemsError; a scenario file changed since the save is ScenarioChanged, unless allow_changed
        (then the saved moves are replayed on the new version, and refused only if they no longer fit)."""
        save = read_save(path)
        if scenario is None:
            scenario = Path(save.scenario.path)
            if not scenario.is_file():
                scenario = paths.resolve_scenario(save.scenario.id)
        try:
            loaded = catalog.get(scenario)
        except ScenarioUnusable as exc:
            first = str(exc).splitlines()[0] if str(exc) else "the scenario cannot be loaded"
            raise ProblemsError([Problem(str(path), 1, 1, "E-SAVE-SCENARIO", f"its scenario cannot be loaded: {first}",
                                         "fix or restore the scenario file")]) from None
        if scenario_changed(save, loaded) and not allow_changed:
            try:
                restore(save, loaded, str(path))
            except ProblemsError as exc:
                if any(p.code == CHANGED for p in exc.problems):
                    raise ScenarioChanged(exc.problems, Path(loaded.path)) from None
                raise
        game = restore(save, loaded, str(path), allow_changed=allow_changed)
        block = save.session or {}
        try:
            classroom = ClassSession.from_json(block)
        except ValueError as exc:
            raise ProblemsError([Problem(str(path), 1, 1, "E-SAVE-SESSION", f"the class session in this save is damaged: {exc}",
                                         "load another save or slot")]) from None
        return cls(loaded, game, extra_save, classroom=classroom, class_mode=block.get("mode") == "classroom",
                   preview=block.get("preview") is True)

    # ------------------------------------------------------------------ reading

    @property
    def scenario(self):
        return self.game.scenario

    def actor_of(self, role: str):
        return self.scenario.actor(self.scenario.role(role).actor)

    @property
    def hot_seat(self) -> bool:
        """Several people at one keyboard: each decides in private, behind a cover screen."""
        return len(self.game.settings.humans) > 1

    @property
    def meters_visible(self) -> bool:
        return self.classroom.meters_visible

    @property
    def at_debrief(self) -> bool:
        return self.game.ended or self.classroom.debrief_early

    def delegation(self, role: str) -> str:
        """'Russia' or 'Russia (Team Red)'."""
        team = self.classroom.team_of(role)
        return self.actor_of(role).name + (f" ({team})" if team else "")

    def facilitator(self) -> Facilitator:
        return Facilitator(self.game, self.classroom)

    def where(self) -> str:
        g = self.game
        prefix = "class session, " if self.class_mode else ""
        if g.ended:
            return prefix + (f"ended: {g.ending.title}" if g.ending else "ended")
        if self.classroom.debrief_early:
            return prefix + f"debrief after round {g.round_number}"
        if g.round is None:
            return prefix + "not started"
        return prefix + f"round {g.round_number}: {g.round.title} ({g.phase})"

    # ------------------------------------------------------------------ the automatic steps

    def settle(self) -> None:
        g = self.game
        if g.phase == "setup":
            g.begin()
        if g.phase == "decisions" and not g.awaiting():
            g.resolve()
        if g.phase == "resolution":
            g.finish_round()

    # ------------------------------------------------------------------ saving

    def _session_block(self, slot: str) -> dict:
        """The classroom session (what `game report` and a resume read) plus the slot list's display fields."""
        return {**self.classroom.to_json(), "mode": "classroom" if self.class_mode else "solo", "preview": self.preview,
                "slot": slot, "scenario_title": self.scenario.title, "where": self.where()}

    def save_to(self, slot: str) -> Path:
        path = saves.slot_path(slot)
        save_game(self.game, self.loaded, path, session=self._session_block(slot))
        return path

    def autosave(self) -> None:
        self.save_to(saves.AUTOSAVE)
        if self.extra_save:
            save_game(self.game, self.loaded, self.extra_save, session=self._session_block("command line"))
