"""What the debrief shows, as plain data: the debrief screen and the exported report both read it.

For each round played: what every role chose (and who played it), beside what
really happened at that point with its quoted sources; then the meters across
the rounds, each human role's objectives, and the discussion questions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.engine.game import Game
from game.scenario.models import Ending, Position

from .session import LogEntry, Session


@dataclass
class ChoiceLine:
    role: str
    actor: str
    team: str
    choice_id: str
    choice: str
    tone: str
    by_computer: bool
    historical: bool  # the choice marked as what this actor really did
    reason: str


@dataclass
class RoundLine:
    number: int
    round_id: str
    title: str
    when: str
    place: str
    choices: list[ChoiceLine]
    headlines: list[str]
    news: list[str]
    what_happened: str
    sources: list[Position]
    questions: list[str]
    meters_before: dict[str, int]
    meters_after: dict[str, int]


@dataclass
class Debrief:
    scenario_title: str
    scenario_id: str
    period: str
    ending: Ending | None
    ended_early: bool
    rounds: list[RoundLine]
    meter_labels: dict[str, str]
    series: dict[str, list[int]]
    objectives: dict[str, list[tuple[str, bool]]]  # actor name -> [(objective, met)]
    questions: list[str]
    players: list[tuple[str, str, str]]  # (actor name, team, "person" / "computer")
    log: list[LogEntry] = field(default_factory=list)


def rounds_played(n: int) -> str:
    return f"{n} round played" if n == 1 else f"{n} rounds played"


def build_debrief(game: Game, session: Session | None = None) -> Debrief:
    s = game.scenario
    session = session or Session()

    def actor_name(role: str) -> str:
        return s.actor(s.role(role).actor).name

    rounds: list[RoundLine] = []
    # A round counts once its choices are revealed; one stopped mid-decision is left out.
    for number, rec in enumerate((r for r in game.history if r.decisions), 1):
        rnd = s.round(rec.round)
        choices = []
        for d in rec.decisions:
            c = s.choice(d.choice)
            choices.append(
                ChoiceLine(d.role, actor_name(d.role), session.team_of(d.role), c.id, c.label, c.tone, d.by_computer, c.historical, d.reason)
            )
        rounds.append(
            RoundLine(
                number=number,
                round_id=rnd.id,
                title=rnd.title,
                when=rnd.when,
                place=s.place(rnd.place).name,
                choices=choices,
                headlines=list(rec.headlines),
                news=[n.headline for n in rec.news],
                what_happened=rnd.what_happened or "",
                sources=[p for p in rnd.positions if p.quote is not None],
                questions=list(rnd.questions),
                meters_before=dict(rec.meters_before),
                meters_after=dict(rec.meters_after or game.meters),
            )
        )
    questions = list(game.ending.questions if game.ending else []) + list(s.questions)
    players = [
        (actor_name(r.id), session.team_of(r.id), "person" if game.is_human(r.id) else "computer") for r in s.roles if r.playable
    ]
    return Debrief(
        scenario_title=s.title,
        scenario_id=s.id,
        period=s.period,
        ending=game.ending,
        ended_early=session.debrief_early and not game.ended,
        rounds=rounds,
        meter_labels={m.id: m.label for m in s.meters},
        series=game.meter_series(),
        objectives={actor_name(r): game.objectives_met(r) for r in game.settings.humans},
        questions=questions,
        players=players,
        log=list(session.log),
    )
