"""The records a game keeps: what landed, who chose what, how the meters moved."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class News:
    """Something that landed at a round's briefing: a delayed effect or an inject event."""

    kind: str  # "later" (a delayed effect of an earlier choice) or "event"
    headline: str
    origin: str  # the choice id or event id it came from
    meter_changes: dict[str, int] = field(default_factory=dict)


@dataclass
class Decision:
    role: str
    choice: str
    by_computer: bool
    reason: str = ""  # a computer actor's one-line reason


@dataclass
class RoundRecord:
    round: str
    meters_before: dict[str, int]
    news: list[News] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    headlines: list[str] = field(default_factory=list)
    meters_after: dict[str, int] = field(default_factory=dict)

    def choice_of(self, role: str) -> str | None:
        return next((d.choice for d in self.decisions if d.role == role), None)


@dataclass
class Pending:
    """A delayed effect waiting for its round."""

    due: int  # the round number (1-based count of rounds played) at whose briefing it lands
    choice: str
    index: int  # which `later` entry of that choice
