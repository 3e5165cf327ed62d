"""`kindlead check --format github`: GitHub workflow commands, which GitHub Actions
shows as annotations on the lines: ``::warning file=…,line=…,col=…::message``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kindlead.render import FindingsWriter
from kindlead.textsafe import one_line, printable

if TYPE_CHECKING:
    from kindlead.lint import Finding

_LEVEL = {"error": "error", "warning": "warning", "suggestion": "notice"}


def _data(text: str) -> str:
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class Writer(FindingsWriter):
    def finding(self, path: str, f: Finding) -> None:
        if not f.reported:
            return  # an annotation is for something to look at
        level = _LEVEL.get(f.severity, "warning")
        props = (
            f"file={_property(path)},line={f.line},col={f.column},"
            f"endLine={f.end_line},endColumn={f.end_column},"
            f"title={_property(f'kindlead {f.rule}')}"
        )
        message = f'"{one_line(f.matched)}": {one_line(f.message)} (try: {one_line(f.suggestion)})'
        if self.explain:
            message += f" [heard as {f.rule}: {f.cue or 'the phrase alone'}]"
        self.out.write(f"::{level} {props}::{_data(message)}\n")
