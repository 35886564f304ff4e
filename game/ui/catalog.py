"""The scenarios the player can pick, loaded in a background thread.

Loading a large scenario takes a noticeable fraction of a second (YAML, then
strict validation), so the title screen does not wait for it: a worker thread
loads every file while the player reads the title, and `get` loads on demand
(waiting for the worker if it is mid-way through that file).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from game import paths
from game.scenario import LoadedScenario, ProblemsError, load_scenario


@dataclass
class Entry:
    path: Path
    loaded: LoadedScenario | None = None
    error: str | None = None  # the located problems, rendered, when the file cannot be used
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def done(self) -> bool:
        return self.loaded is not None or self.error is not None

    @property
    def shipped(self) -> bool:
        return self.path.parent.resolve() == paths.SHIPPED_SCENARIOS.resolve()

    def load(self) -> None:
        with self.lock:
            if self.done:
                return
            try:
                self.loaded = load_scenario(self.path)
            except ProblemsError as exc:
                self.error = exc.render()
            except Exception as exc:  # a scenario file must never take the window down
                self.error = f"{self.path.name}: could not be read ({type(exc).__name__}: {exc})"


class Catalog:
    def __init__(self, background: bool = True) -> None:
        self.entries: list[Entry] = []
        self.rescan(background)

    def rescan(self, background: bool = True) -> None:
        """Pick up scenarios added to the user folder since; keep the ones already loaded."""
        known = {e.path: e for e in self.entries}
        self.entries = [known.get(p) or Entry(p) for p in paths.scenario_files()]
        todo = [e for e in self.entries if not e.done]
        if todo and background:
            threading.Thread(target=lambda: [e.load() for e in todo], name="scenario-loader", daemon=True).start()

    def entry(self, path: Path | str) -> Entry:
        path = Path(path)
        for e in self.entries:
            if e.path == path or e.path.resolve() == path.resolve():
                return e
        e = Entry(path)  # a file named on the command line, outside the usual folders
        self.entries.append(e)
        return e

    def get(self, path: Path | str) -> LoadedScenario:
        """The loaded scenario; raises ScenarioUnusable (its message: the rendered problems) when it cannot be used."""
        e = self.entry(path)
        e.load()
        if e.loaded is None:
            raise ScenarioUnusable(e.error or "unknown error")
        return e.loaded


class ScenarioUnusable(Exception):
    """A scenario that failed to load; the message is its rendered problems."""
