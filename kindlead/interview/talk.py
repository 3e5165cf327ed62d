"""Talking with a person on the terminal: literal lines, marks, typed answers.

`Talk` is what the interview (`kindlead.interview.session`) and the review after a
meeting (`kindlead.interview.review`) share: lines of literal text on a rich console
(stderr), wrapped under a hanging indent; marks that a plain session spells out in
words; typed lines through a `Reader`; and SIGTERM/SIGHUP turned into `Stopped`, so a
session can keep what was typed.
"""

from __future__ import annotations

import contextlib
import re
import signal
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from kindlead.errors import Interrupted
from kindlead.interview.editor import Lines, Reader
from kindlead.textsafe import normalise_newlines, printable

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

ReadLine = Callable[[], str]
T = TypeVar("T")
TERMINAL_CLOSED = "the terminal was closed"
#: Control characters a paste can carry (ESC, BEL, Ctrl-C's \x03): no part of an
#: answer. Line breaks and tabs are.
_TYPED_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")

NOT_UTF8 = "that was not UTF-8 text; please type it again"

#: The marks of the interview, and what a plain one says instead (``--plain``: no
#: symbols for a screen reader to spell out).
MARKS = {"ok": ("✓ ", ""), "no": ("✗ ", "Not taken: "), "item": ("• ", "- ")}


class Stopped(Exception):
    """SIGTERM or SIGHUP (the terminal was closed) while the interview was running."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _is_text(line: str) -> bool:
    """Whether a typed line is real text (no undecodable bytes smuggled in)."""
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _number(typed: str, count: int) -> int | None:
    """The 1-based number typed for one of `count` things, or None (also for "²")."""
    if typed.isascii() and typed.isdecimal() and len(typed) <= 6 and 1 <= int(typed) <= count:
        return int(typed)
    return None


class Talk:
    def __init__(
        self,
        console: Console,
        read_line: ReadLine | None = None,
        *,
        reader: Reader | None = None,
        plain: bool = False,
    ) -> None:
        self.console = console
        self.reader: Reader = reader or Lines(self._show_marker, read_line)
        self.plain = plain

    def guarded(
        self,
        run: Callable[[], T],
        *,
        not_done: str = "nothing was written",
        keep: Callable[[], None] = lambda: None,
    ) -> T:
        """`run()`, the session: Ctrl-C, Ctrl-D (end of input at a prompt), SIGTERM and
        SIGHUP end it with `Interrupted` (`interrupted` says what it carries); `keep` runs
        first when a signal arrives. `not_done` ends the reason: what was not written."""
        try:
            with _stopped_by_signals(keep, self.reader):
                return run()
        except KeyboardInterrupt:
            reason = f"interrupted; {not_done}"
        except EOFError:
            reason = f"session ended (Ctrl-D); {not_done}"
        except Stopped as e:
            reason = f"stopped ({e.name}); {not_done}"
        self._end_line()
        raise self.interrupted(reason)

    def interrupted(self, reason: str) -> Interrupted:
        """What a session that ended early carries (nothing, unless a session keeps it)."""
        return Interrupted({}, reason)

    def _end_line(self) -> None:
        """Leave the prompt's line, so the closing message starts on its own."""
        with contextlib.suppress(OSError, ValueError):
            self.console.file.write("\n")
            self.console.file.flush()

    # -- output helpers ------------------------------------------------------------

    def mark(self, name: str) -> str:
        return MARKS[name][1 if self.plain else 0]

    def say(self, *parts: tuple[str, str] | str, end: str = "\n", indent: int = 0) -> None:
        """One line of literal text (styled parts), wrapped under a hanging indent."""
        from rich.padding import Padding
        from rich.text import Text

        line = Text()
        for part in parts:
            content, style = (part, "") if isinstance(part, str) else part
            line.append(printable(content, keep_newlines=True), style=style)
        if end == "":  # a prompt: the cursor stays on this line
            self.console.print(line, end="", soft_wrap=True)
        elif indent:
            self.console.print(Padding(line, (0, 0, 0, indent), expand=False))
        else:
            self.console.print(line)
        self.console.file.flush()

    def _show_marker(self, marker: str) -> None:
        self.say((marker, "bold cyan"), end="")

    def prompt(
        self, marker: str = "> ", default: str = "", key: str = "", many: bool = False
    ) -> str:
        """What is typed after `marker` (`many`: a text of many lines); text that is not
        UTF-8 is refused and asked again."""
        while True:
            read = self.reader.text if many else self.reader.line
            try:
                raw = read(marker, default, key)
            except OSError:  # the terminal is gone (closed before, or without, a SIGHUP)
                raise Stopped(TERMINAL_CLOSED) from None
            typed = _TYPED_CONTROLS.sub("", normalise_newlines(raw))
            if _is_text(typed):
                return typed
            self.say((self.mark("no"), "red"), NOT_UTF8, indent=2)

    def _text(self, s: str, style: str = "") -> Text:
        from rich.text import Text

        return Text(printable(s, keep_newlines=True), style=style)


@contextlib.contextmanager
def _stopped_by_signals(keep: Callable[[], None], reader: object = None) -> Iterator[None]:
    """SIGTERM and SIGHUP (a closed terminal) end the interview as Ctrl-C does, so what
    was typed is kept (`keep` first); outside the interview they do what they did.

    While the line editor reads keys, the signal ends its prompt (`Editor.end_with`):
    raised in the middle of the editor's event loop, the exception would be caught
    there and shown as a crash."""
    names = {"SIGTERM": "SIGTERM", "SIGHUP": TERMINAL_CLOSED}
    before: dict[int, Any] = {}

    def stop(signum: int, frame: object) -> None:
        keep()
        stopped = Stopped(names.get(signal.Signals(signum).name, signal.Signals(signum).name))
        end_with = getattr(reader, "end_with", None)
        if end_with is not None and end_with(stopped):
            return
        raise stopped

    for name in names:
        number = getattr(signal, name, None)
        if number is not None:
            with contextlib.suppress(ValueError, OSError):  # not the main thread
                before[number] = signal.signal(number, stop)
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)
