"""`kindlead team start | idea | show | list | plan`: share the target, collect the
team's ideas, build the plan on them. The work is `kindlead.team`; `plan` is
`kindlead reframe` with the team's answers given first."""

# No `from __future__ import annotations` here: Typer evaluates string annotations
# each time it reads a signature (three times a command), 4 ms of a scripted reframe.

import enum
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

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
from kindlead.cli.exits import guarded
from kindlead.cli.output import is_tty, notice_line, terminal_width, text_stdout, warning_line
from kindlead.cli.root import HELP
from kindlead.errors import KindleadError
from kindlead.render import PLAN_FORMATS
from kindlead.textsafe import printable

if TYPE_CHECKING:
    from kindlead.team.model import Space

app = typer.Typer(
    name="team",
    rich_markup_mode=None,
    add_completion=False,
    help=HELP["team"],
    context_settings=CONTEXT,
    no_args_is_help=True,
    epilog=(
        "Examples:\n\n"
        "  kindlead team start weekly-releases      the target and the question to the team\n\n"
        "  kindlead team idea weekly-releases       what each teammate runs\n\n"
        "  kindlead team idea weekly-releases --no-input --idea 'Pair on the checklist' "
        "--builds-on ID\n\n"
        "  kindlead team show weekly-releases       who built on whom\n\n"
        "  kindlead team plan weekly-releases       the plan, made from the team's ideas\n\n"
        "A team space is .kindlead/team/TOPIC/ in the repository (found from this folder "
        "upwards), or --dir: target.md, and one file an idea in ideas/, so ideas added at "
        "the same time never conflict in git. Commit and share it. See docs/team.md."
    ),
)


class ShowFormat(enum.StrEnum):
    rich = "rich"
    text = "text"
    markdown = "markdown"
    json = "json"


class ListFormat(enum.StrEnum):
    text = "text"
    json = "json"


if TYPE_CHECKING:  # Typer needs an Enum for choices; its members come from the registry
    PlanFormat = str
else:
    PlanFormat = enum.StrEnum("PlanFormat", list(PLAN_FORMATS))


def _topics(ctx: Any, incomplete: str) -> list[str]:
    """Completion: the topics in the team folder (``--dir``, or the one found here)."""
    from kindlead.team.store import TOPIC, find_team_dir

    chosen = ctx.params.get("team_folder") if ctx is not None else None
    folder = Path(chosen) if chosen else find_team_dir()[0]
    try:
        names = sorted(os.listdir(folder)) if folder is not None else []
    except OSError:
        return []
    return [n for n in names if n.startswith(incomplete) and TOPIC.fullmatch(n)]


Topic = Annotated[
    str,
    typer.Argument(
        help="The topic: a short name of lower-case letters, digits and hyphens, such as "
        "weekly-releases (its folder in the team space).",
        metavar="TOPIC",
        show_default=False,
        autocompletion=_topics,
    ),
]
DirOption = Annotated[
    Path | None,
    typer.Option(
        "--dir",
        help="The folder that holds the topics (default: .kindlead/team in this folder or "
        "the nearest above it, up to the repository's top; start makes it there).",
        metavar="DIR",
        show_default=False,
    ),
]
ByOption = Annotated[
    str | None,
    typer.Option(
        "--by",
        help="Your name as the team knows you (default: git config user.name, else your "
        "login name).",
        metavar="NAME",
        show_default=False,
    ),
]
NoInputOption = Annotated[
    bool,
    typer.Option(
        "--no-input",
        help="Never prompt; what is missing is an error. Also the case when stdin is not a "
        "terminal.",
    ),
]
PlainOption = Annotated[
    bool,
    typer.Option(
        "--plain",
        help="A plain session for screen readers: plain lines, no colour or symbols.",
        envvar="KINDLEAD_PLAIN",
    ),
]


def _arg(value: str, what: str) -> str:
    """A command-line text as typed (UTF-8 whatever the locale), or a clear error."""
    from kindlead.textsafe import from_argv

    text = from_argv(value)
    if text is None:
        raise KindleadError(f"{what}: not UTF-8 text (check the terminal's encoding)")
    return text


