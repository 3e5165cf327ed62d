"""Start-up: importing the CLI must not pull in what only some commands need."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = [
    "rich",
    "yaml",
    "pydantic",
    "kindlead.yamlload",
    "kindlead.promptset",
    "kindlead.rules",
    "kindlead.scan",
    "kindlead.render",
    "kindlead.plan",
    "kindlead.answers",
    "kindlead.interview",
]


def imported_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return set(out.stdout.split())


@pytest.mark.parametrize("module", HEAVY)
def test_importing_the_cli_stays_light(module: str) -> None:
    assert module not in imported_after("import kindlead.cli")


def test_version_does_not_load_yaml_or_rich() -> None:
    mods = imported_after(
        "import sys\nfrom kindlead.cli import app\n"
        "try:\n    app(['--version'], prog_name='kindlead')\nexcept SystemExit:\n    pass"
    )
    assert "yaml" not in mods and "rich" not in mods


def test_version_from_the_entry_point_imports_no_typer() -> None:
    mods = imported_after(
        "import sys\nsys.argv = ['kindlead', '--version']\nfrom kindlead._entry import main\nmain()"
    )
    assert "typer" not in mods and "kindlead.cli" not in mods


def test_the_entry_point_runs_the_app_for_everything_else() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "kindlead", "--version", "-h"],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert out.returncode == 0 and out.stdout.startswith("kindlead ")
