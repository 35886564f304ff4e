"""Text helpers: HTML for pygame_gui text boxes, and cached wrapping/rendering for what we draw.

Rendering text is the costly part of a frame, so rendered lines are cached by
(font, text, colour); screens and widgets ask here instead of calling
font.render themselves.
"""

from __future__ import annotations

import functools
import html
from collections import OrderedDict

import pygame


# What to show for characters the bundled Noto Sans has no glyph for (it would draw an empty box).
STAND_INS = {"→": "->", "←": "<-", "↔": "<->", "⇒": "=>", "✓": "(yes)", "✔": "(yes)", "✗": "(no)", "✘": "(no)",
             "■": "-", "▯": "-", "□": "-", "★": "*", "☐": "[ ]", "☑": "[x]"}


@functools.lru_cache(maxsize=4096)
def has_glyph(ch: str) -> bool:
    """Whether the game's font (Noto Sans, as bundled with pygame_gui) can draw the character."""
    if ch.isspace() or ord(ch) < 32:
        return True
    from .theme import load_font

    font = load_font(20)
    return font.metrics(ch) != font.metrics("\ue000")  # a private-use code point: the font's empty box


def printable(text: str) -> str:
    """The text with each character the font cannot draw replaced by a stand-in (or '?')."""
    if text.isascii():
        return text
    return "".join(ch if has_glyph(ch) else STAND_INS.get(ch, "?") for ch in text)


def esc(text: str) -> str:
    """Plain text for pygame_gui's HTML subset: escape markup, fold white space, keep paragraphs
    (and characters the font cannot draw replaced: see `printable`)."""
    paras = [" ".join(p.split()) for p in printable(str(text)).strip().split("\n\n")]
    return "<br><br>".join(html.escape(p, quote=False) for p in paras if p)


def font_tag(text_html: str, px: int, colour: str | None = None, bold: bool = False, italic: bool = False) -> str:
    out = text_html
    if bold:
        out = f"<b>{out}</b>"
    if italic:
        out = f"<i>{out}</i>"
    colour_attr = f" color='{colour}'" if colour else ""
    return f"<font pixel_size={px}{colour_attr}>{out}</font>"


class _LRU(OrderedDict):
    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def get_or(self, key, make):
        if key in self:
            self.move_to_end(key)
            return self[key]
        value = make()
        self[key] = value
        if len(self) > self.size:
            self.popitem(last=False)
        return value


_renders = _LRU(256)
_wraps = _LRU(256)


def clear() -> None:
    _renders.clear()
    _wraps.clear()


def render(font: pygame.font.Font, text: str, colour: pygame.Color | tuple) -> pygame.Surface:
    key = (id(font), text, tuple(pygame.Color(colour)))
    return _renders.get_or(key, lambda: font.render(printable(text), True, colour))


def wrap(font: pygame.font.Font, text: str, width: int) -> list[str]:
    """Greedy word wrap to a pixel width; a word longer than the line is cut by characters."""

    def make() -> list[str]:
        lines: list[str] = []
        for para in text.split("\n"):
            words = para.split()
            line = ""
            for word in words:
                trial = f"{line} {word}" if line else word
                if font.size(trial)[0] <= width:
                    line = trial
                    continue
                if line:
                    lines.append(line)
                while font.size(word)[0] > width and len(word) > 1:
                    cut = len(word)
                    while cut > 1 and font.size(word[:cut])[0] > width:
                        cut -= 1
                    lines.append(word[:cut])
                    word = word[cut:]
                line = word
            lines.append(line)
        return lines

    return _wraps.get_or((id(font), text, width), make)


def ellipsize(font: pygame.font.Font, text: str, width: int) -> str:
    """Shorten to fit one line, ending with an ellipsis (labels on the map and chart legend)."""
    if font.size(text)[0] <= width:
        return text
    while text and font.size(text + "…")[0] > width:
        text = text[:-1]
    return text.rstrip() + "…"
