"""Output formats: one module a format, behind one registry.

`PLAN_FORMATS` are what `kindlead reframe` can write (each module has
``render(plan, options) -> str``); `FINDINGS_FORMATS` are what `kindlead check`
can write (each module has a ``Writer``, fed findings as they are found). The
command line takes its ``--format`` choices from here, so a new format is a new
module and one line below.

Every renderer shows user and prompt-set text literally: control characters become
visible escapes (`kindlead.textsafe`), rich is only ever given `Text` (never
markup), and Markdown-significant characters are escaped.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping
from typing import IO, TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from kindlead.errors import Problem
    from kindlead.lint import Finding
    from kindlead.plan import Plan


class Format(NamedTuple):
    name: str
    module: str
    help: str
    extensions: tuple[str, ...] = ()
    """``--output`` file extensions that pick this format."""


PLAN_FORMATS = {
    f.name: f
    for f in (
        Format("rich", "kindlead.render.plan_rich", "styled, with checkboxes (a terminal)"),
        Format("text", "kindlead.render.plan_text", "plain text", (".txt",)),
        Format(
            "markdown",
            "kindlead.render.plan_markdown",
            "Markdown with a task list",
            (".md", ".markdown"),
        ),
        Format("json", "kindlead.render.plan_json", "JSON for scripts", (".json",)),
    )
}

FINDINGS_FORMATS = {
    f.name: f
    for f in (
        Format("text", "kindlead.render.findings_text", "one line a finding"),
        Format("json", "kindlead.render.findings_json", "one document"),
        Format("github", "kindlead.render.findings_github", "workflow annotations"),
        Format("sarif", "kindlead.render.findings_sarif", "SARIF 2.1.0 for code scanning"),
    )
}


class Options(NamedTuple):
    color: bool = False
    width: int = 80


def render(plan: Plan, fmt: str, options: Options | None = None) -> str:
    """`plan` in the format named `fmt` (a key of `PLAN_FORMATS`)."""
    module: Any = importlib.import_module(PLAN_FORMATS[fmt].module)
    text: str = module.render(plan, options or Options())
    return text


class FindingsWriter:
    """What `kindlead check` hands its findings to, as they are found."""

    def __init__(
        self, out: IO[str], explain: bool = False, *, verbose: bool = False, width: int = 0
    ) -> None:
        self.out = out
        self.explain = explain
        """Also say why each finding was made, and what was left alone and why."""
        self.verbose = verbose
        """Each finding with its whole explanation (text: the long form)."""
        self.width = width
        """The terminal's width to wrap at, or 0: one line a finding, never wrapped."""

    def start(self) -> None:
        """Before the first input."""

    def finding(self, path: str, f: Finding) -> None:
        raise NotImplementedError

    def error(self, problem: Problem) -> None:
        """An input that could not be read (also said on stderr)."""

    def end(self, files: int) -> None:
        """After the last input."""


def findings_writer(
    fmt: str, out: IO[str], explain: bool = False, *, verbose: bool = False, width: int = 0
) -> FindingsWriter:
    """A writer of the `FINDINGS_FORMATS` format `fmt`, writing to `out`."""
    module = importlib.import_module(FINDINGS_FORMATS[fmt].module)
    writer: FindingsWriter = module.Writer(out, explain, verbose=verbose, width=width)
    return writer


def format_for(filename: str) -> str:
    """The format an output file's extension asks for: Markdown, JSON, or text."""
    ext = os.path.splitext(filename)[1].lower()
    return next((f.name for f in PLAN_FORMATS.values() if ext in f.extensions), "text")


def use_colour(stream: object, environ: Mapping[str, str] | None = None) -> bool:
    """Whether output to `stream` is styled, by the conventions; one rule for every console.

    In order: ``NO_COLOR`` (non-empty) turns colour off — it wins over ``FORCE_COLOR``,
    as in rich; ``FORCE_COLOR`` (non-empty) turns it on, even in a pipe or with
    ``TERM=dumb`` (force-color.org); ``TERM=dumb`` turns it off; so does a stream
    that is not a terminal.
    """
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    if env.get("TERM", "") == "dumb":
        return False
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return False
