"""Located problems: what every bad input is reported as.

A Problem is one thing wrong with a file, at a line and column, with a code an
author can look up, a message, and a hint that says how to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    path: str
    line: int  # 1-based; 0 when the whole file is meant
    col: int  # 1-based
    code: str
    message: str
    hint: str = ""
    severity: str = "error"  # "error" or "warning"

    def location(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"

    def one_line(self) -> str:
        """The compact `path:line:col: CODE message` form."""
        kind = "" if self.severity == "error" else "warning "
        return f"{self.location()}: {kind}{self.code} {self.message}"

    def render(self, source_text: str | None = None) -> str:
        """The full form: the line, the offending source line with a caret, the hint."""
        out = [self.one_line()]
        if source_text is not None and self.line > 0:
            lines = source_text.splitlines()
            if self.line <= len(lines):
                text = lines[self.line - 1].rstrip()
                out.append(f"    {text}")
                out.append("    " + " " * max(self.col - 1, 0) + "^")
        if self.hint:
            out.append(f"  hint: {self.hint}")
        return "\n".join(out)


@dataclass
class ProblemsError(Exception):
    """Raised when a file cannot be used. Carries every problem found, not just the first."""

    problems: list[Problem]
    source_text: str | None = field(default=None)

    def __str__(self) -> str:
        return "\n".join(p.one_line() for p in self.problems)

    def render(self) -> str:
        return "\n".join(p.render(self.source_text) for p in self.problems)


def display_path(path: Path | str) -> str:
    """A path as the user typed it, relative to the working folder when that is shorter."""
    p = Path(path)
    try:
        rel = p.resolve().relative_to(Path.cwd().resolve())
        return str(rel)
    except ValueError:
        return str(path)
