"""Session reports: Markdown, self-contained HTML (chart embedded as SVG), and a gradable decision log."""

from __future__ import annotations

import csv
import html
import io
import json
from pathlib import Path
from typing import Any

from .debrief import Debrief, rounds_played

PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b"]


def decision_rows(d: Debrief) -> list[dict[str, Any]]:
    """One row per role per round: what a teacher grades from."""
    rows = []
    for r in d.rounds:
        for c in r.choices:
            rows.append(
                {
                    "round": r.number,
                    "round_id": r.round_id,
                    "round_title": r.title,
                    "date": r.when,
                    "actor": c.actor,
                    "role": c.role,
                    "team": c.team,
                    "played_by": "computer" if c.by_computer else "person",
                    "choice_id": c.choice_id,
                    "choice": c.choice,
                    "tone": c.tone,
                    "as_in_history": "yes" if c.historical else "no",
                    "reason": c.reason,
                }
            )
    return rows


def to_csv(d: Debrief) -> str:
    rows = decision_rows(d)
    out = io.StringIO()
    fields = list(rows[0].keys()) if rows else ["round", "actor", "choice"]
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def to_json(d: Debrief) -> str:
    data = {
        "scenario": {"id": d.scenario_id, "title": d.scenario_title, "period": d.period},
        "ending": {"id": d.ending.id, "title": d.ending.title} if d.ending else None,
        "ended_early": d.ended_early,
        "players": [{"actor": a, "team": t, "played_by": p} for a, t, p in d.players],
        "decisions": decision_rows(d),
        "meters": {d.meter_labels[k]: v for k, v in d.series.items()},
        "objectives": {actor: [{"objective": t, "met": ok} for t, ok in objs] for actor, objs in d.objectives.items()},
        "facilitator_log": [vars(e) for e in d.log],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _ending_lines(d: Debrief) -> tuple[str, str, str]:
    if d.ending is not None:
        return d.ending.title, d.ending.epilogue.strip(), d.ending.what_happened.strip()
    if d.ended_early:
        return "Ended early", f"The facilitator ended the session before an ending ({rounds_played(len(d.rounds))}).", ""
    return "Not finished", f"The game was saved before an ending ({rounds_played(len(d.rounds))}).", ""


def to_markdown(d: Debrief) -> str:
    out = [f"# {d.scenario_title}: session report", "", f"*{d.period}*", ""]
    out += ["## Players", ""] + [f"- **{_md(a)}**" + (f" ({_md(t)})" if t else "") + f": {p}" for a, t, p in d.players] + [""]
    title, epilogue, actual = _ending_lines(d)
    out += [f"## Ending: {title}", "", epilogue, ""]
    if actual:
        out += ["**What actually happened:** " + actual, ""]
    out += ["## Rounds", ""]
    for r in d.rounds:
        out += [f"### {r.number}. {r.title} — {r.when}, {r.place}", ""]
        out += ["| Actor | Team | Choice | Played by | As in history |", "|---|---|---|---|---|"]
        for c in r.choices:
            out.append(f"| {_md(c.actor)} | {_md(c.team)} | {_md(c.choice)} | {'computer' if c.by_computer else 'person'} | {'yes' if c.historical else 'no'} |")
        out.append("")
        for c in r.choices:
            if c.reason:
                out.append(f"- {c.actor}'s reason: {_md(c.reason)}")
        for h in r.news + r.headlines:
            out.append(f"- Headline: “{_md(h)}”")
        if r.what_happened:
            out += ["", f"**What really happened:** {_md(r.what_happened.strip())}"]
        for p in r.sources:
            out.append(f"> “{_md(' '.join((p.quote or '').split()))}” — {p.speaker} ({p.source})")
            out.append(">")
        if r.questions:
            out += ["", "Questions:"] + [f"- {_md(q)}" for q in r.questions]
        out.append("")
    out += ["## Meters", "", "| Meter | Start | " + " | ".join(f"R{r.number}" for r in d.rounds) + " |"]
    out.append("|---|" + "---|" * (len(d.rounds) + 1))
    for key, values in d.series.items():
        out.append(f"| {d.meter_labels[key]} | " + " | ".join(str(v) for v in values) + " |")
    out.append("")
    if d.objectives:
        out += ["## Objectives", ""]
        for actor, objs in d.objectives.items():
            out += [f"**{actor}**", ""] + [f"- [{'x' if ok else ' '}] {_md(t)}" for t, ok in objs] + [""]
    if d.questions:
        out += ["## For discussion", ""] + [f"- {_md(q)}" for q in d.questions] + [""]
    if d.log:
        out += ["## Facilitator log", ""] + [f"- {e.at} {e.round or ''} {e.action} {e.detail}".rstrip() for e in d.log] + [""]
    return "\n".join(out)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def svg_chart(d: Debrief, width: int = 720, height: int = 300) -> str:
    """A line chart of every meter across the rounds, as inline SVG."""
    pad_l, pad_r, pad_t, pad_b = 40, 180, 16, 30
    points = max((len(v) for v in d.series.values()), default=1)
    plot_w, plot_h = width - pad_l - pad_r, height - pad_t - pad_b

    def x(i: int) -> float:
        return pad_l + (plot_w * i / max(points - 1, 1))

    def y(v: int) -> float:
        return pad_t + plot_h * (1 - v / 100)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" aria-label="Meters across the rounds">']
    for v in (0, 25, 50, 75, 100):
        parts.append(f'<line x1="{pad_l}" y1="{y(v):.1f}" x2="{pad_l + plot_w}" y2="{y(v):.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{pad_l - 6}" y="{y(v) + 4:.1f}" font-size="11" text-anchor="end">{v}</text>')
    for i in range(points):
        label = "Start" if i == 0 else f"R{i}"
        parts.append(f'<text x="{x(i):.1f}" y="{height - 10}" font-size="11" text-anchor="middle">{label}</text>')
    for n, (key, values) in enumerate(d.series.items()):
        colour = PALETTE[n % len(PALETTE)]
        pts = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" points="{pts}"/>')
        parts.append(f'<text x="{pad_l + plot_w + 10}" y="{pad_t + 16 + 18 * n}" font-size="12" fill="{colour}">■ {html.escape(d.meter_labels[key])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def to_html(d: Debrief) -> str:
    e = html.escape
    title, epilogue, actual = _ending_lines(d)
    body = [f"<h1>{e(d.scenario_title)}: session report</h1>", f"<p><em>{e(d.period)}</em></p>"]
    body.append("<h2>Players</h2><ul>" + "".join(f"<li><b>{e(a)}</b>{(' (' + e(t) + ')') if t else ''}: {p}</li>" for a, t, p in d.players) + "</ul>")
    body.append(f"<h2>Ending: {e(title)}</h2><p>{e(epilogue)}</p>")
    if actual:
        body.append(f"<p><b>What actually happened:</b> {e(actual)}</p>")
    body.append("<h2>Meters across the rounds</h2>" + svg_chart(d))
    body.append("<h2>Rounds</h2>")
    for r in d.rounds:
        body.append(f"<h3>{r.number}. {e(r.title)} — {e(r.when)}, {e(r.place)}</h3>")
        body.append("<table><tr><th>Actor</th><th>Team</th><th>Choice</th><th>Played by</th><th>As in history</th><th>Reason</th></tr>")
        for c in r.choices:
            body.append(
                f"<tr><td>{e(c.actor)}</td><td>{e(c.team)}</td><td>{e(c.choice)}</td><td>{'computer' if c.by_computer else 'person'}</td>"
                f"<td>{'yes' if c.historical else 'no'}</td><td>{e(c.reason)}</td></tr>"
            )
        body.append("</table>")
        if r.news or r.headlines:
            body.append("<ul>" + "".join(f"<li>“{e(h)}”</li>" for h in r.news + r.headlines) + "</ul>")
        if r.what_happened:
            body.append(f"<p><b>What really happened:</b> {e(r.what_happened.strip())}</p>")
        for p in r.sources:
            body.append(f"<blockquote>“{e(' '.join((p.quote or '').split()))}”<br><small>— {e(p.speaker or '')} ({e(p.source or '')})</small></blockquote>")
        if r.questions:
            body.append("<p>Questions:</p><ul>" + "".join(f"<li>{e(q)}</li>" for q in r.questions) + "</ul>")
    if d.objectives:
        body.append("<h2>Objectives</h2>")
        for actor, objs in d.objectives.items():
            body.append(f"<p><b>{e(actor)}</b></p><ul>" + "".join(f"<li>{'✔' if ok else '✘'} {e(t)}</li>" for t, ok in objs) + "</ul>")
    if d.questions:
        body.append("<h2>For discussion</h2><ul>" + "".join(f"<li>{e(q)}</li>" for q in d.questions) + "</ul>")
    if d.log:
        body.append("<h2>Facilitator log</h2><ul>" + "".join(f"<li>{e(x.at)} {e(x.round or '')} {e(x.action)} {e(x.detail)}</li>" for x in d.log) + "</ul>")
    style = (
        "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45}"
        "table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}"
        "blockquote{border-left:4px solid #888;margin:.5rem 0;padding:.2rem .8rem;color:#333}"
    )
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{e(d.scenario_title)}: session report</title>'
        f"<style>{style}</style></head><body>{''.join(body)}</body></html>\n"
    )


RENDERERS = {"md": to_markdown, "html": to_html, "csv": to_csv, "json": to_json}


def write_report(d: Debrief, path: Path | str, fmt: str) -> list[Path]:
    """Write the report; a Markdown or HTML report gets its decision log as CSV beside it. Returns the files written."""

    from game.engine.save import write_atomic

    target = Path(path)
    write_atomic(target, RENDERERS[fmt](d))
    written = [target]
    if fmt in ("md", "html"):
        log = target.with_name(target.stem + "-decisions.csv")
        write_atomic(log, to_csv(d))
        written.append(log)
    return written
