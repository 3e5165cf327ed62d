"""`kindlead reframe`: options → `kindlead.reframe` (with an interview if a person is
there) → a renderer of `kindlead.render` → stdout or a file."""

# No `from __future__ import annotations` here: Typer evaluates string annotations
# each time it reads a signature (three times a command), 4 ms of a scripted reframe.

import enum
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer

from kindlead.cli.common import (
    CONTEXT,
    EditorOption,
    ForceOption,
    NoJournalOption,
    PromptsDirOption,
    RulesOption,
    SaveOption,
)
from kindlead.cli.completion import set_names
from kindlead.cli.exits import debug, guarded
from kindlead.cli.output import is_tty, notice_line, terminal_width, text_stdout, warning_line
from kindlead.cli.root import HELP
from kindlead.errors import KindleadError
from kindlead.render import PLAN_FORMATS

if TYPE_CHECKING:
    from kindlead.answers import Checked, Gathered
    from kindlead.plan import Plan
    from kindlead.promptsets.model import Answer, PromptSet
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
    ".markdown is Markdown, .json is JSON, anything else text. An interview that ends "
    "early (Ctrl-C, Ctrl-D, a closed terminal) keeps what you typed as a draft: continue "
    "with --resume. An interview keeps its plan in your journal (kindlead journal). "
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
    output_arg: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the plan to FILE (atomically) instead of stdout. Without --format, "
            "FILE's extension picks it: .md/.markdown Markdown, .json JSON, else text.",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    force: ForceOption = False,
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
    editor: EditorOption = False,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help="Continue an interview that ended early: the latest draft, or the one "
            "whose id is given in place of PLAN (kindlead journal drafts lists them).",
        ),
    ] = False,
    save: SaveOption = False,
    no_journal: NoJournalOption = False,
) -> None:
    """Turn a buy-in plan into a cooperation plan: interview, coaching and a checklist."""
    from kindlead.files.atomic import write_atomically
    from kindlead.reframe import Request, reframe_plans
    from kindlead.render import Options, format_for, render, use_colour

    draft = None
    if resume:
        from kindlead.drafts import LATEST, as_given, find_draft

        draft = find_draft(plan or LATEST)
        plan, set_name = None, draft.set_name
        prompts_dir = [*map(Path, draft.prompts_dirs), *(prompts_dir or ())]
        rule_files = rule_files or [Path(r) for r in draft.rule_files]
        output_arg = output_arg if output_arg is not None else draft.output
        fmt = fmt if fmt is not None else _format(draft.format)
        no_journal = no_journal or not draft.journal
    # `-o -` is standard output, as everywhere else; only that exact argument is:
    # `-o ./-` is a file named "-" (the raw argument, as Path("./-") prints as "-")
    output = None if output_arg is None or output_arg == "-" else Path(output_arg)
    if output is not None:
        _check_output(output, force)
    # KINDLEAD_FORMAT is only a default: a wrong value must not break a run that
    # chose its format with --format or --output
    env_fmt = _env_format() if fmt is None and output is None else None
    typing = draft.typing if draft is not None else None
    request = Request(
        set_name=set_name,
        prompts_dirs=tuple(prompts_dir or ()),
        plan=plan,
        answers_file=answers_file,
        answers=tuple(answer or ()),
        rule_files=tuple(rule_files or ()),
        draft=None
        if draft is None
        else as_given({k: v for k, v in draft.answers.items() if not typing or k != typing[0]}),
    )
    interactive = not no_input and "-" not in (plan, answers_file) and is_tty(sys.stdin)
    if fmt is not None:
        chosen = str(fmt)
    elif output is not None:
        chosen = format_for(output.name)
    else:
        chosen = env_fmt or ("rich" if is_tty(sys.stdout) and not plain else "text")
    started = Started(set_name, tuple(map(str, request.prompts_dirs)),
                      tuple(map(str, request.rule_files)), plan,
                      None if output is None else output_arg, None if fmt is None else chosen,
                      draft.id if draft is not None else None, not no_journal)  # fmt: skip
    if interactive:
        name = "PLAN" if plan in (None, "-") else plan
        finish = "see your plan" if output is None and is_tty(sys.stdout) else "write your plan"
        _mention_due_reviews()
        session = _interview(started, name, finish, plain=plain, editor=editor, typing=typing)
        plans = reframe_plans(request, session, on_note=warning_line)
    else:
        plans = reframe_plans(request, on_note=warning_line)

    colour = output is None and use_colour(sys.stdout)  # a file is never styled
    rendered = render(plans.plan, chosen, Options(color=colour, width=terminal_width()))
    try:
        if output is None:
            text_stdout()  # “ and ☐ on an ASCII-only terminal: escaped, not a crash
            if chosen == "json":
                rendered = _encodable_json(rendered, getattr(sys.stdout, "encoding", None))
            sys.stdout.write(rendered)
            sys.stdout.flush()
        else:
            write_atomically(output, rendered, force=force)
    except (KindleadError, OSError):
        if interactive:  # all those answers: keep them for another try
            answers = dict(plans.keepable.answers)
            _keep_draft(started, answers, None, UNWRITTEN, set_id=plans.plan.set_id)
        raise
    if interactive and output is not None:
        notice_line(f"your plan is in {output}")
    if (interactive and not no_journal) or save:
        _keep_in_journal(plans.keepable, quiet=not interactive, asked=save)
    if draft is not None:
        from kindlead.drafts import remove_draft

        remove_draft(draft.id)


UNWRITTEN = "the plan could not be written"


