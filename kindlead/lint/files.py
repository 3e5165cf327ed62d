"""Reading the inputs of `kindlead check`: the files of a folder, and text, a block at
a time.

A file of tens of megabytes is read and scanned a block at a time (strict UTF-8), so
memory stays flat and findings appear as they are found.
"""

from __future__ import annotations

import codecs
import os
import stat
import sys
from collections.abc import Callable, Iterator
from typing import IO

from kindlead.errors import STDIN, InputFileError, Mark, Problem

BLOCK = 64 * 1024
#: What a folder is walked for (any case: ``README.MD`` too).
TEXT_SUFFIXES = (".md", ".markdown", ".txt")


class InputIsOutput(Exception):
    """The input is the file the results are written to (``check *.md > report.md``,
    run twice): reading it would read our own report as it grows, without end."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def text_blocks(
    path: str, failed: list[InputFileError], output: os.stat_result | None = None
) -> Iterator[str]:
    """The text of `path` (``-`` for standard input), a block at a time.

    A file that cannot be opened raises `InputFileError` at the first block, and the
    regular file `output` (where the results go) raises `InputIsOutput`, as GNU grep
    refuses it: same device and inode. A problem further on (a bad byte, with its
    line:col) goes into `failed` and ends the text, so the scanner still reports what
    came before it.
    """
    if path == "-":
        if sys.stdin is None or not hasattr(sys.stdin, "buffer"):
            raise InputFileError(Problem("standard input is closed", Mark(STDIN)))
        _check_not_output(sys.stdin.buffer, STDIN, output)
        yield from _decode(sys.stdin.buffer, STDIN, failed)
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
        _check_not_output(stream, path, output)
        yield from _decode(stream, path, failed)


def walk(
    folder: str,
    skip: Callable[[str, bool], bool],
    on_error: Callable[[Problem], None],
) -> Iterator[str]:
    """The Markdown and text files (`TEXT_SUFFIXES`) under `folder`, as paths that start
    with it (``.`` adds nothing: ``README.md``, not ``./README.md``).

    The order is stable, the paths' order as text (``a.md`` before ``a/b.md``, as
    ``sort`` has it): each folder's entries sorted by name, a sub-folder's files in its
    place. Hidden files and folders (a name starting with ``.``) are passed over, and so
    is each entry for which ``skip(absolute_path, is_dir)`` is true (an excluded folder
    is not walked). A symbolic link to a file is read; one to a folder is not followed,
    so a link cannot make a loop. A folder that cannot be listed goes to `on_error`, and
    the walk goes on.
    """
    shown = "" if os.path.normpath(folder) == os.curdir else folder
    stack = [iter(_listing(shown, os.path.abspath(folder), on_error))]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        path, absolute, is_dir = entry
        if skip(absolute, is_dir):
            continue
        if is_dir:
            stack.append(iter(_listing(path, absolute, on_error)))
        else:
            yield path


def _listing(
    shown: str, absolute: str, on_error: Callable[[Problem], None]
) -> list[tuple[str, str, bool]]:
    """A folder's sub-folders and text files, in order: (path, absolute path, is_dir)."""
    found: list[tuple[str, str, bool]] = []  # (how it sorts, name, is_dir)
    try:
        with os.scandir(absolute) as entries:
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    continue
                try:
                    is_dir = entry.is_dir(follow_symlinks=False)
                    # (is_file follows a link; a FIFO or a dangling link is no text file)
                    if not is_dir and not (
                        name.lower().endswith(TEXT_SUFFIXES) and entry.is_file()
                    ):
                        continue
                except OSError:
                    continue
                found.append((name + "/" if is_dir else name, name, is_dir))
    except OSError as error:
        on_error(Problem(f"cannot read folder: {error.strerror}", Mark(shown or os.curdir)))
        return []
    found.sort()
    return [
        (os.path.join(shown, name), os.path.join(absolute, name), is_dir)
        for _, name, is_dir in found
    ]


def output_identity(stream: object) -> os.stat_result | None:
    """What `text_blocks` compares inputs with: the regular file `stream` writes to,
    if it is one (a terminal, a pipe or ``/dev/null`` can never be read back)."""
    try:
        found = os.fstat(stream.fileno())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):  # closed, or not a real file
        return None
    return found if stat.S_ISREG(found.st_mode) else None


def _check_not_output(stream: IO[bytes], name: str, output: os.stat_result | None) -> None:
    if output is None:
        return
    try:
        found = os.fstat(stream.fileno())
    except (ValueError, OSError):  # not a real file (a test's stream): cannot be it
        return
    if (found.st_dev, found.st_ino) == (output.st_dev, output.st_ino):
        raise InputIsOutput(Problem("input file is also the output; not checked", Mark(name)))


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
