"""Regenerate docs/checklist.svg: a real `kindlead reframe` plan, drawn by kindlead's
own rich renderer from the built-in `cooperation` set and the example answers.

    .venv/bin/python scripts/screenshot.py
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "checklist.svg"
WIDTH = 96


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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
