"""How computer-controlled roles choose, and the one-line reason they give.

Every computer actor is driven by the scenario's data:

- its **interests** (meters it wants high or low, with weights) score each legal
  choice by the meter changes the choice would really make now (clamped to the
  meters' ranges), weighted more when the meter stands far from where the actor wants it;
- its **red lines** (flags it will not let stand): it does not set them itself
  (how firmly: `Settings.firmness`), undoes them when it can, and while one
  stands it answers firmly instead of cooperating;
- its current **stance** (supportive … hostile) tilts it toward or away from cooperation;
- the other side's **moves** (roles whose actor has another `side`, people's moves
  counting double): a first escalation is met with firmness, repeated escalation is
  answered in kind, cooperation is returned — but an actor that still has unmet
  objectives pockets repeated concessions and holds out for more, so pure
  appeasement is not rewarded without end.

`Settings.firmness` is the difficulty (0.5 easy, 1 normal, 2 hard): it scales how
hard red lines hold, how firmly escalation is answered, how soon concessions are
pocketed and how warmly cooperation is returned. It applies to the actors on the
other side from the people at the table (their own side keeps 1); with nobody at
the table (simulations) it applies to every actor.

Styles weigh these differently:

- **historical**: while the game has followed history, each actor does what it
  really did (`historical: true`); once someone leaves the historical path the
  actors lean to history but answer what happened instead;
- **adaptive**: answers the other side's moves first, history counts for little;
- **random**: any legal choice (for exploring a scenario with `simulate`).

Near-ties are broken by the game's seeded dice, so the same seed gives the same game.
The reason names what decided the choice (the interest, the red line or the move it
answers) and cites the position (quote and source) behind it, so the actor explains
itself in the texts' own words.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from game.scenario.models import Actor, Choice, Position, Scenario

if TYPE_CHECKING:
    from .game import Game

TONE_VALUE = {"cooperate": 1, "hold": 0, "escalate": -1}
STANCE_VALUE = {"supportive": 1.0, "open": 0.5, "wary": 0.0, "opposed": -0.5, "hostile": -1.0}


class Policy(Protocol):
    name: str

    def choose(self, game: "Game", role: str, legal: list[Choice], rng: random.Random) -> tuple[Choice, str]: ...


# --------------------------------------------------------------------------- reasons


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:—–-") + "…"


def _citation(pos: Position | None) -> str:
    if pos is None:
        return ""
    if pos.quote is not None:
        inner = pos.quote.replace("“", "‘").replace("”", "’")  # quotes within the quote
        return f" — “{_short(inner)}” — {pos.speaker}, {pos.source}"
    return f" — paraphrase: {_short(pos.paraphrase or '')}" + (f" ({pos.source})" if pos.source else "")


def reason_for(game: "Game", role: str, choice: Choice, because: str = "", cites: str | None = None) -> str:
    """'Refuse the offer — why — “quote” — Speaker, source.txt' (or the paraphrase, marked).

    `cites` names a position to prefer when the choice itself cites none (e.g. the
    interest that decided it). Front ends put the actor's name before it."""
    head = choice.label
    if because:
        head += f" — {because}"
    return head + _citation(_cited_position(game, role, choice, cites))


def why_of(reason: str, label: str) -> str:
    """A reason without the choice label it starts with: for front ends that show the label already."""
    if reason.startswith(label):
        return reason[len(label):].lstrip(" —")
    return reason


def _cited_position(game: "Game", role: str, choice: Choice, prefer: str | None = None) -> Position | None:
    """The position behind a choice: its own `cites`, else the deciding interest's, else the actor's
    strongest cited interest, else what the actor says in this round."""
    book = _book(game)
    positions = book.positions
    if choice.cites and choice.cites in positions:
        return positions[choice.cites]  # the author's own pick
    rnd = game.round

    def said_by_now(pos_id: str) -> bool:
        when = book.said_on.get(pos_id)
        return rnd is None or when is None or when <= rnd.date

    if prefer and prefer in positions and said_by_now(prefer):
        return positions[prefer]
    mind = book.minds.get(role)
    if mind is None:
        return None
    for pos_id in mind.cited_interests:
        if said_by_now(pos_id):
            return positions[pos_id]
    if rnd is not None:
        for pos in rnd.positions:
            if pos.actor == mind.actor.id and pos.quote is not None:
                return pos
    return None


