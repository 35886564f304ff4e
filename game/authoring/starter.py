"""The commented starter scenario that `python -m game new FILE` writes.

It is a complete, playable scenario (three rounds, two roles) that validates with
no problems at all, so an author changes one thing at a time from a working file.
"""

from __future__ import annotations

import os
import re
from pathlib import Path


from .reference import SCHEMA_FILE

STARTER = """\
# yaml-language-server: $schema={schema}
#
# A starter scenario written by `python -m game new`. It already plays: try
#     python -m game validate {file}
#     python -m game play {file} --text
# then change it one step at a time, validating as you go. docs/authoring.md
# explains every part; lines starting with # are comments and are ignored.
#
# Three things YAML gets wrong unless you use quotes: put text that is only
# yes, no, on, off, a number or a time like 1:30 in "double quotes".

format: 1
id: {id}
title: "{title}"
period: "2010–2011"
summary: >
  A short scenario in three rounds. Write here, in two or three sentences,
  what the players will do and what is at stake.

# The source texts you quote from. Quotes must be copied word for word;
# `python -m game validate FILE --sources FOLDER` checks them.
sources:
  - file: 004_f2000e040387b6d2.txt
    title: "NATO Sees Russia as Missile Defense Partner"
    publisher: "US Department of Defense"
    date: 2011-01-20

# Where the rounds happen (for the map).
places:
  - {{id: brussels, name: Brussels, lat: 50.85, lon: 4.35}}
  - {{id: moscow, name: Moscow, lat: 55.76, lon: 37.62}}

# The numbers that choices move. `good: low` means low is good news.
meters:
  - id: trust
    label: "NATO–Russia trust"
    start: 40
  - id: tension
    label: "Tension"
    start: 50
    good: low

# Things that have happened or not. Every flag starts unset.
flags:
  - id: talks_agreed
    description: "NATO and Russia have agreed to talk about working together."

actors:
  - id: nato
    name: NATO
    side: NATO
    title: "NATO Secretary General"
    stance: open
  - id: russia
    name: Russia
    side: Russia
    title: "Russia's envoy to NATO"
    stance: wary

# The parts people play. Each role plays one actor and has a private brief.
roles:
  - id: nato
    actor: nato
    brief: "Bring Russia into missile-defence cooperation without giving up control of NATO's own system."
    objectives:
      - text: "End with trust at 60 or more."
        if: {{meter: trust, at_least: 60}}
  - id: russia
    actor: russia
    brief: "Get guarantees that the system is not aimed at Russia."
    objectives:
      - text: "Get talks agreed."
        if: {{flag: talks_agreed}}

rounds:
  - id: opening
    title: "The offer"
    date: 2010-11-20
    place: brussels
    briefing: >
      NATO offers Russia cooperation on missile defence. What do the two sides do?
    positions:
      # A paraphrase is in your own words; it is shown marked as a paraphrase.
      - actor: nato
        paraphrase: "NATO wants two systems that work together, each side in control of its own."
        source: 004_f2000e040387b6d2.txt
      # A quote needs the exact words, the speaker and the source file:
      - actor: nato
        speaker: "Anders Fogh Rasmussen, NATO Secretary General"
        quote: "This is a development we cannot ignore"
        source: 004_f2000e040387b6d2.txt
    # Under choices:, each role id lists that role's moves this round.
    choices:
      nato:
        - id: invite_russia
          label: "Invite Russia to cooperate"
          description: "Offer talks on working together."
          tone: cooperate
          historical: true
          effects:
            meters: {{trust: 10, tension: -5}}
            headline: "NATO invites Russia to cooperate on missile defence"
        - id: go_alone
          label: "Go ahead alone"
          description: "Build the system without Russia."
          tone: escalate
          warning: "Russia will see this as aimed at it."
          effects:
            meters: {{trust: -10, tension: 10}}
      russia:
        - id: accept_talks
          label: "Accept talks"
          description: "Agree to discuss cooperation."
          tone: cooperate
          historical: true
          effects:
            meters: {{trust: 5}}
            set: [talks_agreed]
        - id: refuse_talks
          label: "Refuse"
          description: "Say the plan is aimed at Russia."
          tone: escalate
          effects:
            meters: {{tension: 10}}
    # Outcomes add effects when choices combine.
    outcomes:
      - if: {{all: [{{chose: invite_russia}}, {{chose: accept_talks}}]}}
        effects:
          meters: {{trust: 5}}
          headline: "Both sides agree to talk"

  - id: talks
    title: "Talks"
    date: 2011-01-20
    place: moscow
    briefing: >
      The two sides meet. NATO wants two separate systems; Russia wants a say in one.
    choices:
      nato:
        - id: offer_transparency
          label: "Offer transparency"
          description: "Show Russia how the system works."
          tone: cooperate
          historical: true
          effects:
            meters: {{trust: 10}}
        - id: hold_firm
          label: "Hold firm"
          description: "Give nothing more."
          tone: hold
          effects:
            meters: {{tension: 5}}
      russia:
        - id: working_group
          label: "Set up a working group"
          description: "Let experts study cooperation."
          tone: cooperate
          historical: true
          effects:
            meters: {{trust: 5, tension: -5}}
        - id: warn
          label: "Warn of a military answer"
          description: "Say Russia will answer with weapons if ignored."
          tone: escalate
          effects:
            meters: {{tension: 15}}
    # Where the game goes next: the first entry whose if: holds. Here a crisis
    # ends the game early; otherwise it goes on to the round below.
    next:
      - if: {{meter: tension, at_least: 80}}
        end: true
      - round: decision

  - id: decision
    title: "Decision"
    date: 2011-06-08
    place: brussels
    briefing: >
      Defence ministers meet. It is time to decide.
    choices:
      nato:
        - id: sign_statement
          label: "Sign a joint statement"
          description: "Put cooperation on paper."
          tone: cooperate
          effects:
            meters: {{trust: 10, tension: -10}}
        - id: postpone
          label: "Postpone"
          description: "Leave the question for later."
          tone: hold
          historical: true
          effects:
            meters: {{trust: -5}}
      russia:
        - id: agree
          label: "Agree"
          description: "Join the statement."
          tone: cooperate
          effects:
            meters: {{trust: 10}}
        - id: walk_away
          label: "Walk away"
          description: "Leave the talks."
          tone: escalate
          historical: true
          effects:
            meters: {{trust: -10, tension: 10}}

# How the game ends: the first ending whose if: holds. The last has no if:.
endings:
  - id: partnership
    title: "Partnership"
    if: {{meter: trust, at_least: 70}}
    epilogue: "NATO and Russia start building missile defence together."
    what_happened: "In 2011 the talks stalled; no joint system was built."
  - id: crisis
    title: "Crisis"
    if: {{meter: tension, at_least: 80}}
    epilogue: "Talks break down and both sides arm."
    what_happened: "Russia threatened to deploy missiles near NATO's borders in November 2011."
  - id: stalemate
    title: "Stalemate"
    epilogue: "Nothing is agreed, but the door stays open."
    what_happened: "NATO said its offer of cooperation still stood."
"""


def scenario_id(path: Path) -> str:
    """An id from the file name: `My Scenario.yaml` → my_scenario."""
    ident = re.sub(r"[^a-z0-9_]+", "_", path.stem.lower()).strip("_")[:60] or "my_scenario"
    return ident if ident[0].isalpha() else f"s_{ident}"[:60]


def schema_reference(target: Path) -> str:
    """How the new file names the project's JSON Schema: a path relative to the file's folder.

    Relative, so the line still works when the project and the scenario move together (and
    never carries one machine's absolute path). Only where no relative path exists (another
    drive on Windows) is it a file URI."""
    try:
        return Path(os.path.relpath(SCHEMA_FILE, target.resolve().parent)).as_posix()
    except ValueError:
        return SCHEMA_FILE.as_uri()


def starter_text(target: Path, shown: str | None = None) -> str:
    title = target.stem.replace("_", " ").replace("-", " ").strip().capitalize() or "My scenario"
    return STARTER.format(
        schema=schema_reference(target),
        file=shown or target.name,
        id=scenario_id(target),
        title=title.replace('"', "'").replace("\\", "/"),
    )
