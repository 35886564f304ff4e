"""Save files: a game as JSON, written atomically, loaded back by replaying it.

A save holds the scenario's id and content hash, the game settings (seed,
human roles, policy) and the list of intents. Because the engine is
deterministic, replaying the intents on the same scenario rebuilds the game
exactly, so a loaded game continues as the original would have. A snapshot of
where the game stood is stored too, and checked after the replay.

Anything wrong with a save file comes back as located problems, never a traceback.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from game.scenario import strict_yaml
from game.scenario.loader import LoadedScenario
from game.scenario.problems import Problem, ProblemsError, display_path

from .game import Game, IllegalMove, Settings

SAVE_FORMAT = "shield-talks-save"
SAVE_VERSION = 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class SavedScenario(_Strict):
    id: str
    digest: str
    path: str
    title: str


class SavedSettings(_Strict):
    humans: list[str]
    seed: int
    policy: str
    start: str | None = None
    firmness: float = 1.0


class Snapshot(_Strict):
    state: str
    meters: dict[str, int]


class SaveFile(_Strict):
    format: Literal["shield-talks-save"]
    version: Literal[1]
    saved_at: str
    scenario: SavedScenario
    settings: SavedSettings
    intents: list[dict[str, Any]]
    snapshot: Snapshot
    # Front-end extras (slot label, classroom timer, facilitator log...). The engine ignores them.
    session: dict[str, Any] = Field(default_factory=dict)


def to_json(game: Game, loaded: LoadedScenario, session: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "format": SAVE_FORMAT,
        "version": SAVE_VERSION,
        "saved_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "scenario": {
            "id": game.scenario.id,
            "digest": loaded.digest,
            "path": str(Path(loaded.path).resolve()),
            "title": game.scenario.title,
        },
        "settings": game.settings.to_json(),
        "intents": list(game.intents),
        "snapshot": {"state": game.state, "meters": dict(game.meters)},
        "session": session or {},
    }


def write_atomic(path: Path | str, text: str) -> None:
    """Write to a temporary file beside the target, flush it to disk, then replace: never a half-written file."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        # mkstemp makes the file private (0600); give it the permissions a plain new file would have.
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def save_game(game: Game, loaded: LoadedScenario, path: Path | str, session: dict[str, Any] | None = None) -> None:
    write_atomic(path, json.dumps(to_json(game, loaded, session), indent=2, ensure_ascii=False) + "\n")


def read_save(path: Path | str) -> SaveFile:
    """Parse and validate a save file without touching any scenario."""
    shown = display_path(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise ProblemsError([Problem(shown, 0, 0, "E-SAVE-MISSING", "no such save file", "check the path")]) from None
    except OSError as exc:
        raise ProblemsError([Problem(shown, 0, 0, "E-SAVE-UNREADABLE", f"cannot read the save ({exc.strerror})", "check the file's permissions")]) from None
    try:
        text = raw.decode("utf-8")
        data = json.loads(text)
    except UnicodeDecodeError:
        raise ProblemsError([Problem(shown, 1, 1, "E-SAVE-CORRUPT", "the save is not UTF-8 text", "the file is damaged; load another save")]) from None
    except json.JSONDecodeError as exc:
        raise ProblemsError(
            [Problem(shown, exc.lineno, exc.colno, "E-SAVE-CORRUPT", f"the save is damaged: {exc.msg}", "load another save or slot; autosaves are kept per round")],
            text,
        ) from None
    if not isinstance(data, dict) or data.get("format") != SAVE_FORMAT:
        raise ProblemsError([Problem(shown, 1, 1, "E-SAVE-FORMAT", "this is not a Shield Talks save file", "saves are the .json files the game writes")], text)
    if data.get("version") != SAVE_VERSION:
        raise ProblemsError(
            [Problem(shown, 1, 1, "E-SAVE-VERSION", f"this save has version {data.get('version')!r}; this game reads version {SAVE_VERSION}", "open it with the version of Shield Talks that wrote it")],
            text,
        )
    try:
        return SaveFile.model_validate(data)
    except ValidationError as exc:
        problems = []
        located = _locate_json(text)
        for err in exc.errors(include_url=False):
            line, col = located.where(tuple(err["loc"])) if located else (1, 1)
            where = ".".join(str(p) for p in err["loc"])
            problems.append(Problem(shown, line, col, "E-SAVE-FORMAT", f"{where}: {err['msg']}", "the save was edited or damaged; load another save"))
        raise ProblemsError(problems, text) from None


def _locate_json(text: str) -> strict_yaml.Located | None:
    try:
        return strict_yaml.parse(text, "save")
    except ProblemsError:
        return None


def scenario_changed(save: SaveFile, loaded: LoadedScenario) -> bool:
    """Whether the scenario file differs from the one the save was made with."""
    return save.scenario.digest != loaded.digest


def restore(save: SaveFile, loaded: LoadedScenario, shown: str = "save", *, allow_changed: bool = False) -> Game:
    """Rebuild the game of a save on a scenario.

    A scenario file that changed since the save is refused, unless `allow_changed`:
    then the saved moves are replayed on the new version (a fixed typo between two
    lessons should not cost a class its session), and refused only if they no
    longer fit it.
    """
    scenario = loaded.scenario
    if save.scenario.id != scenario.id:
        raise ProblemsError(
            [Problem(shown, 1, 1, "E-SAVE-SCENARIO", f"this save is of scenario '{save.scenario.id}', not '{scenario.id}'", "open the save with its own scenario")]
        )
    changed = scenario_changed(save, loaded)
    if changed and not allow_changed:
        raise ProblemsError([_changed_problem(shown, loaded, "replay the saved moves on the new version (Load anyway), or start a new game")])
    try:
        game = Game(scenario, Settings(**save.settings.model_dump() | {"humans": tuple(save.settings.humans)}))
        game.replay(save.intents)
    except (IllegalMove, KeyError, ValueError, StopIteration) as exc:
        if changed:
            raise ProblemsError([_changed_problem(shown, loaded, f"the saved moves no longer fit it ({exc}); restore the old file or start a new game")]) from None
        raise ProblemsError([Problem(shown, 1, 1, "E-SAVE-REPLAY", f"the saved moves do not fit this scenario ({exc})", "the save was edited or damaged; load another save")]) from None
    # On an unchanged scenario the replay must land exactly where the game was saved.
    if not changed and (game.state != save.snapshot.state or game.meters != save.snapshot.meters):
        raise ProblemsError([Problem(shown, 1, 1, "E-SAVE-REPLAY", "replaying the save does not give the position that was saved", "the save was edited or damaged; load another save")])
    return game


def _changed_problem(shown: str, loaded: LoadedScenario, hint: str) -> Problem:
    return Problem(shown, 1, 1, "E-SAVE-SCENARIO-CHANGED", f"the scenario file {display_path(loaded.path)} has changed since this game was saved", hint)


def load_game(path: Path | str, loaded: LoadedScenario, *, allow_changed: bool = False) -> Game:
    return restore(read_save(path), loaded, display_path(path), allow_changed=allow_changed)
