"""Thin functions that turn engine state into terminal text. They only read the game."""

from __future__ import annotations

import shutil
import textwrap

from game.engine.game import Game
from game.engine.state import RoundRecord
from game.scenario.models import Choice, Meter, Position, Round, Scenario


def width() -> int:
    return max(50, min(100, shutil.get_terminal_size((88, 24)).columns - 2))


def wrap(text: str, indent: str = "") -> str:
    paras = [p for p in text.strip().split("\n\n")]
    return "\n\n".join(
        textwrap.fill(" ".join(p.split()), width(), initial_indent=indent, subsequent_indent=indent) for p in paras
    )


def rule(title: str = "") -> str:
    w = width()
    if not title:
        return "─" * w
    return f"── {title} " + "─" * max(3, w - len(title) - 4)


def title_screen(s: Scenario) -> str:
    return "\n".join([rule(), s.title.upper(), s.period, "", wrap(s.summary), rule()])


def role_brief(game: Game, role_id: str) -> str:
    role = game.scenario.role(role_id)
    actor = game.scenario.actor(role.actor)
    lines = [rule(f"Confidential brief: {actor.name}"), wrap(role.brief)]
    if role.objectives:
        lines.append("Objectives:")
        lines += [wrap(f"• {o.text}", "  ") for o in role.objectives]
    return "\n".join(lines)


def position(pos: Position, s: Scenario, number: int | None = None) -> str:
    actor = s.actor(pos.actor).name
    tag = f"[{number}] " if number is not None else ""
    if pos.quote is not None:
        body = f"{tag}{actor} — “{' '.join(pos.quote.split())}”"
        cite = f"— {pos.speaker} ({pos.source})"
    else:
        body = f"{tag}{actor} (paraphrase) — {' '.join((pos.paraphrase or '').split())}"
        cite = f"({pos.source})" if pos.source else ""
    out = wrap(body, "  ")
    if cite:
        out += "\n" + wrap(cite, "      ")
    return out


def briefing(game: Game) -> str:
    rnd = game.round
    assert rnd is not None
    s = game.scenario
    out = [
        "",
        rule(f"Round {game.round_number}: {rnd.title}"),
        f"{rnd.when} · {s.place(rnd.place).name}",
        "",
        wrap(rnd.briefing),
    ]
    rec = game.record
    if rec and rec.news:
        out += ["", "News since the last round:"]
        for item in rec.news:
            out.append(wrap(f"• {item.headline}{_changes(s, item.meter_changes)}", "  "))
    if rnd.context:
        out += ["", wrap(f"Context (not from the source texts): {rnd.context}")]
    if rnd.positions:
        out += ["", "Positions:"]
        out += [position(p, s, i) for i, p in enumerate(rnd.positions, 1)]
    out += ["", meters(game)]
    return "\n".join(out)


def choices(game: Game, role_id: str, legal: list[Choice], previews: dict[str, dict[str, int]] | None = None) -> str:
    actor = game.scenario.actor(game.scenario.role(role_id).actor)
    out = [rule(f"{actor.name}: your move")]
    for i, c in enumerate(legal, 1):
        mark = "  ⚠ escalation" if c.tone == "escalate" else ""
        out.append(f"  {i}. {c.label}{mark}")
        out.append(wrap(c.description, "     "))
        if previews is not None:
            out.append(wrap(f"effect now:{_changes(game.scenario, previews[c.id]) or ' (no meter moves)'}", "     "))
    return "\n".join(out)


def resolution(game: Game) -> str:
    rec = game.record
    assert rec is not None
    s = game.scenario
    out = ["", rule("What everyone did")]
    for d in rec.decisions:
        actor = s.actor(s.role(d.role).actor).name
        # A computer actor's reason starts with its choice and cites the words behind it.
        said = d.reason if d.by_computer and d.reason else s.choice(d.choice).label
        who = " (computer)" if d.by_computer else ""
        out.append(wrap(f"• {actor}{who}: {said}", "  "))
    return "\n".join(out)


def consequences(game: Game) -> str:
    rec = game.record
    assert rec is not None
    s = game.scenario
    out = []
    if rec.headlines:
        out += ["", "Headlines:"] + [wrap(f"“{h}”", "  ") for h in rec.headlines]
    out += ["", meters(game, rec)]
    return "\n".join(out)


def _bar(m: Meter, value: int, size: int = 20) -> str:
    filled = round(size * (value - m.min) / (m.max - m.min))
    return "█" * filled + "░" * (size - filled)


def meters(game: Game, rec: RoundRecord | None = None) -> str:
    out = ["Meters:"]
    pad = max(len(m.label) for m in game.scenario.meters)
    for m in game.scenario.meters:
        value = game.meters[m.id]
        delta = ""
        if rec is not None:
            d = value - rec.meters_before[m.id]
            if d:
                delta = f"  ({d:+d})"
        out.append(f"  {m.label:<{pad}} {_bar(m, value)} {value:>3}{delta}")
    return "\n".join(out)


def _changes(s: Scenario, changes: dict[str, int]) -> str:
    moved = [f"{s.meter(k).label} {v:+d}" for k, v in changes.items() if v]
    return f" ({', '.join(moved)})" if moved else ""


def ending(game: Game) -> str:
    e = game.ending
    assert e is not None
    out = ["", rule("The end"), e.title.upper(), "", wrap(e.epilogue), "", "What actually happened:", wrap(e.what_happened, "  ")]
    out += ["", meters(game)]
    out += ["", "Meters across the rounds:"]
    pad = max(len(m.label) for m in game.scenario.meters)
    series = game.meter_series()
    for m in game.scenario.meters:
        out.append(f"  {m.label:<{pad}} " + " → ".join(str(v) for v in series[m.id]))
    for role in game.settings.humans:
        name = game.scenario.actor(game.scenario.role(role).actor).name
        met = game.objectives_met(role)
        if met:
            out += ["", f"{name}'s objectives:"] + [wrap(f"{'✔' if ok else '✘'} {text}", "  ") for text, ok in met]
    if e.questions:
        out += ["", "For discussion:"] + [wrap(f"• {q}", "  ") for q in e.questions]
    return "\n".join(out)


def source_passage(pos: Position) -> str:
    text = pos.passage or pos.quote or pos.paraphrase or ""
    return "\n".join([rule(f"Source: {pos.source or 'none'}"), wrap(text, "  "), rule()])


def round_header(rnd: Round) -> str:
    return f"{rnd.title} ({rnd.when})"
