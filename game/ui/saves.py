"""Save slots and the autosave, in the user's saves folder.

The engine's save format is used as is; the front end adds a few display
fields in the save's `session` block (scenario title, round, phase) so the
slot list can describe a save without loading its scenario.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass
from pathlib import Path

from game import paths

SLOTS = 6
AUTOSAVE = "autosave"


def slot_path(slot: str) -> Path:
    return paths.saves_dir() / f"{slot}.json"


def slot_names() -> list[str]:
    return [f"slot{i}" for i in range(1, SLOTS + 1)]


def slot_title(slot: str) -> str:
    return "Autosave" if slot == AUTOSAVE else f"Slot {slot.removeprefix('slot')}"


@dataclass(frozen=True)
class SlotInfo:
    slot: str
    path: Path
    exists: bool
    summary: str  # one line for the list: scenario, round, when saved; or why it cannot be read


def describe(slot: str) -> SlotInfo:
    path = slot_path(slot)
    if not path.is_file():
        return SlotInfo(slot, path, False, "empty")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        session = data.get("session") or {}
        title = session.get("scenario_title") or data["scenario"]["title"]
        where = session.get("where", "")
        saved = _when(data.get("saved_at", ""))
        summary = " · ".join(x for x in (title, where, saved) if x)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        summary = "damaged: cannot be read"
    return SlotInfo(slot, path, True, summary)


def _when(iso: str) -> str:
    try:
        stamp = _dt.datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return ""
    return stamp.strftime("%d %b %Y, %H:%M").lstrip("0")


def has_autosave() -> bool:
    return slot_path(AUTOSAVE).is_file()
