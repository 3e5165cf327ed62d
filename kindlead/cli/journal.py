"""`kindlead journal list | show | review | due | export | stats | drafts`."""

# No `from __future__ import annotations` here: Typer evaluates string annotations
# each time it reads a signature (three times a command), 4 ms of a scripted reframe.

import enum
import sys
from datetime import UTC, date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kindlead.cli.common import CONTEXT, ForceOption
from kindlead.cli.exits import guarded
from kindlead.cli.output import is_tty, notice_line, terminal_width, text_stdout, warning_line
from kindlead.cli.root import HELP
from kindlead.textsafe import printable

if TYPE_CHECKING:
    from kindlead.journal.store import Entry

app = typer.Typer(
    name="journal",
    rich_markup_mode=None,
    add_completion=False,
    help=HELP["journal"],
    context_settings=CONTEXT,
    no_args_is_help=True,
    epilog=(
        "Examples:\n\n"
        "  kindlead journal list\n\n"
        "  kindlead journal review latest          after the meeting\n\n"
        "  kindlead journal due --format json      for scripts and reminders\n\n"
        "  kindlead journal export --format ics > follow-ups.ics\n\n"
        "The journal lives in $KINDLEAD_JOURNAL (a folder: a notes vault, a repository), "
        "else journal/ in kindlead's user data folder; KINDLEAD_JOURNAL=off keeps nothing. "
        "See docs/journal.md."
    ),
)


class ListFormat(enum.StrEnum):
    text = "text"
    json = "json"


class ShowFormat(enum.StrEnum):
    rich = "rich"
    text = "text"
    markdown = "markdown"
    json = "json"


class ExportFormat(enum.StrEnum):
    markdown = "markdown"
    json = "json"
    ics = "ics"


Which = Annotated[
    str,
    typer.Argument(help="A plan's id (see 'kindlead journal list'), or latest.", metavar="ID"),
]
ListFormatOption = Annotated[
    ListFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]


def _as_of(value: str | None) -> date:
    from kindlead.errors import KindleadError

    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise KindleadError(f"--as-of {value!r}: a date as YYYY-MM-DD") from None


AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of", help="Take this day as today (YYYY-MM-DD).", metavar="DATE", show_default=False
    ),
]


def _entries(check: bool = False) -> "list[Entry]":
    """Every readable entry; each file that cannot be read is a warning (and with
    `check`, each entry whose hand-edited status or date stops its reminders)."""
    from kindlead.journal.store import doubts, entries

    found, problems = entries()
    for problem in problems:
        warning_line(str(problem))
    for entry in found if check else ():
        for problem in doubts(entry):
            warning_line(str(problem))
    return found


def _fit(line: str) -> str:
    """`line` cut with … to the terminal's width (a script gets it whole)."""
    if not is_tty(sys.stdout):
        return line
    width = terminal_width()
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def _summary(e: "Entry") -> dict[str, Any]:
    return {
        "id": e.id,
        "title": e.title,
        "created": e.created,
        "status": e.status,
        "next_review": e.next_review.isoformat() if e.next_review else None,
        "reviews": len(e.reviews),
        "path": str(e.path),
    }


def _echo_json(data: Any) -> None:
    from kindlead.textsafe import json_dumps

    typer.echo(json_dumps(data, indent=2))


@app.command("list")
@guarded
def list_entries(fmt: ListFormatOption = ListFormat.text, as_of: AsOfOption = None) -> None:
    """List the plans in the journal, oldest first, with their next follow-up."""
    text_stdout()
    found = _entries(check=True)
    if fmt is ListFormat.json:
        _echo_json({"entries": [_summary(e) for e in found]})
        return
    if not found:
        notice_line("the journal has no plans yet; an interview with kindlead reframe keeps one")
        return
    today = _as_of(as_of)
    width = max(len(e.id) for e in found)
    for e in found:
        due = e.next_review.isoformat() if e.next_review else "-"
        flag = "due" if e.is_due(today) else e.status if e.status != "open" else ""
        typer.echo(_fit(printable(f"{e.id:<{width}}  next {due}  {flag:<6} {e.title}".rstrip())))


