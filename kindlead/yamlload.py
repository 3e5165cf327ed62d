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

A document that is plain JSON (an answers file from a script, say) is read without
importing the YAML parser, into the same nodes with the same marks; anything JSON and
YAML might read differently goes to the YAML parser (`parse_json`).

Scalars stay text. `Scalar.plain` says whether the scalar was unquoted, so that a
schema that wants a boolean or a number can resolve it (YAML 1.2 core rules),
while a text answer like ``target: no`` stays the text "no".
"""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kindlead import recache
from kindlead.errors import STDIN, InputFileError, Mark, Problem
from kindlead.record import Record

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 100_000


class Node(Record):
    __slots__ = ("mark",)
    mark: Mark

    # Each node is one place in a document: equal only to itself.
    __eq__ = object.__eq__
    __hash__ = object.__hash__


class Scalar(Node):
    __slots__ = ("plain", "value")
    value: str
    plain: bool
    """True for an unquoted scalar, whose meaning a schema may resolve."""

    def __init__(self, mark: Mark, value: str, plain: bool) -> None:
        self._init(mark, value, plain)


class Seq(Node):
    __slots__ = ("items",)
    items: tuple[Node, ...]

    def __init__(self, mark: Mark, items: tuple[Node, ...]) -> None:
        self._init(mark, items)


class Map(Node):
    __slots__ = ("items",)
    items: tuple[tuple[Scalar, Node], ...]

    def __init__(self, mark: Mark, items: tuple[tuple[Scalar, Node], ...]) -> None:
        self._init(mark, items)

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
_INT = recache.compile(r"[-+]?[0-9]+")


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


def to_python(node: Node) -> Any:
    """Plain Python data with every scalar kept as text (for error-free dumps)."""
    if isinstance(node, Map):
        return {k.value: to_python(v) for k, v in node.items}
    if isinstance(node, Seq):
        return [to_python(v) for v in node.items]
    assert isinstance(node, Scalar)
    return None if is_null(node) else node.value


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
            raise InputFileError(Problem(f"no such {what}", Mark(name))) from None
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
    """Parse one YAML (or JSON) document into located nodes; None if it is empty."""
    try:
        if text.lstrip(" \n")[:1] in ("{", "["):
            return parse_json(text, name)
        return parse_simple(text, name)
    except NeedsYAMLParser:
        pass  # the YAML parser reads it, or says what is wrong
    return parse_yaml(text, name)


def parse_yaml(text: str, name: str) -> Node | None:
    """`parse` with the YAML parser, whatever the text."""
    import yaml

    try:
        return _build(yaml.parse(text, Loader=_loader()), name)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = Mark(name, mark.line + 1, mark.column + 1) if mark else Mark(name)
        what = e.problem or e.context or "invalid YAML"
        raise InputFileError(Problem(f"invalid YAML: {what}", where)) from None
    except yaml.reader.ReaderError as e:  # a character YAML refuses: say where it is
        line, col = _line_col(text, e.position)
        what = f"unacceptable character #x{e.character:04x}: {e.reason}"
        raise InputFileError(Problem(f"invalid YAML: {what}", Mark(name, line, col))) from None
    except yaml.YAMLError as e:
        raise InputFileError(Problem(f"invalid YAML: {e}", Mark(name))) from None


# -- JSON without the YAML parser ------------------------------------------------------

#: Over this many values, a JSON document goes to the YAML parser, which counts them.
MAX_JSON_VALUES = MAX_NODES // 2


class NeedsYAMLParser(Exception):
    """Not JSON (or simple YAML) that the YAML parser would read the same way: let the
    YAML parser read it."""


# What the YAML parser reads differently or refuses: control characters (tab and CR
# among them), other line breaks, BOMs inside the text, non-characters, surrogates and
# their escapes.
_UNSURE = recache.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]|\\\\u[dD][89a-fA-F]"
)
_JSON_PLAIN = recache.compile(
    r"(?:-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|true|false|null)(?=[ \n,\]}]|\Z)"
)
_JSON_SPACE = recache.compile("[ \n]*")
_NEWLINE = recache.compile("\n")


def parse_json(text: str, name: str) -> Node:
    """A JSON document as the nodes the YAML parser builds from it (same values, marks
    and plainness), without importing that parser (~17 ms): an answers file is often
    JSON from a script. Raises `NeedsYAMLParser` for anything else: not JSON, or text
    that YAML reads differently or refuses (tabs, other line breaks, C1 controls,
    surrogates, long keys, duplicate keys, deep nesting, very many values).
    """
    from bisect import bisect_right
    from json.decoder import scanstring  # type: ignore[attr-defined]

    if _UNSURE.search(text):
        raise NeedsYAMLParser
    plain, space = _JSON_PLAIN, _JSON_SPACE
    breaks = [m.start() for m in _NEWLINE.finditer(text)]
    values = 0

    def mark(pos: int) -> Mark:
        line = bisect_right(breaks, pos)  # the line breaks before pos
        return Mark(name, line + 1, pos - (breaks[line - 1] + 1 if line else 0) + 1)

    def skip(pos: int) -> int:
        return space.match(text, pos).end()  # type: ignore[union-attr]  # always matches

    def value(pos: int, depth: int) -> tuple[Node, int]:
        nonlocal values
        values += 1
        if values > MAX_JSON_VALUES or depth >= MAX_DEPTH:
            raise NeedsYAMLParser
        first = text[pos : pos + 1]
        if first == '"':
            try:
                string, end = scanstring(text, pos + 1, True)
            except ValueError:
                raise NeedsYAMLParser from None
            return Scalar(mark(pos), string, False), end
        if first == "[":
            items: list[Node] = []
            end = skip(pos + 1)
            while text[end : end + 1] != "]":
                if items:
                    end = expect(end, ",")
                item, end = value(end, depth + 1)
                items.append(item)
                end = skip(end)
            return Seq(mark(pos), tuple(items)), end + 1
        if first == "{":
            pairs: list[tuple[Scalar, Node]] = []
            keys: set[str] = set()
            end = skip(pos + 1)
            while text[end : end + 1] != "}":
                if pairs:
                    end = expect(end, ",")
                key, colon = value(end, depth + 1)
                colon = skip(colon)
                # YAML wants a key and its ':' on one line, within 1024 characters
                between = text[end:colon]
                too_far = "\n" in between or len(between.encode("utf-8")) > 1000
                if not isinstance(key, Scalar) or key.plain or key.value in keys or too_far:
                    raise NeedsYAMLParser
                keys.add(key.value)
                item, end = value(expect(colon, ":"), depth + 1)
                pairs.append((key, item))
                end = skip(end)
            return Map(mark(pos), tuple(pairs)), end + 1
        match = plain.match(text, pos)
        if match is None:
            raise NeedsYAMLParser
        return Scalar(mark(pos), match.group(), True), match.end()

    def expect(pos: int, token: str) -> int:
        if text[pos : pos + 1] != token:
            raise NeedsYAMLParser
        return skip(pos + 1)

    root, end = value(skip(0), 0)
    if skip(end) != len(text):
        raise NeedsYAMLParser
    return root


# -- simple YAML without the YAML parser ------------------------------------------------

_KEY = recache.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,200}):(?: +|$)")
# A plain scalar cannot start with these (YAML's indicators; "-", "?" and ":" can,
# before a non-space, but not here).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")


def parse_simple(text: str, name: str) -> Map:
    """A simple YAML document as the nodes the YAML parser builds from it, without
    importing that parser (~17 ms, a third of a scripted `reframe`): a mapping of
    names to one-line scalars, flow lists (``[a, b]``) or lists of one-line scalars,
    with comments and blank lines, as answers files are usually written. Raises
    `NeedsYAMLParser` for anything else (multi-line or empty values, anchors, tags,
    nesting, tabs, ...), which the YAML parser then reads or refuses as before.
    """
    if _UNSURE.search(text):
        raise NeedsYAMLParser
    lines = text.split("\n")
    pairs: list[tuple[Scalar, Node]] = []
    keys: set[str] = set()
    i = 0
    while i < len(lines):
        line = lines[i]
        if _blank_or_comment(line):
            i += 1
            continue
        m = _KEY.match(line)
        if m is None or m.group(1) in keys:
            raise NeedsYAMLParser
        keys.add(m.group(1))
        key = Scalar(Mark(name, i + 1, 1), m.group(1), True)
        rest = line[m.end() :]
        value: Node
        if not rest or rest.startswith("#"):
            value, i = _block_list(lines, i + 1, name)
        else:
            value = _value(rest, name, i + 1, m.end() + 1)
            i += 1
        pairs.append((key, value))
    if not pairs:
        raise NeedsYAMLParser
    return Map(pairs[0][0].mark, tuple(pairs))


def _blank_or_comment(line: str) -> bool:
    return line.lstrip(" ")[:1] in ("", "#")


def _block_list(lines: list[str], i: int, name: str) -> tuple[Seq, int]:
    """``- item`` lines, all at one indentation, each a one-line scalar."""
    items: list[Node] = []
    mark, indent = None, -1
    while i < len(lines):
        line = lines[i]
        item = line.lstrip(" ")
        if item.startswith("- "):
            at = len(line) - len(item)
            if mark is None:
                mark, indent = Mark(name, i + 1, at + 1), at
            elif at != indent:
                raise NeedsYAMLParser
            value = item[2:].lstrip(" ")
            items.append(_scalar(value, name, i + 1, len(line) - len(value) + 1, flow=False))
        elif not _blank_or_comment(line):
            break  # the next key (or something else: the caller refuses it)
        i += 1
    if mark is None:
        raise NeedsYAMLParser  # an empty value: null, or a nested block
    return Seq(mark, tuple(items)), i


def _value(text: str, name: str, line: int, column: int) -> Node:
    if not text.startswith("["):
        return _scalar(text, name, line, column, flow=False)
    items: list[Node] = []
    pos = 1
    while True:
        pos = _after_spaces(text, pos)
        if text[pos : pos + 1] == "]" and not items:
            break
        end = _flow_item_end(text, pos)
        items.append(_scalar(text[pos:end], name, line, column + pos, flow=True))
        pos = _after_spaces(text, end)
        if text[pos : pos + 1] == "]":
            break
        if text[pos : pos + 1] != ",":
            raise NeedsYAMLParser
        pos += 1
    _comment_only(text[pos + 1 :])
    return Seq(Mark(name, line, column), tuple(items))


def _after_spaces(text: str, pos: int) -> int:
    return len(text) - len(text[pos:].lstrip(" "))


def _flow_item_end(text: str, pos: int) -> int:
    """Where the item of a flow list that starts at `pos` ends."""
    if text[pos : pos + 1] in ("'", '"'):
        return pos + _quoted_length(text[pos:])
    ends = [i for i in (text.find(",", pos), text.find("]", pos)) if i >= 0]
    if not ends:
        raise NeedsYAMLParser  # the list goes on on the next line
    return min(ends)


def _quoted_length(text: str) -> int:
    """The length of the quoted scalar `text` starts with (one line, no escapes)."""
    quote = text[0]
    i = 1
    while True:
        end = text.find(quote, i)
        if end < 0:
            raise NeedsYAMLParser
        if quote == "'" and text[end + 1 : end + 2] == "'":
            i = end + 2  # '' stands for '
            continue
        if quote == '"' and "\\" in text[1:end]:
            raise NeedsYAMLParser
        return end + 1


def _scalar(text: str, name: str, line: int, column: int, *, flow: bool) -> Scalar:
    mark = Mark(name, line, column)
    if text[:1] in ("'", '"'):
        size = _quoted_length(text)
        _comment_only(text[size:], flow)
        inner = text[1 : size - 1]
        return Scalar(mark, inner.replace("''", "'") if text[0] == "'" else inner, False)
    if flow:
        value = text.rstrip(" ")
        if any(c in value for c in ",[]{}:#"):
            raise NeedsYAMLParser
    else:
        value = text.split(" #", 1)[0].rstrip(" ")
        if ": " in value or value.endswith(":"):
            raise NeedsYAMLParser  # a mapping, or a YAML error
    if not value or value[0] in _INDICATORS:
        raise NeedsYAMLParser
    return Scalar(mark, value, True)


def _comment_only(text: str, flow: bool = False) -> None:
    """What follows a value on its line must be spaces, then maybe a comment."""
    rest = text.lstrip(" ")
    if flow:
        if rest:
            raise NeedsYAMLParser  # (the caller looks at "," and "]")
        return
    if rest and not (rest.startswith("#") and rest != text):
        raise NeedsYAMLParser


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
            raise refuse(f"YAML tags are not allowed (found {ev.tag})", ev)
        if isinstance(ev, yaml.AliasEvent):
            if ev.anchor not in anchors:
                raise refuse(f"unknown alias *{ev.anchor}", ev)
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
