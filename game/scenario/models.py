"""Typed models of the scenario format.

A scenario file is validated once, strictly, into these models (unknown keys
are refused, text fields must really be text). After loading, the engine trusts
these objects and never looks at raw YAML again.

Each field's ``description`` is the reference text shown in docs/authoring.md
and in the JSON Schema, so editors can show it as a tooltip.
"""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, model_validator

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60),
    Field(description="An identifier: lower-case letters, digits and _, starting with a letter."),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class Model(BaseModel):
    # strict: a YAML `no` (false) or `1:30` (5400) is never silently turned into text.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)


# How an actor currently stands toward the negotiation, friendliest first.
Stance = Literal["supportive", "open", "wary", "opposed", "hostile"]

# What kind of move a choice is: computer actors and the UI's escalation warning use it.
Tone = Literal["cooperate", "hold", "escalate"]


# --------------------------------------------------------------------------- sources


class Source(Model):
    """A source text that quotes and paraphrases come from."""

    file: ShortText = Field(description="The source text's file name, e.g. 001_743ab7cf153ea19f.txt.")
    title: ShortText = Field(description="The article's headline.")
    publisher: ShortText | None = Field(None, description="Who published it, e.g. AFP via SpaceDaily.")
    date: _dt.date | None = Field(None, description="Publication date, YYYY-MM-DD.")


class Place(Model):
    """A place on the map where a round happens."""

    id: Id = Field(description="Unique among places; rounds name it in place:.")
    name: ShortText = Field(description="The name shown on the map, e.g. Lisbon.")
    lat: float = Field(ge=-90, le=90, description="Latitude in degrees, north positive.")
    lon: float = Field(ge=-180, le=180, description="Longitude in degrees, east positive.")


class Meter(Model):
    """A number the players watch, such as trust or tension. Choices move it; it stays between min and max."""

    id: Id = Field(description="Unique among meters; effects and conditions name it.")
    label: ShortText = Field(description="What the players see, e.g. 'US–Russia trust'.")
    description: Text | None = Field(None, description="What the meter measures, shown when a player asks.")
    min: int = Field(0, description="The lowest value; the meter never goes below it.")
    max: int = Field(100, description="The highest value; the meter never goes above it.")
    start: int = Field(description="The value at the start of the game.")
    good: Literal["high", "low"] = Field(
        "high", description="Which end is good news for peace and cooperation; colours the meter."
    )

    @model_validator(mode="after")
    def _range(self) -> "Meter":
        if self.min >= self.max:
            raise ValueError(f"min ({self.min}) must be below max ({self.max})")
        if not self.min <= self.start <= self.max:
            raise ValueError(f"start ({self.start}) must lie between min ({self.min}) and max ({self.max})")
        return self


class Flag(Model):
    """Something that has happened (set) or not (unset). Every flag starts unset."""

    id: Id = Field(description="Unique among flags; effects set: or clear: it, conditions test it.")
    description: Text = Field(description="What it means when this flag is set.")


# --------------------------------------------------------------------------- conditions


class Condition(Model):
    """One test on the game state. Write exactly one kind per condition.

    - ``{meter: trust, at_least: 40}`` / ``{meter: tension, at_most: 60}`` (or both)
    - ``{flag: radar_offer}`` is set; ``{not: {flag: radar_offer}}`` is not set
    - ``{chose: offer_radar}`` some role took that choice earlier in this game
    - ``{visited: lisbon}`` the game has passed through that round
    - ``{all: [...]}``, ``{any: [...]}``, ``{not: {...}}`` combine conditions
    """

    meter: Id | None = Field(None, description="Test a meter; give at_least and/or at_most.")
    at_least: int | None = Field(None, description="With meter: true when the meter is at this value or above.")
    at_most: int | None = Field(None, description="With meter: true when the meter is at this value or below.")
    flag: Id | None = Field(None, description="True when this flag is set.")
    chose: Id | None = Field(None, description="True when some role has taken this choice.")
    visited: Id | None = Field(None, description="True when the game has passed through this round.")
    all: list["Condition"] | None = Field(None, min_length=1, description="True when every condition holds.")
    any: list["Condition"] | None = Field(None, min_length=1, description="True when one condition holds.")
    not_: "Condition | None" = Field(None, alias="not", description="True when the condition does not hold.")

    @model_validator(mode="after")
    def _one_kind(self) -> "Condition":
        kinds = [k for k in ("meter", "flag", "chose", "visited", "all", "any", "not_") if getattr(self, k) is not None]
        if len(kinds) != 1:
            names = ", ".join(k.rstrip("_") for k in kinds) or "nothing"
            raise ValueError(
                f"a condition tests exactly one thing (meter, flag, chose, visited, all, any or not); this one has {names}"
            )
        if self.meter is not None:
            if self.at_least is None and self.at_most is None:
                raise ValueError("a meter condition needs at_least and/or at_most")
        elif self.at_least is not None or self.at_most is not None:
            raise ValueError("at_least and at_most go with meter")
        return self


