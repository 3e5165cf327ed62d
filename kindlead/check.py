"""`kindlead check` as a service: inputs in, findings out to a writer.

Each input is scanned as it is read, so findings reach the writer as they are found.
An input that cannot be read is reported (to `on_error` and to the writer) and the
others are still checked. Nothing here prints; the command picks the writer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from kindlead.errors import STDIN, InputFileError, Problem

if TYPE_CHECKING:
    from kindlead.lint import Finding
    from kindlead.rules.model import Rule


class Tally:
    """What a run found so far: read it even when the run stopped early (a closed pipe)."""

    def __init__(self) -> None:
        self.findings = 0
        self.unreadable = 0


def run(
    paths: Sequence[str],
    rules: Sequence[Rule],
    allow: Sequence[str],
    writer: Any,
    on_error: Callable[[Problem], None],
    tally: Tally,
    explain: bool = False,
) -> None:
    """Check every path, handing each finding to `writer` (a `kindlead.render` Writer);
    with `explain`, the candidates left alone too (`Finding.reported` False)."""
    writer.start()
    for path in paths:
        name = STDIN if path == "-" else path
        try:
            for finding in findings(path, rules, allow, explain):
                tally.findings += finding.reported
                writer.finding(name, finding)
        except InputFileError as e:
            tally.unreadable += 1
            for problem in e.problems:
                on_error(problem)
                writer.error(problem)
    writer.end(len(paths))


def findings(
    path: str, rules: Sequence[Rule], allow: Sequence[str], explain: bool = False
) -> Iterator[Finding]:
    """The findings in one input, in order; `InputFileError` after them if it broke off."""
    from kindlead.lint import scan_stream
    from kindlead.lint.files import text_blocks

    failed: list[InputFileError] = []  # a read error ends the text; what came before counts
    yield from scan_stream(text_blocks(path, failed), rules, allow=allow, explain=explain)
    if failed:
        raise failed[0]
