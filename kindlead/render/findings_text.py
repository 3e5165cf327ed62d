"""`kindlead check --format text`: one line a finding.

``path:line:col: severity: rule: "matched": message (try: suggestion)``

With ``--explain``, each finding is followed by an indented line saying what made it
buy-in framing, and each phrase left alone gets a line saying why:
``path:line:col: left alone: rule: "matched": why``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kindlead.render import FindingsWriter
from kindlead.textsafe import one_line, printable

if TYPE_CHECKING:
    from kindlead.lint import Finding


class Writer(FindingsWriter):
    def finding(self, path: str, f: Finding) -> None:
        where = f"{path}:{f.line}:{f.column}"
        if not f.reported:
            line = f'{where}: left alone: {f.rule}: "{one_line(f.matched)}": {f.cue}'
            self.out.write(printable(line) + "\n")
            return
        line = (
            f"{where}: {f.severity}: {f.rule}: "
            f'"{one_line(f.matched)}": {one_line(f.message)} '
            f"(try: {one_line(f.suggestion)})"
        )
        self.out.write(printable(line) + "\n")
        if self.explain:
            self.out.write(
                printable(f"    heard as {f.rule}: {f.cue or 'the phrase alone'}") + "\n"
            )
