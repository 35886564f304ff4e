"""Fuzzing the loader and the checks: whatever the input, the answer is a scenario or located problems.

Random bytes, random text, random YAML documents built from the format's own keys,
and mutations of the shipped scenarios (a line deleted, duplicated or re-indented,
a value swapped for a YAML trap, the file truncated, bytes inserted, numbers and ids
changed). Every input must end in either a Scenario or a ProblemsError whose
problems are all located (line ≥ 1, or line 0 only for problems with the whole file)
with a code, a message and a hint — never another exception and never a hang.
The validator's own checks and the diagram run on everything that loads.
"""

from __future__ import annotations

import contextlib
import re
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from game.authoring import graph
from game.authoring.lint import CODES, check_text
from game.authoring.starter import starter_text
from game.scenario import ProblemsError, Scenario, strict_yaml
from game.scenario.loader import parse_scenario
from tests.conftest import ROOT, SCENARIOS

def fast(examples: int) -> settings:
    # derandomized: the same examples on every run and machine, so CI is repeatable and under ~30 s
    return settings(
        max_examples=examples, deadline=None, derandomize=True, database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )

SMALL_BASES = [starter_text(Path("s.yaml")), (SCENARIOS / "tutorial.yaml").read_text(encoding="utf-8")]
BIG_BASES = [p.read_text(encoding="utf-8") for p in sorted(SCENARIOS.glob("*.yaml")) if p.name != "tutorial.yaml"]

TRAPS = [
    "", "yes", "No", "off", "ON", "1:30", "010", "0x1F", "~", "null", "[]", "{}", "- x", "&a x", "*a", "<<: {}",
    "!!python/object/apply:os.system ['true']", "!custom x", "2011-02-31", "2011-01-01 10:00:00", "-5", "1e999",
    ".nan", ".inf", '"unterminated', "'", "{a: 1", "x: y: z", "\t", "9" * 40, "ü", "`", "%", "@", "|", ">",
    '"a\\xzz"', "[1, [2, [3]]]", "{meter: trust, at_least: 500}", "{flag: nope}", "{not: {}}", "end: true",
    "\x07", "\ufeff", "—", "0", "-0", "1.5", "true", "false", "lisbon", "nato", "trust",
]


class Hang(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Fail an example that runs longer than `seconds` (where the platform allows a timer)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(*_):
        raise Hang(f"no answer after {seconds} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def check_problems(problems, text: str | None) -> None:
    assert problems, "a ProblemsError with no problem in it"
    lines = text.splitlines() if text is not None else []
    for p in problems:
        assert p.code in CODES, p
        assert p.message.strip() and p.hint.strip(), p
        if p.line == 0:
            assert p.code.startswith("E-FILE-"), f"only whole-file problems may have no line: {p}"
        else:
            assert p.line >= 1 and p.col >= 1, p
            assert p.line <= len(lines) + 1, f"line {p.line} of a {len(lines)}-line file: {p}"
        p.render(text)  # never raises


def outcome(raw: bytes) -> str:
    """Run the whole pipeline on one input and check the invariants. Returns what happened."""
    with time_limit(15):
        try:
            text = strict_yaml.decode(raw, "f.yaml")
        except ProblemsError as exc:
            check_problems(exc.problems, raw.decode("utf-8", "replace"))
            return "refused"
        # the loader's way: a scenario or located problems, nothing else
        try:
            scenario, _ = parse_scenario(text, "f.yaml")
            assert isinstance(scenario, Scenario)
            loaded = True
        except ProblemsError as exc:
            check_problems(exc.problems, text)
            loaded = False
        # the validator's way: its extra checks also run when ids are wrong
        report = check_text(text, "f.yaml")
        if report.problems:
            check_problems(report.problems, text)
        if loaded:
            assert not [p for p in report.problems if p.code.startswith(("E-SCHEMA", "E-YAML", "E-REF", "E-DUPLICATE"))]
            graph.mermaid(scenario)
            graph.dot(scenario)
            return "loaded"
        return "problems"


# --------------------------------------------------------------------------- raw input


@fast(250)
@given(st.binary(max_size=3000))
def test_random_bytes(raw):
    outcome(raw)


@fast(250)
@given(st.text(max_size=2000))
def test_random_text(text):
    outcome(text.encode("utf-8"))


@fast(150)
@given(st.text(alphabet="abc:-[]{}&*!|>'\"#%@`, \n\t?~01.", max_size=400))
def test_yaml_punctuation_soup(text):
    outcome(text.encode("utf-8"))


# --------------------------------------------------------------------------- random documents in the format's words

KEYS = sorted(
    {"format", "id", "title", "period", "summary", "places", "meters", "flags", "actors", "roles", "rounds", "endings",
     "events", "choices", "effects", "next", "if", "round", "end", "meter", "at_least", "at_most", "flag", "not", "all",
     "any", "chose", "visited", "label", "description", "start", "min", "max", "name", "lat", "lon", "side", "actor",
     "brief", "date", "place", "briefing", "epilogue", "what_happened", "quote", "paraphrase", "source", "speaker",
     "positions", "outcomes", "later", "after", "headline", "set", "clear", "stances", "tone", "requires"}
)
scalars = st.one_of(
    st.sampled_from(["trust", "r1", "a", "yes", "1:30", "", "x y", "2011-01-01", "end"]),
    st.integers(-300, 300), st.booleans(), st.none(), st.floats(allow_nan=True), st.text(max_size=20),
    st.dates(),
)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=6)),
    max_leaves=40,
)