# --------------------------------------------------------------------------- per-scenario knowledge


class _Interest:
    """One interest of an actor, ready for scoring. Hashed by identity: it keys its term in a choice's score."""

    __slots__ = ("meter", "sign", "weight", "lo", "hi", "span", "scale", "cites", "words")

    def __init__(self, meter: str, sign: int, weight: float, lo: int, hi: int, cites: str | None, words: str) -> None:
        self.meter, self.sign, self.weight, self.lo, self.hi = meter, sign, weight, lo, hi
        self.span = hi - lo
        self.scale = weight * sign * 10 / self.span  # 10 points of a 0–100 meter are worth the (normalised) weight
        self.cites = cites  # the position this interest comes from
        self.words = words  # "it wants US–Russia trust higher"


class _Mind:
    """What one role's actor wants, precomputed from the scenario."""

    def __init__(self, s: Scenario, role: str, actor: Actor, bounds: dict[str, tuple[int, int]], labels: dict[str, str],
                 positions: dict[str, Position], flag_words: dict[str, str]) -> None:
        self.role = role
        self.actor = actor
        self.side = actor.side
        total = sum(i.weight for i in actor.interests) or 1.0
        self.interests = tuple(
            _Interest(
                i.meter, 1 if i.prefer == "high" else -1, i.weight / total, *bounds[i.meter],
                i.cites if i.cites in positions else None,
                f"it wants {labels[i.meter]} {'higher' if i.prefer == 'high' else 'lower'}",
            )
            for i in actor.interests
            if i.meter in bounds
        )
        self.red_lines = frozenset(actor.red_lines)
        self.red_words = {f: flag_words.get(f, f) for f in actor.red_lines}
        self.red_keys = {f: ("red_line", f) for f in actor.red_lines}
        self.undo_keys = {f: ("undo", f) for f in actor.red_lines}
        self.standing_keys = {f: ("standing", f) for f in actor.red_lines}
        self.cited_interests = tuple(
            i.cites for i in sorted(actor.interests, key=lambda i: -i.weight) if i.cites and i.cites in positions
        )


class _Book:
    """Everything policies need to know about a scenario, built once per scenario."""

    def __init__(self, s: Scenario) -> None:
        found = {p.id: p for r in s.rounds for p in r.positions if p.id}
        found.update({p.id: p for e in s.events for p in e.positions if p.id})
        self.positions: dict[str, Position] = found
        # When each position was said (its round's date), so a reason never cites words not yet spoken.
        dates = {r.id: r.date for r in s.rounds}
        self.said_on: dict[str, Any] = {p.id: r.date for r in s.rounds for p in r.positions if p.id}
        self.said_on.update({p.id: dates[e.round] for e in s.events if e.round for p in e.positions if p.id})
        bounds = {m.id: (m.min, m.max) for m in s.meters}
        labels = {m.id: m.label for m in s.meters}
        flag_words = {f.id: _flag_words(f.description) for f in s.flags}
        actors = {a.id: a for a in s.actors}
        self.minds: dict[str, _Mind] = {
            r.id: _Mind(s, r.id, actors[r.actor], bounds, labels, found, flag_words) for r in s.roles if r.actor in actors
        }
        self.role_side = {rid: m.side for rid, m in self.minds.items()}
        self.role_name = {rid: m.actor.name for rid, m in self.minds.items()}
        # Choices that leave the historical path: not historical, where the role had a historical choice that round.
        self.deviations: frozenset[str] = frozenset(
            c.id
            for r in s.rounds
            for cs in r.choices.values()
            if any(c.historical for c in cs)
            for c in cs
            if not c.historical
        )
        self.tone = {c.id: TONE_VALUE[c.tone] for r in s.rounds for cs in r.choices.values() for c in cs}
        self.label = {c.id: c.label for r in s.rounds for cs in r.choices.values() for c in cs}
        self.reasons: dict[tuple[Any, ...], str] = {}  # (role, choice, why...) -> the finished sentence
        self.options: dict[tuple[str, str], _Option] = {}

    def option(self, role: str, choice: Choice) -> "_Option":
        opt = self.options.get((role, choice.id))
        if opt is None:
            opt = self.options[(role, choice.id)] = _Option(self.minds[role], choice)
        return opt


