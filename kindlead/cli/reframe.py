"""`kindlead reframe`: options → `kindlead.reframe` (with an interview if a person is
there) → a renderer of `kindlead.render` → stdout or a file."""

# No `from __future__ import annotations` here: Typer evaluates string annotations
# each time it reads a signature (three times a command), 4 ms of a scripted reframe.

import enum
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kindlead.cli.common import CONTEXT, PromptsDirOption, RulesOption
from kindlead.cli.completion import set_names
from kindlead.cli.exits import debug, guarded
from kindlead.cli.output import is_tty, notice_line, terminal_width, text_stdout, warning_line
from kindlead.cli.root import HELP
from kindlead.render import PLAN_FORMATS

if TYPE_CHECKING:
    from kindlead.answers import Checked, Gathered
    from kindlead.promptsets.model import PromptSet
    from kindlead.rules.model import Rule

EPILOG = (
    "Examples:\n\n"
    "  kindlead reframe                          the interview, plan on the terminal\n\n"
    "  kindlead reframe plan.md > plan.txt       coach the plan in plan.md, keep the result\n\n"
    "  kindlead reframe examples/plan.md --answers examples/answers.yaml\n\n"
    "  kindlead reframe - --no-input --answers a.yaml --format json < plan.md\n\n"
    "  kindlead reframe --set onboarding --format markdown --output welcome.md\n\n"
    "  kindlead reframe plan.md --answer target='Releases on Tuesdays' "
    "--answer people=Ana --answer people=Raj\n\n"
    "Answers come from, highest first: --answer, --answers, PLAN, the interview, "
    "defaults. Without --format, --output picks the format from the file name: .md or "
    ".markdown is Markdown, .json is JSON, anything else text. If you stop an interview "
    "(Ctrl-C or Ctrl-D) after answering, your answers so far are saved under "
    "$KINDLEAD_HOME/recovered/ to continue with --answers. "
    "Exit codes: 0 success, 2 usage or input error, 130 interrupted."
)

if TYPE_CHECKING:  # Typer needs an Enum for choices; its members come from the registry
    Format = str
else:
    Format = enum.StrEnum("Format", list(PLAN_FORMATS))


@guarded
def reframe(
    plan: Annotated[
        str | None,
        typer.Argument(
            help="Your plan as you would say it today: a text or Markdown file, or - for "
            "stdin. It answers the set's plan question.",
            metavar="[PLAN]",
            show_default=False,
        ),
    ] = None,
    set_name: Annotated[
        str,
        typer.Option(
            "--set",
            help="The prompt set: a name or a path to a YAML file.",
            metavar="NAME|PATH",
            envvar="KINDLEAD_SET",
            autocompletion=set_names,
        ),
    ] = "cooperation",
    answers_file: Annotated[
        str | None,
        typer.Option(
            "--answers",
            help="A YAML or JSON mapping of question id to answer (- for stdin). Values are "
            "taken as written: 'no' stays the text no.",
            metavar="FILE|-",
            show_default=False,
        ),
    ] = None,
    answer: Annotated[
        list[str] | None,
        typer.Option(
            "--answer",
            "-a",
            help="One answer as ID=VALUE (repeatable; repeating a list question's id adds an "
            "item). Takes precedence over --answers and PLAN.",
            metavar="ID=VALUE",
            show_default=False,
        ),
    ] = None,
    no_input: Annotated[
        bool,
        typer.Option(
            "--no-input",
            help="Never prompt; a missing required answer is an error. Also the case when "
            "stdin is not a terminal.",
        ),
    ] = False,
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format. Default: from the --output file name (.md, .markdown, "
            ".json, .txt), else $KINDLEAD_FORMAT, else rich on a terminal and text "
            "otherwise.",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the plan to FILE (atomically) instead of stdout. Without --format, "
            "FILE's extension picks it: .md/.markdown Markdown, .json JSON, else text.",
            metavar="FILE",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Let --output replace an existing file.")
    ] = False,
    rule_files: RulesOption = None,
    prompts_dir: PromptsDirOption = None,
    plain: Annotated[
        bool,
        typer.Option(
            "--plain",
            help="A plain interview for screen readers: one question a line, plain lines "
            "to type, no colour or symbols.",
            envvar="KINDLEAD_PLAIN",
        ),
    ] = False,
    editor: Annotated[
        bool,
        typer.Option(
            "--editor",
            help="Write the plan in $VISUAL or $EDITOR, as git commit does (in the "
            "interview, Ctrl-X Ctrl-E does the same for any answer).",
        ),
    ] = False,
) -> None:
    """Turn a buy-in plan into a cooperation plan: interview, coaching and a checklist."""
    from kindlead.files.atomic import write_atomically
    from kindlead.reframe import Request, reframe
    from kindlead.render import Options, format_for, render, use_colour

    if output is not None and str(output) == "-":
        output = None  # `-o -` is standard output, as everywhere else
    if output is not None:
        _check_output(output, force)
    # KINDLEAD_FORMAT is only a default: a wrong value must not break a run that
    # chose its format with --format or --output
    env_fmt = _env_format() if fmt is None and output is None else None
    request = Request(
        set_name=set_name,
        prompts_dirs=tuple(prompts_dir or ()),
        plan=plan,
        answers_file=answers_file,
        answers=tuple(answer or ()),
        rule_files=tuple(rule_files or ()),
    )
    interactive = not no_input and "-" not in (plan, answers_file) and is_tty(sys.stdin)
    if interactive:
        name = "PLAN" if plan in (None, "-") else plan
        finish = "see your plan" if output is None and is_tty(sys.stdout) else "write your plan"
        session = _interview(set_name, name, finish, plain=plain, editor=editor)
        result = reframe(request, session, on_note=warning_line)
    else:
        result = reframe(request, on_note=warning_line)

    if fmt is not None:
        chosen = str(fmt)
    elif output is not None:
        chosen = format_for(output.name)
    else:
        chosen = env_fmt or ("rich" if is_tty(sys.stdout) else "text")
    colour = output is None and use_colour(sys.stdout)  # a file is never styled
    rendered = render(result, chosen, Options(color=colour, width=terminal_width()))
    if output is None:
        text_stdout()  # “ and ☐ on an ASCII-only terminal: escaped, not a crash
        if chosen == "json":
            rendered = _encodable_json(rendered, getattr(sys.stdout, "encoding", None))
        sys.stdout.write(rendered)
        sys.stdout.flush()
    else:
        write_atomically(output, rendered, force=force)
        if interactive:
            notice_line(f"your plan is in {output}")


