"""The player's display preferences, kept as JSON in the user's config folder.

Only presentation lives here (text size, contrast, fullscreen): nothing that
changes the game. Written atomically so a crash never leaves half a file.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from game import paths
from game.engine.save import write_atomic

TEXT_SIZES = ("small", "medium", "large")
# How much each text size scales every font and the layout built around it.
TEXT_SCALE = {"small": 0.85, "medium": 1.0, "large": 1.2}


@dataclass(frozen=True)
class UISettings:
    text_size: str = "medium"
    high_contrast: bool = False
    fullscreen: bool = False
    animations: bool = True

    def with_(self, **changes: object) -> "UISettings":
        return replace(self, **changes)  # type: ignore[arg-type]


def settings_path() -> Path:
    return paths.user_config_dir() / "settings.json"


def load_settings(path: Path | None = None) -> UISettings:
    """Read settings; anything missing, damaged or unknown falls back to the default (never an error)."""
    path = path or settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return UISettings()
    if not isinstance(data, dict):
        return UISettings()
    default = UISettings()
    values: dict[str, object] = {}
    for f in fields(UISettings):
        value = data.get(f.name, getattr(default, f.name))
        if isinstance(getattr(default, f.name), bool):
            value = value if isinstance(value, bool) else getattr(default, f.name)
        elif f.name == "text_size" and value not in TEXT_SIZES:
            value = default.text_size
        values[f.name] = value
    return UISettings(**values)  # type: ignore[arg-type]


def save_settings(settings: UISettings, path: Path | None = None) -> None:
    write_atomic(path or settings_path(), json.dumps(asdict(settings), indent=2) + "\n")
