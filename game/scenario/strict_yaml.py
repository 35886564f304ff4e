"""A strict, safe YAML reader that remembers where every value came from.

On top of PyYAML's SafeLoader it refuses what a shared file should never need:
anchors and aliases (so an "alias bomb" is refused at its first anchor, in
microseconds), duplicate keys, non-standard tags such as !!python/object,
files over a size limit, deep nesting, and encodings other than UTF-8.

The result is plain Python data plus a map from each value's path, e.g.
("rounds", 2, "choices", "usa", 0, "label"), to its line and column, so later
checks can point at the exact spot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import Problem, ProblemsError

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40

Path = tuple[Any, ...]

_SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


@dataclass
class Located:
    """Parsed data and where each part of it stands in the file."""

    data: Any
    text: str
    # path -> (line, col), 1-based, of the value; for mapping keys also of the key.
    value_at: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_at: dict[Path, tuple[int, int]] = field(default_factory=dict)
    # Plain (unquoted) scalars that YAML turned into something other than text,
    # e.g. `no` -> False, `1:30` -> 5400: path -> the text as written.
    plain_non_text: dict[Path, str] = field(default_factory=dict)

    def where(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """The nearest known position for a path (walking up to its parents)."""
        table = self.key_at if key else self.value_at
        p = tuple(path)
        while p:
            if p in table:
                return table[p]
            if p in self.value_at:
                return self.value_at[p]
            p = p[:-1]
        return self.value_at.get((), (1, 1))


class _Refused(Exception):
    def __init__(self, mark: Any, code: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.mark, self.code, self.message, self.hint = mark, code, message, hint


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors/aliases and deep nesting while composing."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:  # type: ignore[override]
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(
                event.start_mark,
                "E-YAML-ALIAS",
                "anchors and aliases (&name, *name) are not allowed in scenario files",
                "write the text out in full where it is needed",
            )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Refused(
                event.start_mark,
                "E-YAML-DEPTH",
                f"the file nests deeper than {MAX_DEPTH} levels",
                "check the indentation; scenario files never need this much nesting",
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def decode(raw: bytes, path: str) -> str:
    """UTF-8 only (a UTF-8 byte-order mark is allowed); anything else is a located error."""
    if len(raw) > MAX_BYTES:
        raise ProblemsError(
            [
                Problem(
                    path, 1, 1, "E-FILE-SIZE",
                    f"the file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}",
                    "split long texts or check that this is really a scenario file",
                )
            ]
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ProblemsError(
            [Problem(path, 1, 1, "E-FILE-ENCODING", "the file is UTF-16, not UTF-8", "save the file as UTF-8 in your editor")]
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise ProblemsError(
            [
                Problem(
                    path, line, col, "E-FILE-ENCODING",
                    f"byte 0x{raw[exc.start]:02x} is not UTF-8 text",
                    "save the file as UTF-8 in your editor (in VS Code: 'Save with Encoding' → UTF-8)",
                )
            ]
        ) from None


def load(text: str, path: str) -> Located:
    """Parse one YAML document strictly. Raises ProblemsError with located problems."""
    loader = _StrictLoader(text)
    try:
        try:
            root = loader.get_single_node()
        except _Refused as exc:
            raise ProblemsError([_at(path, exc.mark, exc.code, exc.message, exc.hint)], text) from None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            message = exc.problem or str(exc)
            hint = "check the indentation and the quotes near this spot"
            if "found character '\\t'" in message or "\t" in message:
                hint = "YAML does not allow tabs for indentation; use spaces"
            if "expected a single document" in str(exc):
                message, hint = "the file holds more than one YAML document", "remove the extra '---' line"
            raise ProblemsError([_at(path, mark, "E-YAML-SYNTAX", message, hint)], text) from None
        except yaml.YAMLError as exc:
            raise ProblemsError([Problem(path, 1, 1, "E-YAML-SYNTAX", str(exc), "")], text) from None
    finally:
        loader.dispose()
    located = Located(data=None, text=text)
    if root is None:
        raise ProblemsError([Problem(path, 1, 1, "E-YAML-EMPTY", "the file is empty", "start from `python -m game new FILE`")], text)
    problems: list[Problem] = []
    located.data = _build(root, (), located, loader, problems, path)
    if problems:
        raise ProblemsError(problems, text)
    return located


def _at(path: str, mark: Any, code: str, message: str, hint: str) -> Problem:
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Problem(path, line, col, code, message, hint)


def _pos(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _build(node: Node, p: Path, loc: Located, loader: _StrictLoader, problems: list[Problem], path: str) -> Any:
    loc.value_at[p] = _pos(node)
    if node.tag not in _SAFE_TAGS:
        problems.append(
            Problem(
                path, *_pos(node), "E-YAML-TAG",
                f"the tag {node.tag!r} is not allowed",
                "remove the '!' tag; scenario files hold only plain text, numbers, lists and mappings",
            )
        )
        return None
    if isinstance(node, ScalarNode):
        try:
            value = loader.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            problems.append(Problem(path, *_pos(node), "E-YAML-VALUE", str(getattr(exc, "problem", exc)), "put the value in quotes"))
            return None
        if node.style is None and not isinstance(value, str):
            loc.plain_non_text[p] = node.value
        return value
    if isinstance(node, SequenceNode):
        return [_build(child, p + (i,), loc, loader, problems, path) for i, child in enumerate(node.value)]
    assert isinstance(node, MappingNode)
    out: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.tag not in _SAFE_TAGS:
            problems.append(Problem(path, *_pos(key_node), "E-YAML-KEY", "a key must be plain text", "write the key as a plain word"))
            continue
        if key_node.value == "<<" and key_node.style is None:
            problems.append(Problem(path, *_pos(key_node), "E-YAML-ALIAS", "merge keys (<<) are not allowed", "write the entries out in full"))
            continue
        key = key_node.value if key_node.style is not None else loader.construct_object(key_node)
        if not isinstance(key, str):
            key = key_node.value  # `1: x` or `yes: x` keys are kept as the text written
        if key in out:
            first = loc.key_at[p + (key,)]
            problems.append(
                Problem(
                    path, *_pos(key_node), "E-YAML-DUPLICATE",
                    f"the key '{key}' appears twice in this mapping (first at line {first[0]})",
                    "keep one of them; YAML would silently drop the first",
                )
            )
            continue
        loc.key_at[p + (key,)] = _pos(key_node)
        out[key] = _build(value_node, p + (key,), loc, loader, problems, path)
    return out
