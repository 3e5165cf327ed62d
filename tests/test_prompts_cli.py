"""`kindlead prompts …` and the search path, through the real Typer app."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kindlead.cli import app

MINIMAL = """\
schema_version: 1
id: {id}
title: {title}
questions:
  - id: plan
    prompt: What is the plan?
checklist:
  - "Plan: {{plan}}"
"""


def make_set(folder: Path, set_id: str, title: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{set_id}.yaml"
    path.write_text(MINIMAL.format(id=set_id, title=title), encoding="utf-8")
    return path


def listing(runner: CliRunner, *args: str, env: dict[str, str] | None = None) -> dict[str, dict]:
    result = runner.invoke(app, ["prompts", "list", "--format", "json", *args], env=env)
    assert result.exit_code == 0, result.stderr
    return {s["id"]: s for s in json.loads(result.stdout)["sets"]}


def test_list_shows_the_builtin_sets(runner: CliRunner) -> None:
    result = runner.invoke(app, ["prompts", "list"])
    assert result.exit_code == 0
    for name in ("cooperation", "onboarding", "one-on-one"):
        assert name in result.stdout
    assert "built-in" in result.stdout


def test_search_path_precedence_and_shadowing(
    runner: CliRunner, tmp_path: Path, user_prompts: Path
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    make_set(first, "cooperation", "From --prompts-dir")
    make_set(second, "cooperation", "From the env path")
    make_set(second, "retro", "Retro from env")
    make_set(user_prompts, "retro", "Retro from user")
    make_set(user_prompts, "mine", "Mine")
    env = {"KINDLEAD_PROMPTS_PATH": str(second)}

    sets = listing(runner, "--prompts-dir", str(first), env=env)

    assert sets["cooperation"]["title"] == "From --prompts-dir"
    assert sets["cooperation"]["origin"] == "--prompts-dir"
    shadowed = [s["origin"] for s in sets["cooperation"]["shadows"]]
    assert shadowed == ["KINDLEAD_PROMPTS_PATH", "built-in"]
    assert sets["retro"]["title"] == "Retro from env"
    assert [s["origin"] for s in sets["retro"]["shadows"]] == ["user"]
    assert sets["mine"]["origin"] == "user"


def test_text_listing_names_what_is_shadowed(runner: CliRunner, user_prompts: Path) -> None:
    make_set(user_prompts, "cooperation", "My own")
    result = runner.invoke(app, ["prompts", "list"])
    assert "My own" in result.stdout
    assert "shadows built-in:" in result.stdout


def test_show_uses_the_winning_set(runner: CliRunner, user_prompts: Path) -> None:
    make_set(user_prompts, "cooperation", "My own cooperation")
    result = runner.invoke(app, ["prompts", "show", "cooperation"])
    assert result.exit_code == 0
    assert result.stdout.startswith("My own cooperation")


def test_show_source_prints_the_file(runner: CliRunner) -> None:
    result = runner.invoke(app, ["prompts", "show", "onboarding", "--source"])
    assert result.exit_code == 0
    assert "id: onboarding" in result.stdout


def test_show_unknown_set_names_the_available_ones(runner: CliRunner) -> None:
    result = runner.invoke(app, ["prompts", "show", "nope"])
    assert result.exit_code == 2
    assert result.stderr.startswith("kindlead: error: no prompt set named 'nope'")
    assert "cooperation" in result.stderr
    assert "Traceback" not in result.output


def test_a_broken_set_is_listed_with_a_warning_not_skipped(
    runner: CliRunner, user_prompts: Path
) -> None:
    (user_prompts / "broken.yaml").write_text("schema_version: 1\nid: broken\n", encoding="utf-8")
    result = runner.invoke(app, ["prompts", "list"])
    assert result.exit_code == 0
    assert "broken" in result.stdout and "invalid" in result.stdout
    assert f"kindlead: warning: {user_prompts / 'broken.yaml'}:1:1:" in result.stderr


def test_validate_ok(runner: CliRunner, tmp_path: Path) -> None:
    path = make_set(tmp_path, "fine", "Fine")
    result = runner.invoke(app, ["prompts", "validate", str(path)])
    assert result.exit_code == 0
    assert result.stdout == f"{path}: ok (prompt set)\n"


def test_validate_reports_every_problem_in_every_file(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "schema_version: 1\nid: bad\ntitle: T\ncolour: x\nquestions:\n"
        "  - id: a\n    prompt: '{zzz}'\n    type: essay\nchecklist: ['{yyy}']\n",
        encoding="utf-8",
    )
    good = make_set(tmp_path, "good", "Good")
    missing = tmp_path / "missing.yaml"
    result = runner.invoke(app, ["prompts", "validate", str(bad), str(good), str(missing)])
    assert result.exit_code == 2
    errors = result.stderr.splitlines()
    assert errors == [
        f"kindlead: error: {bad}:4:1: unknown key 'colour' in prompt set",
        f"kindlead: error: {bad}:7:14: unknown placeholder {{zzz}} in 'prompt'",
        f"kindlead: error: {bad}:8:11: type must be one of text, multiline, list, choice, "
        "confirm, not 'essay'",
        f"kindlead: error: {bad}:9:14: unknown placeholder {{yyy}} in checklist item "
        "(known here: a)",
        f"kindlead: error: {missing}: no such file",
    ]
    assert f"{good}: ok" in result.stdout


HOSTILE = {
    "syntax": (b"a: [1, 2\nb: 3\n", "invalid YAML"),
    "wrong-type": (b"schema_version: 1\nid: x\ntitle: [a]\nquestions: []\nchecklist: []\n",
                   "must be text"),
    "unknown-key": (b"schema_version: 1\nid: x\ntitle: T\nextra: 1\n", "unknown key"),
    "duplicate-key": (b"schema_version: 1\nid: x\nid: y\n", "duplicate key"),
    "placeholder": (b"schema_version: 1\nid: x\ntitle: T\nquestions: [{id: a, prompt: '{b}'}]\n"
                    b"checklist: [x]\n", "unknown placeholder"),
    "python-tag": (b"schema_version: !!python/object/apply:os.system ['echo hi']\n", "tags"),
    "alias-bomb": (b"a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                   b"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
                   b"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n",
                   "alias stands for"),
    "deep-nesting": (b"[" * 5000 + b"]" * 5000, "nest"),
    "empty": (b"", "is empty"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not UTF-8"),
}  # fmt: skip


@pytest.mark.parametrize(("content", "message"), HOSTILE.values(), ids=HOSTILE.keys())
def test_broken_files_give_a_located_error_and_exit_2(
    runner: CliRunner, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(content)
    result = runner.invoke(app, ["prompts", "validate", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"kindlead: error: {path}:"), first
    line, col = first.removeprefix(f"kindlead: error: {path}:").split(":")[:2]
    assert line.isdigit() and col.isdigit(), first
    assert message in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("kind", ["directory", "missing", "oversized"])
def test_whole_file_problems_name_the_path(runner: CliRunner, tmp_path: Path, kind: str) -> None:
    """No line or column applies to these: the message names the file alone."""
    path = tmp_path / "x.yaml"
    if kind == "directory":
        path.mkdir()
    elif kind == "oversized":
        path.write_bytes(b"a: '" + b"x" * (2 * 1024 * 1024) + b"'\n")
    result = runner.invoke(app, ["prompts", "validate", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"kindlead: error: {path}: ")
    assert "Traceback" not in result.output


def test_new_writes_a_set_that_validates(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["prompts", "new", "retro", "--to", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    path = tmp_path / "retro.yaml"
    assert result.stdout.strip() == str(path)
    check = runner.invoke(app, ["prompts", "validate", str(path)])
    assert check.exit_code == 0, check.stderr
    assert "#" in path.read_text(encoding="utf-8")  # commented for editing


def test_new_defaults_to_the_user_folder_and_is_then_listed(
    runner: CliRunner, isolated_env: Path
) -> None:
    assert runner.invoke(app, ["prompts", "new", "retro"]).exit_code == 0
    assert (isolated_env / "prompts" / "retro.yaml").is_file()
    assert listing(runner)["retro"]["origin"] == "user"


def test_new_keeps_an_existing_file_unless_forced(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "retro.yaml"
    path.write_text("mine", encoding="utf-8")
    result = runner.invoke(app, ["prompts", "new", "retro", "--to", str(tmp_path)])
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    assert path.read_text(encoding="utf-8") == "mine"
    forced = runner.invoke(app, ["prompts", "new", "retro", "--to", str(tmp_path), "--force"])
    assert forced.exit_code == 0
    assert "schema_version: 1" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["Bad Name", "../escape", "1st", ""])
def test_new_refuses_bad_names(runner: CliRunner, tmp_path: Path, name: str) -> None:
    result = runner.invoke(app, ["prompts", "new", name, "--to", str(tmp_path)])
    assert result.exit_code == 2
    assert "not a valid set id" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_yaml_text_is_shown_literally(runner: CliRunner, user_prompts: Path) -> None:
    path = user_prompts / "evil.yaml"
    path.write_text(
        'schema_version: 1\nid: evil\ntitle: "[bold red]Evil\\e[2J\\e]0;pwned\\a"\n'
        "questions: [{id: a, prompt: A}]\nchecklist: [x]\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["prompts", "list"])
    assert "[bold red]Evil\\x1b[2J\\x1b]0;pwned\\x07" in result.stdout
    assert "\x1b" not in result.stdout


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["prompts", "-h"], ["prompts", "list", "-h"]])
def test_help_everywhere(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert "Usage" in result.stdout


def test_version_matches_the_package_metadata(runner: CliRunner) -> None:
    from importlib.metadata import version

    result = runner.invoke(app, ["--version"])
    assert result.stdout == f"kindlead {version('kindlead')}\n"


def test_python_dash_m_runs_the_cli() -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    out = subprocess.run(
        [sys.executable, "-m", "kindlead", "prompts", "list"],
        capture_output=True, text=True, env=env, check=False, timeout=60,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "cooperation" in out.stdout


def test_debug_shows_the_traceback(runner: CliRunner) -> None:
    result = runner.invoke(app, ["prompts", "show", "nope"], env={"KINDLEAD_DEBUG": "1"})
    assert result.exit_code != 0
    assert type(result.exception).__name__ == "UnknownPromptSet"


def test_show_spells_out_conditions(runner: CliRunner) -> None:
    result = runner.invoke(app, ["prompts", "show", "one-on-one"])
    assert "(when kind equals 'feedback')" in result.stdout
    assert "(when agreement is answered)" in result.stdout