class _Option:
    """One choice as one actor weighs it: the parts of the score that do not depend on the game's state."""

    __slots__ = ("tone", "parts", "sets", "clears", "historical", "cites")

    def __init__(self, mind: _Mind, choice: Choice) -> None:
        eff = choice.effects
        self.tone = TONE_VALUE[choice.tone]
        parts = []
        for it in mind.interests:
            now = eff.meters.get(it.meter, 0)
            later = 0.5 * sum(l.meters.get(it.meter, 0) for l in eff.later)
            if now or later:
                parts.append((it, now, later))
        self.parts: tuple[tuple[_Interest, int, float], ...] = tuple(parts)
        self.sets = tuple(f for f in eff.set if f in mind.red_lines)
        self.clears = tuple(f for f in eff.clear if f in mind.red_lines)
        self.historical = choice.historical
        # The interest this choice touches most: its position is cited when no interest decided the choice.
        touched = [(abs(it.scale * (now + later)), it.cites) for it, now, later in parts if it.cites]
        self.cites = max(touched, key=lambda t: t[0])[1] if touched else None


def _flag_words(description: str) -> str:
    return _mid_sentence(" ".join(description.split()).rstrip("."))


_ARTICLES = ("The ", "A ", "An ", "This ", "That ", "Some ", "Something ", "Its ", "Their ")


def _mid_sentence(text: str) -> str:
    """Text that starts a sentence, fitted to follow a colon: 'The United States…' → 'the United States…'."""
    return text[:1].lower() + text[1:] if text.startswith(_ARTICLES) else text


def _book(game: "Game") -> _Book:
    """The policies' knowledge of the game's scenario, kept in the engine's per-scenario cache."""
    cache = game._c.cache
    book = cache.get("policy-book")
    if book is None:
        book = cache["policy-book"] = _Book(game.scenario)
    return book


# --------------------------------------------------------------------------- reading the other side's moves


@dataclass(frozen=True)
class Mood:
    """How the other side has been playing, seen from one role before it decides."""

    escalations: int = 0  # consecutive past rounds (most recent first) in which the other side escalated
    concessions: int = 0  # consecutive past rounds in which the other side only cooperated
    last: float = 0.0  # the other side's tone last round: +1 cooperative … -1 escalating (people count double)
    who: str = ""  # the role whose move last round matters most (for the reason)
    move: str = ""  # that move's choice id
    grievance: float = 0.0  # escalations remembered: 1 for last round, 0.6 the round before, 0.36 … (four rounds back)

    @property
    def escalated(self) -> bool:
        """The other side escalated in its last move."""
        return self.escalations > 0


MEMORY = 4  # how many of the other side's past moves an actor remembers
FADE = 0.6  # how much an older escalation still rankles, per round