# --------------------------------------------------------------------------- effects


class Change(Model):
    """What happens to the game state."""

    meters: dict[Id, int] = Field(default_factory=dict, description="Meter id → change, e.g. {trust: 10, tension: -5}.")
    stances: dict[Id, Stance] = Field(default_factory=dict, description="Actor id → new stance.")
    set: list[Id] = Field(default_factory=list, description="Flags that become set.")
    clear: list[Id] = Field(default_factory=list, description="Flags that become unset.")
    headline: Text | None = Field(None, description="A news headline shown when this happens.")

    def is_empty(self) -> bool:
        return not (self.meters or self.stances or self.set or self.clear or self.headline)


class Later(Change):
    """An effect that lands one or more rounds after the choice that caused it."""

    after: int = Field(ge=1, le=20, description="How many rounds later this lands (1 = at the next round's briefing).")
    headline: Text = Field(description="What the players read when the delayed effect lands.")


class Effects(Change):
    """What a choice or outcome changes: meters, stances, flags, a headline, and effects that land later."""

    later: list[Later] = Field(default_factory=list, description="Effects that land in a later round.")

    def is_empty(self) -> bool:
        return super().is_empty() and not self.later


# --------------------------------------------------------------------------- positions


class Position(Model):
    """What an actor says or holds. Either a verbatim quote or a marked paraphrase.

    A quote must be copied word for word from the named source file, with its speaker.
    ``passage`` is the surrounding paragraph (at most one), shown by "show the source".
    """

    id: Id | None = Field(None, description="Lets choices and computer actors cite this position.")
    actor: Id = Field(description="The actor whose position this is.")
    speaker: ShortText | None = Field(None, description="Who said it, as the source names them.")
    quote: Text | None = Field(None, description="The exact words, copied from the source.")
    paraphrase: Text | None = Field(None, description="The position in your own words (shown as paraphrase).")
    source: ShortText | None = Field(None, description="The source file name this comes from.")
    passage: Text | None = Field(None, description="The surrounding passage from the source, one paragraph at most.")

    @model_validator(mode="after")
    def _quote_or_paraphrase(self) -> "Position":
        if (self.quote is None) == (self.paraphrase is None):
            raise ValueError("a position has either quote or paraphrase (one of them, not both)")
        if self.quote is not None:
            if self.source is None or self.speaker is None:
                raise ValueError("a quote needs source: (the file it comes from) and speaker: (who said it)")
            if self.passage is not None and " ".join(self.quote.split()) not in " ".join(self.passage.split()):
                raise ValueError("the quote must appear, word for word, inside its passage")
        return self

    @property
    def text(self) -> str:
        return self.quote if self.quote is not None else (self.paraphrase or "")


# --------------------------------------------------------------------------- actors and roles


class Interest(Model):
    """Something an actor wants, used by computer actors to score choices."""

    meter: Id = Field(description="The meter this actor cares about.")
    prefer: Literal["high", "low"] = Field(description="Whether the actor wants the meter high or low.")
    weight: float = Field(1.0, ge=0, le=10, description="How much it cares, from 0 to 10.")
    cites: Id | None = Field(None, description="The position id this interest comes from.")


