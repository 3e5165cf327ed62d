"""What every command shares: error handling, stderr output, common options."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer

from kindlead.textsafe import printable

__all__ = ["printable"]  # re-exported for the command modules

CONTEXT: dict[str, Any] = {"help_option_names": ["-h", "--help"]}

PromptsDirOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--prompts-dir",
        help="Look for prompt sets in DIR first (repeatable; before KINDLEAD_PROMPTS_PATH, "
        "the user folder and the built-in sets).",
        metavar="DIR",
        show_default=False,
    ),
]

RulesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules",
        help="An extra language rule file (repeatable; see docs/rules.md). A rule with a "
        "built-in id replaces it.",
        metavar="FILE",
        show_default=False,
    ),
]


def debug() -> bool:
    return os.environ.get("KINDLEAD_DEBUG", "") not in ("", "0")


def error_line(message: str) -> None:
    """One ``kindlead: error: …`` line on stderr, printed literally (no markup)."""
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


@contextmanager
def handle_errors() -> Iterator[None]:
    """Turn user-facing errors into stderr lines and exit codes; no tracebacks."""
    from kindlead.errors import EXIT_INTERRUPTED, EXIT_USAGE, Interrupted, KindleadError

    try:
        yield
    except KindleadError as e:
        if debug():
            raise
        for problem in e.problems:
            error_line(str(problem))
        raise typer.Exit(e.exit_code) from None
    except (Interrupted, KeyboardInterrupt) as e:
        if debug():
            raise
        notice_line(e.reason if isinstance(e, Interrupted) else "interrupted")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except BrokenPipeError:
        # The reader went away (`kindlead check big.md | head`): end quietly.
        silence_stdout()
        raise typer.Exit(0) from None
    except OSError as e:  # writing the output failed: a full disk, a closed stdout, …
        if debug():
            raise
        silence_stdout()  # so the interpreter's last flush does not fail again
        where = f"{e.filename}: " if e.filename else "output: "
        error_line(f"{where}{e.strerror or e}")
        raise typer.Exit(EXIT_USAGE) from None
    except RecursionError:
        if debug():
            raise
        error_line("input is nested too deeply")
        raise typer.Exit(EXIT_USAGE) from None
    except MemoryError:
        error_line("out of memory (is the input file unusually large?)")
        raise typer.Exit(EXIT_USAGE) from None


def silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


P = ParamSpec("P")
R = TypeVar("R")


def guarded(func: Callable[P, R]) -> Callable[P, R]:
    """Run a command body inside `handle_errors` (Typer reads the wrapped signature)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with handle_errors():
            return func(*args, **kwargs)

    return wrapper


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
