"""The in-game menu (Esc): resume, save to a slot, load, settings, the facilitator controls,
reload the scenario from disk, quit to the title."""

from __future__ import annotations

import pygame
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIPanel

from game.ui.widgets.popup import Popup, dim_layer


class MenuPopup(Popup):
    pauses_discussion = True  # the class timer stops while this is open

    def __init__(self, app) -> None:
        super().__init__(app, "Menu", "", [])

    def compose(self, root, area: pygame.Rect) -> None:
        u = self.u
        entries = [
            ("Resume", None),
            ("Save to a slot", lambda: self.app.open_slots("save")),
            ("Load a saved game", lambda: self.app.open_slots("load")),
            ("Settings", self.app.open_settings),
            ("Facilitator (F2)", self.facilitator),
            ("Reload the scenario (F5)", self.reload),
            ("Quit to title", self.app.go_title),
        ]
        bw, bh, gap, pad = u(420), u(54), u(12), u(22)
        h = pad * 2 + u(50) + len(entries) * (bh + gap)
        box = pygame.Rect(0, 0, min(bw + 2 * pad, area.width - u(20)), min(h, area.height - u(20)))
        box.center = area.center
        dim_layer(self, root, area)
        self.card = box
        card = UIPanel(box, manager=self.ui, container=root, object_id=ObjectID(object_id="#popup"))
        self.label("Menu", pygame.Rect(pad, pad // 2, box.width - 2 * pad, u(44)), container=card, object_id="#heading")
        y = pad // 2 + u(54)
        for i, (text, action) in enumerate(entries):
            self.button(text, pygame.Rect(pad, y, box.width - 2 * pad, bh), self._runner(action), container=card,
                        object_id="#primary" if i == 0 else None, focus=i == 0)
            y += bh + gap

    def facilitator(self) -> None:
        self.close()
        self.app.open_facilitator()

    def reload(self) -> None:
        """For scenario authors: the file read again from disk, and the round restarted on it."""
        self.close()
        self.app.reload_scenario()

    def on_back(self) -> None:
        self.close()

    def on_key(self, event: pygame.event.Event) -> bool:
        return False
