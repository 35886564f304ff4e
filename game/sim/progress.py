"""A progress bar on stderr, drawn only when stderr is a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    def __init__(self, total: int, stream: TextIO | None = None, label: str = "simulating", width: int = 30) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.total = max(1, total)
        self.label = label
        self.width = width
        self.began = time.perf_counter()
        self.active = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last = -1.0

    def __call__(self, done: int) -> None:
        if not self.active:
            return
        now = time.perf_counter()
        if done < self.total and now - self._last < 0.1:
            return
        self._last = now
        filled = round(self.width * done / self.total)
        rate = done / (now - self.began) if now > self.began else 0.0
        self.stream.write(
            f"\r  {self.label} {'█' * filled}{'░' * (self.width - filled)} {done:,}/{self.total:,} games · {rate:,.0f}/s "
        )
        self.stream.flush()

    def close(self) -> None:
        if self.active:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
