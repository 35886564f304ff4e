"""The format's reference, generated from the models so it can never drift from them.

- `json_schema_text()`: the JSON Schema (shipped as docs/scenario.schema.json, used by
  editors through the `# yaml-language-server: $schema=...` first line);
- `markdown()`: the field reference and the problem codes in docs/authoring.md,
  between the GENERATED markers;
- `update_docs()`: rewrites both (`python -m game schema --update-docs`).
"""

from __future__ import annotations

import datetime as _dt
import inspect
import json
import types
import typing
from pathlib import Path
from typing import Any

from annotated_types import Ge, Le, MinLen
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from game import paths
from game.scenario.models import Scenario

from .lint import CODES

SCHEMA_FILE = paths.ROOT / "docs" / "scenario.schema.json"
AUTHORING_FILE = paths.ROOT / "docs" / "authoring.md"
BEGIN = "<!-- BEGIN GENERATED REFERENCE: `python -m game schema --update-docs` rewrites this part -->"
END = "<!-- END GENERATED REFERENCE -->"


# --------------------------------------------------------------------------- JSON Schema


def json_schema() -> dict[str, Any]:
    schema = Scenario.model_json_schema(by_alias=True)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- Markdown


def _models() -> tuple[list[type[BaseModel]], dict[type[BaseModel], list[str]]]:
    """Every model reachable from Scenario, in reading order, with where each appears."""
    order: list[type[BaseModel]] = [Scenario]
    used_in: dict[type[BaseModel], list[str]] = {Scenario: []}
    i = 0
    while i < len(order):
        model = order[i]
        i += 1
        for name, f in model.model_fields.items():
            for inner in _inner_models(f.annotation):
                where = f"`{_key(name, f)}:` in [{model.__name__}](#{model.__name__.lower()})"
                if inner not in used_in:
                    used_in[inner] = []
                    order.append(inner)
                if where not in used_in[inner]:
                    used_in[inner].append(where)
    return order, used_in


def _inner_models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    out: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        out += _inner_models(arg)
    return out


def _key(name: str, f: FieldInfo) -> str:
    return f.alias or name


def _type(annotation: Any, metadata: list[Any] | None = None) -> str:
    """A field's type in words an instructor reads: 'text', 'list of [Round](#round)'..."""
    metadata = list(metadata or [])
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type(args[0], metadata + list(args[1:]))
    if origin in (typing.Union, types.UnionType):
        parts = [a for a in args if a is not type(None)]
        return " or ".join(_type(a, metadata) for a in parts)
    if origin is list:
        return "list of " + _plural(_type(args[0]))
    if origin is dict:
        return f"mapping: {_type(args[0])} → {_type(args[1])}"
    if origin is typing.Literal:
        return "one of " + ", ".join(f"`{json.dumps(a) if not isinstance(a, str) else a}`" for a in args)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    if annotation is str:
        pattern = next((getattr(m, "pattern", None) for m in metadata if getattr(m, "pattern", None)), None)
        if pattern:
            return "id"
        longest = next((getattr(m, "max_length", None) for m in metadata if getattr(m, "max_length", None)), None)
        return f"short text (up to {longest} characters)" if longest and longest <= 200 else "text"
    if annotation is bool:
        return "`true` or `false`"
    if annotation is int:
        return "whole number"
    if annotation is float:
        return "number"
    if annotation is _dt.date:
        return "date (YYYY-MM-DD)"
    return getattr(annotation, "__name__", str(annotation))


def _plural(text: str) -> str:
    if text.startswith("[") or text.startswith("short text") or text.startswith("mapping"):
        return text
    return {"id": "ids", "text": "texts", "whole number": "whole numbers"}.get(text, text)


