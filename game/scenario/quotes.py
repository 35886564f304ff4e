"""Check quotes against the source texts: every quote must appear there word for word.

Only white space is folded (line breaks in a YAML block are not the author's
words); quotation marks, apostrophes and spelling must match the source exactly,
typos included. The source files themselves are not shipped with the game.
"""

from __future__ import annotations

import difflib
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
                        _quote_hint(fold(pos.quote), text, pos.source)))
        if pos.passage is not None and fold(pos.passage) not in text:
            out.append((path + ("passage",), "E-PASSAGE-NOT-FOUND", f"this passage is not word for word in {pos.source}",
                        "copy the paragraph exactly from the source"))
    return out


# --------------------------------------------------------------------------- the closest text in the source

SHOWN = 100  # characters of the source shown in a hint, at most
_OPENERS = "“‘\"'«(["
_CLOSERS = "”’\"'»)],.;:"


def closest(quote: str, text: str) -> tuple[str, float]:
    """The run of the source's words most like the quote (as long as it, give or take a word), and how alike (0–1)."""
    words = text.split()
    n = len(quote.split())
    if not words or not n:
        return "", 0.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(quote)  # the quote is compared with every window: set once, cached
    best, best_ratio = "", -1.0
    sizes = sorted({max(1, n - 1), n, n + 1}) if len(words) <= 20_000 else [n]  # a book: one size is enough
    for size in sizes:
        for i in range(max(1, len(words) - size + 1)):
            window = " ".join(words[i : i + size])
            matcher.set_seq1(window)
            if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = window, ratio
    return _trim(best, quote), max(best_ratio, 0.0)


def _trim(window: str, quote: str) -> str:
    """Drop the quotation marks and punctuation around the match that are not part of the quote."""
    while window and window[0] in _OPENERS and not quote.startswith(window[0]):
        window = window[1:]
    while window and window[-1] in _CLOSERS and not quote.endswith(window[-1]):
        window = window[:-1]
    return window


def _shorten(match: str, quote: str) -> str:
    """At most SHOWN characters of the match, around the first place where it differs from the quote."""
    if len(match) <= SHOWN:
        return match
    ops = difflib.SequenceMatcher(None, match, quote, autojunk=False).get_opcodes()
    differs = next((i1 for tag, i1, _, _, _ in ops if tag != "equal"), 0)
    start = max(0, differs - SHOWN // 3)
    if start:
        cut = match.find(" ", start)
        start = cut + 1 if 0 <= cut < differs else start
    end = min(len(match), start + SHOWN)
    if end < len(match):
        cut = match.rfind(" ", start, end)
        end = cut if cut > differs else end
    return ("…" if start else "") + match[start:end].strip() + ("…" if end < len(match) else "")


def _quote_hint(quote: str, text: str, source: str) -> str:
    match, ratio = closest(quote, text)
    if ratio < 0.6 or not match:
        return f"nothing in {source} comes close: check that the quote is from this source, or make it a paraphrase"
    return f"the source has: “{_shorten(match, quote)}” — copy it exactly, or make it a paraphrase"