def _shown(path: Path) -> str:
    """`path` as the user can type it: relative to here when it is below here."""
    try:
        rel = os.path.relpath(path)
    except (OSError, ValueError):
        return str(path)
    return rel if not rel.startswith("..") else str(path)


def _session(plain: bool) -> Any:
    from kindlead.interview.console import make_console
    from kindlead.interview.editor import Editor, can_edit
    from kindlead.team.session import TeamSession

    reader = Editor(sys.stderr) if not plain and can_edit(sys.stderr) else None
    return TeamSession(make_console(plain=plain), reader=reader, plain=plain)


def _asking(no_input: bool) -> bool:
    return not no_input and is_tty(sys.stdin)


def _load(topic: str, chosen: Path | None, *, strict: bool) -> "Space":
    """The topic's space; each warning said once. `strict`: an idea file that cannot be
    read is an error (with every other problem), else a warning."""
    from kindlead.team.store import load_space, team_dir

    space = load_space(team_dir(chosen), _arg(topic, "TOPIC"))
    if strict and space.problems:
        raise KindleadError(space.problems)
    for problem in (*space.problems, *space.warnings):
        warning_line(str(problem))
    return space


def _share(folder: Path, message: str) -> str:
    """How to share what was written: the git commands, for the topic's folder."""
    import shlex

    where, said = shlex.quote(_shown(folder)), shlex.quote(message)
    return f"share it with: git add {where} && git commit -m {said} && git push"


def _teammates_command(topic: str, chosen: Path | None) -> str:
    """What teammates run: with ``--dir`` as seen from the repository's top, if it is in
    one (a teammate's clone is elsewhere on their disk)."""
    import shlex

    command = f"kindlead team idea {topic}"
    if chosen is None:
        return command
    from kindlead.team.store import repo_top

    folder = chosen.absolute()
    top = repo_top(folder if folder.is_dir() else folder.parent)
    where = os.path.relpath(folder, top) if top is not None else str(folder)
    return f"{command} --dir {shlex.quote(where)}"


@app.command("start")
@guarded
def start(
    topic: Topic,
    target: Annotated[
        str | None,
        typer.Option(
            "--target",
            help="What should be happening once this works: the target, not the route.",
            metavar="TEXT",
            show_default=False,
        ),
    ] = None,
    ask: Annotated[
        str | None,
        typer.Option(
            "--ask",
            help="The question to the team (default: how could we get there?).",
            metavar="TEXT",
            show_default=False,
        ),
    ] = None,
    by: ByOption = None,
    no_input: NoInputOption = False,
    plain: PlainOption = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the topic's target (its ideas stay).")
    ] = False,
    team_folder: DirOption = None,
) -> None:
    """Share a target with the team: write it, coached for buy-in and telling, and print
    the command teammates run to add their ideas."""
    from kindlead.team import store
    from kindlead.team.coach import coach, notes

    topic = store.check_topic(_arg(topic, "TOPIC"))
    folder = store.team_dir(team_folder, create=True)
    if not force:
        store.check_new(folder, topic)  # before anything is asked
    target = _arg(target, "--target") if target is not None else None
    ask = _arg(ask, "--ask") if ask is not None else None
    name = store.who(by and _arg(by, "--by"), folder if folder.is_dir() else None)
    if _asking(no_input):
        target, ask = _session(plain).start(topic, target, ask)
    else:
        if target is None or not target.strip():
            raise KindleadError("--target is needed when no one is asked (--no-input, or "
                                "stdin not a terminal): what should be happening?")  # fmt: skip
        ask = ask if ask is not None and ask.strip() else store.DEFAULT_ASK
        for line in notes(coach(target), "the target") + notes(
            coach(ask, target=target), "the question"
        ):
            notice_line(line)
    command = _teammates_command(topic, team_folder)
    written = store.write_target(
        folder, topic, target=target, ask=ask or store.DEFAULT_ASK, by=name, force=force,
        command=command,
    )  # fmt: skip
    notice_line(f"the target is in {_shown(written.path)}")
    notice_line(_share(written.path.parent, f"Share the target for {topic}"))
    notice_line("then teammates add their ideas with:")
    text_stdout()
    typer.echo(printable(command))


