"""A monkey: thousands of random keys, clicks, wheels and resizes must raise nothing."""

from __future__ import annotations

import random

import pygame
from conftest import TUTORIAL, cli_args

KEYS = [pygame.K_TAB, pygame.K_RETURN, pygame.K_ESCAPE, pygame.K_SPACE, pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT,
        pygame.K_RIGHT, pygame.K_PAGEUP, pygame.K_PAGEDOWN, pygame.K_y, pygame.K_n, pygame.K_s, pygame.K_F11,
        *range(pygame.K_0, pygame.K_9 + 1)]


def _random_events(rng: random.Random, size: tuple[int, int]) -> list[pygame.event.Event]:
    kind = rng.random()
    if kind < 0.45:
        key = rng.choice(KEYS)
        mod = pygame.KMOD_SHIFT if rng.random() < 0.2 else 0
        return [pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0),
                pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode="", scancode=0)]
    if kind < 0.9:
        pos = (rng.randrange(size[0]), rng.randrange(size[1]))
        return [pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)),
                pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1),
                pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1)]
    if kind < 0.97:
        return [pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=rng.choice((-1, 1)), flipped=False, precise_x=0.0, precise_y=1.0)]
    w, h = rng.choice(((1280, 720), (1024, 640), (1600, 900), (800, 500)))
    return [pygame.event.Event(pygame.VIDEORESIZE, size=(w, h), w=w, h=h)]


def test_monkey_raises_nothing(make_app):
    rng = random.Random(2024)
    app = make_app(cli_args(scenario=str(TUTORIAL), role=["usa"], seed=2))
    screens = set()
    for step in range(1500):
        for event in _random_events(rng, app.size):
            pygame.event.post(event)
        app.step(dt=1 / 60)
        screens.add(type(app.top).__name__)
        if not app.running:  # Quit was chosen: carry on as if started again
            app.running = True
    app.run_frames(3)
    assert len(screens) >= 5, screens


def test_monkey_in_a_class_session_raises_nothing(make_app):
    """The same monkey with the facilitator's keys (F2, F5, P, M, U, D, E, +) in a hot-seat class session with a PIN."""
    from game.classroom.session import Session, Timer

    rng = random.Random(7)
    app = make_app()
    loaded = app.catalog.get(TUTORIAL)
    app.start_game(loaded, ("usa", "russia", "poland"), seed=3, class_mode=True,
                   classroom=Session(teams={"usa": "Blue"}, pin="12", timer=Timer(seconds=180)))
    keys = KEYS + [pygame.K_F2, pygame.K_F5, pygame.K_p, pygame.K_m, pygame.K_u, pygame.K_d, pygame.K_e, pygame.K_PLUS,
                   pygame.K_1, pygame.K_2, pygame.K_BACKSPACE]
    screens = set()
    for step in range(900):
        if rng.random() < 0.5:
            key = rng.choice(keys)
            ch = chr(key) if 32 < key < 127 else ""
            for kind in (pygame.KEYDOWN, pygame.KEYUP):
                pygame.event.post(pygame.event.Event(kind, key=key, mod=0, unicode=ch, scancode=0))
        else:
            for event in _random_events(rng, app.size):
                pygame.event.post(event)
        app.step(dt=1 / 60)
        screens.add(type(app.top).__name__)
        if not app.running:
            app.running = True
    app.run_frames(3)
    assert {"PinPopup", "CoverScreen"} <= screens, screens
