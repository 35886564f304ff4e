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

import re
import types
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

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
                    path, 0, 0, "E-FILE-SIZE",
                    f"the file is larger than the limit of {MAX_BYTES:,} bytes",
                    "split long texts or check that this is really a scenario file",
                )
            ]
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        raise ProblemsError(
            [Problem(path, 0, 0, "E-FILE-ENCODING", "the file is UTF-16 (or UTF-32), not UTF-8", "save the file as UTF-8 in your editor")]
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw:
        # UTF-16 without a byte-order mark decodes as "valid" UTF-8 full of NUL bytes.
        raise ProblemsError(
            [
                Problem(
                    path, 0, 0, "E-FILE-ENCODING",
                    "the file contains NUL bytes: it is UTF-16 or not a text file at all",
                    "save the file as UTF-8 in your editor (in VS Code: 'Save with Encoding' → UTF-8)",
                )
            ]
        )
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


def parse(text: str, path: str) -> Located:
    """Parse one YAML document strictly. Raises ProblemsError with located problems."""
    try:
        loader = _StrictLoader(text)
    except ReaderError as exc:
        # Control characters (often pasted from a PDF) are refused before parsing starts.
        line, col = _line_col(text, exc.position)
        raise ProblemsError(
            [
                Problem(
                    path, line, col, "E-YAML-CHARACTER",
                    f"the file contains a control character (#x{exc.character:04x}) that YAML does not allow"
                    if isinstance(exc.character, int) else "the file contains a character that YAML does not allow",
                    "delete it (it is invisible in most editors: retype the text around this spot)",
                )
            ],
            text,
        ) from None
    try:
        try:
            root = loader.get_single_node()
        except _Refused as exc:
            raise ProblemsError([_at(path, exc.mark, exc.code, exc.message, exc.hint)], text) from None
        except yaml.MarkedYAMLError as exc:
            mark, message, hint = _explain_syntax(exc, text)
            raise ProblemsError([_at(path, mark, "E-YAML-SYNTAX", message, hint)], text) from None
        except yaml.YAMLError as exc:
            message = str(exc).splitlines()[0] if str(exc) else "the file is not valid YAML"
            raise ProblemsError(
                [Problem(path, 1, 1, "E-YAML-SYNTAX", message, "check the indentation and the quotes near the start")], text
            ) from None
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


def _explain_syntax(exc: yaml.MarkedYAMLError, text: str) -> tuple[Any, str, str]:
    """PyYAML's message in an author's words, at the spot where the mistake most likely is."""
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or str(exc)
    line = ""
    if mark is not None and mark.line < len(text.splitlines()):
        line = text.splitlines()[mark.line]
    hint = "check the indentation and the quotes near this spot"
    message = problem
    runaway = _runaway_quote(text, exc.problem_mark) if exc.problem_mark is not None else None
    if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
        # the file ends inside a quoted text: the mistake is where the quote opens
        mark = exc.context_mark
        q = text[mark.index] if mark.index < len(text) else '"'
        message = "this quote is never closed: YAML reads the rest of the file as part of this text"
        hint = f"add the closing {q} at the end of the text on this line"
    elif runaway is not None:
        mark, message, hint = runaway
    elif "\t" in problem or "'\\t'" in problem:
        message, hint = "a tab character", "YAML does not allow tabs for indentation; use spaces"
    elif "expected a single document" in str(exc):
        message, hint = "the file holds more than one YAML document", "remove the extra '---' line"
    elif exc.context == "while scanning a simple key" and exc.context_mark is not None:
        # `title "x"`: PyYAML notices only on the next line; the key without its colon is here.
        mark = exc.context_mark
        message, hint = "a key without its colon", "write the key, a colon and a space before the value: `key: value`"
    elif "mapping values are not allowed" in problem:
        above = text.splitlines()[mark.line - 1].strip() if mark is not None and 0 < mark.line <= len(text.splitlines()) else ""
        if above and ":" not in above and not above.startswith(("#", "-")) and ": " not in line[: mark.column].strip():
            # `title "x"` then `date: ...`: YAML reads both lines as one value until the colon below.
            mark = types.SimpleNamespace(line=mark.line - 1, column=len(text.splitlines()[mark.line - 1]) - len(above))
            message, hint = "a key without its colon", "write the key, a colon and a space before the value: `key: value`"
        else:
            message = "a colon followed by a space in the middle of a value"
            hint = "if this is text containing ': ', put the whole text in double quotes; otherwise check this line's indentation"
    elif "expected ',' or ']'" in problem:
        message, hint = "a list in [ ] is not closed", "add the closing ] and check the commas between the items"
    elif "expected ',' or '}'" in problem:
        message, hint = "a mapping in { } is not closed", "add the closing } and check the commas between the entries"
    elif exc.context == "while parsing a block collection" and "found '?'" in problem and exc.context_mark is not None:
        mark, message, hint = _list_for_mapping(text, exc.context_mark, mark)
    elif "expected <block end>" in problem or "did not find expected key" in problem or "expected <document start>" in problem:
        message = "this line does not fit the indentation of the lines above"
        hint = "line it up with the other keys of the same item, or look just above for a quote opened and never closed"
    elif "did not find expected '-' indicator" in problem:
        message = "an item of a list without its '- '"
        hint = "start every item of this list with '- ', at the same indentation"
    elif "found unexpected end of stream" in problem or "unexpected end" in problem:
        message, hint = "the file ends in the middle of something", "close the quote or bracket opened above"
    if "“" in line or "”" in line:
        hint += ". Typographic quotes “ ” do not count as quotes in YAML: use straight double quotes \"...\""
    return mark, message, hint


_KEY_LINE = re.compile(r"^\s*(- )?[A-Za-z_][\w-]*:(\s|$)")


def _runaway_quote(text: str, problem: Any) -> tuple[Any, str, str] | None:
    """A quoted text that ran on over following lines that look like keys: its closing quote is missing.

    PyYAML notices only where the text finally ends, often many lines below (at the next quote);
    the mistake is where the quote opens."""
    if problem.index > 500_000:
        return None  # not worth reading a huge (perhaps hostile) file a second time
    found = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= problem.index:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'") and token.end_mark.line > token.start_mark.line:
                found = token
    except yaml.YAMLError:
        pass
    if found is None or problem.line - found.end_mark.line > 1:
        return None
    inside = text[found.start_mark.index : found.end_mark.index].splitlines()[1:]
    if not any(_KEY_LINE.match(line) for line in inside):
        return None  # a text really written over several lines
    q = text[found.start_mark.index]
    opened = text.splitlines()[found.start_mark.line]
    key = opened[: found.start_mark.column].strip().rstrip(":").lstrip("- ").strip()
    where = f"`{key}:`" if key else "this text"
    return (
        found.start_mark,
        f"the quote that opens {where} here is not closed on its line: YAML reads on, over the lines below, "
        f"up to the next {q} (line {found.end_mark.line + 1})",
        f"add the closing {q} at the end of the text on this line",
    )


def _list_for_mapping(text: str, dash: Any, problem: Any) -> tuple[Any, str, str]:
    """`- nato:` under `choices:`, then `russia:` below it: a list where a mapping of keys belongs."""
    lines = text.splitlines()
    item = lines[dash.line].strip()[1:].strip() if dash.line < len(lines) else ""
    item_key = item.split(":", 1)[0].strip() if ":" in item else ""
    parent = ""
    for line in reversed(lines[: dash.line]):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and len(line) - len(line.lstrip()) < dash.column:
            parent = stripped.lstrip("- ").split(":", 1)[0].strip() if stripped.endswith(":") else ""
            break
    if parent == "choices" and item_key:
        return (
            dash,
            f"choices: wants role ids as keys (`{item_key}:`), not a list (`- {item_key}:`)",
            f"remove the '- ' before {item_key}: and write each role's id at the same indentation, with its list of choices under it",
        )
    found = lines[problem.line].strip() if problem.line < len(lines) else ""
    key = found.split(":", 1)[0].strip() if ":" in found else found
    return (
        problem,
        f"`{key}:` stands where the list that starts at line {dash.line + 1} expects another '- ' item",
        f"if {key}: belongs to the item above, indent it to line up with that item's keys (after its '- '); "
        "if it starts a new item, begin it with '- '",
    )


def _line_col(text: str, position: int) -> tuple[int, int]:
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


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
        except Exception as exc:  # noqa: BLE001 - e.g. `2007-02-31` (ValueError) or `!!bool maybe` (KeyError)
            reason = getattr(exc, "problem", None) or str(exc) or type(exc).__name__
            problems.append(
                Problem(
                    path, *_pos(node), "E-YAML-VALUE", f"YAML cannot read the value {node.value[:40]!r}: {reason}",
                    "fix the value (dates are YYYY-MM-DD and must exist), or put it in quotes if it is text",
                )
            )
            return None
        if node.style is None and not isinstance(value, str):
            loc.plain_non_text[p] = node.value
        return value
    if isinstance(node, SequenceNode):
        return [_build(child, p + (i,), loc, loader, problems, path) for i, child in enumerate(node.value)]
    assert isinstance(node, MappingNode)
    out: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        if isinstance(key_node, ScalarNode) and key_node.value == "<<" and key_node.style is None:
            problems.append(Problem(path, *_pos(key_node), "E-YAML-ALIAS", "merge keys (<<) are not allowed", "write the entries out in full"))
            continue
        if not isinstance(key_node, ScalarNode) or key_node.tag not in _SAFE_TAGS:
            problems.append(Problem(path, *_pos(key_node), "E-YAML-KEY", "a key must be plain text", "write the key as a plain word"))
            continue
        # Keys are kept as the text written: `yes:` or `2007-01-01:` stay text, never True or a date.
        key = key_node.value
        if key in out:
            first = loc.key_at[p + (key,)]
            problems.append(
                Problem(
                    path, *_pos(key_node), "E-YAML-DUPLICATE",
                    f"the key '{key}' appears twice in this mapping (first at line {first[0]})",
                    "keep one of them (YAML would silently drop the first); if a new item of a list starts here, begin its first line with '- '",
                )
            )
            continue
        loc.key_at[p + (key,)] = _pos(key_node)
        out[key] = _build(value_node, p + (key,), loc, loader, problems, path)
    return out