def _interview(set_name: str, plan_name: str, finish: str, *, plain: bool, editor: bool) -> Any:
    """The interactive session for `kindlead.reframe`: if it ends early, the answers so
    far are kept (`kindlead.recovery`) and the interrupt says where."""

    def run(prompt_set: "PromptSet", rules: Sequence["Rule"], checked: "Checked") -> "Gathered":
        from kindlead.errors import Interrupted, KindleadError
        from kindlead.files.paths import data_dir
        from kindlead.interview.console import make_console
        from kindlead.interview.editor import Editor, can_edit
        from kindlead.interview.session import Interview

        console = make_console(plain=plain)
        reader = None
        if not plain and can_edit(sys.stderr):
            reader = Editor(sys.stderr, history=data_dir() / "history")
        session = Interview(
            prompt_set, rules, console, plan_name=plan_name, finish=finish,
            reader=reader, plain=plain, use_editor=editor,
        )  # fmt: skip
        try:
            return session.run(checked)
        except Interrupted as e:
            if debug() or not session.typed:
                raise
            import shlex

            from kindlead.recovery import save_recovered

            reason = e.reason.replace("nothing was written", "no plan was written")
            try:
                path = save_recovered(e.answers, set_name, prompt_set.id)
            except (KindleadError, OSError) as problem:
                note = f"warning: your answers so far could not be saved: {problem}"
            else:
                note = (
                    f"your answers so far are in {path}; continue with: kindlead reframe "
                    f"--set {shlex.quote(set_name)} --answers {shlex.quote(str(path))}"
                )
            raise Interrupted(e.answers, reason, [note]) from None

    return run


def _encodable_json(rendered: str, encoding: str | None) -> str:
    """JSON that a narrow stdout (``PYTHONIOENCODING=ascii``) can carry: ``\\uXXXX`` escapes.

    Non-ASCII characters only occur inside JSON strings, where the escape means the same.
    """
    try:
        rendered.encode(encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        import json
        import re

        return re.sub(r"[^\x00-\x7f]", lambda m: json.dumps(m.group(0))[1:-1], rendered)
    return rendered


def _env_format() -> str | None:
    """KINDLEAD_FORMAT, checked: it ranks below --format and the --output extension."""
    from kindlead.errors import KindleadError

    value = os.environ.get("KINDLEAD_FORMAT", "").strip().lower()
    if not value:
        return None
    if value not in PLAN_FORMATS:
        raise KindleadError(f"KINDLEAD_FORMAT={value!r} is not one of {', '.join(PLAN_FORMATS)}")
    return value


def _check_output(path: Path, force: bool) -> None:
    """Refuse early what `write_atomically` would refuse after the whole interview."""
    from kindlead.errors import KindleadError, Mark, Problem
    from kindlead.files.atomic import exists_error

    where = Mark(str(path))
    try:
        if path.is_dir():
            raise KindleadError(Problem("is a directory; --output needs a file name", where))
        # a file, or a link to one (or to nothing yet); /dev/stdout and FIFOs are not
        replacing = path.is_file() or (path.is_symlink() and not path.exists())
        if replacing and not force:
            raise exists_error(path)
        parent = path.parent if str(path.parent) else Path(".")
        if not parent.is_dir():
            raise KindleadError(Problem(f"folder {str(parent)!r} does not exist", where))
    except OSError as e:  # a name too long, a loop of links, …
        raise KindleadError(Problem(f"cannot write: {e.strerror}", where)) from None


app = typer.Typer(rich_markup_mode=None, add_completion=False)
app.command("reframe", epilog=EPILOG, context_settings=CONTEXT, short_help=HELP["reframe"])(reframe)
