"""A light scrolling rich-text view for the long texts (briefings, resolutions, endings).

pygame_gui's UITextBox renders a whole text into one tall surface when it is
created: for a briefing with nineteen quotes that took over 100 ms and ~38 MB.
This view lays the text out into lines once (measuring words only, which is
cheap), renders a line the first time it scrolls into view, and keeps rendered
lines in a small cache. It reads the same HTML subset the screens already
write: <font pixel_size color>, <b>, <i>, <a href>, <br>.

It is shown through a UIImage, so it layers, hides and dies with the screen's
other pygame_gui widgets.
"""

from __future__ import annotations

import html as _html
from collections import OrderedDict
from dataclasses import dataclass
from html.parser import HTMLParser

import pygame
from pygame_gui.elements import UIImage

from game.ui.theme import Theme, load_font

LINE_SPACING = 1.25
CACHE_LINES = 60


@dataclass(frozen=True)
class Style:
    px: int
    bold: bool = False
    italic: bool = False
    colour: str | None = None
    href: str | None = None


class _Parser(HTMLParser):
    def __init__(self, base: Style) -> None:
        super().__init__(convert_charrefs=True)
        self.stack = [base]
        self.tokens: list[tuple[str, Style] | None] = []  # None is a line break

    def handle_starttag(self, tag: str, attrs) -> None:
        a = dict(attrs)
        top = self.stack[-1]
        if tag == "br":
            self.tokens.append(None)
            return
        if tag == "b":
            new = Style(top.px, True, top.italic, top.colour, top.href)
        elif tag == "i":
            new = Style(top.px, top.bold, True, top.colour, top.href)
        elif tag == "a":
            new = Style(top.px, top.bold, top.italic, top.colour, a.get("href") or "")
        elif tag == "font":
            px = int(a["pixel_size"]) if (a.get("pixel_size") or "").isdigit() else top.px
            new = Style(px, top.bold, top.italic, a.get("color") or top.colour, top.href)
        else:
            new = top
        self.stack.append(new)

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag == "br":
            self.tokens.append(None)

    def handle_endtag(self, tag: str) -> None:
        if tag != "br" and len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if data:
            self.tokens.append((data, self.stack[-1]))


@dataclass
class _Line:
    y: int
    height: int
    runs: list[tuple[int, str, Style]]  # (x, text, style)


def _font(style: Style) -> pygame.font.Font:
    return load_font(style.px, style.bold, style.italic)