def _bounds(f: FieldInfo) -> str:
    lo = next((m.ge for m in f.metadata if isinstance(m, Ge)), None)
    hi = next((m.le for m in f.metadata if isinstance(m, Le)), None)
    at_least = next((m.min_length for m in f.metadata if isinstance(m, MinLen)), None)
    notes = []
    if lo is not None and hi is not None:
        notes.append(f"from {lo} to {hi}")
    if at_least:
        notes.append(f"at least {at_least}")
    return f" ({', '.join(notes)})" if notes else ""


def _required(f: FieldInfo) -> str:
    if f.is_required():
        return "required"
    if f.default_factory is not None:
        return "optional"
    if f.default is None or f.default is PydanticUndefined:
        return "optional"
    default = f.default
    shown = json.dumps(default) if isinstance(default, (bool, int, float)) else default
    return f"optional, default `{shown}`"


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def _field_description(f: FieldInfo) -> str:
    if f.description:
        return f.description
    for m in f.metadata:
        if isinstance(m, FieldInfo) and m.description:
            return m.description
    return ""


def markdown() -> str:
    """The generated part of docs/authoring.md: every model's fields, then every problem code."""
    order, used_in = _models()
    out = ["## Reference: every field", ""]
    out.append(
        "Generated from the game's own format definition, so it is always complete and up to date. "
        "Keys are written exactly as shown; ids are lower-case letters, digits and `_`, starting with a letter."
    )
    out.append("")
    for model in order:
        name = model.__name__
        out.append(f"### {name}")
        out.append("")
        doc = inspect.cleandoc(model.__doc__ or "") if model.__doc__ and model.__doc__ != BaseModel.__doc__ else ""
        if name == "Scenario":
            doc = "The whole file: these are the keys at the top level, with no indentation."
        if doc:
            out.append(doc)
            out.append("")
        if used_in[model]:
            out.append("Appears as " + "; ".join(used_in[model]) + ".")
            out.append("")
        out.append("| Key | What to write | Required? | Meaning |")
        out.append("|---|---|---|---|")
        for fname, f in model.model_fields.items():
            out.append(
                f"| `{_key(fname, f)}` | {_cell(_type(f.annotation, f.metadata))}{_bounds(f)} | {_required(f)} | {_cell(_field_description(f))} |"
            )
        out.append("")
    out.append("## Reference: problem codes")
    out.append("")
    out.append(
        "`python -m game validate` reports each problem as `file:line:column: CODE message`, "
        "then the line with a caret under the spot and a hint. Codes starting with `E-` are errors "
        "(the command fails); codes starting with `W-` are warnings (shown, but the file passes)."
    )
    out.append("")
    out.append("| Code | What it means |")
    out.append("|---|---|")
    for code, meaning in CODES.items():
        out.append(f"| `{code}` | {_cell(meaning)} |")
    return "\n".join(out) + "\n"


def generated_section(doc_text: str) -> str | None:
    """The part of a document between the markers (None when they are missing)."""
    if BEGIN not in doc_text or END not in doc_text:
        return None
    return doc_text.split(BEGIN, 1)[1].split(END, 1)[0].strip("\n") + "\n"


def update_docs(schema_file: Path = SCHEMA_FILE, authoring_file: Path = AUTHORING_FILE) -> list[Path]:
    """Rewrite the shipped schema and the generated part of the authoring guide. Returns the files changed."""
    changed = []
    schema = json_schema_text()
    if not schema_file.exists() or schema_file.read_text(encoding="utf-8") != schema:
        schema_file.write_text(schema, encoding="utf-8")
        changed.append(schema_file)
    doc = authoring_file.read_text(encoding="utf-8")
    if generated_section(doc) is None:
        raise ValueError(f"{authoring_file} has no {BEGIN!r} … {END!r} markers")
    before, rest = doc.split(BEGIN, 1)
    after = rest.split(END, 1)[1]
    new = before + BEGIN + "\n\n" + markdown() + "\n" + END + after
    if new != doc:
        authoring_file.write_text(new, encoding="utf-8")
        changed.append(authoring_file)
    return changed
