"""Themes: the pygame_gui theme JSON under assets/themes, scaled for the window and text size.

A theme file holds `gui` (a pygame_gui theme) and `palette` (colours for what
we draw ourselves: map, meters, chart, focus ring). Font sizes in the files are
pixels for a 1280x720 window with medium text; `build_theme` multiplies them by
one scale factor, so the whole layout (which uses `Theme.u`) grows with them.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pygame
import pygame_gui

from game import paths

from .settings import TEXT_SCALE, UISettings

THEMES_DIR = paths.ASSETS / "themes"
FONTS_FILE = paths.ASSETS / "fonts.json"
BASE_SIZE = (1280, 720)


@lru_cache(maxsize=4)
def _read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def fonts_config() -> dict:
    return _read_json(FONTS_FILE)


def font_file(style: str = "regular") -> str:
    cfg = fonts_config()
    folder = Path(pygame_gui.__file__).parent / "data" if cfg.get("from") == "pygame_gui" else paths.ASSETS / "fonts"
    return str(folder / cfg["files"][style])


def scale_for(window: tuple[int, int], text_size: str) -> float:
    """One factor for fonts and layout: the window's size against 1280x720, times the text-size setting."""
    w, h = window
    display = max(0.75, min(2.0, min(w / BASE_SIZE[0], h / BASE_SIZE[1])))
    # Rounded so a window dragged by a few pixels does not load a new set of fonts.
    return round(display * TEXT_SCALE.get(text_size, 1.0) * 20) / 20


def _scale_fonts(node: object, scale: float) -> None:
    if isinstance(node, dict):
        font = node.get("font")
        if isinstance(font, dict) and "size" in font:
            font["size"] = str(max(10, round(int(font["size"]) * scale)))
        for value in node.values():
            _scale_fonts(value, scale)


def _colour(text: str) -> pygame.Color:
    return pygame.Color(text)


@dataclass
class Theme:
    name: str
    scale: float
    gui: dict
    palette: dict

    def u(self, value: float) -> int:
        """A layout length (pixels at 1280x720, medium text) scaled like the fonts."""
        return max(1, round(value * self.scale))

    def px(self, role: str) -> int:
        return max(10, round(fonts_config()["sizes"][role] * self.scale))

    def colour(self, key: str) -> pygame.Color:
        return _colour(self.palette[key])

    def series(self, index: int) -> pygame.Color:
        colours = self.palette["series"]
        return _colour(colours[index % len(colours)])

    def font(self, role: str, bold: bool = False) -> pygame.font.Font:
        return load_font(self.px(role), bold)

    def warm_fonts(self) -> None:
        """Open the fonts our text views use before a screen needs them (each file open costs a few ms)."""
        for role in ("body", "small", "subheading", "heading", "map_label"):
            for bold, italic in ((False, False), (True, False), (False, True)):
                load_font(self.px(role), bold, italic)


@lru_cache(maxsize=64)
def load_font(px: int, bold: bool = False, italic: bool = False) -> pygame.font.Font:
    """Fonts for what we draw ourselves (text views, map labels, chart, meters): the same Noto Sans files."""
    style = "bold_italic" if bold and italic else "bold" if bold else "italic" if italic else "regular"
    return pygame.font.Font(font_file(style), px)


def clear_font_caches() -> None:
    from . import mapview, textfit

    load_font.cache_clear()
    textfit.clear()
    mapview._draw.cache_clear()


def build_theme(settings: UISettings, window: tuple[int, int]) -> Theme:
    name = "high_contrast" if settings.high_contrast else "default"
    raw = _read_json(THEMES_DIR / f"{name}.json")
    scale = scale_for(window, settings.text_size)
    gui = copy.deepcopy(raw["gui"])
    _scale_fonts(gui, scale)
    return Theme(name=name, scale=scale, gui=gui, palette=dict(raw["palette"]))


def make_manager(theme: Theme, window: tuple[int, int]) -> pygame_gui.UIManager:
    """pygame_gui loads the theme's own fonts here. Long texts are drawn by our RichText with our own
    font cache, so pygame_gui needs no other font preloaded."""
    return pygame_gui.UIManager(window, theme.gui, enable_live_theme_updates=False)
