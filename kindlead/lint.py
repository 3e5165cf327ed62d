"""Reading files for `kindlead check` as streams, and writing findings in each format.

Files are read and scanned a block at a time (strict UTF-8), so a file of tens of
megabytes runs in flat memory and findings appear as they are found. A file that
cannot be read becomes an `InputFileError` after the findings that came before the
problem. Writers take any text stream; the command hands them stdout.
"""

from __future__ import annotations

import codecs
import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import IO, TYPE_CHECKING

from kindlead.errors import STDIN, InputFileError, Mark, Problem
from kindlead.textsafe import json_dumps, one_line, printable

if TYPE_CHECKING:
    from kindlead.rules import Rule
    from kindlead.scan import Finding

BLOCK = 64 * 1024


def run(
    paths: Sequence[str],
    rules: Sequence[Rule],
    allow: Sequence[str],
    fmt: str,
    out: IO[str],
    on_error: Callable[[Problem], None],
) -> tuple[int, int]:
    """Check every path, writing findings to `out`; returns (findings, unreadable files).

    A `BrokenPipeError` from `out` propagates with the counts so far in its `counts`.
    """
    writer = WRITERS[fmt](out)
    found = errors = 0
    try:
        writer.start()
        for path in paths:
            name = STDIN if path == "-" else path
            try:
                for finding in findings(path, rules, allow):
                    found += 1
                    writer.finding(name, finding)
            except InputFileError as e:
                errors += 1
                for problem in e.problems:
                    on_error(problem)
                    writer.error(problem)
        writer.end(len(paths))
        out.flush()
    except BrokenPipeError as e:
        e.counts = (found, errors)  # type: ignore[attr-defined]
        raise
    return found, errors


# -- reading ------------------------------------------------------------------


def findings(path: str, rules: Sequence[Rule], allow: Sequence[str]) -> Iterator[Finding]:
    from kindlead.scan import scan_stream

    failed: list[InputFileError] = []  # a read error ends the text; what came before counts
    if path == "-":
        if sys.stdin is None or not hasattr(sys.stdin, "buffer"):
            raise InputFileError(Problem("standard input is closed", Mark(STDIN)))
        yield from scan_stream(_decode(sys.stdin.buffer, STDIN, failed), rules, allow=allow)
        if failed:
            raise failed[0]
        return
    try:
        stream = _open(path)
    except FileNotFoundError:
        raise InputFileError(Problem("no such file", Mark(path))) from None
    except IsADirectoryError:
        raise InputFileError(Problem("is a directory, expected a file", Mark(path))) from None
    except OSError as e:
        raise InputFileError(Problem(f"cannot read file: {e.strerror}", Mark(path))) from None
    with stream:
        yield from scan_stream(_decode(stream, path, failed), rules, allow=allow)
    if failed:
        raise failed[0]


