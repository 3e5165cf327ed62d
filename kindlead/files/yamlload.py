"""Safe, located YAML (and JSON) loading for prompt sets, rules and answers.

PyYAML's own loaders build Python objects and lose the source position of every
value. Here we read the *event stream* of the C parser (or the pure-Python one
when libyaml is missing) and build a small tree of `Scalar`, `Seq` and `Map`
nodes, each with its `Mark`. On the way we refuse everything unsafe or absurd:

- explicit tags (``!!python/object``, ``!custom``): no tag can build anything;
- duplicate mapping keys and non-scalar keys;
- nesting deeper than `MAX_DEPTH`, found while streaming so a 20,000-level
  document is refused after 65 events, not after a recursion crash;
- alias bombs: every alias counts the full size of what it points at, and the
  document is refused once that expanded size passes `MAX_NODES`;
- files over `MAX_BYTES`, non-UTF-8 bytes, NUL bytes, directories, FIFOs.

JSON is YAML: an answers file in JSON goes through the same parser and checks.

Scalars stay text. `Scalar.plain` says whether the scalar was unquoted, so that a
schema that wants a boolean or a number can resolve it (YAML 1.2 core rules),
while a text answer like ``target: no`` stays the text "no".
"""

from __future__ import annotations

import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kindlead.errors import STDIN, InputFileError, Mark, Problem

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 100_000


class Node:
    """One place in a document (equal only to itself), with where it is."""

    __slots__ = ("mark",)

    def __init__(self, mark: Mark) -> None:
        self.mark = mark


class Scalar(Node):
    __slots__ = ("plain", "value")

    def __init__(self, mark: Mark, value: str, plain: bool) -> None:
        super().__init__(mark)
        self.value = value
        self.plain = plain
        """True for an unquoted scalar, whose meaning a schema may resolve."""

    def __repr__(self) -> str:
        return f"Scalar({self.mark}, {self.value!r}, plain={self.plain})"


class Seq(Node):
    __slots__ = ("items",)

    def __init__(self, mark: Mark, items: tuple[Node, ...]) -> None:
        super().__init__(mark)
        self.items = items


class Map(Node):
    __slots__ = ("items",)

    def __init__(self, mark: Mark, items: tuple[tuple[Scalar, Node], ...]) -> None:
        super().__init__(mark)
        self.items = items

    def get(self, key: str) -> Node | None:
        for k, v in self.items:
            if k.value == key:
                return v
        return None


def kind_name(node: Node) -> str:
    if isinstance(node, Map):
        return "a mapping"
    if isinstance(node, Seq):
        return "a list"
    return "text"


# -- scalar resolution (YAML 1.2 core schema) ---------------------------------

_TRUE = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"}
_FALSE = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"}
_NULL = {"", "~", "null", "Null", "NULL"}
_INT = re.compile(r"[-+]?[0-9]+")


def is_null(node: Node | None) -> bool:
    return node is None or (isinstance(node, Scalar) and node.plain and node.value in _NULL)


def as_bool(node: Scalar) -> bool | None:
    """The boolean a scalar spells, or None. Accepts yes/no as people write them."""
    if node.value in _TRUE:
        return True
    if node.value in _FALSE:
        return False
    return None


def as_int(node: Scalar) -> int | None:
    if node.plain and _INT.fullmatch(node.value) and len(node.value) < 10:
        return int(node.value)
    return None


# -- reading files ------------------------------------------------------------


