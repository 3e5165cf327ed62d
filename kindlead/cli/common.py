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
