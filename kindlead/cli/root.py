"""The root of the command line: the app, its sub-commands, and the entry point.

Each sub-command is a module of `kindlead.cli` with a Typer ``app``, listed in
`COMMANDS`; errors become exit codes in `kindlead.cli.exits`. Heavy modules (rich
renderables, the YAML parser, the rule engine) are imported inside the commands
that need them, so `kindlead --help` starts fast.
"""

# No `from __future__ import annotations` here: Typer evaluates string annotations
# each time it reads a signature (three times a command), 4 ms of a scripted reframe.

import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from kindlead import __version__
from kindlead.cli.common import CONTEXT
from kindlead.cli.completion import install_completion, show_completion
from kindlead.cli.exits import (
    debug,
    internal_error,
    interrupted,
    is_usage_error,
    output_failed,
    usage_error,
)
from kindlead.cli.output import silence_stdout

#: Sub-commands, built only when invoked: name -> (module with a Typer `app`, help line).
#: A command's help line is written here only; its module reads it as `HELP[name]`.
COMMANDS = {
    "reframe": (
        "kindlead.cli.reframe",
        "Turn a buy-in plan into a cooperation plan with a checklist.",
    ),
    "check": (
        "kindlead.cli.check",
        "Lint text for buy-in framing and suggest cooperative wording.",
    ),
    "prompts": ("kindlead.cli.prompts", "List, show, validate and create prompt sets."),
    "journal": (
        "kindlead.cli.journal",
        "Your plans kept: review them after the meeting, see what is due.",
    ),
    "team": (
        "kindlead.cli.team",
        "Share a target with the team, collect their ideas, build the plan on them.",
    ),
}
HELP = {name: line for name, (_, line) in COMMANDS.items()}
#: The root's options that take a shell's name, or nothing (see `KindleadGroup.parse_args`).
COMPLETION_OPTIONS = ("--install-completion", "--show-completion")


class KindleadGroup(TyperGroup):
    """The root group.

    - Sub-commands are imported and built only when invoked (or for completion and
      docs): `kindlead check` never builds `reframe`, and `--help` builds nothing.
    - Usage errors become one ``kindlead: error:`` line and exit 2. Typer draws them as
      a box of several lines; scripts and people read a single line better, and SPEC
      promises that shape for every error.
    - Help or the version that cannot be written (``kindlead --help > /dev/full``) is
      the usual output error, exit 2; a reader that went away ends it quietly.
    """

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            import importlib

            import typer.main

            module = importlib.import_module(COMMANDS[cmd_name][0])
            command = typer.main.get_command(module.app)
            command.name = cmd_name
            self.commands[cmd_name] = command
        return self.commands.get(cmd_name)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """`--install-completion` and `--show-completion` take a shell's name, or nothing
        for the shell this runs in (Typer's click has no options with an optional value)."""
        args = list(args)
        i = 0
        while i < len(args) and args[i].startswith("-") and args[i] != "--":
            if args[i] in COMPLETION_OPTIONS:
                if i + 1 == len(args) or args[i + 1].startswith("-"):
                    args.insert(i + 1, "")  # no shell named
                i += 1  # its value
            i += 1
        result: list[str] = super().parse_args(ctx, args)
        return result

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The command list from `COMMANDS`, without building any command."""
        with formatter.section("Commands"):
            formatter.write_dl([(name, line) for name, (_, line) in COMMANDS.items()])

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        from typer.completion import completion_init  # type: ignore[attr-defined]  # (public module, no __all__)

        # Typer's completion classes (its zsh and fish scripts pass the words in
        # _TYPER_COMPLETE_ARGS); Typer registers them only with its own completion
        # options, and ours replace those (kindlead.cli.completion).
        completion_init()
        call = (args, prog_name, complete_var, False, windows_expand_args)
        if not standalone_mode:
            return super().main(*call, **extra)
        try:
            code = super().main(*call, **extra)
        except typer.Abort:  # EOF at a prompt: the user ended the session
            sys.exit(interrupted())
        except BrokenPipeError:  # `kindlead --help | head -1`: the reader has what it wanted
            silence_stdout()
            sys.exit(0)
        except OSError as e:  # help or the version could not be written: a full disk, …
            if debug():
                raise
            sys.exit(output_failed(e))
        except Exception as e:
            if not is_usage_error(e):
                raise
            sys.exit(usage_error(e))
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    cls=KindleadGroup,
    # Plain help: rich-drawn help imports rich (~60 ms) on every --help and usage error.
    rich_markup_mode=None,
    name="kindlead",
    help="A reflection coach for leaders: turn a buy-in plan into a cooperation plan.",
    epilog=(
        "Examples:\n\n"
        "  kindlead reframe plan.md              interview, coaching and a checklist\n\n"
        "  kindlead check README.md docs/*.md    lint text for buy-in framing\n\n"
        "  kindlead prompts list                 the prompt sets you can use\n\n"
        "  kindlead journal review latest        after the meeting: did it work?\n\n"
        "Exit codes: 0 success, 1 check found buy-in framing, 2 usage or input error, "
        "130 interrupted."
    ),
    context_settings=CONTEXT,
    no_args_is_help=True,
    # Our own --install-completion and --show-completion (below) take a shell's name.
    add_completion=False,
    # Locals hold people's private reflections: never print them in a traceback.
    pretty_exceptions_show_locals=False,
)


def command_tree() -> Any:
    """The whole click command, every sub-command built (for docs and their tests)."""
    import typer.main

    group: Any = typer.main.get_command(app)
    for name in COMMANDS:
        group.get_command(None, name)
    return group


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
    install: Annotated[
        str | None,
        typer.Option(
            "--install-completion",
            callback=install_completion,
            expose_value=False,
            metavar="[SHELL]",
            help="Install completion for SHELL (bash, zsh, fish, powershell or pwsh; "
            "default: the shell this runs in).",
            show_default=False,
        ),
    ] = None,
    show: Annotated[
        str | None,
        typer.Option(
            "--show-completion",
            callback=show_completion,
            expose_value=False,
            metavar="[SHELL]",
            help="Print the completion script for SHELL (default: the shell this runs "
            "in), to save it by hand.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """A reflection coach for leaders: turn a buy-in plan into a cooperation plan."""


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM or SIGHUP: unwind like Ctrl-C does, so no temporary file is left."""
    raise SystemExit(128 + signum)


def main() -> None:
    """Console-script entry point, with a last-resort net for bugs (no tracebacks)."""
    import signal

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _terminate)
    try:
        app(prog_name="kindlead")
    except Exception as e:  # a bug of ours: no traceback unless asked for
        if debug():
            raise
        internal_error(e)