class Actor(Model):
    """A country or organisation in the story."""

    id: Id = Field(description="Unique among actors; roles, positions and stances: name it.")
    name: ShortText = Field(description="The name players see, e.g. Russia.")
    side: ShortText = Field(description="e.g. 'NATO', 'Russia', 'host nation'.")
    title: ShortText = Field(description="Who speaks for it, as the texts give it.")
    stance: Stance = Field("wary", description="How the actor stands at the start: supportive, open, wary, opposed or hostile.")
    interests: list[Interest] = Field(default_factory=list, description="What the actor wants; computer actors choose by it.")
    red_lines: list[Id] = Field(
        default_factory=list, description="Flags this actor will not let stand: computer actors avoid choices that set them."
    )


class Objective(Model):
    """Something a role should achieve, checked at the end of the game."""

    text: Text = Field(description="The objective as the player reads it.")
    met_if: Condition = Field(alias="if", description="When the objective counts as met at the end.")


class Role(Model):
    """A part a player (or the computer) plays, for one actor."""

    id: Id = Field(description="Unique among roles; a round's choices: are listed under it.")
    actor: Id = Field(description="The actor this role plays.")
    brief: Text = Field(description="The confidential brief, shown only to this role.")
    objectives: list[Objective] = Field(default_factory=list, description="What this role should achieve; checked at the end.")
    playable: bool = Field(True, description="false: only the computer plays this role.")


# --------------------------------------------------------------------------- rounds


class Choice(Model):
    """One move a role can make in a round."""

    id: Id = Field(description="Unique across the whole scenario.")
    label: ShortText = Field(description="The short name of the move, shown on its button.")
    description: Text = Field(description="What the move means, in a sentence or two.")
    tone: Tone = Field("hold", description="cooperate, hold or escalate: what kind of move it is.")
    warning: Text | None = Field(None, description="Shown, with a confirmation, before an escalating move.")
    historical: bool = Field(False, description="true: what this actor really did at this point.")
    requires: Condition | None = Field(None, description="The choice is offered only when this holds.")
    cites: Id | None = Field(None, description="The position id that motivates this choice.")
    effects: Effects = Field(default_factory=Effects, description="What happens when this choice is taken.")


class Outcome(Model):
    """Extra effects when choices combine, e.g. an offer meeting an acceptance."""

    when: Condition = Field(alias="if", description="When the extra effects apply (after all choices are revealed).")
    effects: Effects = Field(description="What happens when the if: holds.")


class Next(Model):
    """One way on from a round: to another round, or to the endings."""

    when: Condition | None = Field(None, alias="if", description="Leave out on the last entry: the default way.")
    round: Id | None = Field(None, description="The round to go to.")
    end: bool = Field(False, description="true: the game ends here and the endings decide how.")

    @model_validator(mode="after")
    def _one_target(self) -> "Next":
        if (self.round is None) == (not self.end):
            raise ValueError("each next entry names a round: or says end: true (one of them)")
        return self


class Round(Model):
    """One round of the game: a briefing, the actors' positions and each role's choices."""

    id: Id = Field(description="Unique among rounds; next:, visited: and --from name it.")
    title: ShortText = Field(description="The round's heading, e.g. 'The Lisbon summit'.")
    date: _dt.date = Field(description="YYYY-MM-DD; rounds should run in date order.")
    date_text: ShortText | None = Field(None, description="How to show the date, e.g. 'July 2009 – May 2010'.")
    place: Id = Field(description="A place id, for the map.")
    briefing: Text = Field(description="What every player reads at the start of the round.")
    context: Text | None = Field(None, description="Background not in the source texts; shown marked as context.")
    positions: list[Position] = Field(default_factory=list, description="What the actors say or hold at this point: quotes or paraphrases.")
    choices: dict[Id, list[Choice]] = Field(description="Role id → that role's choices this round.")
    outcomes: list[Outcome] = Field(default_factory=list, description="Extra effects when choices combine.")
    next: list[Next] = Field(
        default_factory=list,
        description="Where the game goes after this round: the first entry whose if holds. "
        "Leave out to go on to the round below (or, after the last round, to the endings).",
    )
    what_happened: Text | None = Field(None, description="What really happened at this point, for the debrief.")
    questions: list[Text] = Field(default_factory=list, description="Discussion questions for the debrief.")

    @property
    def when(self) -> str:
        return self.date_text or self.date.strftime("%d %B %Y").lstrip("0")


