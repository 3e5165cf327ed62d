"""`kindlead check [PATH…|-]`: lint text for buy-in framing, like a prose linter.

The work is `kindlead.check` (reading with `kindlead.lint`, settings from
`kindlead.settings`) and the output formats are `kindlead.render`'s; this module
parses options, says a one-line summary on stderr (text format), and maps the outcome
to an exit code: 0 nothing found at or above the fail-on level, 1 findings that are,
2 an error (which wins). A file that cannot be read is reported on stderr and the
others are still checked. An input that is the output itself (`check *.md >
report.md`, run twice) is skipped with a warning, as GNU grep does; it changes no exit
code.
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
    terminal_width,
    text_stdout,
    warning_line,
)
from kindlead.cli.root import HELP
from kindlead.errors import KindleadError
from kindlead.render import FINDINGS_FORMATS
from kindlead.textsafe import printable

if TYPE_CHECKING:
    from kindlead.check import Tally
    from kindlead.settings import Resolver

EPILOG = (
    "Examples:\n\n"
    "  kindlead check README.md docs/\n\n"
    "  git diff --name-only -- '*.md' | xargs kindlead check --format github\n\n"
    "  kindlead check --allow convince --allow 'sold them on' plan.md\n\n"
    "  kindlead check --explain notes.md         why each phrase was, or was not, reported\n\n"
    "  kindlead check --fail-on warning docs/    suggestions are shown but pass\n\n"
    "  kindlead check --show-settings docs/a.md  what applies to a file, and where from\n\n"
    "Settings: .kindlead.toml or [tool.kindlead] in pyproject.toml, the nearest one above "
    "each file (keys: allow, rules, exclude, severity, fail-on; see docs/rules.md).\n\n"
    "Silence text in the file itself with <!-- kindlead-disable-next-line -->, "
    "<!-- kindlead-disable RULE… --> … <!-- kindlead-enable -->.\n\n"
    "Exit codes: 0 nothing found (at or above --fail-on), 1 findings, 2 an error (a file "
    "or the settings could not be read)."
)


if TYPE_CHECKING:  # Typer needs an Enum for choices; its members come from the registry
    CheckFormat = str
    Level = str
else:
    CheckFormat = enum.StrEnum("CheckFormat", list(FINDINGS_FORMATS))
    Level = enum.StrEnum("Level", ["error", "warning", "suggestion"])


@guarded
def check(
    files: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files, or folders (walked for .md, .markdown and .txt files, skipping "
            "hidden ones and the settings' exclude), to check; '-' or nothing reads "
            "standard input.",
            metavar="[PATH]...",
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
            help="Do not report this rule id, or this phrase (repeatable; added to the "
            "settings' allow), e.g. --allow convince --allow 'on board with'.",
            metavar="RULE_OR_PHRASE",
            show_default=False,
        ),
    ] = None,
    fail_on: Annotated[
        Level | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 only for a finding of this severity or above [default: the "
            "settings' fail-on, else suggestion: any finding].",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    no_config: Annotated[
        bool,
        typer.Option(
            "--no-config",
            help="Leave out every settings file (.kindlead.toml, [tool.kindlead] in "
            "pyproject.toml).",
        ),
    ] = False,
    show_settings: Annotated[
        bool,
        typer.Option(
            "--show-settings",
            help="Check nothing: show the settings that apply to PATH (default: the "
            "current folder), each with where it came from.",
        ),
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            help="The long form: each finding with its whole explanation.",
        ),
    ] = False,
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
    from kindlead.settings import CommandLine, Resolver

    command_line = CommandLine(
        allow=tuple(allow or ()),
        rules=tuple(str(path) for path in rule_files or ()),
        fail_on=str(fail_on) if fail_on else None,
        use_files=not no_config,
    )
    resolver = Resolver(command_line)  # reads --rules and checks --allow: errors now
    text_stdout()
    if show_settings:
        _show_settings(resolver, files or [], str(fmt))
        return
    from kindlead.check import Tally, run
    from kindlead.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
    from kindlead.lint.files import output_identity
    from kindlead.render import findings_writer

    paths = files or ["-"]
    if "-" in paths and is_tty(sys.stdin):
        notice_line("reading standard input (end with Ctrl-D)")
    tally = Tally()
    # `check *.md > report.md`, run twice, must not read its own growing report
    output = output_identity(sys.stdout)
    width = terminal_width() if is_tty(sys.stdout) else 0
    try:
        writer = findings_writer(str(fmt), sys.stdout, explain, verbose=verbose, width=width)
        if resolver.cli_rules and hasattr(writer, "rules"):  # SARIF lists every rule
            from kindlead.rules.loader import load_rules

            writer.rules = load_rules((), resolver.cli_rules)  # the files, read once
        on_error = lambda problem: error_line(str(problem))  # noqa: E731
        on_warning = lambda problem: warning_line(str(problem))  # noqa: E731
        run(paths, resolver, writer, on_error, tally, explain, output=output,
            on_warning=on_warning)  # fmt: skip
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader has what it wanted (`kindlead check big.md | head`): stop quietly,
        # but still say by the exit code what was found before it left.
        silence_stdout()
    else:
        if str(fmt) == "text":
            notice_line(summary(tally))
    code = EXIT_USAGE if tally.unreadable else EXIT_FINDINGS if tally.failing else EXIT_OK
    if code:
        raise typer.Exit(code)


def summary(tally: "Tally") -> str:
    """The line said on stderr after a run in the text format, e.g.
    ``3 findings (1 warning, 2 suggestions) in 2 of 14 files``."""

    def count(n: int, what: str) -> str:
        return f"{n} {what}" if n == 1 else f"{n} {what}s"

    if tally.findings:
        kinds = ", ".join(
            count(tally.severities[level], level)
            for level in ("error", "warning", "suggestion")
            if tally.severities.get(level)
        )
        where = (
            "in 1 file"
            if tally.files == 1
            else f"in {tally.with_findings} of {count(tally.files, 'file')}"
        )
        line = f"{count(tally.findings, 'finding')} ({kinds}) {where}"
    elif tally.files > tally.unreadable:
        line = f"no buy-in framing found in {count(tally.files - tally.unreadable, 'file')}"
    else:
        line = "no file checked"
    if tally.unreadable:
        line += f"; {count(tally.unreadable, 'file')} could not be checked"
    if tally.excluded:
        line += f"; {count(tally.excluded, 'named path')} excluded by the settings"
    if tally.findings and not tally.failing:
        levels = " or ".join(sorted(tally.fail_on))
        line += f"; none at or above the fail-on level ({levels})"
    return line


def _show_settings(resolver: "Resolver", paths: list[str], fmt: str) -> None:
    """``--show-settings [PATH]``: what applies to PATH, and where each value came from."""
    from kindlead.textsafe import json_dumps

    if len(paths) > 1:
        raise KindleadError("--show-settings takes one PATH")
    if fmt not in ("text", "json"):
        raise KindleadError(f"--show-settings writes text or json, not {fmt}")
    report = resolver.report(paths[0] if paths else ".")
    if fmt == "json":
        sys.stdout.write(json_dumps(report, indent=2) + "\n")
        return
    path, excluded_by = report["path"], report["excluded_by"]
    settings_file = report["settings_file"] or (
        "none" if resolver.command_line.use_files else "none (--no-config)"
    )
    lines = [f"# settings for {path}", f"# settings file: {settings_file}"]
    if excluded_by is not None:
        lines.append(f"# {path} is excluded by {json_dumps(excluded_by)}")
    pairs = [(f"{k} = {json_dumps(v['value'])}", v["from"]) for k, v in report["settings"].items()]
    pairs += [("", []), ("[severity]", [])]
    pairs += [(f"{_key(k)} = {json_dumps(v['value'])}", v["from"])
              for k, v in report["severity"].items()]  # fmt: skip
    width = min(max(len(text) for text, _ in pairs), 48)
    for text, sources in pairs:
        lines.append(f"{text:<{width}}  # {', '.join(sources)}" if sources else text)
    sys.stdout.write("".join(printable(line) + "\n" for line in lines))


def _key(key: str) -> str:
    """A TOML key: bare when it can be (``buy-in``), else quoted (``"team.jargon"``)."""
    import re

    from kindlead.textsafe import json_dumps

    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json_dumps(key)


app = typer.Typer(rich_markup_mode=None, add_completion=False)
app.command("check", epilog=EPILOG, context_settings=CONTEXT, short_help=HELP["check"])(check)
