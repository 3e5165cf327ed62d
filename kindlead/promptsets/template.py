"""Checklist and prompt templates: ``{name}`` placeholders and nothing more.

Deliberately not `str.format` (which reaches attributes and indexes: ``{x.__class__}``)
and not Jinja. A placeholder is a bare name, with or without spaces inside the braces
(``{ target }`` is ``{target}``); ``{{`` and ``}}`` are literal braces.
Which names are allowed is decided by whoever parses the template, at load time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
NAME = re.compile(r"[a-z][a-z0-9_]*")


class TemplateSyntaxError(ValueError):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


class Template(NamedTuple):
    """A parsed template: literal text and placeholder names, in order."""

    source: str
    parts: tuple[tuple[str, bool], ...]  # (text, is_placeholder)

    @property
    def names(self) -> frozenset[str]:
        return frozenset(text for text, is_name in self.parts if is_name)

    def placeholders(self) -> list[tuple[str, int]]:
        """Each placeholder name with its offset in `source` (for error marks)."""
        return [
            (m.group(1).strip(), m.start())
            for m in _TOKEN.finditer(self.source)
            if m.group(1) is not None
        ]

    def render(self, values: Mapping[str, str]) -> str:
        return "".join(values.get(text, "") if is_name else text for text, is_name in self.parts)


def parse_template(source: str) -> Template:
    parts: list[tuple[str, bool]] = []
    pos = 0
    for m in _TOKEN.finditer(source):
        if m.start() > pos:
            parts.append((source[pos : m.start()], False))
        token = m.group(0)
        if token in ("{{", "}}"):
            parts.append((token[0], False))
        elif token in ("{", "}"):
            raise TemplateSyntaxError(
                f"unmatched {token!r} (write {token * 2} for a brace)", m.start()
            )
        else:
            name = m.group(1).strip()
            if not NAME.fullmatch(name):
                raise TemplateSyntaxError(
                    f"placeholder {{{m.group(1)}}} must be a bare name such as {{target}}",
                    m.start(),
                )
            parts.append((name, True))
        pos = m.end()
    if pos < len(source):
        parts.append((source[pos:], False))
    return Template(source, tuple(parts))
