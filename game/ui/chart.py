"""The ending's chart: every meter across the rounds, drawn in code.

Each meter is drawn on its own range (shown as 0–100 % of it) with its own
colour and marker shape, so the lines stay apart in high contrast and for
colour-blind players too.
"""

from __future__ import annotations

import pygame

from . import textfit
from .theme import Theme

MARKERS = ("circle", "square", "triangle", "diamond")


def _marker(surface: pygame.Surface, kind: str, colour: pygame.Color, at: tuple[int, int], r: int) -> None:
    x, y = at
    if kind == "circle":
        pygame.draw.circle(surface, colour, at, r)
    elif kind == "square":
        pygame.draw.rect(surface, colour, (x - r, y - r, 2 * r, 2 * r))
    elif kind == "triangle":
        pygame.draw.polygon(surface, colour, [(x, y - r - 1), (x - r - 1, y + r), (x + r + 1, y + r)])
    else:
        pygame.draw.polygon(surface, colour, [(x, y - r - 1), (x + r + 1, y), (x, y + r + 1), (x - r - 1, y)])


def draw_chart(
    theme: Theme,
    size: tuple[int, int],
    series: list[tuple[str, int, int, list[int]]],
    x_labels: list[str],
) -> pygame.Surface:
    """series: (label, min, max, values) per meter; x_labels: 'Start', then one per round."""
    w, h = max(size[0], 80), max(size[1], 80)
    surface = pygame.Surface((w, h))
    surface.fill(theme.colour("chart_bg"))
    font = theme.font("chart_label")
    line = font.get_linesize()
    pad = theme.u(10)
    # Legend on top, wrapped into as many rows as it needs.
    legend_items = []
    x, y = pad, pad
    box = line
    for i, (label, *_rest) in enumerate(series):
        text = textfit.ellipsize(font, label, w // 2)
        item_w = box + pad // 2 + font.size(text)[0] + pad * 2
        if x + item_w > w - pad and x > pad:
            x, y = pad, y + line + pad // 2
        legend_items.append((i, text, x, y))
        x += item_w
    for i, text, lx, ly in legend_items:
        colour = theme.series(i)
        pygame.draw.line(surface, colour, (lx, ly + line // 2), (lx + box, ly + line // 2), 3)
        _marker(surface, MARKERS[i % len(MARKERS)], colour, (lx + box // 2, ly + line // 2), max(3, line // 6))
        surface.blit(textfit.render(font, text, theme.colour("text")), (lx + box + pad // 2, ly))
    top = y + line + pad
    left = pad + font.size("100%")[0] + pad // 2
    bottom = h - line - pad
    right = w - pad * 2
    plot = pygame.Rect(left, top, max(10, right - left), max(10, bottom - top))
    for pct in (0, 25, 50, 75, 100):
        gy = plot.bottom - round(plot.height * pct / 100)
        pygame.draw.line(surface, theme.colour("chart_grid"), (plot.left, gy), (plot.right, gy))
        lab = textfit.render(font, f"{pct}%", theme.colour("muted"))
        surface.blit(lab, (plot.left - lab.get_width() - pad // 2, gy - line // 2))
    n = max((len(v) for *_r, v in series), default=0)
    n = max(n, len(x_labels), 2)

    def px(i: int) -> int:
        return plot.left + round(plot.width * i / (n - 1))

    every = max(1, -(-n * font.size("Round 00")[0] // max(plot.width, 1)))
    last = len(x_labels) - 1
    for i, text in enumerate(x_labels):
        # Every `every`-th round is labelled, and always the last one (the ending's round).
        shown = i in (0, last) or (i % every == 0 and last - i >= every)
        if not shown:
            continue
        lab = textfit.render(font, text, theme.colour("muted"))
        cx = min(max(px(i), plot.left + lab.get_width() // 2), plot.right - lab.get_width() // 2)
        surface.blit(lab, lab.get_rect(midtop=(cx, plot.bottom + pad // 3)))
        pygame.draw.line(surface, theme.colour("chart_grid"), (px(i), plot.top), (px(i), plot.bottom))
    pygame.draw.rect(surface, theme.colour("chart_grid"), plot, 1)
    width = max(2, theme.u(3))
    for i, (label, lo, hi, values) in enumerate(series):
        colour = theme.series(i)
        pts = [(px(j), plot.bottom - round(plot.height * (v - lo) / (hi - lo))) for j, v in enumerate(values)]
        if len(pts) > 1:
            pygame.draw.lines(surface, colour, False, pts, width)
        for p in pts:
            _marker(surface, MARKERS[i % len(MARKERS)], colour, p, max(3, width + 1))
    return surface
