"""`kindlead reframe`: interview → cooperation plan → checklist."""

from __future__ import annotations

import enum
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from kindlead.commands.common import (
    PromptsDirOption,
    guarded,
    is_tty,
    printable,
    warning_line,
)
from kindlead.errors import KindleadError, Mark, Problem
from kindlead.fsutil import write_atomically

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
    "defaults. Exit codes: 0 success, 2 usage or input error, 130 interrupted."
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
            "--set", help="The prompt set: a name or a path to a YAML file.", metavar="NAME|PATH"
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
            help="Output format. Default: rich on a terminal, text otherwise.",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the plan to FILE (atomically) instead of stdout.",
            metavar="FILE",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Let --output replace an existing file.")
    ] = False,
    prompts_dir: PromptsDirOption = None,
) -> None:
    """Turn a buy-in plan into a cooperation plan: interview, coaching and a checklist."""
    from kindlead import answers as A
    from kindlead.catalog import resolve
    from kindlead.plan import build_plan
    from kindlead.promptset import load_prompt_set
    from kindlead.render import Options, render
    from kindlead.scan import load_rules
    from kindlead.yamlload import read_text

    if plan == "-" and answers_file == "-":
        raise KindleadError("PLAN and --answers cannot both read stdin ('-'); use a file for one")
    if output is not None:
        _check_output(output, force)

    prompt_set = load_prompt_set(resolve(set_name, prompts_dir or []))
    plan_given = None
    plan_q = A.plan_question(prompt_set)
    if plan is not None:
        if plan_q is None:
            raise KindleadError(
                f"the {prompt_set.id!r} set has no plan question: pass answers with --answer "
                "or --answers instead of PLAN"
            )
        plan_given = A.Given(read_text(plan, what="plan"), A.FROM_PLAN, Mark(plan))
    options = A.parse_options(answer or [], prompt_set)
    from_file = A.load_file(answers_file) if answers_file is not None else {}
    given = A.merge(options, from_file, plan_given, plan_q.id if plan_q else None)
    checked = A.validate(prompt_set, given)
    rules = load_rules(extra_rules=prompt_set.rules)

    interactive = not no_input and "-" not in (plan, answers_file) and is_tty(sys.stdin)
    if interactive:
        from kindlead.interview import Interview, make_console

        checked.raise_problems()  # before asking anything
        name = "PLAN" if plan in (None, "-") else plan
        gathered = Interview(prompt_set, rules, make_console(), plan_name=name).run(checked)
    else:
        gathered = A.gather_scripted(prompt_set, checked)
    for note in gathered.notes:
        warning_line(note)

    result = build_plan(prompt_set, gathered.answers, rules)
    to_terminal = output is None and is_tty(sys.stdout)
    chosen = fmt.value if fmt is not None else ("rich" if to_terminal else "text")
    rendered = render(result, chosen, Options(color=to_terminal and _colour(), width=_width()))
    if output is None:
        sys.stdout.write(rendered)
        sys.stdout.flush()
    else:
        write_atomically(output, rendered, force=force)
        if interactive:
            sys.stderr.write(f"Your plan is in {printable(str(output))}.\n")


def _colour() -> bool:
    """Colour on a terminal unless NO_COLOR or TERM=dumb; FORCE_COLOR wins over both."""
    if os.environ.get("FORCE_COLOR"):
        return True
    return not os.environ.get("NO_COLOR") and os.environ.get("TERM", "") not in ("dumb",)


def _width() -> int:
    import shutil

    return max(40, min(shutil.get_terminal_size((80, 24)).columns, 120))


def _check_output(path: Path, force: bool) -> None:
    if path.is_dir():
        raise KindleadError(Problem("is a directory; --output needs a file name", Mark(str(path))))
    if path.exists() and not force:
        raise KindleadError(Problem("already exists; use --force to replace it", Mark(str(path))))
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise KindleadError(Problem(f"folder {str(parent)!r} does not exist", Mark(str(path))))
