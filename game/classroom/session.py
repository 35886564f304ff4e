"""A classroom session around a game: teams, the discussion timer, facilitator controls and their log.

Pure Python, no pygame: the desktop front end drives it, saves keep it in the
save file's `session` block, and the report reads its log. Every facilitator
action goes through `Facilitator`, which records it in the session log.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import hmac
import secrets
from dataclasses import asdict, dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from game.engine.game import Game, IllegalMove
from game.engine.undo import undo_last_round


@dataclass
class LogEntry:
    at: str  # ISO time, UTC
    round: str | None
    action: str
    detail: str = ""


@dataclass
class Timer:
    """A per-round discussion countdown. `seconds` 0 means no timer."""

    seconds: int = 0
    remaining: float = 0.0
    paused: bool = False

    @property
    def active(self) -> bool:
        return self.seconds > 0

    @property
    def expired(self) -> bool:
        return self.active and self.remaining <= 0

    def restart(self) -> None:
        self.remaining = float(self.seconds)
        self.paused = False

    def tick(self, dt: float) -> None:
        if self.active and not self.paused:
            self.remaining = max(0.0, self.remaining - dt)

    def extend(self, seconds: int) -> None:
        self.remaining += seconds

    def text(self) -> str:
        whole = int(round(self.remaining))
        return f"{whole // 60}:{whole % 60:02d}"


@dataclass
class Session:
    teams: dict[str, str] = field(default_factory=dict)  # role id -> team name
    pin: str = ""  # empty: no PIN; otherwise kept only as a salted hash (see _hash_pin), never in clear
    timer: Timer = field(default_factory=Timer)
    meters_visible: bool = True
    paused: bool = False
    debrief_early: bool = False  # the facilitator skipped to the debrief before an ending
    log: list[LogEntry] = field(default_factory=list)

    def __post_init__(self) -> None:
        # A PIN given in clear (from the set-up screen) is hashed at once, so saves never hold it.
        if self.pin and not self.pin.startswith(_PIN_PREFIX):
            self.pin = _hash_pin(self.pin, secrets.token_hex(8))

    def record(self, action: str, detail: str = "", round_id: str | None = None) -> None:
        now = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
        self.log.append(LogEntry(now, round_id, action, detail))

    def check_pin(self, attempt: str) -> bool:
        if not self.pin:
            return True
        salt = self.pin.split("$")[1]
        return hmac.compare_digest(self.pin, _hash_pin(attempt, salt))

    def team_of(self, role: str) -> str:
        return self.teams.get(role, "")

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Session":
        """Read the save file's session block strictly; a damaged block raises ValueError."""
        try:
            raw = _SessionModel.model_validate(data)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            raise ValueError(f"session.{'.'.join(str(p) for p in first['loc'])}: {first['msg']}") from None
        return cls(
            teams=dict(raw.teams),
            pin=raw.pin,
            timer=Timer(**raw.timer.model_dump()),
            meters_visible=raw.meters_visible,
            paused=raw.paused,
            debrief_early=raw.debrief_early,
            log=[LogEntry(**e.model_dump()) for e in raw.log],
        )


_PIN_PREFIX = "sha256$"


def _hash_pin(pin: str, salt: str) -> str:
    return f"{_PIN_PREFIX}{salt}${hashlib.sha256((salt + pin).encode()).hexdigest()}"


class _M(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True)


class _TimerModel(_M):
    seconds: int = 0
    remaining: float = 0.0
    paused: bool = False


class _LogModel(_M):
    at: str
    round: str | None = None
    action: str
    detail: str = ""


class _SessionModel(_M):
    teams: dict[str, str] = {}
    pin: str = ""
    timer: _TimerModel = _TimerModel()
    meters_visible: bool = True
    paused: bool = False
    debrief_early: bool = False
    log: list[_LogModel] = []


class Facilitator:
    """The instructor's controls. Each one changes the game or session and is logged."""

    def __init__(self, game: Game, session: Session) -> None:
        self.game = game
        self.session = session

    def _round_id(self) -> str | None:
        # After the ending there is no current round: log against the last one played.
        if self.game.round:
            return self.game.round.id
        return self.game.history[-1].round if self.game.history else None

    def toggle_pause(self) -> bool:
        s = self.session
        s.paused = not s.paused
        s.timer.paused = s.paused
        s.record("pause" if s.paused else "resume", "", self._round_id())
        return s.paused

    def extend_timer(self, seconds: int = 60) -> None:
        self.session.timer.extend(seconds)
        self.session.record("extend timer", f"+{seconds} s", self._round_id())

    def fire_event(self, event_id: str) -> str:
        news = self.game.fire_event(event_id)
        self.session.record("fire event", f"{event_id}: {news.headline}", self._round_id())
        return news.headline

    def undo_round(self) -> Game:
        """Returns the rebuilt game: the caller replaces its game with it."""
        before = self.game.round_number
        self.game = undo_last_round(self.game)
        self.session.record("undo round", f"from round {before} back to round {self.game.round_number}", self._round_id())
        return self.game

    def skip_to_debrief(self) -> None:
        if self.game.ended:
            raise IllegalMove("the game has already ended")
        self.session.debrief_early = True
        self.session.record("skip to debrief", f"after {self.game.round_number} round(s)", self._round_id())

    def toggle_meters(self) -> bool:
        s = self.session
        s.meters_visible = not s.meters_visible
        s.record("show meters" if s.meters_visible else "hide meters", "", self._round_id())
        return s.meters_visible
