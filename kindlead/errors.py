"""One user-facing error hierarchy.

Every problem a user can cause (a bad file, a bad answer, an unknown set) is a
`KindleadError`. Its `problems` are the lines the user will read; the CLI turns
them into ``kindlead: error: FILE:LINE:COL: message`` on stderr and exit code 2.
Nothing here prints.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

#: How standard input is named in messages and positions.
STDIN = "<stdin>"


class Mark(NamedTuple):
    """A place in a file: 1-based line and column."""

    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.path
        if self.column is None:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.column}"


class Problem(NamedTuple):
    """One thing wrong, with where it is when that is known."""

    message: str
    mark: Mark | None = None

    def __str__(self) -> str:
        return f"{self.mark}: {self.message}" if self.mark else self.message


class KindleadError(Exception):
    """A problem the user can fix. Carries one or more `Problem`s."""

    exit_code = EXIT_USAGE

    def __init__(self, problems: Problem | str | Iterable[Problem]) -> None:
        # (a Problem is a tuple, so it is told apart before it could be iterated)
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class InputFileError(KindleadError):
    """A file could not be read or parsed."""


class ValidationError(KindleadError):
    """A file parsed but its content breaks the schema."""


class UnknownPromptSet(KindleadError):
    def __init__(self, name: str, available: Iterable[str]) -> None:
        names = ", ".join(sorted(available)) or "none"
        super().__init__(f"no prompt set named {name!r} (available: {names})")


class AnswerError(KindleadError):
    """Scripted or typed answers that do not fit the prompt set."""


class Interrupted(Exception):
    """The user ended the session (Ctrl-C, or Ctrl-D at a prompt).

    Carries whatever was answered so far, so nothing typed has to be lost, and the
    lines to show after the reason (where those answers were kept, say).
    """

    def __init__(
        self,
        answers: Mapping[str, Any] | None = None,
        reason: str = "interrupted",
        notes: Iterable[str] = (),
        typing: tuple[str, Any] | None = None,
    ) -> None:
        self.answers = dict(answers or {})
        self.reason = reason
        self.notes = tuple(notes)
        self.typing = typing
        """The question being answered when it ended, and what was typed of it."""
        super().__init__(reason)