@app.command("idea")
@guarded
def idea(
    topic: Topic,
    text: Annotated[
        str | None,
        typer.Option(
            "--idea",
            help="Your idea (- reads it from stdin). Without it, you are asked.",
            metavar="TEXT",
            show_default=False,
        ),
    ] = None,
    builds_on: Annotated[
        list[str] | None,
        typer.Option(
            "--builds-on",
            help="The id of an idea yours builds on (repeatable; see kindlead team show "
            "TOPIC --format text). Without it, you are asked.",
            metavar="ID",
            show_default=False,
        ),
    ] = None,
    by: ByOption = None,
    no_input: NoInputOption = False,
    plain: PlainOption = False,
    team_folder: DirOption = None,
) -> None:
    """Add your idea to a topic, building on the ideas already there. Prints the new
    idea's id."""
    from kindlead.team.coach import coach_idea, notes
    from kindlead.team.store import add_idea, who

    space = _load(topic, team_folder, strict=False)
    name = who(by and _arg(by, "--by"), space.folder)
    chosen = tuple(_resolve(space, b) for b in builds_on) if builds_on else None
    if text == "-":
        from kindlead.files.yamlload import read_text

        text = read_text("-", what="idea")
        no_input = True  # stdin holds the idea: no one to ask
    elif text is not None:
        text = _arg(text, "--idea")
    if _asking(no_input):
        text, chosen = _session(plain).idea(space, name, text, chosen)
    else:
        if text is not None and not text.strip():
            raise KindleadError("--idea is empty: write the idea itself")
        if text is None:
            raise KindleadError("--idea is needed when no one is asked (--no-input, or "
                                "stdin not a terminal)")  # fmt: skip
        for line in notes(coach_idea(text, space), "your idea"):
            notice_line(line)
    added = add_idea(space.folder, text, by=name, builds_on=chosen or ())
    notice_line(f"thank you, {name}: your idea is in {_shown(added.path)}")
    notice_line(_share(space.folder, f"An idea for {space.topic}"))
    text_stdout()
    typer.echo(added.id)


def _resolve(space: "Space", given: str) -> str:
    """An idea's id from ``--builds-on``: the id, or its file's name or path."""
    value = _arg(given, "--builds-on").strip()
    name = Path(value).name
    idea_id = name[:-3] if name.endswith(".md") else name
    if space.idea(idea_id) is not None:
        return idea_id
    import difflib

    ids = [i.id for i in space.ideas]
    close = difflib.get_close_matches(idea_id, ids, n=1, cutoff=0.8)
    hint = f"did you mean {close[0]}? " if close else ""
    raise KindleadError(
        f"--builds-on {value!r}: no such idea in {space.topic} ({hint}kindlead team show "
        f"{space.topic} --format text lists the ids; git pull brings your teammates' ideas)"
    )


