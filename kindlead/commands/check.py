"""`kindlead check [FILE…|-]`: lint text for buy-in framing, like a prose linter.

The reading and the output formats live in `kindlead.lint`; this module only
parses options and maps the outcome to an exit code: 0 nothing found, 1 findings,
2 an error (which wins). A file that cannot be read is reported on stderr and the
others are still checked.
"""

# No `from __future__ import annotations` here: Typer evaluates string annotations
# each time it reads a signature (three times a command), 4 ms of a scripted reframe.

import enum
import sys
from typing import Annotated

import typer

from kindlead.commands.common import (
    CONTEXT,
    RulesOption,
    error_line,
    guarded,
    is_tty,
    notice_line,
    silence_stdout,
    text_stdout,
)

EPILOG = (
    "Examples:\n\n"
    "  kindlead check README.md docs/*.md\n\n"
    "  git diff --name-only -- '*.md' | xargs kindlead check --format github\n\n"
    "  kindlead check --allow convince --allow 'sold them on' plan.md\n\n"
    "Silence text in the file itself with <!-- kindlead-disable-next-line -->, "
    "<!-- kindlead-disable RULE… --> … <!-- kindlead-enable -->.\n\n"
    "Exit codes: 0 nothing found, 1 findings, 2 an error (a file could not be read)."
)


class CheckFormat(enum.StrEnum):
    text = "text"
    json = "json"
    github = "github"


@guarded
def check(
    files: Annotated[
        list[str] | None,
        typer.Argument(
            help="Text or Markdown files to check; '-' or nothing reads standard input.",
            metavar="[FILE]...",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        CheckFormat,
        typer.Option(
            "--format",
            help="text: one line a finding; json: one document; github: workflow annotations.",
            case_sensitive=False,
            envvar="KINDLEAD_CHECK_FORMAT",
        ),
    ] = CheckFormat.text,
    rule_files: RulesOption = None,
    allow: Annotated[
        list[str] | None,
        typer.Option(
            "--allow",
            help="Do not report this rule id, or this phrase (repeatable), e.g. "
            "--allow convince --allow 'on board with'.",
            metavar="RULE_OR_PHRASE",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Lint text for buy-in framing and suggest cooperative wording."""
    from kindlead import lint
    from kindlead.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Problem
    from kindlead.scan import check_allow, load_rules

    def on_error(problem: Problem) -> None:
        error_line(str(problem))

    rules = load_rules(rule_files or ())
    allowed = tuple(allow or ())
    check_allow(allowed, rules)
    paths = files or ["-"]
    text_stdout()
    out = sys.stdout
    if "-" in paths and is_tty(sys.stdin):
        notice_line("reading standard input (end with Ctrl-D)")
    try:
        found, errors = lint.run(paths, rules, allowed, fmt.value, out, on_error)
    except BrokenPipeError as e:
        # The reader has what it wanted (`kindlead check big.md | head`): stop quietly,
        # but still say by the exit code what was found before it left.
        silence_stdout()
        found, errors = e.counts  # type: ignore[attr-defined]
    code = EXIT_USAGE if errors else EXIT_FINDINGS if found else EXIT_OK
    if code:
        raise typer.Exit(code)


app = typer.Typer(rich_markup_mode=None, add_completion=False)
app.command(
    "check",
    epilog=EPILOG,
    context_settings=CONTEXT,
    short_help="Lint text for buy-in framing and suggest cooperative wording.",
)(check)