@fast(200)
@given(st.dictionaries(st.sampled_from(KEYS), documents, max_size=12))
def test_random_documents_made_of_the_formats_keys(doc):
    outcome(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode("utf-8"))


# --------------------------------------------------------------------------- mutations of real scenarios


def _lines(text: str) -> list[str]:
    return text.split("\n")


def mutate(text: str, data: st.DataObject) -> str:
    for _ in range(data.draw(st.integers(1, 3), label="how many")):
        lines = _lines(text)
        i = data.draw(st.integers(0, max(len(lines) - 1, 0)), label="line")
        kind = data.draw(
            st.sampled_from(
                ["delete", "duplicate", "truncate", "insert_bytes", "trap", "indent", "dedent", "swap",
                 "delete_block", "number", "id", "key"]
            ),
            label="mutation",
        )
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "truncate":
            return text[: data.draw(st.integers(0, len(text)), label="at")]
        elif kind == "insert_bytes":
            at = data.draw(st.integers(0, len(text)), label="at")
            junk = data.draw(st.text(max_size=8), label="junk")
            text = text[:at] + junk + text[at:]
            continue
        elif kind == "trap" and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {data.draw(st.sampled_from(TRAPS), label='trap')}"
        elif kind == "indent":
            lines[i] = "  " + lines[i]
        elif kind == "dedent":
            lines[i] = lines[i][2:] if lines[i].startswith("  ") else lines[i]
        elif kind == "swap":
            j = data.draw(st.integers(0, max(len(lines) - 1, 0)), label="other line")
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "delete_block":
            depth = len(lines[i]) - len(lines[i].lstrip())
            j = i + 1
            while j < len(lines) and (not lines[j].strip() or len(lines[j]) - len(lines[j].lstrip()) > depth):
                j += 1
            del lines[i:j]
        elif kind == "number":
            numbers = list(re.finditer(r"(?<![\w-])-?\d+(?![\w:-])", lines[i]))
            if numbers:
                m = data.draw(st.sampled_from(numbers), label="number")
                new = str(data.draw(st.integers(-500, 500), label="value"))
                lines[i] = lines[i][: m.start()] + new + lines[i][m.end() :]
        elif kind == "id":
            ids = re.findall(r"\b[a-z][a-z0-9_]{2,}\b", text)
            words = list(re.finditer(r"\b[a-z][a-z0-9_]{2,}\b", lines[i]))
            if ids and words:
                m = data.draw(st.sampled_from(words), label="word")
                lines[i] = lines[i][: m.start()] + data.draw(st.sampled_from(ids), label="id") + lines[i][m.end() :]
        elif kind == "key" and ":" in lines[i]:
            key, rest = lines[i].split(":", 1)
            lines[i] = key.rstrip() + data.draw(st.sampled_from(["_x", "s", ""]), label="suffix") + ":" + rest
        text = "\n".join(lines)
    return text


@fast(300)
@given(st.sampled_from(SMALL_BASES), st.data())
def test_mutations_of_small_scenarios(base, data):
    event(outcome(mutate(base, data).encode("utf-8")))


@fast(30)
@given(st.data())
def test_mutations_of_the_historical_scenario(data):
    if not BIG_BASES:
        return
    base = data.draw(st.sampled_from(BIG_BASES), label="base")
    event(outcome(mutate(base, data).encode("utf-8")))


def test_the_bases_themselves_load_cleanly():
    for base in SMALL_BASES + BIG_BASES:
        assert outcome(base.encode("utf-8")) == "loaded"


def test_known_nasty_inputs():
    nasty = [
        b"", b"\n", b"---\n", b"--- \n...\n", b"~", b"[]", b"{}", b"- - -", b"? a\n: b\n", b"? [a]\n: b\n",
        b"a: b: c", b"&a [*a]", b"a: !!binary xx", b"a: !!timestamp nope", b"a: !!int nope", b"a: !!bool maybe",
        b"a: !!float x", b"a: !!null x", b"%YAML 1.1\n---\na: 1", b"%TAG ! tag:x,2000:\n---\na: !b 1",
        b"\xef\xbb\xbf", b"\x00", b"a:\x00", b"\xff", b"\xfe\xff\x00a", "a: \u2028b".encode(), b"a: 1\r\nb: 2\r\n",
        b"a: |\n  x\n b", b"'", b'"', b"a: 2011-13-45", b"2011-01-01: x", b"format: 1\nid: x\n" + b"a" * 500,
        ("format: 1\n" + "rounds:\n" + "  - {id: r, choices: {a: [{id: c, effects: {meters: {m: 1:30}}}]}}\n").encode(),
        b"format: 1\nid: BAD ID\ntitle: [1]\nperiod: {}\nsummary: 1:30\nplaces: yes\n",
    ]
    for raw in nasty:
        outcome(raw)


def test_the_fuzz_helpers_catch_what_they_should():
    # a problem with no hint, or no line for a non-file problem, fails the invariant
    from game.scenario.problems import Problem

    for bad in (Problem("f", 1, 1, "E-SCHEMA", "m", ""), Problem("f", 0, 0, "E-SCHEMA", "m", "h"), Problem("f", 1, 1, "X", "m", "h")):
        try:
            check_problems([bad], "a: 1\n")
        except AssertionError:
            continue
        raise AssertionError(f"accepted {bad}")
    assert ROOT.is_dir()
