"""Export a class session's report from the desktop game: Markdown, HTML and the decision CSV.

Pure Python, no pygame: builds the debrief and writes it with `write_report`
into a folder (the desktop game uses `user_data_dir()/reports/`), under a name
made of the scenario id and the time, never overwriting an earlier export.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from game.engine.game import Game

from .debrief import build_debrief
from .report import write_report
from .session import Session


def report_base(folder: Path, scenario_id: str, now: _dt.datetime | None = None) -> Path:
    """folder/<scenario>-<YYYYmmdd-HHMMSS> (with -2, -3… when an export of that second exists)."""
    stamp = (now or _dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    base = folder / f"{scenario_id}-{stamp}"
    n = 2
    while any(base.with_name(base.name + ext).exists() for ext in (".md", ".html", "-decisions.csv")):
        base = folder / f"{scenario_id}-{stamp}-{n}"
        n += 1
    return base


def export_report(game: Game, session: Session, folder: Path | str, now: _dt.datetime | None = None) -> list[Path]:
    """Write <base>.md, <base>.html and <base>-decisions.csv; returns the files written."""
    debrief = build_debrief(game, session)
    base = report_base(Path(folder), debrief.scenario_id, now)
    written: list[Path] = []
    for fmt in ("md", "html"):
        for path in write_report(debrief, base.with_name(base.name + "." + fmt), fmt):
            if path not in written:
                written.append(path)
    return written
