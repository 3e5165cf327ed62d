"""The terminal an interview talks to: a rich console on stderr, and typed lines."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from kindlead.textsafe import normalise_newlines

if TYPE_CHECKING:
    from rich.console import Console


def make_console(plain: bool = False) -> Console:
    """The console for questions and coaching: stderr, colour by the usual conventions
    (never when `plain`).

    The colour decision is `kindlead.render.use_colour`, the same as for the plan.
    Writing cannot fail on an ASCII-only terminal: stderr escapes what it cannot encode.
    """
    from rich.console import Console

    from kindlead.render import use_colour

    colour = not plain and use_colour(sys.stderr)
    return Console(
        stderr=True,
        force_terminal=True if colour else None,
        no_color=not colour,
        color_system="standard" if colour else None,
        highlight=False,
        markup=False,
        emoji=False,
    )


def read_stdin_line() -> str:
    """One line typed at the terminal, without its newline; EOFError on Ctrl-D.

    The bytes are decoded as UTF-8 whatever the locale says; bytes that are not
    UTF-8 come through as lone surrogates, which `Interview.prompt` refuses.
    """
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:
        line = sys.stdin.readline()
    else:
        line = buffer.readline().decode("utf-8", "surrogateescape")
    if not line:
        raise EOFError
    return normalise_newlines(line.rstrip("\r\n"))
