"""Headless set-up for the window tests, and a Pilot that drives the real app by events.

SDL's dummy drivers are chosen before pygame is imported anywhere, and every
test gets its own SHIELD_TALKS_HOME so saves and settings never touch the
user's folders.
"""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from pathlib import Path  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "scenarios" / "tutorial.yaml"


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    monkeypatch.setenv("SHIELD_TALKS_HOME", str(tmp_path / "home"))
    yield tmp_path / "home"


class Pilot:
    """Posts key and mouse events to pygame's queue and runs the app's frames, as a person would."""

    def __init__(self, app) -> None:
        self.app = app

    def frames(self, n: int = 2) -> None:
        self.app.run_frames(n)

    def key(self, key: int, mod: int = 0, frames: int = 2) -> None:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0))
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode="", scancode=0))
        self.frames(frames)

    def keys_to_ending(self, presses: int = 60) -> None:
        """Play on by keyboard alone: 1 at each decision (y to confirm an escalation), Enter elsewhere."""
        for _ in range(presses):
            if self.screen == "EndingScreen":
                return
            if self.screen == "DecisionScreen":
                self.key(pygame.K_1)
                if self.screen == "Popup":
                    self.key(pygame.K_y)
            else:
                self.key(pygame.K_RETURN)

    def click(self, target, frames: int = 2) -> None:
        """Click an element (its centre) or a point. pygame_gui posts the button event back onto the queue,
        so two frames pass: one to press, one to handle the press."""
        pos = tuple(target.rect.center) if hasattr(target, "rect") else tuple(target)
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
        self.frames(frames)

    def buttons(self) -> list:
        """The top layer's buttons, in focus order (the focus ring also holds the actor cards, which are pictures)."""
        return [el for el, _ in self.app.top.focus.items if isinstance(getattr(el, "text", None), str)]

    def button(self, text: str):
        """The top layer's button whose label contains `text` (case-insensitive)."""
        found = [b for b in self.buttons() if text.lower() in b.text.lower()]
        assert found, f"no button with {text!r}; buttons: {[b.text for b in self.buttons()]}"
        return found[0]

    def click_button(self, text: str) -> None:
        self.click(self.button(text))

    def type_text(self, text: str) -> None:
        """Type characters as a keyboard does (each key press carries its character)."""
        for ch in text:
            key = pygame.K_SPACE if ch == " " else ord(ch.lower()) if ch.isascii() else 0
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=ch, scancode=0))
            pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0, unicode=ch, scancode=0))
            self.frames(1)
        self.frames(1)

    def text(self) -> str:
        return visible_text(self.app)

    def click_link(self, box, index: int = 0) -> None:
        """Click the index-th visible link of a text view where it is drawn."""
        rect, _href = box.link_rects()[index]
        self.click(rect.center)

    def wait_for(self, condition, frames: int = 600) -> None:
        """Run frames until condition() holds (the scenario loader works in a thread)."""
        import time

        for _ in range(frames):
            if condition():
                return
            self.frames(1)
            time.sleep(0.005)
        raise AssertionError("timed out waiting")

    @property
    def screen(self) -> str:
        return type(self.app.top).__name__


def visible_text(app) -> str:
    """All the text a person could read in the window now: every visible label and button, and the whole
    of every visible text view (also the part scrolled out of sight), over every layer, popups included."""
    from game.ui.widgets.richtext import plain_text

    out = []
    for el in app.ui.get_sprite_group().sprites():
        if not getattr(el, "visible", False):
            continue
        text = getattr(el, "text", None)
        if isinstance(text, str):
            out.append(text)
        html = getattr(el, "html_text", None)
        if isinstance(html, str):
            out.append(plain_text(html))
    layers = [*app.stack, *app.popups] + ([app._prepared[1]] if app._prepared else [])
    for layer in layers:
        for box in layer.texts:
            if box.element.alive() and box.element.visible:
                out.append(plain_text(box.html_text))
    return " ".join(" ".join(out).split())


def blank(surface: pygame.Surface) -> bool:
    """True when a surface is (nearly) one colour: nothing was drawn."""
    small = pygame.transform.scale(surface, (64, 36))
    colours = {small.get_at((x, y))[:3] for x in range(64) for y in range(36)}
    return len(colours) < 4


def cli_args(**kw):
    """The argparse namespace `python -m game play` hands to game.ui.app.run."""
    import argparse

    base = dict(scenario=None, role=[], seed=None, policy="historical", save=None, load=None, start=None, list=False, text=False)
    base.update(kw)
    return argparse.Namespace(**base)