@app.command("show")
@guarded
def show(
    topic: Topic,
    fmt: Annotated[
        ShowFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format (default: rich on a terminal, else text).",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    team_folder: DirOption = None,
) -> None:
    """The target and the team's ideas, as a tree of who built on whom."""
    from kindlead.render import use_colour
    from kindlead.team.render import Options, render

    text_stdout()
    space = _load(topic, team_folder, strict=True)
    chosen = fmt or (ShowFormat.rich if is_tty(sys.stdout) else ShowFormat.text)
    command = _teammates_command(space.topic, team_folder)
    options = Options(
        color=chosen is ShowFormat.rich and use_colour(sys.stdout), width=terminal_width(),
        command=command,
    )  # fmt: skip
    sys.stdout.write(render(space, str(chosen), options))
    sys.stdout.flush()


@app.command("list")
@guarded
def list_topics(
    fmt: Annotated[
        ListFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = ListFormat.text,
    team_folder: DirOption = None,
) -> None:
    """The topics here, each with its target and how many ideas it has."""
    from kindlead.team.store import find_team_dir, topics

    text_stdout()
    folder = team_folder if team_folder is not None else find_team_dir()[0]
    if folder is not None and team_folder is not None and not folder.is_dir():
        from kindlead.team.store import team_dir

        team_dir(folder)  # raises: not a folder
    found, problems = topics(folder) if folder is not None else ([], [])
    for problem in problems:
        warning_line(str(problem))
    if fmt is ListFormat.json:
        from kindlead.textsafe import json_dumps

        typer.echo(json_dumps({"folder": None if folder is None else str(folder), "topics": [
            {"topic": t.topic, "target": t.target.target if t.target else None,
             "by": t.target.by if t.target else None, "ideas": t.ideas, "people": t.people,
             "path": str(t.folder)}
            for t in found
        ]}, indent=2))  # fmt: skip
        return
    if not found:
        notice_line("no team topics here yet; start one with: kindlead team start TOPIC")
        return
    width = max(len(t.topic) for t in found)
    for t in found:
        count = f"{t.ideas} idea{'s' if t.ideas != 1 else ''}"
        target = t.target.target if t.target else "(target.md cannot be read: see above)"
        typer.echo(printable(f"{t.topic:<{width}}  {count:<9}  {' '.join(target.split())}"))


@app.command("plan")
@guarded
def plan(
    topic: Topic,
    plan_file: Annotated[
        str | None,
        typer.Argument(
            help="Your plan as you would say it today: a text or Markdown file, or - for "
            "stdin (as for kindlead reframe).",
            metavar="[PLAN]",
            show_default=False,
        ),
    ] = None,
    set_name: Annotated[
        str,
        typer.Option(
            "--set",
            help="The prompt set: one that asks for target, people and team_ideas, as "
            "cooperation does.",
            metavar="NAME|PATH",
            autocompletion=set_names,
        ),
    ] = "cooperation",
    answers_file: Annotated[
        str | None,
        typer.Option(
            "--answers",
            help="A YAML or JSON mapping of question id to answer (- for stdin), for the "
            "questions the team's answers leave open.",
            metavar="FILE|-",
            show_default=False,
        ),
    ] = None,
    answer: Annotated[
        list[str] | None,
        typer.Option(
            "--answer",
            "-a",
            help="One answer as ID=VALUE (repeatable). target replaces the team's target; "
            "people and team_ideas add to the team's.",
            metavar="ID=VALUE",
            show_default=False,
        ),
    ] = None,
    no_input: NoInputOption = False,
    fmt: Annotated[
        PlanFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format, as for kindlead reframe (default: from the --output file "
            "name, else rich on a terminal and text otherwise).",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the plan to FILE (atomically) instead of stdout.",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    force: ForceOption = False,
    rule_files: RulesOption = None,
    prompts_dir: PromptsDirOption = None,
    plain: PlainOption = False,
    editor: EditorOption = False,
    save: SaveOption = False,
    no_journal: NoJournalOption = False,
    team_folder: DirOption = None,
) -> None:
    """The cooperation plan made from the team's ideas: the target, the people and the
    ideas (each credited) already answered; the rest asked, or scripted as in reframe."""
    from kindlead.cli.reframe import reframe
    from kindlead.team.plan import check_set, team_answers

    space = _load(topic, team_folder, strict=True)
    check_set(set_name, tuple(prompts_dir or ()))
    if not space.ideas:
        notice_line(f"no ideas in {space.topic} yet; teammates add them with: "
                    f"{_teammates_command(space.topic, team_folder)}")  # fmt: skip
    # as the command line hands them over: reframe reads --answer values as arguments
    # (in the bytes of the file system's encoding, whatever the locale)
    given = [os.fsdecode(value.encode("utf-8")) for value in team_answers(space)]
    reframe(
        plan=plan_file, set_name=set_name, answers_file=answers_file,
        answer=[*given, *(answer or ())], no_input=no_input, fmt=fmt,
        output_arg=output, force=force, rule_files=rule_files, prompts_dir=prompts_dir,
        plain=plain, editor=editor, resume=False, save=save, no_journal=no_journal,
    )  # fmt: skip
