"""Check quotes against the source texts: every quote must appear there word for word.

Only white space is folded (line breaks in a YAML block are not the author's
words); quotation marks, apostrophes and spelling must match the source exactly,
typos included. The source files themselves are not shipped with the game.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .models import Scenario
from .references import scenario_positions

Finding = tuple[tuple[Any, ...], str, str, str]


def fold(text: str) -> str:
    return " ".join(text.split())


def default_sources_dir(start: Path | None = None) -> Path | None:
    """$SHIELD_TALKS_SOURCES, or a shared/sources folder beside the project (where the texts live)."""
    env = os.environ.get("SHIELD_TALKS_SOURCES")
    if env:
        return Path(env)
    here = (start or Path(__file__)).resolve()
    for parent in here.parents:
        candidate = parent / "shared" / "sources"
        if candidate.is_dir():
            return candidate
    return None


def check_quotes(scenario: Scenario, sources_dir: Path) -> list[Finding]:
    texts: dict[str, str | None] = {}
    out: list[Finding] = []
    for path, pos in scenario_positions(scenario):
        if pos.source is None:
            continue
        if pos.source not in texts:
            f = sources_dir / pos.source
            texts[pos.source] = fold(f.read_text(encoding="utf-8")) if f.is_file() else None
        text = texts[pos.source]
        if text is None:
            out.append((path + ("source",), "W-SOURCE-MISSING", f"the source file '{pos.source}' is not in {sources_dir}",
                        "check the file name, or pass --sources with the folder that holds the texts"))
            continue
        if pos.quote is not None and fold(pos.quote) not in text:
            out.append((path + ("quote",), "E-QUOTE-NOT-FOUND", f"this quote is not word for word in {pos.source}",
                        "copy the words exactly from the source (same quotation marks and spelling), or make it a paraphrase:"))
        if pos.passage is not None and fold(pos.passage) not in text:
            out.append((path + ("passage",), "E-PASSAGE-NOT-FOUND", f"this passage is not word for word in {pos.source}",
                        "copy the paragraph exactly from the source"))
    return out
