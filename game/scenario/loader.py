"""Load a scenario file: bytes → strict YAML → typed models → cross-references.

`load_scenario` either returns a `LoadedScenario` or raises `ProblemsError`
holding every located problem found. Nothing here ever shows a traceback to a user.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import hashlib
import re
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import references, strict_yaml
from .models import Scenario
from .problems import Problem, ProblemsError, display_path


@dataclass(frozen=True)
class LoadedScenario:
    scenario: Scenario
    path: Path
    digest: str  # sha256 of the file's bytes: a save made with other content is refused
    located: strict_yaml.Located


def load_scenario(path: Path | str) -> LoadedScenario:
    shown = display_path(path)
    raw = read_bytes(path, shown)
    text = strict_yaml.decode(raw, shown)
    scenario, located = parse_scenario(text, shown)
    return LoadedScenario(scenario, Path(path), hashlib.sha256(raw).hexdigest(), located)


def read_bytes(path: Path | str, shown: str) -> bytes:
    """The file's bytes, at most one byte over the size limit (so a huge file is never read whole)."""
    p = Path(path)
    try:
        with p.open("rb") as f:
            return f.read(strict_yaml.MAX_BYTES + 1)
    except FileNotFoundError:
        hint = "check the spelling; `python -m game play --list` shows the scenarios you can play"
        raise ProblemsError([Problem(shown, 0, 0, "E-FILE-MISSING", "no such file", hint)]) from None
    except IsADirectoryError:
        raise ProblemsError([Problem(shown, 0, 0, "E-FILE-MISSING", "this is a folder, not a scenario file", "name a .yaml file inside it")]) from None
    except OSError as exc:
        raise ProblemsError(
            [Problem(shown, 0, 0, "E-FILE-UNREADABLE", f"cannot read the file ({exc.strerror or exc})", "check the file's permissions")]
        ) from None


def parse_scenario(text: str, shown: str) -> tuple[Scenario, strict_yaml.Located]:
    """Text → scenario, or ProblemsError with every problem found (schema first, then cross-references)."""
    scenario, located, problems = examine(text, shown)
    if problems:
        raise ProblemsError(problems, text)
    return scenario, located


def examine(text: str, shown: str) -> tuple[Scenario, strict_yaml.Located, list[Problem]]:
    """Build the models and return them with the cross-reference problems found (not raised), so a
    validator can add its own findings. YAML or schema problems are raised: without models nothing
    further can be checked."""
    located = strict_yaml.parse(text, shown)
    if not isinstance(located.data, dict):
        raise ProblemsError(
            [Problem(shown, 1, 1, "E-SCHEMA", "a scenario file is a mapping of keys (format:, id:, title:, ...)", "start from `python -m game new FILE`")],
            text,
        )
    surprises = _yaml_number_surprises(located, shown)
    try:
        scenario = Scenario.model_validate(located.data)
    except ValidationError as exc:
        problems = _schema_problems(exc, located, shown)
        taken = {(p.line, p.col) for p in problems}
        problems += [p for p in surprises if (p.line, p.col) not in taken]
        raise ProblemsError(_sorted(problems), text) from None
    findings = references.check(scenario)
    problems = surprises + [Problem(shown, *_where(located, path), code, message, hint) for path, code, message, hint in findings]
    return scenario, located, _sorted(problems)


def _where(located: strict_yaml.Located, path: tuple[Any, ...]) -> tuple[int, int]:
    if path and path[-1] == references.KEY:
        return located.where(path[:-1], key=True)
    return located.where(path)


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda pr: (pr.line, pr.col))


# --------------------------------------------------------------------------- YAML 1.1 number surprises

_PLAIN_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")


def _yaml_number_surprises(located: strict_yaml.Located, shown: str) -> list[Problem]:
    """Unquoted values YAML 1.1 turns into a number nobody meant: 1:30 → 90 (base 60), 010 → 8 (octal)."""
    out: list[Problem] = []
    for path, written in located.plain_non_text.items():
        value = _value_at(located.data, path)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        if ":" in written:
            why = "a number in base 60"
        elif isinstance(value, int) and not _PLAIN_INT.match(written):
            why = "an octal, hexadecimal or binary number"
        else:
            continue
        out.append(
            Problem(
                shown, *located.where(path), "E-YAML-NUMBER",
                f"YAML reads {written} as {why}: {value!r}",
                f'write the number you mean (e.g. {value!r}), or put text in quotes: "{written}"',
            )
        )
    return out


def _value_at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


# --------------------------------------------------------------------------- schema errors → problems

