"""What the commands write besides their results: one-line messages on stderr, and
checks of the streams. Text is always printed literally (`kindlead.textsafe`)."""

from __future__ import annotations

import contextlib
import os
import sys

from kindlead.textsafe import printable


def error_line(message: str) -> None:
    """One ``kindlead: error: …`` line on stderr."""
    _write_err(f"kindlead: error: {printable(message)}")


def notice_line(message: str) -> None:
    _write_err(f"kindlead: {printable(message)}")


def warning_line(message: str) -> None:
    _write_err(f"kindlead: warning: {printable(message)}")


def _write_err(line: str) -> None:
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # stderr closed: nowhere left to say it
        pass


def is_tty(stream: object) -> bool:
    """Whether a stream is a terminal; a closed or missing stream is not."""
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return False


def text_stdout() -> None:
    """Check stdout can be written, and let a terminal or pipe that cannot encode a
    character get an escape, not a crash."""
    if sys.stdout is None:
        from kindlead.errors import KindleadError

        raise KindleadError("standard output is closed")
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(ValueError, OSError):
            reconfigure(errors="backslashreplace")


def silence_stdout() -> None:
    """Point stdout at the null device, so the interpreter's last flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def terminal_width() -> int:
    import shutil

    return max(40, min(shutil.get_terminal_size((80, 24)).columns, 120))