@app.command("show")
@guarded
def show(
    which: Which,
    fmt: Annotated[
        ShowFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format (default: rich on a terminal, else markdown).",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Show one plan, with its reviews."""
    from kindlead.journal.store import find_entry

    text_stdout()
    entry = find_entry(which, on_problem=lambda p: warning_line(str(p)))
    chosen = fmt or (ShowFormat.rich if is_tty(sys.stdout) else ShowFormat.markdown)
    if chosen is ShowFormat.json:
        _echo_json({"id": entry.id, "meta": entry.meta, "body": entry.body})
    elif chosen is ShowFormat.rich:
        from rich.console import Console
        from rich.markdown import Markdown

        from kindlead.render import use_colour

        colour = use_colour(sys.stdout)
        console = Console(
            width=terminal_width(), no_color=not colour, force_terminal=True if colour else None,
            highlight=False, emoji=False,
        )  # fmt: skip
        console.print(Markdown(printable(entry.body, keep_newlines=True)))
    else:
        typer.echo(printable(entry.body, keep_newlines=True), nl=False)


@app.command("review")
@guarded
def review(
    which: Which,
    answer: Annotated[
        list[str] | None,
        typer.Option(
            "--answer",
            "-a",
            help="One answer as KEY=VALUE: item.N=done|partly|not_yet|dropped (item.all "
            "for every item not given), "
            "target_status=yes|partly|not_yet, shaped_by=NAME (repeatable), heard=TEXT, "
            "next=YYYY-MM-DD|+Nw.",
            metavar="KEY=VALUE",
            show_default=False,
        ),
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never prompt; a missing answer is an error.")
    ] = False,
    plain: Annotated[
        bool,
        typer.Option(
            "--plain", help="A plain session for screen readers.", envvar="KINDLEAD_PLAIN"
        ),
    ] = False,
    as_of: AsOfOption = None,
) -> None:
    """After the meeting: walk the checklist, see whether the target is happening,
    notice buy-out, and set the next follow-up. The plan itself is never rewritten."""
    from kindlead.errors import AnswerError
    from kindlead.journal.review import append_review, make_review, missing, scripted
    from kindlead.journal.store import find_entry

    today = _as_of(as_of)
    entry = find_entry(which)
    given = scripted(answer or (), entry, today)
    if no_input or not is_tty(sys.stdin):
        problems = missing(given, entry)
        if problems:
            raise AnswerError(problems)
    else:
        from kindlead.interview.console import make_console
        from kindlead.interview.editor import Editor, can_edit
        from kindlead.interview.review import ReviewSession

        reader = Editor(sys.stderr) if not plain and can_edit(sys.stderr) else None
        session = ReviewSession(entry, make_console(plain=plain), today, reader=reader, plain=plain)
        given = session.run(given)
    done = make_review(given, entry, today)
    kept = append_review(entry, done)
    for rule, words in done.signals:
        notice_line(f"a sign of buy-out to talk about: “{words}” ({rule})")
    notice_line(f"review kept in {kept.path}; next follow-up {done.next.isoformat()}")


@app.command("due")
@guarded
def due(fmt: ListFormatOption = ListFormat.text, as_of: AsOfOption = None) -> None:
    """The plans due for a review (for scripts, reminders and calendars)."""
    text_stdout()
    today = _as_of(as_of)
    found = [e for e in _entries(check=True) if e.is_due(today)]
    if fmt is ListFormat.json:
        _echo_json({"as_of": today.isoformat(), "due": [_summary(e) for e in found]})
        return
    if not found and is_tty(sys.stdout):
        notice_line(f"no plan is due for a review on {today.isoformat()}")
    for e in found:
        when = e.next_review.isoformat() if e.next_review else ""
        typer.echo(_fit(printable(f"{e.id}  due {when}  {e.title}")))


@app.command("export")
@guarded
def export(
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = ExportFormat.markdown,
    redact: Annotated[
        bool,
        typer.Option(
            "--redact", help="Replace people's names with stable placeholders (Person 3f2a)."
        ),
    ] = False,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to FILE (atomically) instead of stdout.",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    force: ForceOption = False,
) -> None:
    """The whole journal as one Markdown document, JSON, or a calendar of follow-ups."""
    from datetime import datetime

    from kindlead.journal import export as exporting

    found = _entries()
    if redact:
        found = exporting.redact(found)
    if fmt is ExportFormat.ics:
        content = exporting.to_ics(found, datetime.now(UTC))
    elif fmt is ExportFormat.json:
        content = exporting.to_json(found) + "\n"
    else:
        content = exporting.to_markdown(found)
    if output is not None and output != "-":  # only the exact `-` is stdout: `./-` is a file
        from kindlead.files.atomic import write_atomically

        write_atomically(Path(output), content, force=force, private=True)  # names and notes
        return
    text_stdout()
    sys.stdout.write(content)
    sys.stdout.flush()


@app.command("stats")
@guarded
def stats(
    fmt: Annotated[
        ShowFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format (rich, text or json).",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Per month: plans kept, buy-in phrases per plan, checklist items done, targets
    happening — a table and a small chart."""
    from kindlead.errors import KindleadError
    from kindlead.journal import stats as counting

    text_stdout()
    months = counting.monthly(_entries())
    chosen = fmt or (ShowFormat.rich if is_tty(sys.stdout) else ShowFormat.text)
    if chosen is ShowFormat.markdown:
        raise KindleadError("stats: --format rich, text or json")
    if chosen is ShowFormat.json:
        typer.echo(counting.to_json(months))
        return
    if not months:
        notice_line("the journal has no plans yet")
        return
    from rich.console import Console

    from kindlead.render import use_colour

    colour = chosen is ShowFormat.rich and use_colour(sys.stdout)
    console = Console(
        width=terminal_width(), no_color=not colour, force_terminal=True if colour else None,
        highlight=False, emoji=False,
    )  # fmt: skip
    ascii_only = (getattr(sys.stdout, "encoding", "") or "").lower() not in ("utf-8", "utf8")
    console.print(counting.table(months))
    console.print(counting.chart(months, console.width, ascii_only=ascii_only))


@app.command("drafts")
@guarded
def drafts(
    fmt: ListFormatOption = ListFormat.text,
    discard: Annotated[
        list[str] | None,
        typer.Option(
            "--discard",
            help="Remove the draft with this id (repeatable).",
            metavar="ID",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Interviews that ended early, newest first: continue one with
    kindlead reframe --resume ID."""
    from kindlead.drafts import find_draft, list_drafts, remove_draft

    text_stdout()
    for draft_id in discard or ():
        remove_draft(find_draft(draft_id).id)
        notice_line(f"draft {draft_id} removed")
    if discard:
        return
    found, problems = list_drafts()
    for problem in problems:
        warning_line(str(problem))
    if fmt is ListFormat.json:
        _echo_json({"drafts": [
            {"id": d.id, "created": d.created, "set": d.set_name, "answered": sorted(d.answers),
             "typing": d.typing[0] if d.typing else None, "reason": d.reason}
            for d in found
        ]})  # fmt: skip
        return
    if not found:
        notice_line("no drafts: every interview was finished (or never begun)")
    for d in found:
        when = d.created.replace("T", " ")[:16]
        typing = f", typing {d.typing[0]}" if d.typing else ""
        line = f"{d.id}  {when}  {d.set_id}: {len(d.answers)} answered{typing}"
        typer.echo(_fit(printable(line)))