class Event(Model):
    """An inject: news that lands at the start of a round, or when the facilitator fires it."""

    id: Id = Field(description="Unique among events.")
    title: ShortText = Field(description="The news headline.")
    text: Text = Field(description="The news itself.")
    round: Id | None = Field(None, description="Fires by itself at the start of this round (if its if holds).")
    when: Condition | None = Field(None, alias="if", description="The event fires only when this holds.")
    positions: list[Position] = Field(default_factory=list, description="What actors say about the news.")
    effects: Change = Field(default_factory=Change, description="What the news changes.")


class Ending(Model):
    """One way the game can end. Endings are tried from the top; the last has no if:."""

    id: Id = Field(description="Unique among endings.")
    title: ShortText = Field(description="The ending's heading.")
    when: Condition | None = Field(None, alias="if", description="Leave out on the last ending: the fallback.")
    epilogue: Text = Field(description="What the players read when the game ends this way.")
    what_happened: Text = Field(description="What actually happened, for comparison.")
    questions: list[Text] = Field(default_factory=list, description="Discussion questions for this ending.")


class Scenario(Model):
    format: Literal[1] = Field(description="The scenario format version. Always 1 for now.")
    id: Id = Field(description="The scenario's id; saves name it.")
    title: ShortText = Field(description="The title on the start screen.")
    period: ShortText = Field(description="The time the scenario covers, e.g. '2007–2011'.")
    summary: Text = Field(description="A short introduction shown before the game starts.")
    language: ShortText = Field("en", description="The language of the texts, e.g. en.")
    sources: list[Source] = Field(default_factory=list, description="The source texts that quotes and paraphrases come from.")
    places: list[Place] = Field(min_length=1, description="Where rounds take place, for the map.")
    meters: list[Meter] = Field(min_length=1, description="The numbers that choices move, e.g. trust and tension.")
    flags: list[Flag] = Field(default_factory=list, description="Things that have happened (set) or not (unset); all start unset.")
    actors: list[Actor] = Field(min_length=1, description="The countries and organisations in the story.")
    roles: list[Role] = Field(min_length=1, description="The parts players (or the computer) play, each for an actor.")
    rounds: list[Round] = Field(min_length=1, description="The rounds, in order; the game starts with the first.")
    events: list[Event] = Field(default_factory=list, description="News injects, fired at a round's start or by the facilitator.")
    endings: list[Ending] = Field(min_length=1, description="How the game can end: the first whose if: holds; the last has no if:.")
    questions: list[Text] = Field(default_factory=list, description="Discussion questions for the whole game.")

    # Lookups the engine uses; built once, after validation.
    _rounds: dict[str, Round] = PrivateAttr(default_factory=dict)
    _choices: dict[str, Choice] = PrivateAttr(default_factory=dict)

    def model_post_init(self, _context: object) -> None:
        self._rounds = {r.id: r for r in self.rounds}
        self._choices = {c.id: c for r in self.rounds for cs in r.choices.values() for c in cs}

    def exits(self, rnd: Round) -> list[Next]:
        """Where a round can lead: its `next`, or by default the round below it (the endings after the last)."""
        if rnd.next:
            return rnd.next
        index = self.rounds.index(rnd)
        if index + 1 < len(self.rounds):
            return [Next(round=self.rounds[index + 1].id)]
        return [Next(end=True)]

    def round(self, round_id: str) -> Round:
        return self._rounds[round_id]

    def choice(self, choice_id: str) -> Choice:
        return self._choices[choice_id]

    def actor(self, actor_id: str) -> Actor:
        return next(a for a in self.actors if a.id == actor_id)

    def role(self, role_id: str) -> Role:
        return next(r for r in self.roles if r.id == role_id)

    def meter(self, meter_id: str) -> Meter:
        return next(m for m in self.meters if m.id == meter_id)

    def place(self, place_id: str) -> Place:
        return next(p for p in self.places if p.id == place_id)

    def event(self, event_id: str) -> Event:
        return next(e for e in self.events if e.id == event_id)

    def positions(self) -> dict[str, Position]:
        found = {p.id: p for r in self.rounds for p in r.positions if p.id}
        found.update({p.id: p for e in self.events for p in e.positions if p.id})
        return found
