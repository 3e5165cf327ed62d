"""`kindlead check --format text`: one line a finding.

``path:line:col: severity: rule: "matched": message (try: suggestion)``
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kindlead.render import FindingsWriter
from kindlead.textsafe import one_line, printable

if TYPE_CHECKING:
    from kindlead.lint import Finding


class Writer(FindingsWriter):
    def finding(self, path: str, f: Finding) -> None:
        line = (
            f"{path}:{f.line}:{f.column}: {f.severity}: {f.rule}: "
            f'"{one_line(f.matched)}": {one_line(f.message)} '
            f"(try: {one_line(f.suggestion)})"
        )
        self.out.write(printable(line) + "\n")
