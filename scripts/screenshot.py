"""Regenerate the pictures in the README, drawn by kindlead's own rich code:

- docs/checklist.svg: a real `kindlead reframe` plan from the built-in `cooperation`
  set and the example answers;
- docs/interview.svg: the interview at 80 columns, the real session with a person's
  typing played in (what the terminal echoes is drawn after each prompt).

    .venv/bin/python scripts/screenshot.py
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "checklist.svg"
INTERVIEW = ROOT / "docs" / "interview.svg"
WIDTH = 96

#: What the person types, one entry a prompt ("" is Enter on an empty line).
TYPED = [
    "From next month I want a release every Tuesday.\n\n"
    "I'll need to get their buy-in early, and sell it to the team as less stress.",
    "Small changes reach customers every week, and no one gives up a weekend for it",
    "the platform team",
    "QA (Dana and Wei)",
    "",
    "Wei's release checklist",
    "",
    "Fewer late nights for the team, fewer risky launches for me",
    "Ask at Thursday's meeting how they would get there",
    "",  # no worries to add
    "",  # the review: see the plan
]


def main() -> int:
    from rich.console import Console
    from rich.text import Text

    env = {**os.environ, "FORCE_COLOR": "1", "COLUMNS": str(WIDTH), "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    command = ["examples/plan.md", "--answers", "examples/answers.yaml", "--no-input"]
    proc = subprocess.run(
        [sys.executable, "-m", "kindlead", "reframe", *command, "--format", "rich"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    console = Console(record=True, width=WIDTH, file=io.StringIO(), force_terminal=True)
    console.print(Text("$ kindlead reframe " + " ".join(command), style="bold"))
    console.print(Text.from_ansi(proc.stdout), soft_wrap=True)
    console.save_svg(str(OUT), title="kindlead reframe")
    print(f"wrote {OUT}")
    interview()
    print(f"wrote {INTERVIEW}")
    return 0


def interview() -> None:
    from rich.console import Console
    from rich.text import Text

    from kindlead.interview.session import Interview
    from kindlead.reframe import Request, reframe

    console = Console(
        record=True, width=80, file=io.StringIO(), force_terminal=True, color_system="standard",
        highlight=False, markup=False, emoji=False,
    )  # fmt: skip
    typed = iter(TYPED)

    class Typist:
        prefills = True
        partial = ""

        def line(self, marker: str, default: str = "", key: str = "") -> str:
            answer = next(typed)
            shown = answer.replace("\n", "\n" + " " * len(marker))
            console.print(Text(marker) + Text(shown, style="bold"))
            return answer

        text = line

    def session(prompt_set: Any, rules: Any, checked: Any) -> Any:
        return Interview(prompt_set, rules, console, reader=Typist()).run(checked)

    reframe(Request(), session)
    console.save_svg(str(INTERVIEW), title="kindlead reframe")


if __name__ == "__main__":
    raise SystemExit(main())
