"""How a person types an answer: a line editor on a terminal, or plain lines.

`Editor` is prompt_toolkit, imported only here and only when a person is asked: arrows,
Home/End, word moves, the history of earlier answers to the same question (Up,
Ctrl-R), a pasted text kept whole (bracketed paste), an answer that is changed starts
from its current text, and Ctrl-X Ctrl-E opens ``$VISUAL`` or ``$EDITOR`` on it. It
draws on stderr, so ``kindlead reframe > plan.md`` keeps the plan on stdout.

`Lines` reads plain lines: for ``--plain`` (a screen reader reads a line as it is
written, and a redrawn line twice), a terminal prompt_toolkit cannot drive, and tests.

Both keep what is being typed (`Reader.partial`) when the session is ended in the
middle of an answer (Ctrl-C, Ctrl-D, SIGTERM, SIGHUP), so it is not lost.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol, TextIO

from kindlead.interview.console import read_stdin_line
from kindlead.textsafe import normalise_newlines

if TYPE_CHECKING:
    from prompt_toolkit import PromptSession

#: The line that ends a many-line answer typed as plain lines: a paste holds blank
#: lines, seldom a line of a single full stop.
END_OF_TEXT = "."


class Reader(Protocol):
    prefills: bool
    """Whether a changed answer starts from its current text (else Enter keeps it)."""
    partial: str
    """What was being typed when the last read ended without an answer."""

    def line(self, marker: str, default: str = "", key: str = "") -> str:
        """One line (a pasted text may hold line breaks); `key` names its history."""
        ...

    def text(self, marker: str, default: str = "", key: str = "") -> str:
        """A text of many lines, paragraphs and all."""
        ...


#: What a terminal sends for a key that is not a character (arrows, Home, F1): a plain
#: line cannot act on it, and it is no part of an answer.
_KEY_SEQUENCE = re.compile(r"\x1b(?:\[[0-9;]*[A-Za-z~]|O[A-Za-z])")


class Lines:
    """Plain lines, each after a marker written by `show` (the interview's console).
    Arrow and other key sequences a terminal in line mode lets through are left out."""

    prefills = False

    def __init__(self, show: Callable[[str], None], read_line: Callable[[], str] | None = None):
        self.show = show
        self._read = read_line or read_stdin_line
        self.partial = ""

    def read_line(self) -> str:
        return _KEY_SEQUENCE.sub("", self._read())

    def line(self, marker: str, default: str = "", key: str = "") -> str:
        self.partial = ""
        self.show(marker)
        return normalise_newlines(self.read_line())

    def text(self, marker: str, default: str = "", key: str = "") -> str:
        """Lines until one of just a full stop; an empty first line is an empty text
        (to keep what there was). The marker comes before the first line only: a
        pasted text is echoed at once, before any marker could be written between."""
        lines: list[str] = []
        self.partial = ""
        self.show(marker)
        while True:
            try:
                line = normalise_newlines(self.read_line())
            except (KeyboardInterrupt, EOFError):
                self.partial = "\n".join(lines)
                raise
            if line.strip() == END_OF_TEXT or not (lines or line.strip()):
                return "\n".join(lines)
            lines.append(line)


class Editor:
    """A line editor on the terminal (prompt_toolkit), drawing on `stream`."""

    prefills = True

    def __init__(self, stream: TextIO, history: Path | None = None) -> None:
        from prompt_toolkit.input import create_input
        from prompt_toolkit.key_binding import KeyBindings
        from prompt_toolkit.output import create_output

        self.partial = ""
        self.history = history
        self._sessions: dict[tuple[str, bool], PromptSession[str]] = {}
        self._input = create_input()
        self._output = create_output(stdout=stream)
        keys = KeyBindings()

        @keys.add("c-c")
        def _interrupt(event: Any) -> None:
            self.partial = event.app.current_buffer.text
            event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

        @keys.add("c-d", filter=_empty_buffer())
        def _end(event: Any) -> None:
            self.partial = ""
            event.app.exit(exception=EOFError, style="class:exiting")

        self._keys = keys

    def _session(self, key: str, multiline: bool) -> PromptSession[str]:
        from prompt_toolkit import PromptSession
        from prompt_toolkit.history import FileHistory, InMemoryHistory

        session = self._sessions.get((key, multiline))
        if session is None:
            history: Any = InMemoryHistory()
            if self.history is not None and key:
                # no history kept is no reason to stop an interview
                with contextlib.suppress(OSError):
                    history = FileHistory(str(_private_file(self.history, key)))
            session = PromptSession(
                history=history,
                key_bindings=self._keys,
                enable_open_in_editor=True,
                multiline=multiline,
                input=self._input,
                output=self._output,
                reserve_space_for_menu=0,  # no completion menu: no blank lines below
            )
            self._sessions[(key, multiline)] = session
        return session

    def _ask(self, marker: str, default: str, key: str, multiline: bool) -> str:
        self.partial = ""
        session = self._session(key, multiline)
        # lines after the first, and a long line wrapped, start under the first (under
        # a short marker: after a question's sentence, from the left)
        indent = " " * len(marker) if len(marker) <= 8 else ""
        options: dict[str, Any] = {"default": default, "prompt_continuation": indent}
        text = session.prompt(marker, **options)
        return normalise_newlines(text)

    def line(self, marker: str, default: str = "", key: str = "") -> str:
        return self._ask(marker, default, key, multiline=False)

    def text(self, marker: str, default: str = "", key: str = "") -> str:
        return self._ask(marker, default, key, multiline=True)

    def end_with(self, error: BaseException) -> bool:
        """End the prompt being read with `error` (raised by `line` or `text`), keeping
        what was typed; False when no prompt is being read."""
        from prompt_toolkit.application.current import get_app_or_none

        app = get_app_or_none()
        if app is None or not app.is_running or app.is_done:
            return False
        self.partial = app.current_buffer.text
        app.exit(exception=error)
        return True

    def buffer_text(self) -> str:
        """What is typed at the prompt now (for a signal that ends the session)."""
        from prompt_toolkit.application.current import get_app_or_none

        app = get_app_or_none()
        return app.current_buffer.text if app is not None else ""


def _private_file(folder: Path, name: str) -> Path:
    """`folder`/`name`, created readable by its owner alone (0700 folder, 0600 file,
    whatever the umask): earlier answers are a leader's notes about people. A link in
    the file's place is refused rather than followed."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    path = folder / name
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
    os.close(os.open(path, flags, 0o600))
    os.chmod(path, 0o600)  # an older file, or one made under a wider umask
    return path


def _empty_buffer() -> Any:
    from prompt_toolkit.application.current import get_app
    from prompt_toolkit.filters import Condition

    return Condition(lambda: not get_app().current_buffer.text)


def in_editor(text: str, suffix: str = ".md") -> str:
    """`text` as edited in ``$VISUAL`` or ``$EDITOR`` (``vi`` without either), as
    ``git commit`` does. Raises `OSError` if the editor cannot be started or fails."""
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    fd, name = tempfile.mkstemp(prefix="kindlead-", suffix=suffix)
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        done = subprocess.run([*shlex.split(command), str(path)], check=False)
        if done.returncode != 0:
            raise OSError(f"{command} exited with status {done.returncode}")
        return normalise_newlines(path.read_text(encoding="utf-8")).rstrip("\n")
    finally:
        path.unlink(missing_ok=True)


def can_edit(stream: IO[str]) -> bool:
    """Whether a line editor can run: both ends are a terminal that can draw."""
    if os.environ.get("TERM", "") in ("dumb", "unknown"):
        return False
    try:
        return sys.stdin.isatty() and stream.isatty()
    except (AttributeError, ValueError):
        return False
