"""One game in the window: the loaded scenario, the engine's Game, and where it is saved.

The session only forwards the player's intents to the engine and saves; every
rule stays in game.engine. `settle` makes the same automatic moves the text
front end makes (start the game, conclude a revealed round, reveal at once when
no person has to decide), so both front ends step the engine identically.
"""

from __future__ import annotations

import random
from pathlib import Path

from game import paths
from game.engine.game import Game, Settings
from game.engine.save import read_save, restore, save_game
from game.scenario import LoadedScenario, Problem, ProblemsError

from . import saves
from .catalog import Catalog, ScenarioUnusable


class Session:
    def __init__(self, loaded: LoadedScenario, game: Game, extra_save: str | None = None) -> None:
        self.loaded = loaded
        self.game = game
        self.extra_save = extra_save  # --save FILE from the command line, written beside the autosave

    @classmethod
    def new(cls, loaded: LoadedScenario, humans: tuple[str, ...], *, seed: int | None = None, policy: str = "historical",
            start: str | None = None, extra_save: str | None = None) -> "Session":
        """Raises IllegalMove for a role or round the scenario does not have."""
        seed = random.randrange(1_000_000) if seed is None else seed  # recorded in the save, so loads replay it
        game = Game(loaded.scenario, Settings(humans=tuple(humans), seed=seed, policy=policy, start=start))
        return cls(loaded, game, extra_save)

    @classmethod
    def from_file(cls, path: Path | str, catalog: Catalog, scenario: Path | str | None = None,
                  extra_save: str | None = None) -> "Session":
        """Load a save with its own scenario (or the one given). Every failure is a ProblemsError."""
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
        return cls(loaded, restore(save, loaded, str(path)), extra_save)

    # ------------------------------------------------------------------ reading

    @property
    def scenario(self):
        return self.game.scenario

    def actor_of(self, role: str):
        return self.scenario.actor(self.scenario.role(role).actor)

    def where(self) -> str:
        g = self.game
        if g.ended:
            return f"ended: {g.ending.title}" if g.ending else "ended"
        if g.round is None:
            return "not started"
        return f"round {g.round_number}: {g.round.title} ({g.phase})"

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
        return {"slot": slot, "scenario_title": self.scenario.title, "where": self.where()}

    def save_to(self, slot: str) -> Path:
        path = saves.slot_path(slot)
        save_game(self.game, self.loaded, path, session=self._session_block(slot))
        return path

    def autosave(self) -> None:
        self.save_to(saves.AUTOSAVE)
        if self.extra_save:
            save_game(self.game, self.loaded, self.extra_save, session=self._session_block("command line"))
