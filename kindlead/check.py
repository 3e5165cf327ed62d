"""`kindlead check` as a service: inputs in, findings out to a writer.

An input is a file, standard input (``-``) or a folder, walked for its Markdown and
text files (`kindlead.lint.files.walk`). What applies to each file — rules, allowed
phrases, severities, the fail-on level, what is excluded — is its folder's
`kindlead.settings.Config`. Each input is scanned as it is read, so findings reach the
writer as they are found. An input that cannot be read is reported (to `on_error` and
to the writer) and the others are still checked; so are they when one is the output
itself, or under a bad settings file (each problem said once). Nothing here prints; the
command picks the writer.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from kindlead.errors import STDIN, InputFileError, KindleadError, Mark, Problem

if TYPE_CHECKING:
    from kindlead.lint import Finding
    from kindlead.rules.model import Rule
    from kindlead.settings import Resolver


class Tally:
    """What a run found so far: read it even when the run stopped early (a closed pipe)."""

    def __init__(self) -> None:
        self.files = 0
        """Inputs read, or tried and found unreadable."""
        self.findings = 0
        """Findings reported (not those left alone)."""
        self.failing = 0
        """Findings at or above their file's fail-on level."""
        self.severities: dict[str, int] = {}
        self.with_findings = 0
        """Files with a finding."""
        self.unreadable = 0
        """Inputs that could not be read, or not checked (a bad settings file)."""
        self.skipped = 0
        """Inputs not read because they are the output (`on_warning` said why)."""
        self.excluded = 0
        """Files named on the command line that the settings exclude."""
        self.fail_on: set[str] = set()
        """The fail-on levels that applied."""


def run(
    paths: Sequence[str],
    resolver: Resolver,
    writer: Any,
    on_error: Callable[[Problem], None],
    tally: Tally,
    explain: bool = False,
    *,
    output: os.stat_result | None = None,
    on_warning: Callable[[Problem], None] = lambda problem: None,
) -> None:
    """Check every path (a file, ``-``, or a folder to walk), handing each finding to
    `writer` (a `kindlead.render` Writer); with `explain`, the candidates left alone too
    (`Finding.reported` False).

    `output` is the regular file the writer writes to (`lint.files.output_identity`):
    an input that is that file is skipped, with `on_warning`, and the others are
    checked. A folder with no file to check is said with `on_warning` too.
    """
    from kindlead.lint.files import TEXT_SUFFIXES, walk

    said: set[str] = set()

    def problems(found: Sequence[Problem]) -> None:
        for problem in found:
            if str(problem) not in said:
                said.add(str(problem))
                on_error(problem)
                writer.error(problem)

    def unreadable(problem: Problem) -> None:
        tally.unreadable += 1
        problems([problem])

    seen: set[str] = set()
    writer.start()
    for path in paths:
        if path != "-" and os.path.isdir(path):
            try:
                if resolver.excluded_by(path) is not None:
                    tally.excluded += 1
                    continue
            except KindleadError:  # the settings above it are bad: said for the files
                pass  # they apply to, if any (the folder may have its own)
            before = tally.files + tally.unreadable + tally.excluded
            for found in walk(path, resolver.excluded, unreadable):
                _check_one(found, False, resolver, writer, tally, problems, seen, explain,
                           output, on_warning)  # fmt: skip
            if tally.files + tally.unreadable + tally.excluded == before:
                kinds = ", ".join(TEXT_SUFFIXES)
                message = f"no Markdown or text files to check here ({kinds})"
                on_warning(Problem(message, Mark(path)))
        else:
            _check_one(path, True, resolver, writer, tally, problems, seen, explain, output,
                       on_warning)  # fmt: skip
    writer.end(tally.files)


def _check_one(
    path: str,
    named: bool,
    resolver: Resolver,
    writer: Any,
    tally: Tally,
    problems: Callable[[Sequence[Problem]], None],
    seen: set[str],
    explain: bool,
    output: os.stat_result | None,
    on_warning: Callable[[Problem], None],
) -> None:
    """Check one file (or standard input): `named` on the command line, or found in a
    folder. A file already checked in this run (``check docs docs/a.md``) is not again."""
    from kindlead.lint.files import InputIsOutput

    if path != "-":
        absolute = os.path.abspath(path)
        if absolute in seen:
            return
        seen.add(absolute)
    try:
        config = resolver.config_of(path)
        if named and resolver.excluded_by(path) is not None:
            tally.excluded += 1
            return
    except KindleadError as e:
        tally.files += 1
        tally.unreadable += 1
        problems(e.problems)
        return
    tally.files += 1
    name = STDIN if path == "-" else path
    reported = 0
    try:
        for finding in findings(path, config.rules, config.allow, explain, output):
            if finding.reported:
                reported += 1
                tally.findings += 1
                tally.severities[finding.severity] = tally.severities.get(finding.severity, 0) + 1
                tally.failing += config.fails(finding.severity)
            writer.finding(name, finding)
    except InputFileError as e:
        tally.unreadable += 1
        problems(e.problems)
    except InputIsOutput as e:
        tally.files -= 1
        tally.skipped += 1
        on_warning(e.problem)
    finally:
        tally.with_findings += reported > 0
        if reported:
            tally.fail_on.add(config.fail_on)


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
