"""Helpers for reading located YAML nodes against a schema, collecting every problem.

A `Reader` walks a `Map`, hands out typed fields, and records a `Problem` (with
the node's file, line and column) for each wrong type, missing or unknown key,
instead of stopping at the first. Loaders build their frozen models from it and
raise one `ValidationError` with all problems at the end.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from kindlead.errors import Mark, Problem
from kindlead.files.yamlload import Map, Node, Scalar, Seq, as_bool, as_int, is_null, kind_name


@dataclass
class Problems:
    items: list[Problem] = field(default_factory=list)

    def add(self, message: str, at: Node | Mark | None) -> None:
        mark = at.mark if isinstance(at, Node) else at
        self.items.append(Problem(message, mark))

    def __bool__(self) -> bool:
        return bool(self.items)

    def in_order(self) -> list[Problem]:
        """Problems in file order, so a user can work down the file."""

        def key(p: Problem) -> tuple[str, int, int]:
            m = p.mark
            return (m.path, m.line or 0, m.column or 0) if m else ("", 0, 0)

        return sorted(self.items, key=key)


def offset_mark(node: Scalar, offset: int) -> Mark:
    """The mark of a character inside a one-line scalar (best effort for block scalars)."""
    m = node.mark
    if m.line is None or m.column is None or "\n" in node.value[:offset]:
        return m
    quote = 0 if node.plain else 1
    return Mark(m.path, m.line, m.column + quote + offset)


class Reader:
    """Typed access to the keys of one mapping, reporting problems as it goes."""

    def __init__(self, node: Map, problems: Problems, where: str, known: Iterable[str]) -> None:
        self.node = node
        self.problems = problems
        self.where = where
        known = tuple(known)
        for key, _ in node.items:
            if key.value not in known:
                problems.add(
                    f"unknown key {key.value!r} in {where}{_did_you_mean(key.value, known)}", key
                )

    def raw(self, key: str) -> Node | None:
        value = self.node.get(key)
        return None if is_null(value) else value

    def text(self, key: str, *, required: bool = False, default: str = "") -> str:
        value = self.raw(key)
        if value is None:
            if required:
                self.problems.add(f"{self.where} needs {key!r}", self.node)
            return default
        if not isinstance(value, Scalar):
            self.problems.add(
                f"{key!r} must be text, not {kind_name(value)}{self._inline_hint(key, value)}",
                value,
            )
            return default
        return value.value

    def _inline_hint(self, key: str, value: Node) -> str:
        """For ``prompt: {target} …`` or ``text: [x] done``, which YAML reads as a mapping
        or a list because the value starts with a brace or bracket on the key's line."""
        key_node = next((k for k, _ in self.node.items if k.value == key), None)
        if key_node is None or key_node.mark.line != value.mark.line:
            return ""
        return " (a value that starts with '{' or '[' needs quotes)"

    def flag(self, key: str, default: bool) -> bool:
        value = self.raw(key)
        if value is None:
            return default
        result = as_bool(value) if isinstance(value, Scalar) and value.plain else None
        if result is None:
            self.problems.add(f"{key!r} must be true or false", value)
            return default
        return result

    def integer(self, key: str, default: int, minimum: int = 0) -> int:
        value = self.raw(key)
        if value is None:
            return default
        result = as_int(value) if isinstance(value, Scalar) else None
        if result is None or result < minimum:
            self.problems.add(f"{key!r} must be a whole number of at least {minimum}", value)
            return default
        return result

    def seq(self, key: str, *, required: bool = False) -> tuple[Node, ...]:
        value = self.raw(key)
        if value is None:
            if required:
                self.problems.add(f"{self.where} needs {key!r}", self.node)
            return ()
        if not isinstance(value, Seq):
            self.problems.add(f"{key!r} must be a list, not {kind_name(value)}", value)
            return ()
        return value.items

    def texts(self, key: str, *, required: bool = False) -> tuple[Scalar, ...]:
        out = []
        for item in self.seq(key, required=required):
            if isinstance(item, Scalar) and not is_null(item):
                out.append(item)
            else:
                self.problems.add(f"each entry of {key!r} must be text", item)
        return tuple(out)


def _did_you_mean(key: str, known: tuple[str, ...]) -> str:
    import difflib

    close = difflib.get_close_matches(key, known, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def as_map(node: Node | None, problems: Problems, what: str) -> Map | None:
    if isinstance(node, Map):
        return node
    if node is not None:
        problems.add(f"{what} must be a mapping, not {kind_name(node)}", node)
    return None


def check_version(r: Reader, root: Map, problems: Problems, version: int) -> None:
    """The ``schema_version`` every kindlead file declares: present and supported."""
    node = root.get("schema_version")
    if node is None:
        problems.add(f"missing 'schema_version: {version}'", root)
        return
    found = r.integer("schema_version", -1)
    if isinstance(node, Scalar) and found not in (-1, version):
        problems.add(
            f"unsupported schema_version {found}; this kindlead reads version {version}", node
        )
