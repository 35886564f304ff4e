"""A stylised map drawn in code from the scenario's places (latitude/longitude).

The view fits every place of the scenario (so a Europe-only scenario zooms in
on Europe, and one with Washington shows the Atlantic too). The round's place
gets a bold marker and label; the others are small dots. The drawing is a pure
function of (size, places, current place, palette), so it is cached.
"""

from __future__ import annotations

import math
from functools import lru_cache

import pygame

from . import mapdata, textfit
from .theme import Theme, load_font

MIN_SPAN_LON = 36.0
MIN_SPAN_LAT = 16.0


class Projection:
    """Equirectangular, with longitudes shrunk by cos(middle latitude) so Europe is not stretched."""

    def __init__(self, places: list[tuple[float, float]], size: tuple[int, int]) -> None:
        lats = [p[0] for p in places] or [50.0]
        lons = [p[1] for p in places] or [10.0]
        lat0, lat1 = min(lats), max(lats)
        lon0, lon1 = min(lons), max(lons)
        pad_lat = max(4.0, (lat1 - lat0) * 0.25)
        pad_lon = max(6.0, (lon1 - lon0) * 0.2)
        lat0, lat1, lon0, lon1 = lat0 - pad_lat, lat1 + pad_lat, lon0 - pad_lon, lon1 + pad_lon
        if lat1 - lat0 < MIN_SPAN_LAT:
            mid = (lat0 + lat1) / 2
            lat0, lat1 = mid - MIN_SPAN_LAT / 2, mid + MIN_SPAN_LAT / 2
        if lon1 - lon0 < MIN_SPAN_LON:
            mid = (lon0 + lon1) / 2
            lon0, lon1 = mid - MIN_SPAN_LON / 2, mid + MIN_SPAN_LON / 2
        self.kx = math.cos(math.radians((lat0 + lat1) / 2))
        w, h = size
        # Widen whichever span is short so the map fills the box without distortion.
        span_x, span_y = (lon1 - lon0) * self.kx, lat1 - lat0
        if span_x / span_y < w / h:
            extra = (span_y * w / h - span_x) / self.kx / 2
            lon0, lon1 = lon0 - extra, lon1 + extra
        else:
            extra = (span_x * h / w - span_y) / 2
            lat0, lat1 = lat0 - extra, lat1 + extra
        self.lat1, self.lon0 = lat1, lon0
        self.scale = w / ((lon1 - lon0) * self.kx)
        self.size = size

    def __call__(self, lat: float, lon: float) -> tuple[int, int]:
        return (round((lon - self.lon0) * self.kx * self.scale), round((self.lat1 - lat) * self.scale))

    def ring(self, points: list[tuple[float, float]]) -> list[tuple[int, int]]:
        return [self(lat, lon) for lon, lat in points]


def draw_map(theme: Theme, size: tuple[int, int], places: tuple[tuple[str, str, float, float], ...], current: str | None) -> pygame.Surface:
    """places: (id, name, lat, lon) tuples. Cached, so call it freely when a screen is laid out."""
    palette = tuple(sorted((k, v) for k, v in theme.palette.items() if isinstance(v, str)))
    return _draw(palette, theme.px("map_label"), size, places, current).copy()


@lru_cache(maxsize=4)
def _draw(palette_items: tuple, label_px: int, size: tuple[int, int], places: tuple, current: str | None) -> pygame.Surface:
    pal = {k: pygame.Color(v) for k, v in palette_items}
    w, h = max(size[0], 40), max(size[1], 40)
    surface = pygame.Surface((w, h))
    surface.fill(pal["map_sea"])
    proj = Projection([(lat, lon) for _, _, lat, lon in places], (w, h))
    # Graticule every 10 degrees: gives a sense of scale without any labels.
    for lon in range(-180, 181, 10):
        x = proj(0, lon)[0]
        if 0 <= x < w:
            pygame.draw.line(surface, pal["map_grid"], (x, 0), (x, h))
    for lat in range(-80, 90, 10):
        y = proj(lat, 0)[1]
        if 0 <= y < h:
            pygame.draw.line(surface, pal["map_grid"], (0, y), (w, y))
    for ring in mapdata.LAND:
        pts = proj.ring(ring)
        pygame.draw.polygon(surface, pal["map_land"], pts)
        pygame.draw.polygon(surface, pal["map_land_edge"], pts, 1)
    for ring in mapdata.SEAS:
        pts = proj.ring(ring)
        pygame.draw.polygon(surface, pal["map_sea"], pts)
        pygame.draw.polygon(surface, pal["map_land_edge"], pts, 1)
    for ring in mapdata.ISLANDS:
        pts = proj.ring(ring)
        pygame.draw.polygon(surface, pal["map_land"], pts)
        pygame.draw.polygon(surface, pal["map_land_edge"], pts, 1)

    font = load_font(label_px)
    bold = load_font(round(label_px * 1.15), bold=True)
    dot = max(3, label_px // 4)
    taken: list[pygame.Rect] = []
    # The current place first, so its label always wins a collision.
    ordered = sorted(places, key=lambda p: p[0] != current)
    # Dots first, then labels, so no dot lands on a name; labels avoid every dot but their own.
    dots = []
    for place_id, _name, lat, lon in ordered:
        x, y = proj(lat, lon)
        if place_id == current:
            pygame.draw.circle(surface, pal["map_marker"], (x, y), dot * 4, max(2, dot // 2))
            pygame.draw.circle(surface, pal["map_marker"], (x, y), dot * 2)
            pygame.draw.circle(surface, pal["map_sea"], (x, y), dot * 2, 2)
        else:
            pygame.draw.circle(surface, pal["map_place"], (x, y), dot)
        r = dot * (4 if place_id == current else 1)
        dots.append((place_id, pygame.Rect(x - r, y - r, 2 * r, 2 * r)))
    for place_id, name, lat, lon in ordered:
        x, y = proj(lat, lon)
        is_current = place_id == current
        others = [r for pid, r in dots if pid != place_id]
        f = bold if is_current else font
        text = textfit.ellipsize(f, name, w // 2)
        label = textfit.render(f, text, pal["map_marker"] if is_current else pal["map_label"])
        gap = dot * (5 if is_current else 2)
        candidates = [
            label.get_rect(midleft=(x + gap, y)),
            label.get_rect(midright=(x - gap, y)),
            label.get_rect(midbottom=(x, y - gap)),
            label.get_rect(midtop=(x, y + gap)),
        ]
        bounds = surface.get_rect()
        free = [r for r in candidates if bounds.contains(r) and r.collidelist(taken) < 0 and r.collidelist(others) < 0]
        if free:
            rect = free[0]
        elif is_current:  # the round's place is always named, pushed inside the map if need be
            rect = candidates[0].clamp(bounds) if bounds.contains(candidates[1]) is False else candidates[1]
        else:
            continue
        shadow = pygame.Surface(rect.inflate(6, 2).size, pygame.SRCALPHA)
        shadow.fill((0, 0, 0, 140))
        surface.blit(shadow, rect.inflate(6, 2))
        surface.blit(label, rect)
        taken.append(rect.inflate(4, 2))
    pygame.draw.rect(surface, pal["map_land_edge"], surface.get_rect(), 1)
    return surface
