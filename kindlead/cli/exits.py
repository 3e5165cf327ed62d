"""The one place where errors become stderr lines and exit codes.

    0 success · 1 `check` found buy-in framing · 2 usage or input error · 130 interrupted

Commands run inside `guarded` (a user's problem: one line each, exit 2; an interrupt:
exit 130; a reader that went away: exit quietly); the root group sends Typer's usage
errors through `usage_error` and a failed write of help or the version through
`output_failed`, and the entry point's last-resort net `internal_error`.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn, ParamSpec, TypeVar

import typer

from kindlead.cli.output import error_line, notice_line, silence_stdout
from kindlead.errors import EXIT_INTERRUPTED, EXIT_USAGE


def debug() -> bool:
    """``KINDLEAD_DEBUG=1``: show the Python traceback instead of the one-line error."""
    return os.environ.get("KINDLEAD_DEBUG", "") not in ("", "0")


@contextmanager
def handle_errors() -> Iterator[None]:
    """Turn user-facing errors into stderr lines and exit codes; no tracebacks."""
    from kindlead.errors import Interrupted, KindleadError

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
        for note in e.notes if isinstance(e, Interrupted) else ():
            notice_line(note)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except BrokenPipeError:
        # The reader went away (`kindlead check big.md | head`): end quietly.
        silence_stdout()
        raise typer.Exit(0) from None
    except OSError as e:  # writing the output failed: a full disk, a closed stdout, …
        if debug():
            raise
        raise typer.Exit(output_failed(e)) from None
    except RecursionError:
        if debug():
            raise
        error_line("input is nested too deeply")
        raise typer.Exit(EXIT_USAGE) from None
    except MemoryError:
        error_line("out of memory (is the input file unusually large?)")
        raise typer.Exit(EXIT_USAGE) from None


P = ParamSpec("P")
R = TypeVar("R")


def guarded(func: Callable[P, R]) -> Callable[P, R]:
    """Run a command body inside `handle_errors` (Typer reads the wrapped signature)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with handle_errors():
            return func(*args, **kwargs)

    return wrapper


def is_usage_error(e: Exception) -> bool:
    # Typer bundles its own click; its exceptions are recognised by shape, not imported.
    return callable(getattr(e, "format_message", None)) and hasattr(e, "exit_code")


def usage_error(e: Any) -> int:
    """Say what was wrong with the command line, in one line; return the exit code."""
    if type(e).__name__ == "NoArgsIsHelpError":  # `kindlead` or `kindlead prompts` alone
        import sys

        text = e.format_message()  # rich help has printed itself already; plain help has not
        if text:
            try:
                sys.stdout.write(text + "\n")
                sys.stdout.flush()
            except BrokenPipeError:
                silence_stdout()
            except OSError as error:
                return output_failed(error)
        return EXIT_USAGE
    ctx = getattr(e, "ctx", None)
    hint = f" (see '{ctx.command_path} -h')" if ctx is not None else ""
    error_line(f"{e.format_message()}{hint}")
    code: int = getattr(e, "exit_code", EXIT_USAGE)
    return code


def output_failed(e: OSError) -> int:
    """Writing failed (a full disk, a closed stdout, …): say so in one line, return the
    exit code. Standard output is silenced, so the interpreter's last flush does not
    fail again."""
    silence_stdout()
    where = f"{e.filename}: " if e.filename else "output: "
    error_line(f"{where}{e.strerror or e}")
    return EXIT_USAGE


def interrupted() -> int:
    """End of input at a prompt Typer itself asked (the user ended the session)."""
    notice_line("interrupted")
    return EXIT_INTERRUPTED


def internal_error(e: Exception) -> NoReturn:
    """A bug of ours: say so in one line, keep the exit code."""
    error_line(f"internal error ({type(e).__name__}); run with KINDLEAD_DEBUG=1 for details")
    raise SystemExit(EXIT_USAGE) from None
