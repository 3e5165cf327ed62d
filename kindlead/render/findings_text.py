"""`kindlead check --format text`: one short line a finding, each rule explained once.

``path:line:col: severity rule: "matched" → try: suggestion``

After the last input, each rule that was reported gets one paragraph saying why it
reads as buy-in framing (``rule: explanation``), once, however often it was found. On
a terminal (`FindingsWriter.width`), lines wrap at word boundaries, continued under a
small indent; in a pipe each finding stays on one line, for grep and editors.

``--verbose`` is the long form: every finding with its whole explanation,
``path:line:col: severity: rule: "matched": message (try: suggestion)``.

With ``--explain``, each finding is followed by an indented line saying what made it
buy-in framing, and each phrase left alone gets a line saying why:
``path:line:col: left alone: rule: "matched": why``.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from kindlead.render import FindingsWriter
from kindlead.textsafe import one_line, printable

if TYPE_CHECKING:
    from kindlead.lint import Finding

INDENT = "    "


class Writer(FindingsWriter):
    explained: dict[str, str]

    def start(self) -> None:
        self.explained = {}  # rule id -> its explanation, in the order first reported

    def line(self, text: str, indent: str = INDENT) -> None:
        text = printable(text)
        if self.width > 20 and len(text) > self.width:
            text = textwrap.fill(
                text, self.width, subsequent_indent=indent,
                break_long_words=False, break_on_hyphens=False,
            )  # fmt: skip
        self.out.write(text + "\n")

    def finding(self, path: str, f: Finding) -> None:
        where = f"{path}:{f.line}:{f.column}"
        matched = one_line(f.matched)
        if not f.reported:
            self.line(f'{where}: left alone: {f.rule}: "{matched}": {f.cue}')
            return
        if self.verbose:
            self.line(
                f'{where}: {f.severity}: {f.rule}: "{matched}": {one_line(f.message)} '
                f"(try: {one_line(f.suggestion)})"
            )
        else:
            self.line(
                f'{where}: {f.severity} {f.rule}: "{matched}" → try: {one_line(f.suggestion)}'
            )
            self.explained.setdefault(f.rule, one_line(f.message))
        if self.explain:
            self.line(f"{INDENT}heard as {f.rule}: {f.cue or 'the phrase alone'}", INDENT * 2)

    def end(self, files: int) -> None:
        if not getattr(self, "explained", None):
            return
        self.out.write("\n")
        for rule, message in self.explained.items():
            self.line(f"{rule}: {message}", INDENT)
