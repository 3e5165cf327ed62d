"""`kindlead prompts list | show | validate | new`."""

# No `from __future__ import annotations` here: Typer evaluates string annotations
# each time it reads a signature (three times a command), 4 ms of a scripted reframe.

import enum
from pathlib import Path
from typing import Annotated

import typer

from kindlead.cli.common import CONTEXT, PromptsDirOption
from kindlead.cli.completion import set_names
from kindlead.cli.exits import guarded
from kindlead.cli.output import text_stdout, warning_line
from kindlead.cli.root import HELP
from kindlead.textsafe import printable

app = typer.Typer(
    name="prompts",
    rich_markup_mode=None,
    add_completion=False,
    help=HELP["prompts"],
    context_settings=CONTEXT,
    no_args_is_help=True,
    epilog=(
        "Examples:\n\n"
        "  kindlead prompts list\n\n"
        "  kindlead prompts show onboarding\n\n"
        "  kindlead prompts new retro --to ~/.config/kindlead/prompts\n\n"
        "  kindlead prompts new my-one-on-one --from one-on-one\n\n"
        "  kindlead prompts validate my-set.yaml"
    ),
)


class ListFormat(enum.StrEnum):
    text = "text"
    json = "json"


@app.command("list")
@guarded
def list_sets(
    prompts_dir: PromptsDirOption = None,
    fmt: Annotated[
        ListFormat, typer.Option("--format", help="Output format.", case_sensitive=False)
    ] = ListFormat.text,
) -> None:
    """List the prompt sets you can use, where each comes from, and what it shadows."""
    from kindlead.promptsets.library import list_sets as collect

    text_stdout()
    listing = collect(prompts_dir or [])
    for problem in listing.problems:
        warning_line(str(problem))
    if fmt is ListFormat.json:
        from kindlead.textsafe import json_dumps

        typer.echo(json_dumps(listing.to_json(), indent=2))
        return
    width = max((len(s.name) for s in listing.sets), default=4)
    for s in listing.sets:
        title = s.title if s.valid else "(invalid: see the warning above)"
        typer.echo(printable(f"{s.name:<{width}}  {title}  [{s.origin}: {s.path}]"))
        for shadowed in s.shadows:
            typer.echo(printable(f"{'':<{width}}  shadows {shadowed.origin}: {shadowed.path}"))


@app.command("show")
@guarded
def show(
    name: Annotated[
        str,
        typer.Argument(
            help="A prompt set name or a path to a YAML file.",
            autocompletion=set_names,
            metavar="NAME",
        ),
    ],
    prompts_dir: PromptsDirOption = None,
    source: Annotated[
        bool, typer.Option("--source", help="Print the YAML file itself, as written.")
    ] = False,
) -> None:
    """Show one prompt set: its questions and checklist (or its YAML with --source)."""
    from kindlead.promptsets.library import describe, load_set

    text_stdout()
    prompt_set, path = load_set(name, prompts_dir or [])
    if source:
        from kindlead.files.yamlload import read_text

        typer.echo(printable(read_text(path), keep_newlines=True), nl=False)
        return
    typer.echo(printable(describe(prompt_set), keep_newlines=True))


@app.command("validate")
@guarded
def validate(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Prompt-set or rule files to check.", show_default=False, metavar="FILE..."
        ),
    ],
) -> None:
    """Validate prompt-set (and rule) files, reporting every problem as file:line:col."""
    from kindlead.errors import KindleadError, Problem
    from kindlead.promptsets.library import validate_file

    problems: list[Problem] = []
    for path in files:
        try:
            kind = validate_file(path)
        except KindleadError as e:
            problems.extend(e.problems)
        else:
            typer.echo(printable(f"{path}: ok ({kind})"))
    if problems:
        raise KindleadError(problems)


@app.command("new")
@guarded
def new(
    name: Annotated[str, typer.Argument(help="The new set's id, e.g. 'retro'.", metavar="NAME")],
    to: Annotated[
        Path | None,
        typer.Option(
            "--to",
            help="Folder to write NAME.yaml into (default: your user prompts folder).",
            show_default=False,
        ),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="Start from a copy of this set (a name or a path), with only its id changed, "
            "instead of the starter.",
            metavar="SET",
            autocompletion=set_names,
            show_default=False,
        ),
    ] = None,
    prompts_dir: PromptsDirOption = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Scaffold a commented prompt set that validates as written (or copy one with --from)."""
    from kindlead.promptsets.library import copy_set, placement, scaffold

    dirs = prompts_dir or []
    if source is None:
        path = scaffold(name, to, force=force)
    else:
        path = copy_set(name, source, to, dirs, force=force)
    typer.echo(printable(str(path)))
    created = f"Created {path}. Edit it, then: kindlead prompts validate {path}"
    typer.echo(printable(created), err=True)
    placed = placement(path, dirs)
    if not placed.on_path:
        where = f"Its folder is not on the search path: use it with --set {path}"
        typer.echo(printable(where), err=True)
    for shadowed in placed.shadows:
        _warn_shadows(path, shadowed.origin, shadowed.path, copied=source is not None)
    if placed.hidden_by is not None:
        first = placed.hidden_by
        warning_line(
            f"{first.path} ({first.origin}) comes first on the search path, so "
            f"--set {name} will not use this file; use --set {path}"
        )


def _warn_shadows(path: Path, origin: str, shadowed: Path, *, copied: bool) -> None:
    """Say that the new file hides a set of the same name further down the path."""
    from kindlead.reframe import Request

    name = path.stem
    which = {"built-in": "the built-in set", "user": "your set"}.get(origin, f"the {origin} set")
    uses = (
        f"--set {name}, and reframe without --set, now use"
        if name == Request().set_name
        else f"--set {name} now uses"
    )
    warning_line(f"{path} shadows {which} {name!r} ({shadowed}): {uses} this file")
    if not copied:
        typer.echo(
            printable(
                f"To start from a copy of it instead: kindlead prompts new {name} "
                f"--from {shadowed} --force"
            ),
            err=True,
        )


@app.command("schema")
@guarded
def schema() -> None:
    """Print the JSON Schema of prompt sets, for editors that validate and complete YAML."""
    from kindlead.promptsets.catalog import prompt_set_schema

    typer.echo(prompt_set_schema().read_text(encoding="utf-8"), nl=False)
