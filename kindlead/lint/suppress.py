"""Suppression comments: silencing a line or a stretch of text in the text itself.

    <!-- kindlead-disable-next-line buy-in -->   the next line
    Text <!-- kindlead-disable-line -->          this line
    <!-- kindlead-disable convince win-over -->  from here …
    <!-- kindlead-enable -->                      … to here

Rule ids are optional: without them, every rule. The Markdown reader finds the
comments (`directive`) and records them here; the scanner asks `suppressed` for each
finding, in the order of the text.
"""

from __future__ import annotations

import re

#: "every rule" in a suppression
ALL = frozenset({"*"})

# (compiled on first use, by `re`: most texts have no comment)
DIRECTIVE = r"(?s)\s*kindlead-(disable-next-line|disable-line|disable|enable)(?![\w-])(.*)"


def _ids(text: str) -> frozenset[str]:
    ids = frozenset(re.split(r"[\s,]+", text.strip())) - {""}
    return ids or ALL


def _all(ids: frozenset[str]) -> bool:
    return ids is ALL or ids >= ALL


class Suppressions:
    def __init__(self) -> None:
        self.off: frozenset[str] = frozenset()  # disabled ids (or ALL) from disable/enable
        self.events: list[tuple[int, int, str, frozenset[str]]] = []  # not applied yet
        self.line_off: dict[int, frozenset[str]] = {}

    def comment(self, body: str, line: int, column: int) -> None:
        """An HTML comment's text, found at `line` and (0-based) `column`."""
        d = re.match(DIRECTIVE, body)
        if d is None:
            return
        kind, ids = d.group(1), _ids(d.group(2))
        if kind == "disable-next-line":
            self.line_off[line + 1] = self.line_off.get(line + 1, frozenset()) | ids
        elif kind == "disable-line":
            self.line_off[line] = self.line_off.get(line, frozenset()) | ids
        else:
            self.events.append((line, column, kind, ids))

    def apply_until(self, line: int, column: int) -> None:
        """Apply the disable/enable comments placed before (line, column)."""
        events = self.events
        n = 0
        while n < len(events) and events[n][:2] < (line, column):
            _, _, kind, ids = events[n]
            if kind == "disable":
                self.off = ALL if _all(ids) else self.off | ids
            elif _all(ids):
                self.off = frozenset()
            else:
                self.off = self.off - ids
            n += 1
        if n:
            del events[:n]

    def forget_before(self, line: int) -> None:
        """Drop the per-line suppressions of the lines read."""
        if self.line_off:
            for passed in [k for k in self.line_off if k < line]:
                del self.line_off[passed]

    def suppressed(self, rule_id: str, line: int, column: int) -> bool:
        """Whether a finding of `rule_id` at (line, 1-based column) is silenced."""
        if self.events:
            self.apply_until(line, column - 1)
        for ids in (self.off, self.line_off.get(line)):
            if ids and ("*" in ids or rule_id in ids):
                return True
        return False