class RichText:
    def __init__(self, theme: Theme, html: str, rect: pygame.Rect, manager, container, *, frame: bool = True) -> None:
        self._setup(theme, html, rect, frame)
        self._layout()
        self.surface = pygame.Surface(self.rect.size, pygame.SRCALPHA)
        self._draw()
        self.element = UIImage(self.rect, self.surface, manager=manager, container=container)

    def _setup(self, theme: Theme, html: str, rect: pygame.Rect, frame: bool) -> None:
        self.theme = theme
        self.html_text = html  # the source, kept for tests and for rebuilding
        self.frame = frame
        self.pad_x, self.pad_y = theme.u(14), theme.u(10)
        self.bar_w = theme.u(10)
        self.rect = pygame.Rect(rect)
        self.scroll_y = 0
        self.lines: list[_Line] = []
        self.links: list[tuple[pygame.Rect, str]] = []  # in content coordinates
        self._rendered: OrderedDict[int, pygame.Surface] = OrderedDict()
        self.content_h = 0

    @classmethod
    def fit_height(cls, theme: Theme, html: str, width: int) -> int:
        """The height a view of this width needs to show all of the text without scrolling."""
        probe = cls.__new__(cls)
        probe._setup(theme, html, pygame.Rect(0, 0, width, 10), True)
        probe._layout()
        return probe.content_h + 2 * probe.pad_y + 2

    # ------------------------------------------------------------------ layout

    @property
    def inner_width(self) -> int:
        return self.rect.width - 2 * self.pad_x - self.bar_w - self.theme.u(4)

    def _layout(self) -> None:
        base = Style(self.theme.px("body"))
        parser = _Parser(base)
        parser.feed(self.html_text)
        parser.close()
        width = self.inner_width
        y = 0
        runs: list[tuple[int, str, Style]] = []
        x = 0
        line_h = 0
        pending_space = False

        def finish(blank_style: Style | None = None) -> None:
            nonlocal y, runs, x, line_h
            if not runs:
                h = round(_font(blank_style or base).get_linesize() * (LINE_SPACING if blank_style is None else 0.7))
            else:
                h = line_h
            self.lines.append(_Line(y, h, runs))
            y += h
            runs, x, line_h = [], 0, 0

        for token in parser.tokens:
            if token is None:
                finish(base if not runs else None)
                pending_space = False
                continue
            text, style = token
            font = _font(style)
            space_w = font.size(" ")[0]
            parts = text.replace("\n", " ").split(" ")
            for i, word in enumerate(parts):
                if i > 0:
                    pending_space = True
                if not word:
                    continue
                w = font.size(word)[0]
                lead = space_w if (pending_space and runs) else 0
                if x + lead + w > width and runs:
                    finish()
                    lead = 0
                while w > width and len(word) > 1:  # a word wider than the line is cut
                    cut = len(word)
                    while cut > 1 and font.size(word[:cut])[0] > width - x:
                        cut -= 1
                    self._add(runs, x, word[:cut], style)
                    line_h = max(line_h, round(font.get_linesize() * LINE_SPACING))
                    finish()
                    word = word[cut:]
                    w = font.size(word)[0]
                if lead and runs and runs[-1][2] == style:
                    x0, t, s = runs[-1]
                    runs[-1] = (x0, t + " " + word, s)
                else:
                    self._add(runs, x + lead, word, style)
                x += lead + w
                line_h = max(line_h, round(font.get_linesize() * LINE_SPACING))
                pending_space = False
            if text.endswith(" "):
                pending_space = True
        if runs:
            finish()
        self.content_h = y
        for line in self.lines:
            for rx, text, style in line.runs:
                if style.href:
                    w, h = _font(style).size(text)
                    self.links.append((pygame.Rect(rx, line.y, w, line.height), style.href))

    @staticmethod
    def _add(runs: list, x: int, text: str, style: Style) -> None:
        runs.append((x, text, style))

    # ------------------------------------------------------------------ drawing

    @property
    def view_h(self) -> int:
        return self.rect.height - 2 * self.pad_y

    @property
    def max_scroll(self) -> int:
        return max(0, self.content_h - self.view_h)

    def _line_surface(self, i: int) -> pygame.Surface:
        if i in self._rendered:
            self._rendered.move_to_end(i)
            return self._rendered[i]
        line = self.lines[i]
        surf = pygame.Surface((max(1, self.inner_width + 2), max(1, line.height)), pygame.SRCALPHA)
        text_colour = self.theme.colour("text")
        link_colour = self.theme.colour("link")
        for x, text, style in line.runs:
            font = _font(style)
            colour = pygame.Color(style.colour) if style.colour else (link_colour if style.href else text_colour)
            img = font.render(text, True, colour)
            ty = line.height - font.get_linesize() - round(font.get_linesize() * (LINE_SPACING - 1) / 2)
            surf.blit(img, (x, max(0, ty)))
            if style.href:
                uy = max(0, ty) + font.get_ascent() + 2
                pygame.draw.line(surf, colour, (x, uy), (x + img.get_width(), uy), 1)
        self._rendered[i] = surf
        while len(self._rendered) > CACHE_LINES:
            self._rendered.popitem(last=False)
        return surf

    def _draw(self) -> None:
        s = self.surface
        s.fill((0, 0, 0, 0))
        r = s.get_rect()
        if self.frame:
            s.fill(self.theme.colour("text_bg"))
            pygame.draw.rect(s, self.theme.colour("text_edge"), r, max(1, self.theme.u(1)))
        clip = pygame.Rect(self.pad_x, self.pad_y, self.inner_width + 2, self.view_h)
        s.set_clip(clip)
        top, bottom = self.scroll_y, self.scroll_y + self.view_h
        for i, line in enumerate(self.lines):
            if line.y + line.height < top:
                continue
            if line.y > bottom:
                break
            if line.runs:
                s.blit(self._line_surface(i), (self.pad_x, self.pad_y + line.y - self.scroll_y))
        s.set_clip(None)
        if self.max_scroll:
            track = pygame.Rect(r.width - self.bar_w - self.theme.u(4), self.pad_y, self.bar_w, self.view_h)
            pygame.draw.rect(s, self.theme.colour("bar_bg"), track, border_radius=self.bar_w // 2)
            thumb_h = max(self.theme.u(24), round(track.height * self.view_h / self.content_h))
            thumb_y = track.y + round((track.height - thumb_h) * self.scroll_y / self.max_scroll)
            pygame.draw.rect(s, self.theme.colour("muted"), (track.x, thumb_y, track.width, thumb_h), border_radius=self.bar_w // 2)

    def refresh(self) -> None:
        self._draw()
        self.element.set_image(self.surface)

    # ------------------------------------------------------------------ input

    def scroll_to(self, y: int) -> None:
        y = max(0, min(self.max_scroll, round(y)))
        if y != self.scroll_y:
            self.scroll_y = y
            self.refresh()

    def scroll_pages(self, pages: float) -> None:
        self.scroll_to(self.scroll_y + pages * self.view_h * 0.9)

    def scroll_lines(self, lines: float) -> None:
        self.scroll_to(self.scroll_y + lines * _font(Style(self.theme.px("body"))).get_linesize() * 3)

    def screen_rect(self) -> pygame.Rect:
        return pygame.Rect(self.element.rect)

    def link_rects(self) -> list[tuple[pygame.Rect, str]]:
        """Visible links in window coordinates (what a click hits)."""
        origin = self.screen_rect()
        view = pygame.Rect(origin.x + self.pad_x, origin.y + self.pad_y, self.inner_width, self.view_h)
        out = []
        for rect, href in self.links:
            r = rect.move(origin.x + self.pad_x, origin.y + self.pad_y - self.scroll_y)
            if view.colliderect(r):
                out.append((r.clip(view), href))
        return out

    def click(self, pos: tuple[int, int]) -> str | None:
        """A link's href, or None; a click on the scroll track pages up or down."""
        if not self.element.visible or not self.screen_rect().collidepoint(pos):
            return None
        for rect, href in self.link_rects():
            if rect.collidepoint(pos):
                return href
        origin = self.screen_rect()
        if self.max_scroll and pos[0] >= origin.right - self.bar_w - self.theme.u(8):
            thumb_mid = origin.y + self.pad_y + self.view_h * (self.scroll_y + self.view_h / 2) / max(self.content_h, 1)
            self.scroll_pages(1 if pos[1] > thumb_mid else -1)
        return None


def plain_text(html: str) -> str:
    """The text without markup (tests and accessibility checks)."""
    p = _Parser(Style(10))
    p.feed(html)
    return _html.unescape("".join(t[0] if t else "\n" for t in p.tokens))
