"""Load a scenario file: bytes → strict YAML → typed models → cross-references.

`load_scenario` either returns a `LoadedScenario` or raises `ProblemsError`
holding every located problem found. Nothing here ever shows a traceback to a user.
"""

from __future__ import annotations

import difflib
import hashlib
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

    def position_of(self, path: tuple[Any, ...], *, key: bool = False) -> tuple[int, int]:
        return self.located.where(path, key=key)


def load_scenario(path: Path | str) -> LoadedScenario:
    shown = display_path(path)
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        hint = "check the spelling; `python -m game play --list` shows the scenarios that ship with the game"
        raise ProblemsError([Problem(shown, 0, 0, "E-FILE-MISSING", "no such file", hint)]) from None
    except IsADirectoryError:
        raise ProblemsError([Problem(shown, 0, 0, "E-FILE-MISSING", "this is a folder, not a scenario file", "name a .yaml file inside it")]) from None
    except OSError as exc:
        raise ProblemsError([Problem(shown, 0, 0, "E-FILE-UNREADABLE", f"cannot read the file ({exc.strerror})", "check the file's permissions")]) from None
    text = strict_yaml.decode(raw, shown)
    scenario, located = parse_scenario(text, shown)
    return LoadedScenario(scenario, p, hashlib.sha256(raw).hexdigest(), located)


def parse_scenario(text: str, shown: str) -> tuple[Scenario, strict_yaml.Located]:
    located = strict_yaml.load(text, shown)
    if not isinstance(located.data, dict):
        raise ProblemsError(
            [Problem(shown, 1, 1, "E-SCHEMA", "a scenario file is a mapping of keys (format:, id:, title:, ...)", "start from `python -m game new FILE`")],
            text,
        )
    try:
        scenario = Scenario.model_validate(located.data)
    except ValidationError as exc:
        raise ProblemsError(_schema_problems(exc, located, shown), text) from None
    findings = references.check(scenario)
    if findings:
        problems = [Problem(shown, *located.where(path), code, message, hint) for path, code, message, hint in findings]
        raise ProblemsError(sorted(problems, key=lambda pr: (pr.line, pr.col)), text)
    return scenario, located


# --------------------------------------------------------------------------- schema errors → problems

_TYPE_NAMES = {bool: "true or false", int: "a whole number", float: "a number", type(None): "nothing"}


def _schema_problems(exc: ValidationError, located: strict_yaml.Located, shown: str) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple[int, int, str]] = set()
    for err in exc.errors(include_url=False):
        loc = _clean_loc(err["loc"])
        kind = err["type"]
        message, hint = _explain(err, loc, located)
        at_key = kind in ("extra_forbidden",)
        line, col = located.where(loc, key=at_key)
        if kind == "missing":
            line, col = located.where(loc[:-1])
        if (line, col, message) in seen:
            continue
        seen.add((line, col, message))
        problems.append(Problem(shown, line, col, "E-SCHEMA", message, hint))
    return sorted(problems, key=lambda p: (p.line, p.col))


def _clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    # pydantic adds '[key]' after a dict key that failed, and model names inside unions.
    return tuple(part for part in loc if part != "[key]" and not (isinstance(part, str) and part[:1].isupper()))


def _explain(err: Any, loc: tuple[Any, ...], located: strict_yaml.Located) -> tuple[str, str]:
    kind = err["type"]
    field = str(loc[-1]) if loc else "file"
    value = err.get("input")
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc[:-1])
        close = difflib.get_close_matches(field, allowed, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"allowed here: {', '.join(allowed)}"
        return f"unknown key '{field}'", hint
    if kind == "missing":
        return f"missing '{field}:'", f"add `{field}:` here; docs/authoring.md lists every field"
    if kind in ("string_type", "str_type") and loc in located.plain_non_text:
        written = located.plain_non_text[loc]
        return (
            f"'{field}' should be text, but YAML reads {written} as {_TYPE_NAMES.get(type(value), type(value).__name__)} ({value!r})",
            f'put it in quotes: {field}: "{written}"',
        )
    if kind in ("string_type", "str_type"):
        return f"'{field}' should be text, not {_describe(value)}", "write it as text, in quotes if it starts with a symbol"
    if kind == "string_pattern_mismatch":
        return f"'{value}' is not a valid id", "ids use lower-case letters, digits and _ and start with a letter, e.g. gates_offer"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"'{field}' should be a whole number, not {_describe(value)}", "write a number such as 10 or -5, without quotes"
    if kind in ("bool_type", "bool_parsing"):
        return f"'{field}' should be true or false, not {_describe(value)}", "write true or false"
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        return f"'{field}' should be a date, not {_describe(value)}", "write dates as YYYY-MM-DD, e.g. 2007-04-23, without quotes"
    if kind in ("list_type",):
        return f"'{field}' should be a list, not {_describe(value)}", "start each item on its own line with '- '"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"'{field}' should be a mapping of keys, not {_describe(value)}", "write `key: value` pairs, indented under it"
    if kind in ("enum", "literal_error"):
        return f"'{field}': {err['msg'].lower()}", "use one of the values listed"
    if kind in ("too_short",):
        return f"'{field}' is empty", "add at least one item"
    if kind == "string_too_short":
        return f"'{field}' is empty", "write some text, or remove the key"
    if kind == "string_too_long":
        return f"'{field}' is too long", "shorten it"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"'{field}': {err['msg'].lower()}", "change the number"
    if kind == "value_error":
        msg = err["msg"].removeprefix("Value error, ")
        return msg, "see docs/authoring.md for this part of the format"
    return f"'{field}': {err['msg']}", "see docs/authoring.md"


def _describe(value: Any) -> str:
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