_TYPE_NAMES = {bool: "true or false", int: "a whole number", float: "a number", type(None): "nothing", _dt.date: "a date", _dt.datetime: "a date and time"}


def _schema_problems(exc: ValidationError, located: strict_yaml.Located, shown: str) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple[int, int, str]] = set()
    for err in exc.errors(include_url=False):
        loc, about_key = _clean_loc(err["loc"], located.data)
        kind = err["type"]
        message, hint = _explain(err, loc, located, about_key)
        line, col = located.where(loc, key=about_key or kind == "extra_forbidden")
        if kind == "missing":
            line, col = located.where(loc[:-1])
        if (line, col, message) in seen:
            continue
        seen.add((line, col, message))
        problems.append(Problem(shown, line, col, "E-SCHEMA", message, hint))
    return _sorted(problems)


def _clean_loc(loc: tuple[Any, ...], data: Any) -> tuple[tuple[Any, ...], bool]:
    """The error's path in the file's data, and whether the error is about a mapping key itself.

    pydantic adds parts that are not in the file: '[key]' after a dict key that failed, and
    model or union-branch names. Walking the data keeps exactly the parts that are really there,
    so a user's key such as `Usa` is kept while a model name such as `Condition` is dropped.
    """
    out: list[Any] = []
    about_key = False
    for part in loc:
        if part == "[key]":
            about_key = True
            continue
        if isinstance(data, dict) and isinstance(part, str) and part in data:
            data = data[part]
            out.append(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
            out.append(part)
        elif isinstance(data, dict) and isinstance(part, str) and not part[:1].isupper() and "[" not in part:
            out.append(part)  # a missing or unknown key: keep it, the position walks up to its parent
            data = None
    return tuple(out), about_key


def _field_name(loc: tuple[Any, ...]) -> str:
    if not loc:
        return "the file"
    if isinstance(loc[-1], int):
        parent = f" of '{loc[-2]}'" if len(loc) > 1 and isinstance(loc[-2], str) else ""
        return f"item {loc[-1] + 1}{parent}"
    return f"'{loc[-1]}'"


def _explain(err: Any, loc: tuple[Any, ...], located: strict_yaml.Located, about_key: bool = False) -> tuple[str, str]:
    kind = err["type"]
    field = str(loc[-1]) if loc else "file"
    name = _field_name(loc)
    value = err.get("input")
    written = None if about_key else located.plain_non_text.get(loc)
    # What YAML made of an unquoted value, when that is not what it looks like (yes → true, 1:30 → 90).
    note = f"YAML reads {written} as {_what(value)}" if written else ""
    if about_key and kind == "string_pattern_mismatch":
        return f"'{value}' is not a valid id", "ids use lower-case letters, digits and _ and start with a letter, e.g. gates_offer"
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc[:-1])
        close = difflib.get_close_matches(field, allowed, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"allowed here: {', '.join(allowed)}"
        return f"unknown key '{field}'", hint
    if kind == "missing":
        example = "format: 1" if field == "format" else f"{field}: ..."
        return f"missing '{field}:'", f"add `{example}` to the part that starts here; docs/authoring.md lists every field"
    if kind in ("string_type", "str_type") and loc in located.plain_non_text:
        if value is None:
            return f"{name} is empty", f"write the text after `{field}:`" if not isinstance(loc[-1], int) else "write the text after the '- '"
        quoted = f'- "{written}"' if isinstance(loc[-1], int) else f'{field}: "{written}"'
        return f"{name} should be text, but {note}", f"put it in quotes: {quoted}"
    if kind in ("string_type", "str_type"):
        return f"{name} should be text, not {_describe(value)}", "write it as text, in quotes if it starts with a symbol"
    if kind == "string_pattern_mismatch":
        return f"'{value}' is not a valid id", "ids use lower-case letters, digits and _ and start with a letter, e.g. gates_offer"
    if value is None and written == "" and kind not in ("value_error",):
        return f"{name} is empty", f"write a value after `{field}:`, or remove the line if the field is optional"
    if field == "choices" and kind == "dict_type" and isinstance(value, list):
        first = next((k for item in value if isinstance(item, dict) for k in item), "nato")
        return (
            f"choices: wants role ids as keys (`{first}:`), not a list (`- {first}:`)",
            "remove the '- ' before each role id under choices:, and write its list of choices under it",
        )
    return _explain_value(err, name, field, value, note)


def _explain_value(err: Any, name: str, field: str, value: Any, note: str) -> tuple[str, str]:
    message, hint = _explain_type(err, name, value)
    if note:
        message += f" ({note})"
        hint += ", or put it in quotes if it is meant as text" if err["type"] in ("enum", "literal_error") else ""
    return message, hint


def _explain_type(err: Any, name: str, value: Any) -> tuple[str, str]:
    kind = err["type"]
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{name} should be a whole number, not {_describe(value)}", "write a number such as 10 or -5, without quotes"
    if kind in ("float_type", "float_parsing"):
        return f"{name} should be a number, not {_describe(value)}", "write a number such as 52.23, without quotes"
    if kind in ("bool_type", "bool_parsing"):
        return f"{name} should be true or false, not {_describe(value)}", "write true or false"
    if kind.startswith("date"):
        return f"{name} should be a date, not {_describe(value)}", "write dates as YYYY-MM-DD, e.g. 2007-04-23, without quotes"
    if kind in ("list_type",):
        return f"{name} should be a list, not {_describe(value)}", "start each item on its own line with '- '"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        if "Condition" in err.get("msg", ""):
            return (
                f"{name} should be a condition, not {_describe(value)}",
                "write a condition such as {meter: trust, at_least: 40} or {flag: talks_agreed}; docs/authoring.md lists them",
            )
        return f"{name} should be a mapping of keys, not {_describe(value)}", "write `key: value` pairs, indented under it"
    if kind in ("enum", "literal_error"):
        return f"{name}: {err['msg'].lower()}", "use one of the values listed"
    if kind in ("too_short",):
        return f"{name} is empty", "add at least one item"
    if kind == "string_too_short":
        return f"{name} is empty", "write some text, or remove the key"
    if kind in ("string_too_long", "too_long"):
        return f"{name} is too long: {err['msg'].lower()}", "shorten it"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than", "finite_number"):
        return f"{name}: {err['msg'].lower()}", "change the number"
    if kind == "value_error":
        msg = err["msg"].removeprefix("Value error, ")
        hint = next((h for needle, h in _VALUE_HINTS if needle in msg), "see docs/authoring.md for this part of the format")
        return msg, hint
    return f"{name}: {err['msg']}", "see docs/authoring.md for this field"


# Hints for the format's own rules (the models' validators), by a phrase of their message.
_VALUE_HINTS = [
    ("tests exactly one thing", "split it: put each test in its own {...} inside all: [...] (every one must hold) or any: [...]"),
    ("needs at_least and/or at_most", "add at_least: N (N or more) and/or at_most: N (N or less)"),
    ("at_least and at_most go with meter", "add meter: METER_ID to this condition, or remove at_least/at_most"),
    ("either quote or paraphrase", "write quote: (the exact words) or paraphrase: (your own words), not both and not neither"),
    ("a quote needs source", "add source: (a file listed under sources:) and speaker: (name and title), or make it a paraphrase:"),
    ("word for word, inside its passage", "copy the quote exactly as it stands in the passage, or fix the passage"),
    ("names a round: or says end: true", "write `round: ROUND_ID` or `end: true` in this entry, not both"),
    ("must be below max", "make min smaller than max"),
    ("must lie between min", "change start: to a value between min: and max:"),
]


def _what(value: Any) -> str:
    if isinstance(value, bool):
        return f"true or false ({str(value).lower()})"
    if isinstance(value, int):
        return f"a whole number ({value})"
    if isinstance(value, float):
        return f"a number ({value!r})"
    if isinstance(value, _dt.datetime):
        return "a date and time"
    if isinstance(value, _dt.date):
        return "a date"
    if value is None:
        return "nothing (an empty value)"
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the value {str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (the value is empty)"
    if isinstance(value, str):
        return f"the text '{value[:40]}'"
    return f"{value!r}"


def _allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    """The keys the model at this path accepts (by their YAML names)."""
    model: Any = Scenario
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            break
        fields = {(f.alias or name): f for name, f in model.model_fields.items()}
        if part not in fields:
            # a dict key (e.g. a role id under choices): stay on the dict's value type
            continue
        model = _inner_model(fields[part].annotation)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return sorted((f.alias or name) for name, f in model.model_fields.items())
    return []


def _inner_model(annotation: Any) -> Any:
    """Unwrap list[...], dict[..., X], X | None down to the model class."""
    seen = 0
    while seen < 6:
        seen += 1
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin in (list, tuple):
            annotation = args[0]
        elif origin is dict:
            annotation = args[1]
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in args if a is not type(None))
        elif origin is typing.Annotated:
            annotation = args[0]
        else:
            break
    return annotation
