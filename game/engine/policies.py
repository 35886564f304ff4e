"""How computer-controlled roles choose, and the one-line reason they give.

A policy scores each legal choice against the actor's interests (from the
scenario), its red lines, and the style of play, then picks the best (ties and
near-ties broken by the game's seeded random generator). The reason cites the
position (quote and source) behind the choice, so the actor explains itself in
the texts' own words.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Protocol

from game.scenario.models import Choice, Position

if TYPE_CHECKING:
    from .game import Game


class Policy(Protocol):
    name: str

    def choose(self, game: "Game", role: str, legal: list[Choice], rng: random.Random) -> tuple[Choice, str]: ...


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def reason_for(game: "Game", role: str, choice: Choice, because: str = "") -> str:
    """'Refuse the offer — “quote” — Speaker, source.txt' (or the paraphrase, marked).

    Front ends put the actor's name before it."""
    head = choice.label
    if because:
        head += f" ({because})"
    pos = _cited_position(game, role, choice)
    if pos is None:
        return head
    if pos.quote is not None:
        return f"{head} — “{_short(pos.quote)}” — {pos.speaker}, {pos.source}"
    return f"{head} — paraphrase: {_short(pos.paraphrase or '')}" + (f" ({pos.source})" if pos.source else "")


def _cited_position(game: "Game", role: str, choice: Choice) -> Position | None:
    positions = game.scenario.positions()
    if choice.cites and choice.cites in positions:
        return positions[choice.cites]
    actor = game.scenario.actor(game.scenario.role(role).actor)
    for interest in sorted(actor.interests, key=lambda i: -i.weight):
        if interest.cites and interest.cites in positions:
            return positions[interest.cites]
    return None


class RandomPolicy:
    """Any legal choice, uniformly: what `simulate --policy random` uses to explore a scenario."""

    name = "random"

    def choose(self, game: "Game", role: str, legal: list[Choice], rng: random.Random) -> tuple[Choice, str]:
        choice = rng.choice(legal)
        return choice, reason_for(game, role, choice, "at random")


class ScoringPolicy:
    """Scores choices by the actor's interests and red lines, plus a style-specific term."""

    name = "scoring"
    historical_weight = 0.0
    reciprocity_weight = 0.0
    noise = 0.75

    def choose(self, game: "Game", role: str, legal: list[Choice], rng: random.Random) -> tuple[Choice, str]:
        scored = [(self.score(game, role, c) + rng.uniform(0, self.noise), i, c) for i, c in enumerate(legal)]
        scored.sort(key=lambda t: (-t[0], t[1]))
        best = scored[0][2]
        return best, reason_for(game, role, best, self.because(game, role, best))

    def score(self, game: "Game", role: str, choice: Choice) -> float:
        actor = game.scenario.actor(game.scenario.role(role).actor)
        total = 0.0
        effects = choice.effects
        for interest in actor.interests:
            delta = effects.meters.get(interest.meter, 0) + 0.5 * sum(l.meters.get(interest.meter, 0) for l in effects.later)
            sign = 1 if interest.prefer == "high" else -1
            total += interest.weight * sign * delta / 10
        crossed = set(effects.set) & set(actor.red_lines)
        total -= 5 * game.settings.firmness * len(crossed)
        # A red line someone else already crossed makes this actor answer firmly.
        if set(actor.red_lines) & game.flags and choice.tone == "cooperate":
            total -= 1.5 * game.settings.firmness
        total += self.historical_weight * (1 if choice.historical else 0)
        total += self.reciprocity_weight * self._reciprocity(game, role, choice)
        return total

    def _reciprocity(self, game: "Game", role: str, choice: Choice) -> float:
        """Tit-for-tat on tone: answer the other sides' last moves in kind."""
        if len(game.history) < 2:
            return 0.0
        last = game.history[-2]
        others = [game.scenario.choice(d.choice).tone for d in last.decisions if d.role != role]
        if not others:
            return 0.0
        mood = sum({"cooperate": 1, "hold": 0, "escalate": -1}[t] for t in others) / len(others)
        mine = {"cooperate": 1, "hold": 0, "escalate": -1}[choice.tone]
        if mood < 0:  # answer escalation: never reward it with concessions
            return 1.0 if mine <= 0 else -1.0
        return mood * mine

    def because(self, game: "Game", role: str, choice: Choice) -> str:
        actor = game.scenario.actor(game.scenario.role(role).actor)
        if set(actor.red_lines) & game.flags and choice.tone != "cooperate":
            return "a red line was crossed"
        return ""


class HistoricalPolicy(ScoringPolicy):
    """Leans strongly to what the actor really did."""

    name = "historical"
    historical_weight = 6.0
    noise = 0.25


class AdaptivePolicy(ScoringPolicy):
    """Reciprocates cooperation and answers escalation; remembers what it really did only faintly."""

    name = "adaptive"
    historical_weight = 1.0
    reciprocity_weight = 2.5

    def because(self, game: "Game", role: str, choice: Choice) -> str:
        base = super().because(game, role, choice)
        if base:
            return base
        recip = self._reciprocity(game, role, choice)
        if recip > 0 and choice.tone == "cooperate":
            return "answering cooperation in kind"
        if recip > 0:
            return "answering escalation"
        return ""


POLICIES: dict[str, type] = {"random": RandomPolicy, "historical": HistoricalPolicy, "adaptive": AdaptivePolicy}


def policy_named(name: str) -> Policy:
    try:
        return POLICIES[name]()
    except KeyError:
        raise ValueError(f"unknown policy '{name}'; choose one of: {', '.join(POLICIES)}") from None
