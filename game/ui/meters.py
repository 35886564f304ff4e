"""Meter bars drawn in code, with a visible before→after animation for the resolution screen."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from . import textfit
from .theme import Theme


@dataclass(frozen=True)
class MeterRow:
    label: str
    lo: int
    hi: int
    good: str  # "high" or "low": which end is good news
    before: int
    after: int


def rows_for(scenario, before: dict[str, int], after: dict[str, int]) -> list[MeterRow]:
    return [MeterRow(m.label, m.min, m.max, m.good, before.get(m.id, m.start), after.get(m.id, m.start)) for m in scenario.meters]


def _mix(a: pygame.Color, b: pygame.Color, t: float) -> pygame.Color:
    return pygame.Color(a).lerp(b, max(0.0, min(1.0, t)))


def goodness_colour(theme: Theme, row: MeterRow, value: float) -> pygame.Color:
    """Red at the bad end, amber in the middle, green at the good end."""
    share = (value - row.lo) / (row.hi - row.lo)
    good = share if row.good == "high" else 1 - share
    if good < 0.5:
        return _mix(theme.colour("bad"), theme.colour("middle"), good * 2)
    return _mix(theme.colour("middle"), theme.colour("good"), (good - 0.5) * 2)


def ease(t: float) -> float:
    t = max(0.0, min(1.0, t))
    return 1 - (1 - t) ** 3


def height_for(theme: Theme, count: int, *, title: bool = False, roomy: bool = False) -> int:
    """The height draw_meters needs for `count` rows (roomy: thicker bars, for the resolution)."""
    font = theme.font("small")
    row = font.get_linesize() + theme.u(16 if roomy else 12) + theme.u(6)
    head = font.get_linesize() + theme.u(3) if title else 0
    return head + count * row


def draw_meters(theme: Theme, size: tuple[int, int], rows: list[MeterRow], progress: float = 1.0, title: str | None = None) -> pygame.Surface:
    """progress 0 shows the before values, 1 the after values; deltas appear as the bars move."""
    w, h = max(size[0], 40), max(size[1], 40)
    surface = pygame.Surface((w, h), pygame.SRCALPHA)
    font = theme.font("small")
    bold = theme.font("small", bold=True)
    pad = theme.u(6)
    y = 0
    if title:
        surface.blit(textfit.render(bold, title, theme.colour("muted")), (0, 0))
        y += bold.get_linesize() + pad // 2
    if not rows:
        return surface
    row_h = min((h - y) // len(rows), font.get_linesize() * 2 + theme.u(14))
    bar_h = max(6, min(theme.u(16), row_h - font.get_linesize() - pad))
    value_w = font.size("100 (+100)")[0]
    t = ease(progress)
    for row in rows:
        value = row.before + (row.after - row.before) * t
        label = textfit.ellipsize(font, row.label, w - value_w - pad)
        surface.blit(textfit.render(font, label, theme.colour("text")), (0, y))
        delta = row.after - row.before
        shown = f"{round(value)}"
        if delta and progress > 0:
            shown += f" ({delta:+d})"
        txt = textfit.render(bold if delta else font, shown, theme.colour("text"))
        surface.blit(txt, (w - txt.get_width(), y))
        bar = pygame.Rect(0, y + font.get_linesize() + 2, w, bar_h)
        pygame.draw.rect(surface, theme.colour("bar_bg"), bar, border_radius=bar_h // 2)
        share = (value - row.lo) / (row.hi - row.lo)
        fill = bar.copy()
        fill.width = max(bar_h, round(bar.width * share)) if share > 0 else 0
        if fill.width:
            pygame.draw.rect(surface, goodness_colour(theme, row, value), fill, border_radius=bar_h // 2)
        if delta and progress < 1:
            # A tick where the bar started, so the change reads even mid-animation.
            x0 = bar.x + round(bar.width * (row.before - row.lo) / (row.hi - row.lo))
            pygame.draw.line(surface, theme.colour("text"), (x0, bar.top - 2), (x0, bar.bottom + 2), 2)
        pygame.draw.rect(surface, theme.colour("bar_edge"), bar, 1, border_radius=bar_h // 2)
        y += row_h
    return surface
