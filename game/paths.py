"""Where things live: shipped scenarios and assets, and the user's own folders.

User folders come from platformdirs; SHIELD_TALKS_HOME overrides them all
(tests and portable classroom installs use it).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

def _root() -> Path:
    """The folder holding scenarios/ and assets/: the project folder (editable install, or
    a checkout), else the data folder a plain `pip install .` copies them to."""
    here = Path(__file__).resolve().parent.parent
    if (here / "scenarios").is_dir():
        return here
    installed = Path(sys.prefix) / "share" / "shield-talks"
    return installed if (installed / "scenarios").is_dir() else here


ROOT = _root()
SHIPPED_SCENARIOS = ROOT / "scenarios"
ASSETS = ROOT / "assets"
DEFAULT_SCENARIO = "missile_defence_2007_2011"
APP = "shield-talks"


def _home() -> Path | None:
    home = os.environ.get("SHIELD_TALKS_HOME")
    return Path(home) if home else None


def user_data_dir() -> Path:
    home = _home()
    return home if home else Path(platformdirs.user_data_dir(APP, appauthor=False))


def user_config_dir() -> Path:
    home = _home()
    return home if home else Path(platformdirs.user_config_dir(APP, appauthor=False))


def saves_dir() -> Path:
    return user_data_dir() / "saves"


def user_scenarios_dir() -> Path:
    return user_data_dir() / "scenarios"


def scenario_files() -> list[Path]:
    """Shipped scenarios first (the historical one at the top), then the user's own."""
    shipped = sorted(SHIPPED_SCENARIOS.glob("*.yaml"), key=lambda p: (p.stem != DEFAULT_SCENARIO, p.stem))
    user_dir = user_scenarios_dir()
    mine = sorted(list(user_dir.glob("*.yaml")) + list(user_dir.glob("*.yml"))) if user_dir.is_dir() else []
    return shipped + mine


def resolve_scenario(name: str | None) -> Path:
    """A path as given, or the name of a shipped/user scenario (file stem), or the default."""
    if name is None:
        return SHIPPED_SCENARIOS / f"{DEFAULT_SCENARIO}.yaml"
    given = Path(name)
    if given.exists() or given.suffix in (".yaml", ".yml") or os.sep in name:
        return given
    for path in scenario_files():
        if path.stem == name:
            return path
    return given