def read_text(path: Path | str, *, max_bytes: int = MAX_BYTES, what: str = "file") -> str:
    """Read a small UTF-8 text file, refusing anything that is not one.

    ``path`` of ``-`` reads standard input. Errors name the file and, for bad
    bytes, the line and column where they start.
    """
    name = str(path)
    if name == "-":
        import sys

        name = STDIN
        if sys.stdin is None or not hasattr(sys.stdin, "buffer"):
            raise InputFileError(Problem("standard input is closed", Mark(name)))
        try:
            data = sys.stdin.buffer.read(max_bytes + 1)
        except OSError as e:
            raise InputFileError(Problem(f"cannot read: {e.strerror}", Mark(name))) from None
    else:
        p = Path(path)
        try:
            st = p.stat()
        except FileNotFoundError:
            raise InputFileError(Problem(_missing(p, what), Mark(name))) from None
        except OSError as e:
            raise InputFileError(Problem(f"cannot read {what}: {e.strerror}", Mark(name))) from None
        if stat.S_ISDIR(st.st_mode):
            raise InputFileError(Problem(f"is a directory, expected {_a(what)}", Mark(name)))
        if not stat.S_ISREG(st.st_mode):
            raise InputFileError(Problem(f"is not a regular file, expected {_a(what)}", Mark(name)))
        if st.st_size > max_bytes:
            raise InputFileError(Problem(_too_big(st.st_size, max_bytes), Mark(name)))
        try:
            with p.open("rb") as f:
                data = f.read(max_bytes + 1)
        except OSError as e:
            raise InputFileError(Problem(f"cannot read {what}: {e.strerror}", Mark(name))) from None
    if len(data) > max_bytes:
        raise InputFileError(Problem(_too_big(len(data), max_bytes), Mark(name)))
    return decode(data, name)


def _missing(p: Path, what: str) -> str:
    """Why `p` cannot be found: not there at all, or a link whose target is gone."""
    import os

    if not p.is_symlink():
        return f"no such {what}"
    return f"is a link to nothing ({os.path.realpath(p)} does not exist), expected {_a(what)}"


def _a(what: str) -> str:
    return f"{'an' if what[:1] in 'aeiou' else 'a'} {what}"


def _too_big(size: int, limit: int) -> str:
    return f"file is too large ({size:,} bytes; the limit is {limit:,})"


def decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without a byte-order mark) or a located error."""
    # (not the utf-8-sig codec: importing it costs more than this, and its errors
    # count from after the mark)
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line, col = _line_col(data, e.start)
        raise InputFileError(
            Problem(f"is not UTF-8 text (byte 0x{data[e.start]:02x})", Mark(name, line, col))
        ) from None
    nul = text.find("\0")
    if nul >= 0:
        line, col = _line_col(text, nul)
        raise InputFileError(
            Problem("is a binary file (contains a NUL byte)", Mark(name, line, col))
        )
    return text


def _line_col(data: bytes | str, index: int) -> tuple[int, int]:
    nl: Any = b"\n" if isinstance(data, bytes) else "\n"
    line = data.count(nl, 0, index) + 1
    start = data.rfind(nl, 0, index) + 1
    prefix = data[start:index]
    col = len(prefix.decode("utf-8", "replace")) if isinstance(prefix, bytes) else len(prefix)
    return line, col + 1


# -- parsing ----------------------------------------------------------------------


def _loader() -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse(text: str, name: str) -> Node | None:
    """Parse one YAML (or JSON, which is YAML) document into located nodes; None if empty."""
    import yaml

    try:
        return _build(yaml.parse(text, Loader=_loader()), name)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = Mark(name, mark.line + 1, mark.column + 1) if mark else Mark(name)
        what = e.problem or e.context or "invalid YAML"
        hint = _hint(what, _char_at(text, where))
        raise InputFileError(
            Problem(f"invalid YAML: {what}{f' — {hint}' if hint else ''}", where)
        ) from None
    except yaml.reader.ReaderError as e:  # a character YAML refuses: say where it is
        line, col = _line_col(text, e.position)
        what = f"unacceptable character #x{e.character:04x}: {e.reason}"
        raise InputFileError(Problem(f"invalid YAML: {what}", Mark(name, line, col))) from None
    except yaml.YAMLError as e:
        raise InputFileError(Problem(f"invalid YAML: {e}", Mark(name))) from None


_ODD_START = (
    "the indentation is off, or a value that starts with a quote, '[' or '{' goes on "
    "after it closes (quote all of it)"
)
#: The usual cause of PyYAML's messages (libyaml's words, or the pure-Python parser's).
_HINTS = (
    ("mapping values are not allowed",
     "a value with ': ' in it needs quotes, or the indentation is off"),
    ("could not find expected ':'", "the indentation is off, or a list item lacks its '- '"),
    ("did not find expected key", _ODD_START),
    ("did not find expected '-' indicator", _ODD_START),
    ("expected <block end>", _ODD_START),
    ("did not find expected ',' or", "a '[' or '{' is not closed, or a value in it needs quotes"),
    ("unexpected end of stream", "a quote, '[' or '{' is not closed"),
    ("cannot start any token", "a value that starts with @, ` or % needs quotes"),
    ("expected alphabetic or numeric character", "a value that starts with * or & needs quotes"),
)  # fmt: skip


def _hint(problem: str, char: str) -> str:
    """What usually causes `problem`, for a person who is not a YAML expert ("" if unknown)."""
    if char == "\t" or "'\\t'" in problem:
        return "indent with spaces, not tabs"
    return next((hint for cue, hint in _HINTS if cue in problem), "")


def _char_at(text: str, mark: Mark) -> str:
    if mark.line is None or mark.column is None:
        return ""
    lines = text.split("\n")
    line = lines[mark.line - 1] if mark.line <= len(lines) else ""
    return line[mark.column - 1 : mark.column]


def load(path: Path | str, *, what: str = "file", max_bytes: int = MAX_BYTES) -> Node | None:
    text = read_text(path, max_bytes=max_bytes, what=what)
    return parse(text, STDIN if str(path) == "-" else str(path))


class _Open:
    """A sequence or mapping being read."""

    __slots__ = ("anchor", "is_map", "items", "key", "keys", "mark", "size")

    def __init__(
        self, mark: Mark, is_map: bool, items: list[Any], anchor: str | None, keys: set[str] | None
    ) -> None:
        self.mark = mark
        self.is_map = is_map
        self.items = items
        self.anchor = anchor
        self.size = 1
        self.key: Scalar | None = None
        self.keys = keys


def _build(events: Iterator[Any], name: str) -> Node | None:
    import yaml

    stack: list[_Open] = []
    anchors: dict[str, tuple[Node, int]] = {}
    root: Node | None = None
    documents = 0

    def mark_of(ev: Any) -> Mark:
        return Mark(name, ev.start_mark.line + 1, ev.start_mark.column + 1)

    def refuse(msg: str, ev: Any) -> InputFileError:
        return InputFileError(Problem(msg, mark_of(ev)))

    def add(node: Node, size: int, ev: Any) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        top = stack[-1]
        top.size += size
        if top.size > MAX_NODES:
            raise refuse(
                f"document is too large (over {MAX_NODES:,} values, counting what each "
                "alias stands for)",
                ev,
            )
        if not top.is_map:
            top.items.append(node)
        elif top.key is None:
            if not isinstance(node, Scalar):
                raise InputFileError(Problem("mapping keys must be plain text", node.mark))
            assert top.keys is not None
            if node.value in top.keys:
                raise InputFileError(Problem(f"duplicate key {node.value!r}", node.mark))
            top.keys.add(node.value)
            top.key = node
        else:
            top.items.append((top.key, node))
            top.key = None

    for ev in events:
        if isinstance(ev, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise refuse("expected a single YAML document, found another one", ev)
            continue
        if getattr(ev, "tag", None) not in (None, "!"):
            raise refuse(
                f"YAML tags are not allowed (found {ev.tag}) — a value that starts with ! "
                "needs quotes",
                ev,
            )
        if isinstance(ev, yaml.AliasEvent):
            if ev.anchor not in anchors:
                raise refuse(
                    f"unknown alias *{ev.anchor} — a value that starts with * needs quotes", ev
                )
            node, size = anchors[ev.anchor]
            add(node, size, ev)
        elif isinstance(ev, yaml.ScalarEvent):
            plain = ev.tag is None and ev.style in (None, "")
            node = Scalar(mark_of(ev), ev.value, plain)
            if ev.anchor:
                anchors[ev.anchor] = (node, 1)
            add(node, 1, ev)
        elif isinstance(ev, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            if len(stack) >= MAX_DEPTH:
                raise refuse(f"nesting is too deep (more than {MAX_DEPTH} levels)", ev)
            is_map = isinstance(ev, yaml.MappingStartEvent)
            stack.append(_Open(mark_of(ev), is_map, [], ev.anchor, keys=set() if is_map else None))
        elif isinstance(ev, yaml.SequenceEndEvent | yaml.MappingEndEvent):
            done = stack.pop()
            coll: Node = (
                Map(done.mark, tuple(done.items))
                if done.is_map
                else Seq(done.mark, tuple(done.items))
            )
            if done.anchor:
                anchors[done.anchor] = (coll, done.size)
            add(coll, done.size, ev)
    return root
