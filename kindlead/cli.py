"""The command line: parse arguments, call the core, render, map errors to exit codes.

Sub-commands live in `kindlead.commands.*`; this module builds the app and holds
the one place where errors become stderr lines and exit codes (`handle_errors`).
Heavy modules (rich renderables, the YAML parser, the rule engine) are imported
inside the commands that need them, so `kindlead --version` starts fast.
"""

from __future__ import annotations

from typing import Annotated

import typer

from kindlead import __version__
from kindlead.commands import check as check_cmd
from kindlead.commands import prompts as prompts_cmd
from kindlead.commands import reframe as reframe_cmd
from kindlead.commands.common import CONTEXT, debug, error_line

app = typer.Typer(
    name="kindlead",
    help="A reflection coach for leaders: turn a buy-in plan into a cooperation plan.",
    epilog=(
        "Examples:\n\n"
        "  kindlead reframe plan.md              interview, coaching and a checklist\n\n"
        "  kindlead check README.md docs/*.md    lint text for buy-in framing\n\n"
        "  kindlead prompts list                 the prompt sets you can use\n\n"
        "Exit codes: 0 success, 1 check found buy-in framing, 2 usage or input error, "
        "130 interrupted."
    ),
    context_settings=CONTEXT,
    no_args_is_help=True,
    add_completion=True,
    # Locals hold people's private reflections: never print them in a traceback.
    pretty_exceptions_show_locals=False,
)
app.add_typer(prompts_cmd.app, name="prompts")
app.command("check", epilog=check_cmd.EPILOG, context_settings=CONTEXT)(check_cmd.check)
app.command("reframe", epilog=reframe_cmd.EPILOG, context_settings=CONTEXT)(reframe_cmd.reframe)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kindlead {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """A reflection coach for leaders: turn a buy-in plan into a cooperation plan."""


def main() -> None:
    """Console-script entry point, with a last-resort net for bugs (no tracebacks)."""
    try:
        app(prog_name="kindlead")
    except Exception as e:  # a bug of ours: say so in one line, keep the exit code
        if debug():
            raise
        error_line(f"internal error ({type(e).__name__}); run with KINDLEAD_DEBUG=1 for details")
        raise SystemExit(2) from None