def _open(path: str) -> IO[bytes]:
    """Open for reading without ever blocking on a FIFO that has no writer.

    A FIFO with a writer (process substitution: ``check <(git show HEAD:x.md)``) is
    read as usual; one without a writer reads as empty instead of hanging.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if stat.S_ISFIFO(os.fstat(fd).st_mode):
            import fcntl

            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _decode(stream: IO[bytes], name: str, failed: list[InputFileError]) -> Iterator[str]:
    """Strict UTF-8 text, a block at a time, until the end or the first problem.

    A problem (a bad byte, with its line:col) goes into `failed` and ends the text,
    so the scanner still reports what came before it.
    """
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    line, column = 1, 0  # where the next decoded character goes (column 0-based)
    first = True
    # read1 returns what is there: on a terminal one Ctrl-D ends the input, not two
    read = getattr(stream, "read1", stream.read)
    while True:
        try:
            data = read(BLOCK)
        except IsADirectoryError:
            failed.append(InputFileError(Problem("is a directory, expected a file", Mark(name))))
            return
        except OSError as e:
            failed.append(InputFileError(Problem(f"cannot read file: {e.strerror}", Mark(name))))
            return
        if first:
            first = False
            # a pipe can deliver the byte-order mark in pieces: wait for all of it
            while data and len(data) < 3 and codecs.BOM_UTF8.startswith(data):
                more = read(BLOCK)
                if not more:
                    break
                data += more
            if data.startswith(codecs.BOM_UTF8):
                data = data[len(codecs.BOM_UTF8) :]
        try:
            text = decoder.decode(data, final=not data)
        except UnicodeDecodeError as e:
            good = e.object[: e.start].decode("utf-8")
            if good:
                yield good
            where = _advance(line, column, good)
            bad = e.object[e.start]
            mark = Mark(name, where[0], where[1] + 1)
            failed.append(InputFileError(Problem(f"is not UTF-8 text (byte 0x{bad:02x})", mark)))
            return
        nul = text.find("\0")
        if nul >= 0:
            if nul:
                yield text[:nul]
            where = _advance(line, column, text[:nul])
            mark = Mark(name, where[0], where[1] + 1)
            failed.append(InputFileError(Problem("is a binary file (contains a NUL byte)", mark)))
            return
        if text:
            yield text
            line, column = _advance(line, column, text)
        if not data:
            return


def _advance(line: int, column: int, text: str) -> tuple[int, int]:
    newlines = text.count("\n")
    if not newlines:
        return line, column + len(text)
    return line + newlines, len(text) - text.rfind("\n") - 1


# -- writing ------------------------------------------------------------------


class _Writer:
    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def start(self) -> None:
        pass

    def finding(self, path: str, f: Finding) -> None:
        raise NotImplementedError

    def error(self, problem: Problem) -> None:
        pass

    def end(self, files: int) -> None:
        pass


class _Text(_Writer):
    """``path:line:col: severity: rule: "matched": message (try: suggestion)``."""

    def finding(self, path: str, f: Finding) -> None:
        line = (
            f"{path}:{f.line}:{f.column}: {f.severity}: {f.rule}: "
            f'"{one_line(f.matched)}": {one_line(f.message)} '
            f"(try: {one_line(f.suggestion)})"
        )
        self.out.write(printable(line) + "\n")


_GITHUB_LEVEL = {"error": "error", "warning": "warning", "suggestion": "notice"}


def _gh_data(text: str) -> str:
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


class _GitHub(_Writer):
    """GitHub workflow commands: ``::warning file=…,line=…,col=…::message``."""

    def finding(self, path: str, f: Finding) -> None:
        level = _GITHUB_LEVEL.get(f.severity, "warning")
        props = (
            f"file={_gh_property(path)},line={f.line},col={f.column},"
            f"endLine={f.end_line},endColumn={f.end_column},"
            f"title={_gh_property(f'kindlead {f.rule}')}"
        )
        message = f'"{one_line(f.matched)}": {one_line(f.message)} (try: {one_line(f.suggestion)})'
        self.out.write(f"::{level} {props}::{_gh_data(message)}\n")


class _Json(_Writer):
    """One JSON document, written as findings arrive."""

    def __init__(self, out: IO[str]) -> None:
        super().__init__(out)
        self.count = 0
        self.errors: list[dict[str, object]] = []

    def start(self) -> None:
        self.out.write('{"format_version": 1, "findings": [')

    def finding(self, path: str, f: Finding) -> None:
        item = {
            "path": path,
            "line": f.line,
            "column": f.column,
            "end_line": f.end_line,
            "end_column": f.end_column,
            "severity": f.severity,
            "rule": f.rule,
            "matched": f.matched,
            "message": f.message,
            "suggestion": f.suggestion,
        }
        self.out.write(("\n  " if not self.count else ",\n  ") + json_dumps(item))
        self.count += 1

    def error(self, problem: Problem) -> None:
        m = problem.mark
        self.errors.append(
            {
                "path": m.path if m else None,
                "line": m.line if m else None,
                "column": m.column if m else None,
                "message": problem.message,
            }
        )

    def end(self, files: int) -> None:
        errors = json_dumps(self.errors)
        close = "\n]" if self.count else "]"
        self.out.write(f'{close}, "files": {files}, "errors": {errors}}}\n')


WRITERS: dict[str, type[_Writer]] = {"text": _Text, "json": _Json, "github": _GitHub}
