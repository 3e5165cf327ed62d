"""`kindlead reframe`: interview → cooperation plan → checklist."""

# No `from __future__ import annotations` here: Typer evaluates string annotations
# each time it reads a signature (three times a command), 4 ms of a scripted reframe.

import enum
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from kindlead.commands.common import (
    CONTEXT,
    PromptsDirOption,
    RulesOption,
    debug,
    guarded,
    is_tty,
    notice_line,
    printable,
    text_stdout,
    warning_line,
)
from kindlead.completion import set_names

if TYPE_CHECKING:
    from kindlead.errors import Interrupted
    from kindlead.promptset import Answer

# A plan is prose, not configuration: allow long documents, refuse absurd ones.
MAX_PLAN_BYTES = 16 * 1024 * 1024

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


class Format(enum.StrEnum):
    rich = "rich"
    text = "text"
    markdown = "markdown"
    json = "json"


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
            "item). Wins over --answers and PLAN.",
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
) -> None:
    """Turn a buy-in plan into a cooperation plan: interview, coaching and a checklist."""
    from kindlead import answers as A
    from kindlead.catalog import resolve
    from kindlead.errors import STDIN, Interrupted, KindleadError, Mark
    from kindlead.fsutil import write_atomically
    from kindlead.plan import build_plan
    from kindlead.promptset import load_prompt_set
    from kindlead.render import Options, format_for, render, use_colour
    from kindlead.scan import load_rules
    from kindlead.textsafe import normalise_newlines
    from kindlead.yamlload import read_text

    if plan == "-" and answers_file == "-":
        raise KindleadError("PLAN and --answers cannot both read stdin ('-'); use a file for one")
    if output is not None and str(output) == "-":
        output = None  # `-o -` is standard output, as everywhere else
    if output is not None:
        _check_output(output, force)
    # KINDLEAD_FORMAT is only a default: a wrong value must not break a run that
    # chose its format with --format or --output
    env_fmt = _env_format() if fmt is None and output is None else None

    prompt_set = load_prompt_set(resolve(set_name, prompts_dir or []))
    plan_given = None
    plan_q = A.plan_question(prompt_set)
    if plan is not None:
        if plan_q is None:
            raise KindleadError(
                f"the {prompt_set.id!r} set has no plan question: pass answers with --answer "
                "or --answers instead of PLAN"
            )
        plan_text = normalise_newlines(read_text(plan, what="plan", max_bytes=MAX_PLAN_BYTES))
        where = Mark(STDIN if plan == "-" else plan)
        plan_given = A.Given(plan_text, A.FROM_PLAN, where)
    options = A.parse_options(answer or [], prompt_set)
    from_file = A.load_file(answers_file) if answers_file is not None else {}
    given = A.merge(options, from_file, plan_given, plan_q.id if plan_q else None)
    checked = A.validate(prompt_set, given)
    rules = load_rules(rule_files or (), extra_rules=prompt_set.rules)

    interactive = not no_input and "-" not in (plan, answers_file) and is_tty(sys.stdin)
    if interactive:
        from kindlead.interview import Interview, make_console

        checked, notes = checked.without_skipped(prompt_set)
        for note in notes:
            warning_line(note)
        checked.raise_problems()  # before asking anything
        name = "PLAN" if plan in (None, "-") else plan
        finish = "see your plan" if output is None and is_tty(sys.stdout) else "write your plan"
        interview = Interview(prompt_set, rules, make_console(), plan_name=name, finish=finish)
        try:
            gathered = interview.run(checked)
        except Interrupted as e:
            if debug() or not interview.typed:
                raise
            _recover(e, set_name, prompt_set.id)
    else:
        gathered = A.gather_scripted(prompt_set, checked)
    for note in gathered.notes:
        warning_line(note)

    result = build_plan(prompt_set, gathered.answers, rules)
    if fmt is not None:
        chosen = fmt.value
    elif output is not None:
        chosen = format_for(output.name)
    elif env_fmt is not None:
        chosen = env_fmt
    else:
        chosen = "rich" if is_tty(sys.stdout) else "text"
    colour = output is None and use_colour(sys.stdout)  # a file is never styled
    rendered = render(result, chosen, Options(color=colour, width=_width()))
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


def _recover(stopped: "Interrupted", set_name: str, set_id: str) -> NoReturn:
    """Save the answers typed before Ctrl-C/Ctrl-D, say where, and end with exit 130."""
    import shlex

    from kindlead.errors import EXIT_INTERRUPTED, KindleadError

    notice_line(stopped.reason.replace("nothing was written", "no plan was written"))
    try:
        path = save_recovered(stopped.answers, set_name, set_id)
    except (KindleadError, OSError) as e:
        warning_line(f"your answers so far could not be saved: {e}")
    else:
        name = shlex.quote(str(path))
        notice_line(
            f"your answers so far are in {path}; continue with: "
            f"kindlead reframe --set {shlex.quote(set_name)} --answers {name}"
        )
    raise typer.Exit(EXIT_INTERRUPTED) from None


def save_recovered(answers: "Mapping[str, Answer]", set_name: str, set_id: str) -> Path:
    """Write `answers` to ``<user dir>/recovered/<set>-<timestamp>.yaml``; return the path."""
    import re
    import time

    from kindlead.answers import dump
    from kindlead.catalog import user_dir
    from kindlead.errors import KindleadError, Mark, Problem
    from kindlead.fsutil import write_atomically

    folder = user_dir() / "recovered"
    folder.mkdir(parents=True, exist_ok=True)
    safe_id = re.sub(r"[^A-Za-z0-9_.-]+", "-", set_id).strip(".-") or "answers"
    stem = f"{safe_id}-{time.strftime('%Y%m%d-%H%M%S')}"
    header = (
        f"Your answers to the {set_id!r} prompt set so far, saved when the session ended.\n"
        f"Continue with: kindlead reframe --set {set_name} --answers THIS-FILE"
    )
    content = dump(answers, printable(header, keep_newlines=True))
    for n in range(1, 100):
        path = folder / (f"{stem}.yaml" if n == 1 else f"{stem}-{n}.yaml")
        try:
            write_atomically(path, content, force=False)
        except KindleadError:
            if path.exists():
                continue  # two sessions stopped in the same second
            raise
        return path
    raise KindleadError(Problem("too many recovered files at this time", Mark(str(folder))))


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


def _width() -> int:
    import shutil

    return max(40, min(shutil.get_terminal_size((80, 24)).columns, 120))


def _env_format() -> str | None:
    """KINDLEAD_FORMAT, checked: it ranks below --format and the --output extension."""
    from kindlead.errors import KindleadError

    value = os.environ.get("KINDLEAD_FORMAT", "").strip().lower()
    if not value:
        return None
    if value not in Format.__members__:
        raise KindleadError(
            f"KINDLEAD_FORMAT={value!r} is not one of {', '.join(Format.__members__)}"
        )
    return value


def _check_output(path: Path, force: bool) -> None:
    """Refuse early what `write_atomically` would refuse after the whole interview."""
    from kindlead.errors import KindleadError, Mark, Problem
    from kindlead.fsutil import exists_error

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
app.command(
    "reframe",
    epilog=EPILOG,
    context_settings=CONTEXT,
    short_help="Turn a buy-in plan into a cooperation plan with a checklist.",
)(reframe)
