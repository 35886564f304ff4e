"""Save slots: save the current game to a slot, or load the autosave or a slot."""

from __future__ import annotations

import pygame

from game.ui import saves, textfit
from game.ui.screens.base import Screen


class SlotsScreen(Screen):
    pauses_discussion = True  # the class timer stops while this is open

    def __init__(self, app, mode: str) -> None:
        super().__init__(app)
        self.mode = mode  # "save" or "load"

    def compose(self, root, area: pygame.Rect) -> None:
        u, m = self.u, self.margin()
        saving = self.mode == "save"
        top = self.header(area, "Save the game" if saving else "Load a saved game",
                          "Pick a slot; a used slot is overwritten after you confirm." if saving
                          else "The autosave is written after every step of every round.")
        names = saves.slot_names() if saving else [saves.AUTOSAVE, *saves.slot_names()]
        bottom = area.height - self.footer_height()
        bh = min(u(54), (bottom - top) // max(len(names), 1) - u(8))
        gap = u(8)
        y = top
        font = self.theme.font("body")
        first = True
        for name in names:
            info = saves.describe(name)
            text = textfit.ellipsize(font, f"{saves.slot_title(name)} — {info.summary}", area.width - 2 * m - u(40))
            usable = saving or info.exists
            self.button(text, pygame.Rect(m, y, area.width - 2 * m, bh), self._action(info), cls="@list",
                        enabled=usable, focus=usable and first)
            first = first and not usable
            y += bh + gap
        self.footer(area, [("Back", self.app.pop)], [])

    def _action(self, info: saves.SlotInfo):
        def run() -> None:
            if self.mode == "save":
                if info.exists:
                    self.app.popup("Overwrite?", textfit.esc(f"{saves.slot_title(info.slot)} holds: {info.summary}. Replace it with this game?"),
                                   [("Overwrite", lambda: self.app.save_to_slot(info.slot)), ("Cancel", None)], primary=1)
                else:
                    self.app.save_to_slot(info.slot)
            elif info.exists:
                self.app.load_file(info.path)

        return run
