"""`kindlead check` as a service: inputs in, findings out to a writer.

Each input is scanned as it is read, so findings reach the writer as they are found.
An input that cannot be read is reported (to `on_error` and to the writer) and the
others are still checked; so are they when one is the output itself (`on_skip`).
Nothing here prints; the command picks the writer.
"""

from __future__ import annotations

import os
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
        self.skipped = 0
        """Inputs not read because they are the output (`on_skip` said why)."""


def run(
    paths: Sequence[str],
    rules: Sequence[Rule],
    allow: Sequence[str],
    writer: Any,
    on_error: Callable[[Problem], None],
    tally: Tally,
    explain: bool = False,
    *,
    output: os.stat_result | None = None,
    on_skip: Callable[[Problem], None] = lambda problem: None,
) -> None:
    """Check every path, handing each finding to `writer` (a `kindlead.render` Writer);
    with `explain`, the candidates left alone too (`Finding.reported` False).

    `output` is the regular file the writer writes to (`lint.files.output_identity`):
    an input that is that file is skipped, with `on_skip`, and the others are checked.
    """
    from kindlead.lint.files import InputIsOutput

    writer.start()
    for path in paths:
        name = STDIN if path == "-" else path
        try:
            for finding in findings(path, rules, allow, explain, output):
                tally.findings += finding.reported
                writer.finding(name, finding)
        except InputFileError as e:
            tally.unreadable += 1
            for problem in e.problems:
                on_error(problem)
                writer.error(problem)
        except InputIsOutput as e:
            tally.skipped += 1
            on_skip(e.problem)
    writer.end(len(paths) - tally.skipped)


def findings(
    path: str,
    rules: Sequence[Rule],
    allow: Sequence[str],
    explain: bool = False,
    output: os.stat_result | None = None,
) -> Iterator[Finding]:
    """The findings in one input, in order; `InputFileError` after them if it broke off,
    `InputIsOutput` before any if it is the file `output`."""
    from kindlead.lint import scan_stream
    from kindlead.lint.files import text_blocks

    failed: list[InputFileError] = []  # a read error ends the text; what came before counts
    blocks = text_blocks(path, failed, output)
    yield from scan_stream(blocks, rules, allow=allow, explain=explain)
    if failed:
        raise failed[0]