def read_mood(game: "Game", role: str, book: _Book | None = None) -> Mood:
    """Read the other side's moves in the rounds before this one (rounds where it did not move are skipped)."""
    book = book or _book(game)
    mine = book.role_side.get(role)
    humans = game.settings.humans
    tone = book.tone
    past = game.history[:-1] if game.round is not None else game.history
    escalations = concessions = 0
    last = grievance = 0.0
    who = move = ""
    esc_open = coop_open = True
    age = 0
    for rec in reversed(past):
        total = weight = 0.0
        escalated = False
        top: tuple[tuple[bool, float, bool], str, str] | None = None
        for d in rec.decisions:
            if d.role == role or book.role_side.get(d.role) == mine:
                continue
            w = 2.0 if d.role in humans else 1.0
            t = tone.get(d.choice, 0)
            total += w * t
            weight += w
            escalated = escalated or t < 0
            key = (t < 0, w, t != 0)  # the move to name: an escalation first, a person's first, a clear move first
            if top is None or key > top[0]:
                top = (key, d.role, d.choice)
        if top is None:
            continue  # the other side did not move that round
        mood = total / weight
        if not who:
            last, who, move = mood, top[1], top[2]
        if escalated and age < MEMORY:
            grievance += FADE**age
        if esc_open:
            if escalated:
                escalations += 1
            else:
                esc_open = False
        if coop_open:
            if not escalated and mood > 0:
                concessions += 1
            else:
                coop_open = False
        age += 1
        if age >= MEMORY and not (esc_open or coop_open):
            break
    return Mood(escalations, concessions, last, who, move, round(grievance, 6))


# --------------------------------------------------------------------------- policies


class RandomPolicy:
    """Any legal choice, uniformly: what `simulate --policy random` uses to explore a scenario."""

    name = "random"

    def choose(self, game: "Game", role: str, legal: list[Choice], rng: random.Random) -> tuple[Choice, str]:
        choice = legal[int(rng.random() * len(legal))]
        book = _book(game)
        key = (role, choice.id, "random")
        reason = book.reasons.get(key)
        if reason is None:
            reason = book.reasons[key] = reason_for(game, role, choice, "by the luck of the draw (random play)")
        return choice, reason


