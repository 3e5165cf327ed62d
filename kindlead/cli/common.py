"""Options that several commands share."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

CONTEXT: dict[str, Any] = {"help_option_names": ["-h", "--help"]}

PromptsDirOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--prompts-dir",
        help="Look for prompt sets in DIR first (repeatable; before KINDLEAD_PROMPTS_PATH, "
        "the user folder and the built-in sets).",
        metavar="DIR",
        show_default=False,
    ),
]

RulesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules",
        help="An extra language rule file (repeatable; see docs/rules.md). A rule with a "
        "built-in id replaces it.",
        metavar="FILE",
        show_default=False,
    ),
]

ForceOption = Annotated[
    bool, typer.Option("--force", help="Let --output replace an existing file.")
]

EditorOption = Annotated[
    bool,
    typer.Option(
        "--editor",
        help="Write the plan in $VISUAL or $EDITOR, as git commit does (in the "
        "interview, Ctrl-X Ctrl-E does the same for any answer).",
    ),
]

SaveOption = Annotated[
    bool,
    typer.Option("--save", help="Keep the plan in the journal (a scripted run does not)."),
]

NoJournalOption = Annotated[
    bool,
    typer.Option("--no-journal", help="Do not keep the plan in the journal (an interview does)."),
]