@pytest.fixture
def make_app():
    """Build App instances and close pygame after the test."""
    from game.ui.app import App

    apps = []

    def make(args=None, size=(1280, 720)):
        app = App(args, size=size)
        apps.append(app)
        app.run_frames(2)
        return app

    yield make
    pygame.quit()


@pytest.fixture
def pilot(make_app):
    return Pilot(make_app())


# ---------------------------------------------------------------------- layout checks


def _children(el) -> list:
    """The elements inside a panel or a scrolling container (pygame_gui's own parts left out)."""
    from pygame_gui.core import UIContainer
    from pygame_gui.elements import UIPanel, UIScrollingContainer

    if isinstance(el, (UIPanel, UIScrollingContainer)):
        return list(el.get_container().elements)
    if isinstance(el, UIContainer):
        return list(el.elements)
    return []


def _is_internal(el) -> bool:
    """The parts pygame_gui adds for a panel or a scrolling container (their inner containers, scroll bars)."""
    from pygame_gui.core import UIContainer
    from pygame_gui.elements import UIHorizontalScrollBar, UIPanel, UIScrollingContainer, UIVerticalScrollBar

    if isinstance(el, UIContainer) and isinstance(getattr(el, "parent_element", None), (UIPanel, UIScrollingContainer)):
        return True
    return "#root_container" in (el.object_ids or []) or isinstance(el, (UIVerticalScrollBar, UIHorizontalScrollBar))


def layout_problems(layer, window: pygame.Rect) -> list[str]:
    """What is wrong with a layer's layout: visible elements that overlap a sibling, stick out of their
    container or the window, or whose text does not fit (labels and buttons). Drawn boxes a screen
    reports (`drawn_boxes`: the meters' labels and bars inside their picture) are checked the same way."""
    from pygame_gui.elements import UIButton, UILabel, UIScrollingContainer

    problems: list[str] = []

    def name(el) -> str:
        return f"{type(el).__name__}({getattr(el, 'text', '')!r} {tuple(el.rect)})"

    def check(elements: list, bounds: pygame.Rect, where: str) -> None:
        shown = [el for el in elements if el.visible and not _is_internal(el) and el.rect != window]
        for el in shown:
            r = pygame.Rect(el.rect)
            if not bounds.contains(r):
                problems.append(f"{name(el)} sticks out of {where} {tuple(bounds)}")
            if not window.contains(r) and not where.startswith("scroll"):
                problems.append(f"{name(el)} is outside the window")
            font = getattr(el, "font", None)
            text = getattr(el, "text", "")
            if isinstance(el, (UILabel, UIButton)) and font is not None and text:
                tw, th = font.get_rect(text).size
                border = getattr(el, "border_width", 0) if isinstance(el, UIButton) else 0
                edge = 2 * (max(border.values()) if isinstance(border, dict) else int(border or 0))
                if tw > r.width - edge or th > r.height - edge:
                    problems.append(f"{name(el)}: its text ({tw}x{th}) does not fit")
        for i, a in enumerate(shown):
            for b in shown[i + 1:]:
                if pygame.Rect(a.rect).colliderect(b.rect):
                    problems.append(f"{name(a)} overlaps {name(b)}")
        for el in shown:
            inner = [c for c in _children(el) if not _is_internal(c)]
            if inner:
                if isinstance(el, UIScrollingContainer):
                    area = pygame.Rect(el.get_container().rect)
                    check(inner, area, "scrolling area")
                else:
                    check(inner, pygame.Rect(el.rect), name(el))

    check(list(layer.root.elements), window, "the window")
    boxes = getattr(layer, "drawn_boxes", lambda: [])()
    for what, bounds, rects in boxes:
        for label, r in rects:
            if not bounds.contains(r):
                problems.append(f"{what}: {label} {tuple(r)} sticks out of {tuple(bounds)}")
        for i, (la, a) in enumerate(rects):
            for lb, b in rects[i + 1:]:
                if a.colliderect(b):
                    problems.append(f"{what}: {la} {tuple(a)} overlaps {lb} {tuple(b)}")
    return problems


def assert_laid_out(app, what: str = "") -> None:
    """The top layer (and the screen under a popup) lay out cleanly in the window as it is now."""
    window = app.window.get_rect()
    layers = [app.stack[-1], *app.popups]
    for layer in layers:
        problems = layout_problems(layer, window)
        assert not problems, f"{type(layer).__name__} {what} at {app.size}, {app.settings.text_size}:\n" + "\n".join(problems[:12])
