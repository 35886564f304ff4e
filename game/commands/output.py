"""Where a command's text goes: a file given with -o, or standard output."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO


def emit(text: str, output: str | None, stdout: TextIO, stderr: TextIO, command: str) -> int:
    """Write `text` to `output` (or stdout); a file that cannot be written is one clear line and exit 1."""
    if not output:
        stdout.write(text)
        return 0
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        stderr.write(f"shield-talks {command}: cannot write {output} ({exc.strerror or exc})\n")
        return 1
    return 0