class ScoringPolicy:
    """Scores choices by the actor's interests, red lines, stance and the other side's moves, plus a style term."""

    name = "scoring"
    history_on_path = 0.0  # weight of `historical: true` while the game has followed history
    history_off_path = 0.0  # … after someone left the historical path
    follow_history = False  # True: on the historical path, do exactly what the actor did
    reciprocity = 1.0  # weight of answering the other side's moves
    noise = 0.5  # random tie-breaking (uniform 0..noise added to each score)

    def choose(self, game: "Game", role: str, legal: list[Choice], rng: random.Random) -> tuple[Choice, str]:
        book = _book(game)
        on_path = game.chosen.isdisjoint(book.deviations)
        if self.follow_history and on_path:
            for c in legal:
                if c.historical:
                    return c, self._say(game, book, role, c, ("history",))
        mind = book.minds.get(role)
        if mind is None:  # a role without an actor: nothing to weigh
            choice = legal[int(rng.random() * len(legal))]
            return choice, reason_for(game, role, choice)
        firm = firmness(game, role)
        answer = self.answers(game, mind, read_mood(game, role, book), firm) if self.reciprocity else None
        rows = [self.terms(game, mind, book.option(role, c), answer, on_path, firm) for c in legal]
        noise = self.noise
        best_i, best_score = 0, float("-inf")
        for i, row in enumerate(rows):
            score = sum(row.values()) + rng.random() * noise
            if score > best_score:
                best_i, best_score = i, score
        best = legal[best_i]
        return best, self._say(game, book, role, best, _decider(rows, best_i))

    # ------------------------------------------------------------------ the score, term by term

    def terms(self, game: "Game", mind: _Mind, opt: _Option, answer: tuple[tuple[Any, ...], dict[int, float]] | None,
              on_path: bool, firm: float) -> dict[Any, float]:
        """Each consideration's contribution to a choice's score, keyed by what it is (for the reason)."""
        out: dict[Any, float] = {}
        meters = game.meters
        # Interests: the real (clamped) change now, plus half of what lands later; urgent when far from the goal.
        for it, now, later in opt.parts:
            value = meters[it.meter]
            if now:
                after = value + now
                now = (it.lo if after < it.lo else it.hi if after > it.hi else after) - value
            delta = now + later
            if delta:
                far = (it.hi - value if it.sign > 0 else value - it.lo) / it.span
                out[it] = it.scale * delta * (0.5 + far)
        tone = opt.tone
        # Red lines: never set one yourself; undo one that stands; while one stands, do not cooperate.
        if mind.red_lines:
            flags = game.flags
            for f in opt.sets:
                if f not in flags:
                    out[mind.red_keys[f]] = -4.0 * firm
            for f in opt.clears:
                if f in flags:
                    out[mind.undo_keys[f]] = 2.0 * firm
            if not flags.isdisjoint(mind.red_lines):
                f = min(mind.red_lines & flags)
                out[mind.standing_keys[f]] = (-1.5 if tone > 0 else 0.75) * firm
        # Stance: a hostile actor leans to escalation, a supportive one to cooperation.
        if tone:
            stance = STANCE_VALUE.get(game.stances.get(mind.actor.id, "wary"), 0.0)
            if stance:
                out["stance"] = 0.5 * stance * tone
        # History.
        if opt.historical:
            w = self.history_on_path if on_path else self.history_off_path
            if w:
                out["history"] = w
        # The other side's moves.
        if answer is not None:
            value = answer[1][tone]
            if value:
                out[answer[0]] = self.reciprocity * value
        return out

    def answers(self, game: "Game", mind: _Mind, mood: Mood, firm: float) -> tuple[tuple[Any, ...], dict[int, float]] | None:
        """How to answer the other side's last moves: the reason's key, and a score for each tone.

        A first escalation is met with firmness; escalation again (even a round or two
        later) is answered in kind, harder the more there has been. Cooperation is
        returned, less warmly after old grievances; but an actor that still has unmet
        objectives pockets repeated concessions and holds out for more. Firmness
        (the difficulty) scales all of it."""
        if not mood.who:
            return None
        g = mood.grievance
        if mood.escalated:
            if g < 1.3:  # a first escalation: stand firm, do not reward it
                return ("answer_escalation", mood.who, mood.move, 1), {1: -1.0 * firm, 0: 1.0, -1: 0.5 * firm}
            # repeated escalation: answered in kind, more firmly the more there has been
            return ("answer_escalation", mood.who, mood.move, 2), {1: -1.5 * firm, 0: 0.5, -1: (0.5 + 0.75 * min(g, 3.0)) * firm}
        if mood.last > 0:
            k = mood.concessions
            unmet = _unmet_objective(game, mind.role) if k >= 2 else None
            if unmet is not None:  # repeated concessions while it still wants more: pocket them, ask for more
                pocket = min(0.6 * firm * (k - 1), 2.5)
                return ("pocket", mood.who, mood.move, unmet), {1: max(0.0, 1.0 - 0.4 * firm * (k - 1)), 0: pocket, -1: -1.0}
            warmth = 1.0 / max(firm, 0.25) ** 0.5 - 0.5 * g * firm  # old grievances cool the welcome
            return ("return_cooperation", mood.who, mood.move), {1: warmth, 0: 0.0, -1: -1.0}
        return None

    # ------------------------------------------------------------------ the reason, in words

    def _say(self, game: "Game", book: _Book, role: str, choice: Choice, why: tuple[Any, ...]) -> str:
        key = (role, choice.id, why)
        reason = book.reasons.get(key)
        if reason is None:
            because, cites = _words(book, role, why)
            if cites is None and role in book.minds:
                cites = book.option(role, choice).cites
            reason = book.reasons[key] = reason_for(game, role, choice, because, cites)
        return reason


def _decider(rows: list[dict[Any, float]], best: int) -> tuple[Any, ...]:
    """The consideration that set the chosen move furthest apart from the others (its key, as a tuple)."""
    if len(rows) == 1:
        return ("only",)
    mine = rows[best]
    others = [r for i, r in enumerate(rows) if i != best]
    n = len(others)
    top_key: Any = None
    top = 1e-9
    seen: set[Any] = set()
    for row in (mine, *others):
        for k in row:
            if k in seen:
                continue
            seen.add(k)
            total = 0.0
            for r in others:
                total += r.get(k, 0.0)
            margin = mine.get(k, 0.0) - total / n
            if margin > top:
                top_key, top = k, margin
    if top_key is None:
        return ("balance",)
    if isinstance(top_key, _Interest):
        return ("interest", top_key)
    return top_key if isinstance(top_key, tuple) else (top_key,)


