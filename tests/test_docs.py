"""The docs keep up with the app: every command has help and is in the README."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from kindlead.cli import command_tree
from kindlead.promptsets.loader import load_prompt_set

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands(group: Any = None, prefix: str = "kindlead") -> Iterator[tuple[str, Any]]:
    group = group or command_tree()
    for name, command in sorted(group.commands.items()):
        full = f"{prefix} {name}"
        yield full, command
        if hasattr(command, "commands"):
            yield from commands(command, full)


COMMANDS = list(commands())


def test_the_app_has_the_commands_of_the_spec() -> None:
    names = {name for name, _ in COMMANDS}
    assert {"kindlead prompts", "kindlead prompts list", "kindlead prompts validate"} <= names


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_has_help(name: str, command: Any) -> None:
    assert (command.help or "").strip(), name
    for param in command.params:
        if param.param_type_name == "option" and not param.hidden:
            assert (param.help or "").strip(), f"{name} {param.opts[0]} has no help"


@pytest.mark.parametrize("name", [n for n, _ in COMMANDS])
def test_every_command_is_in_the_readme(name: str) -> None:
    if name.count(" ") == 2:  # a sub-command: "kindlead prompts list" as "prompts list | …"
        group, sub = name.split()[1:]
        assert re.search(rf"kindlead {group}\b[^\n]*\b{sub}\b", README), name
    else:
        assert f"`{name}" in README, name


def test_readme_starts_with_the_two_setup_commands() -> None:
    head = README[: README.index("## Why")]
    assert "pip install ." in head and "kindlead reframe" in head
    assert 'pip install -e ".[test]"' in head and "pytest" in head


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install -q -e ".[test]"' in ci
    assert ".venv/bin/python -m pytest" in ci


def test_the_example_in_docs_prompt_sets_validates(tmp_path: Path) -> None:
    text = (ROOT / "docs" / "prompt-sets.md").read_text(encoding="utf-8")
    match = re.search(r"```yaml\n(schema_version.*?)```", text, re.S)
    assert match
    path = tmp_path / "retro.yaml"
    path.write_text(match.group(1), encoding="utf-8")
    prompt_set = load_prompt_set(path)
    assert prompt_set.id == "retro" and prompt_set.rules


def test_docs_cli_md_is_generated_from_the_current_help(
    script: Callable[[str], ModuleType],
) -> None:
    gen = script("gen_cli_docs")
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == gen.generate(), "docs/cli.md is stale: run scripts/gen_cli_docs.py"


CLI_MD = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_and_option_is_in_docs_cli_md(name: str, command: Any) -> None:
    assert f"## `{name}`" in CLI_MD or name == "kindlead", name
    bullets = [line for line in CLI_MD.splitlines() if line.startswith("* `")]
    for param in command.params:
        if param.param_type_name == "option" and not param.hidden:
            option = max(param.opts, key=len)
            assert any(re.search(rf"[`, ]{option}\b", b) for b in bullets), f"{name} {option}"
