"""Diagrams of a scenario: rounds, the ways between them, and the endings.

The diagram is built from the scenario itself, not from a live game: one state
per round and per ending, plus a "game ends" state where the endings are tried in
order, and one transition per `next:` entry, labelled with its condition in plain
words. `transitions`' GraphMachine draws it as Mermaid; the Graphviz dot text is
written here from the same machine's markup, because transitions' graphviz
backend needs the `graphviz` package, which the game does not depend on.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from transitions import State
from transitions.extensions.diagrams import GraphMachine

from game.scenario.models import Scenario

from . import words
from .lint import Analysis

GAME_ENDS = "game_ends"


class _LabelledState(State):
    """A state with a label to show instead of its name (the markup keeps `label`)."""

    def __init__(self, *args: Any, label: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label = label


class ScenarioDiagram(GraphMachine):
    state_cls = _LabelledState


class _Model:
    """The machine needs a model to draw; nothing ever runs on it."""


def _clean(text: str) -> str:
    # Mermaid labels break on double quotes, semicolons and line breaks.
    return " ".join(text.replace('"', "'").replace(";", ",").split())


def round_state(round_id: str) -> str:
    return f"round_{round_id}"


def ending_state(ending_id: str) -> str:
    return f"ending_{ending_id}"


def build(s: Scenario) -> tuple[ScenarioDiagram, _Model]:
    """A diagram machine for the scenario (states and labelled transitions, no behaviour)."""
    a = Analysis(s)
    states: list[dict[str, Any]] = []
    transitions: list[dict[str, Any]] = []
    for rnd in s.rounds:
        note = "" if rnd.id in a.reachable else " (unreachable)"
        states.append({"name": round_state(rnd.id), "label": _clean(f"{rnd.title} ({rnd.when}){note}")})
    round_ids = {r.id for r in s.rounds}
    ends = False
    for rnd in s.rounds:
        exits = s.exits(rnd)
        taken = {i for i, _ in a.open_exits(rnd)}
        for i, nxt in enumerate(exits):
            if nxt.when is not None:
                label = "if " + words.condition(nxt.when)
            elif not rnd.next:
                label = "next"
            else:
                label = "otherwise" if i > 0 else "always"
            if i not in taken:
                label += " (never taken)"
            if nxt.end:
                dest, ends = GAME_ENDS, True
            elif nxt.round in round_ids:
                dest = round_state(nxt.round)
            else:
                continue  # an unknown round: the validator reports it
            transitions.append({"trigger": "advance", "source": round_state(rnd.id), "dest": dest, "label": _clean(label)})
    if ends:
        states.append({"name": GAME_ENDS, "label": "The game ends (endings are tried in order)"})
    for n, ending in enumerate(s.endings, 1):
        states.append({"name": ending_state(ending.id), "label": _clean(f"Ending: {ending.title}"), "final": True})
        if ends:
            cond = "if " + words.condition(ending.when) if ending.when is not None else "otherwise"
            transitions.append({"trigger": "end", "source": GAME_ENDS, "dest": ending_state(ending.id), "label": _clean(f"{n}. {cond}")})
    model = _Model()
    machine = ScenarioDiagram(
        model=model,
        states=states,
        transitions=transitions,
        initial=round_state(s.rounds[0].id),
        auto_transitions=False,
        graph_engine="mermaid",
        title="title: " + json.dumps(_clean(s.title), ensure_ascii=False),  # Mermaid front matter is YAML
    )
    return machine, model


def mermaid(s: Scenario) -> str:
    machine, model = build(s)
    machine.model_graphs[id(model)].reset_styling()  # no "current state": this is the whole scenario
    source = model.get_graph().source  # type: ignore[attr-defined]  # bound by GraphMachine
    finals = [f"  {st['name']} --> [*]" for st in machine.get_markup_config()["states"] if st.get("final")]
    return source.rstrip("\n") + "\n" + "\n".join(finals) + "\n"


def dot(s: Scenario) -> str:
    """Graphviz dot text of the same machine (its markup: states, labels, transitions)."""
    machine, _ = build(s)
    markup = machine.get_markup_config()

    def q(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [
        f"digraph {q(s.title)} {{",
        "  rankdir=LR;",
        f"  label={q(s.title)}; labelloc=t;",
        '  node [shape=box, style="rounded,filled", fillcolor=white, fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
        "  __start [shape=point, label=\"\"];",
        f"  __start -> {q(markup['initial'])};",
    ]
    for st in markup["states"]:
        extra = ", peripheries=2" if st.get("final") else (", shape=diamond" if st["name"] == GAME_ENDS else "")
        lines.append(f"  {q(st['name'])} [label={q(st.get('label') or st['name'])}{extra}];")
    labels: dict[tuple[str, str], list[str]] = defaultdict(list)
    for t in markup["transitions"]:
        labels[(t["source"], t["dest"])].append(t.get("label", t["trigger"]))
    for (src, dst), texts in labels.items():
        lines.append(f"  {q(src)} -> {q(dst)} [label={q(' | '.join(texts))}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
