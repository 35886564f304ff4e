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


def _line_h(font: pygame.font.Font) -> int:
    return max(font.get_linesize(), font.get_height())


def height_for(theme: Theme, count: int, *, title: bool = False, roomy: bool = False) -> int:
    """The height draw_meters would like for `count` rows: each label above its bar (roomy: thicker bars)."""
    font = theme.font("small")
    row = _line_h(font) + theme.u(16 if roomy else 12) + theme.u(6)
    return _title_h(theme, title) + count * row


def min_height(theme: Theme, count: int, *, title: bool = False) -> int:
    """The least height that shows every row cleanly: one line each, label, bar and value side by side."""
    return _title_h(theme, title) + count * (_line_h(theme.font("small")) + theme.u(2))


def _title_h(theme: Theme, title: bool) -> int:
    return _line_h(theme.font("small", bold=True)) + theme.u(3) if title else 0


@dataclass(frozen=True)
class RowBoxes:
    label: pygame.Rect
    value: pygame.Rect
    bar: pygame.Rect


@dataclass(frozen=True)
class Plan:
    """Where draw_meters puts each part, for a picture of a given size. `inline`: label, bar and value
    share one line (when there is no room for a label above each bar). Nothing overlaps; rows that do
    not fit the height are left out (the screens give at least `min_height`, or a scrolling view)."""
    title: pygame.Rect | None
    rows: tuple[RowBoxes, ...]
    inline: bool

    def boxes(self) -> list[tuple[str, pygame.Rect]]:
        out = [("title", self.title)] if self.title is not None else []
        for i, r in enumerate(self.rows):
            out += [(f"label {i}", r.label), (f"value {i}", r.value), (f"bar {i}", r.bar)]
        return out


def plan(theme: Theme, size: tuple[int, int], count: int, *, title: bool = False) -> Plan:
    w, h = size
    font = theme.font("small")
    bold = theme.font("small", bold=True)
    line = _line_h(font)
    pad = theme.u(6)
    y = 0
    title_rect = None
    if title:
        title_rect = pygame.Rect(0, 0, w, _line_h(bold))
        y = _title_h(theme, True)
    if not count:
        return Plan(title_rect, (), False)
    value_w = max(bold.size("100 (+100)")[0], font.size("100 (+100)")[0])
    room = h - y
    stacked_min = line + 2 + 6 + theme.u(3)  # a label, a thin bar under it, a gap to the next label
    rows: list[RowBoxes] = []
    if room // count >= stacked_min:
        row_h = min(room // count, line * 2 + theme.u(14))
        bar_h = max(6, min(theme.u(16), row_h - line - 2 - theme.u(3)))
        for _ in range(count):
            label = pygame.Rect(0, y, max(1, w - value_w - pad), line)
            value = pygame.Rect(w - value_w, y, value_w, line)
            rows.append(RowBoxes(label, value, pygame.Rect(0, y + line + 2, w, bar_h)))
            y += row_h
        return Plan(title_rect, tuple(rows), False)
    row_h = max(line, room // count) if room >= count * line else line + theme.u(2)
    label_w = max(theme.u(60), min(int(w * 0.5), w - value_w - theme.u(60) - 2 * pad))
    bar_x = label_w + pad
    bar_w = max(1, w - value_w - pad - bar_x)
    bar_h = max(6, min(theme.u(12), row_h - theme.u(10)))
    for _ in range(count):
        if y + line > h:
            break
        label = pygame.Rect(0, y, label_w, line)
        value = pygame.Rect(w - value_w, y, value_w, line)
        bar = pygame.Rect(bar_x, y + (line - bar_h) // 2, bar_w, bar_h)
        rows.append(RowBoxes(label, value, bar))
        y += row_h
    return Plan(title_rect, tuple(rows), True)


def draw_meters(theme: Theme, size: tuple[int, int], rows: list[MeterRow], progress: float = 1.0, title: str | None = None) -> pygame.Surface:
    """progress 0 shows the before values, 1 the after values; deltas appear as the bars move.
    Laid out by `plan`: labels above the bars when there is room, else beside them."""
    w, h = max(size[0], 40), max(size[1], 40)
    surface = pygame.Surface((w, h), pygame.SRCALPHA)
    font = theme.font("small")
    bold = theme.font("small", bold=True)
    where = plan(theme, (w, h), len(rows), title=bool(title))
    if title:
        surface.blit(textfit.render(bold, textfit.ellipsize(bold, title, w), theme.colour("muted")), where.title.topleft)
    t = ease(progress)
    for row, box in zip(rows, where.rows):
        value = row.before + (row.after - row.before) * t
        label = textfit.ellipsize(font, row.label, box.label.width)
        surface.blit(textfit.render(font, label, theme.colour("text")), box.label.topleft)
        delta = row.after - row.before
        shown = f"{round(value)}"
        if delta and progress > 0:
            shown += f" ({delta:+d})"
        txt = textfit.render(bold if delta else font, shown, theme.colour("text"))
        surface.blit(txt, (box.value.right - txt.get_width(), box.value.y))
        bar = box.bar
        bar_h = bar.height
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
    return surface