class Started(NamedTuple):
    """How this run was started: what a draft keeps to continue it the same way."""

    set_name: str
    prompts_dirs: tuple[str, ...]
    rule_files: tuple[str, ...]
    plan: str | None
    output: str | None
    format: str | None
    resumed: str | None
    """The id of the draft this run continues."""
    journal: bool
    """Whether the plan goes to the journal once finished."""


def _interview(
    started: Started,
    plan_name: str,
    finish: str,
    *,
    plain: bool,
    editor: bool,
    typing: "tuple[str, Answer] | None",
) -> Any:
    """The interactive session for `kindlead.reframe`: if it ends early, what was typed
    (the answer in progress too) is kept as a draft, and the interrupt says how to go on."""

    def run(prompt_set: "PromptSet", rules: Sequence["Rule"], checked: "Checked") -> "Gathered":
        from kindlead.errors import Interrupted
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
            started=dict([typing]) if typing else None,
        )  # fmt: skip
        try:
            return session.run(checked)
        except Interrupted as e:
            if debug() or not (session.typed or started.resumed):
                raise
            from kindlead.drafts import keepable

            reason = e.reason.replace("nothing was written", "no plan was written")
            # the scripted answers too: --resume needs none of the first run's options
            so_far = {**{k: known.value for k, known in checked.known.items()}, **e.answers}
            answers, kept_typing = keepable(prompt_set, so_far, e.typing)
            notes = _keep_draft(started, answers, kept_typing, reason, set_id=prompt_set.id)
            raise Interrupted(e.answers, reason, notes) from None

    return run


def _keep_draft(
    started: Started,
    answers: "dict[str, Answer]",
    typing: "tuple[str, Answer] | None",
    reason: str,
    set_id: str = "",
) -> list[str]:
    """Keep `answers` as a draft and say how to continue; if no draft can be written,
    show them as an answers file instead. Returns the lines to show (an interrupt shows
    them after its reason); a failed write's notes are shown at once."""
    import shlex

    from kindlead.drafts import Draft, remove_draft, save_draft

    answers = {k: v for k, v in answers.items() if v is not None}
    draft = Draft(
        id="", created=_now(), set_name=started.set_name, set_id=set_id or started.set_name,
        answers=answers, typing=typing, prompts_dirs=started.prompts_dirs,
        rule_files=started.rule_files, plan=started.plan, output=started.output,
        format=started.format, reason=reason, journal=started.journal,
    )  # fmt: skip
    try:
        kept = save_draft(draft)
    except (KindleadError, OSError) as problem:
        from kindlead.answers import dump

        if typing is not None:
            answers = {**answers, typing[0]: typing[1]}
        header = "Your answers so far. Save this as answers.yaml and continue with:\n"
        header += f"kindlead reframe --set {shlex.quote(started.set_name)} --answers answers.yaml"
        warning_line(
            f"your answers could not be kept as a draft ({_reason(problem)}); here they "
            "are as an answers file, between the lines of dashes:"
        )
        _show_block(dump(answers, header))
        notes = []
    else:
        if started.resumed:
            remove_draft(started.resumed)  # the new draft has all the old one had
        notes = [
            f"your answers so far are kept as draft {kept.id}; "
            f"continue with: kindlead reframe --resume {kept.id}"
        ]
    if reason == UNWRITTEN:
        for note in notes:
            notice_line(note)
    return notes


def _show_block(text: str) -> None:
    """`text` on stderr as it is, lines and all (safe to show: `printable`), to copy."""
    from kindlead.textsafe import printable

    try:
        sys.stderr.write(f"---\n{printable(text, keep_newlines=True).rstrip()}\n---\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass  # no terminal left to show it on


def _reason(problem: Exception) -> str:
    if isinstance(problem, KindleadError):
        return "; ".join(str(p) for p in problem.problems)
    return str(problem)


def _now() -> str:
    from datetime import datetime

    return datetime.now().astimezone().isoformat(timespec="seconds")


def _keep_in_journal(plan: "Plan", *, quiet: bool, asked: bool) -> None:
    """Keep `plan` in the journal and say so in one line; a journal that cannot be
    written is a warning, never a lost plan (it is still printed or written)."""
    from kindlead.journal import keep_plan
    from kindlead.journal.store import ENV, journal_dir
    from kindlead.render import render

    if journal_dir() is None:
        if asked:  # --save, and the journal is off: say why nothing was kept
            warning_line(f"the journal is off ({ENV}=off): the plan was not kept")
        return
    try:
        entry = keep_plan(plan, render(plan, "markdown"))
    except KindleadError as e:
        warning_line(f"the plan was not kept in the journal: {_reason(e)}")
        return
    if not quiet:
        notice_line(f"kept in your journal as {entry.id}; after the meeting: "
                    f"kindlead journal review {entry.id}")  # fmt: skip


def _mention_due_reviews() -> None:
    """One quiet line when plans in the journal are due for a review."""
    from datetime import date

    from kindlead.journal.store import entries, journal_dir

    folder = journal_dir()
    if folder is None or not folder.is_dir():
        return
    try:
        found, _ = entries(folder)
    except KindleadError:
        return
    due = [e for e in found if e.is_due(date.today())]
    if len(due) == 1:
        notice_line(f"a plan is due for its review: kindlead journal review {due[0].id}")
    elif due:
        notice_line(f"{len(due)} plans are due for their review: kindlead journal due")


def _format(value: str | None) -> Any:
    return None if value is None or value not in PLAN_FORMATS else Format(value)


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
