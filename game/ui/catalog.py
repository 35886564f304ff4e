"""The scenarios the player can pick, loaded in a background thread.

Loading a large scenario takes a noticeable fraction of a second (YAML, then
strict validation), so the title screen does not wait for it: a worker thread
loads every file while the player reads the title, and `get` loads on demand
(waiting for the worker if it is mid-way through that file).

A file is read again when it changed on disk since (its modification time or
size differ): an author who fixes a scenario while the game runs sees the fix
the next time the picker opens or a save of it is loaded, without a restart.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from game import paths
from game.scenario import LoadedScenario, ProblemsError, load_scenario


def _stamp(path: Path) -> tuple[int, int] | None:
    """What tells that a file changed: its modification time and size (None: it cannot be read)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


@dataclass
class Entry:
    path: Path
    loaded: LoadedScenario | None = None
    error: str | None = None  # the located problems, rendered, when the file cannot be used
    stamp: tuple[int, int] | None = None  # the file's (mtime, size) when it was read
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def done(self) -> bool:
        return self.loaded is not None or self.error is not None

    @property
    def stale(self) -> bool:
        """Read before, and the file has changed on disk since."""
        return self.done and _stamp(self.path) != self.stamp

    @property
    def shipped(self) -> bool:
        return self.path.parent.resolve() == paths.SHIPPED_SCENARIOS.resolve()

    def load(self) -> None:
        """Read the file, unless it was read already and has not changed since."""
        with self.lock:
            stamp = _stamp(self.path)
            if self.done and stamp == self.stamp:
                return
            self.loaded, self.error, self.stamp = None, None, stamp  # taken before reading: a later write shows as a change
            try:
                self.loaded = load_scenario(self.path)
            except ProblemsError as exc:
                self.error = exc.render()
            except Exception as exc:  # a scenario file must never take the window down
                self.error = f"{self.path.name}: could not be read ({type(exc).__name__}: {exc})"

    def replace(self, loaded: LoadedScenario) -> None:
        """The file was just read elsewhere (F5 reload): keep that reading."""
        with self.lock:
            self.loaded, self.error, self.stamp = loaded, None, _stamp(self.path)


class Catalog:
    def __init__(self, background: bool = True) -> None:
        self.entries: list[Entry] = []
        self.rescan(background)

    def rescan(self, background: bool = True) -> None:
        """Pick up scenarios added to the user folder since, and read again the ones changed on disk;
        keep the others as they were loaded."""
        known = {e.path: e for e in self.entries}
        self.entries = [known.get(p) or Entry(p) for p in paths.scenario_files()]
        todo = [e for e in self.entries if not e.done or e.stale]
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
        """The loaded scenario, read again if the file changed on disk since; raises ScenarioUnusable
        (its message: the rendered problems) when it cannot be used."""
        e = self.entry(path)
        e.load()
        if e.loaded is None:
            raise ScenarioUnusable(e.error or "unknown error")
        return e.loaded


class ScenarioUnusable(Exception):
    """A scenario that failed to load; the message is its rendered problems."""
