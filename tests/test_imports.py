"""Start-up: importing the CLI must not pull in what only some commands need."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = [
    "rich",
    "yaml",
    "pydantic",
    "kindlead.files.yamlload",
    "kindlead.promptsets.loader",
    "kindlead.rules.loader",
    "kindlead.lint",
    "kindlead.render",
    "kindlead.plan",
    "kindlead.answers",
    "kindlead.interview",
    "kindlead.reframe",
    "kindlead.check",
    # sub-commands are built only when invoked
    "kindlead.cli.check",
    "kindlead.cli.reframe",
    "kindlead.cli.prompts",
    "prompt_toolkit",
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


def test_help_builds_no_sub_command() -> None:
    mods = imported_after(
        "from kindlead.cli import app\n"
        "try:\n    app(['--help'], prog_name='kindlead')\nexcept SystemExit:\n    pass"
    )
    commands = {"kindlead.cli.reframe", "kindlead.cli.check", "kindlead.cli.prompts"}
    assert not commands & mods, sorted(m for m in mods if m.startswith("kindlead"))


def test_check_builds_only_check() -> None:
    mods = imported_after(
        "from kindlead.cli import app\n"
        "try:\n    app(['check', '-h'], prog_name='kindlead')\nexcept SystemExit:\n    pass"
    )
    assert "kindlead.cli.check" in mods
    assert "kindlead.cli.reframe" not in mods and "kindlead.cli.prompts" not in mods


def test_a_builtin_prompt_set_loads_without_the_yaml_loader() -> None:
    mods = imported_after(
        "from kindlead.promptsets.catalog import builtin_dir\n"
        "from kindlead.promptsets.loader import load_prompt_set\n"
        "assert load_prompt_set(builtin_dir() / 'cooperation.yaml').id == 'cooperation'"
    )
    assert not {"yaml", "kindlead.files.yamlload", "kindlead.files.schema"} & mods


def test_scripted_reframe_with_the_builtin_set_and_answer_options_never_imports_yaml(
    tmp_path: Path,
) -> None:
    plan = tmp_path / "plan.md"
    plan.write_text("We need their buy-in for weekly releases.\n", encoding="utf-8")
    out = tmp_path / "plan.json"
    answers = [
        "target=Weekly releases", "people=Ana", "people=Sam", "team_ideas=a list",
        "mutual_benefit=Less stress",
    ]  # fmt: skip
    options = ", ".join(f"'--answer', {a!r}" for a in answers)
    mods = imported_after(
        "from kindlead.cli import app\n"
        "try:\n"
        f"    app(['reframe', {str(plan)!r}, {options}, '--no-input',\n"
        f"         '--format', 'json', '--output', {str(out)!r}], prog_name='kindlead')\n"
        "except SystemExit as e:\n"
        "    assert not e.code, e.code"
    )
    assert json.loads(out.read_text(encoding="utf-8"))["answers"]["people"] == ["Ana", "Sam"]
    assert "yaml" not in mods and "kindlead.files.yamlload" in mods
    assert "prompt_toolkit" not in mods, "the line editor is for a person, not a script"
