"""`kindlead check [FILE…|-]`: lint text for buy-in framing, like a prose linter.

The work is `kindlead.check` (reading with `kindlead.lint`) and the output formats
are `kindlead.render`'s; this module parses options and maps the outcome to an exit
code: 0 nothing found, 1 findings, 2 an error (which wins). A file that cannot be
read is reported on stderr and the others are still checked. An input that is the
output itself (`check *.md > report.md`, run twice) is skipped with a warning, as
GNU grep does; it changes no exit code.
"""

# No `from __future__ import annotations` here: Typer evaluates string annotations
# each time it reads a signature (three times a command), 4 ms of a scripted reframe.

import enum
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from kindlead.cli.common import CONTEXT, RulesOption
from kindlead.cli.exits import guarded
from kindlead.cli.output import (
    error_line,
    is_tty,
    notice_line,
    silence_stdout,
    text_stdout,
    warning_line,
)
from kindlead.cli.root import HELP
from kindlead.render import FINDINGS_FORMATS

EPILOG = (
    "Examples:\n\n"
    "  kindlead check README.md docs/*.md\n\n"
    "  git diff --name-only -- '*.md' | xargs kindlead check --format github\n\n"
    "  kindlead check --allow convince --allow 'sold them on' plan.md\n\n"
    "  kindlead check --explain notes.md         why each phrase was, or was not, reported\n\n"
    "Silence text in the file itself with <!-- kindlead-disable-next-line -->, "
    "<!-- kindlead-disable RULE… --> … <!-- kindlead-enable -->.\n\n"
    "Exit codes: 0 nothing found, 1 findings, 2 an error (a file could not be read)."
)


if TYPE_CHECKING:  # Typer needs an Enum for choices; its members come from the registry
    CheckFormat = str
else:
    CheckFormat = enum.StrEnum("CheckFormat", list(FINDINGS_FORMATS))


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
            help="; ".join(f"{f.name}: {f.help}" for f in FINDINGS_FORMATS.values()) + ".",
            case_sensitive=False,
            envvar="KINDLEAD_CHECK_FORMAT",
        ),
    ] = "text",
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
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Say what made each finding buy-in framing, and list the phrases left "
            "alone (another sense, a quotation, a block quote, …) with why.",
        ),
    ] = False,
) -> None:
    """Lint text for buy-in framing and suggest cooperative wording."""
    from kindlead.check import Tally, run
    from kindlead.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
    from kindlead.lint import check_allow
    from kindlead.lint.files import output_identity
    from kindlead.render import findings_writer
    from kindlead.rules.loader import load_rules

    rules = load_rules(rule_files or ())
    allowed = tuple(allow or ())
    check_allow(allowed, rules)
    paths = files or ["-"]
    text_stdout()
    if "-" in paths and is_tty(sys.stdin):
        notice_line("reading standard input (end with Ctrl-D)")
    tally = Tally()
    # `check *.md > report.md`, run twice, must not read its own growing report
    output = output_identity(sys.stdout)
    try:
        writer = findings_writer(str(fmt), sys.stdout, explain)
        on_error = lambda problem: error_line(str(problem))  # noqa: E731
        on_skip = lambda problem: warning_line(f"{problem}; not checked")  # noqa: E731
        run(paths, rules, allowed, writer, on_error, tally, explain, output=output, on_skip=on_skip)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader has what it wanted (`kindlead check big.md | head`): stop quietly,
        # but still say by the exit code what was found before it left.
        silence_stdout()
    code = EXIT_USAGE if tally.unreadable else EXIT_FINDINGS if tally.findings else EXIT_OK
    if code:
        raise typer.Exit(code)


app = typer.Typer(rich_markup_mode=None, add_completion=False)
app.command("check", epilog=EPILOG, context_settings=CONTEXT, short_help=HELP["check"])(check)