def firmness(game: "Game", role: str) -> float:
    """How firmly this role's actor holds its red lines and answers provocations.

    `Settings.firmness` is the difficulty a player faces, so it applies to the other
    side: actors on the same side as a person at the table keep the normal firmness (1).
    With nobody at the table (simulations), it applies to every actor."""
    humans = game.settings.humans
    if humans:
        sides = _book(game).role_side
        mine = sides.get(role)
        if any(sides.get(h) == mine for h in humans):
            return 1.0
    return game.settings.firmness


def _unmet_objective(game: "Game", role: str) -> str | None:
    for o in game._c.objectives.get(role, ()):
        if not game.check(o.met_if):
            return o.text
    return None


def _objective_words(text: str) -> str:
    return _mid_sentence(_short(text, 70).rstrip("."))


def _possessive(name: str) -> str:
    """'Russia's', 'the United States'', 'the Czech Republic's'."""
    words = name.split()
    if words and words[0] != "The" and (words[0] in ("United", "Czech", "European", "Netherlands")
                                        or words[-1] in ("States", "Republic", "Kingdom", "Union", "Alliance", "Nations")):
        name = "the " + name
    return name + ("'" if name.endswith("s") else "'s")


def _words(book: _Book, role: str, why: tuple[Any, ...]) -> tuple[str, str | None]:
    """What decided a choice, said in words, and the position to cite for it."""
    kind = why[0]
    mind = book.minds.get(role)
    if kind == "history":
        return "as it did at the time", None
    if kind == "interest":
        it: _Interest = why[1]
        return it.words, it.cites
    if kind == "red_line":
        return f"it will not cross its red line: {mind.red_words[why[1]] if mind else why[1]}", None
    if kind == "undo":
        return f"to undo what crossed its red line: {mind.red_words[why[1]] if mind else why[1]}", None
    if kind == "standing":
        return f"a red line has been crossed: {mind.red_words[why[1]] if mind else why[1]}", None
    if kind == "stance":
        return "in keeping with its stance", None
    if kind in ("answer_escalation", "return_cooperation", "pocket"):
        who = book.role_name.get(why[1], why[1])
        move = book.label.get(why[2], why[2])
        if kind == "answer_escalation":
            if why[3] == 1:
                return f"standing firm after {_possessive(who)} escalation ({move})", None
            return f"answering {_possessive(who)} repeated escalation in kind ({move})", None
        if kind == "return_cooperation":
            return f"returning {_possessive(who)} cooperation ({move})", None
        return f"pocketing {_possessive(who)} concessions ({move}) and holding out for: {_objective_words(why[3])}", None
    if kind == "only":
        return "the only move open to it", None
    return "on balance", None


class HistoricalPolicy(ScoringPolicy):
    """Does what the actor really did while the game follows history; off the path, leans to it but answers."""

    name = "historical"
    follow_history = True
    history_on_path = 6.0
    history_off_path = 1.5
    reciprocity = 2.0
    noise = 0.3


class AdaptivePolicy(ScoringPolicy):
    """Answers the other side's moves first: returns cooperation, meets escalation; history counts for little."""

    name = "adaptive"
    history_on_path = 1.0
    history_off_path = 0.5
    reciprocity = 2.5
    noise = 0.6


POLICIES: dict[str, type] = {"random": RandomPolicy, "historical": HistoricalPolicy, "adaptive": AdaptivePolicy}
_INSTANCES: dict[str, Policy] = {}


def policy_named(name: str) -> Policy:
    """The policy with that name (policies keep no per-game state, so one instance serves every game)."""
    policy = _INSTANCES.get(name)
    if policy is None:
        try:
            policy = _INSTANCES[name] = POLICIES[name]()
        except KeyError:
            raise ValueError(f"unknown policy '{name}'; choose one of: {', '.join(POLICIES)}") from None
    return policy
