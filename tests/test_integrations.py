"""Where teams script kindlead: the pre-commit hook and GitHub workflow annotations."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def hook() -> dict[str, object]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (only,) = [h for h in hooks if h["id"] == "kindlead-check"]
    return dict(only)


def run_entry(entry: str, files: list[Path]) -> subprocess.CompletedProcess[str]:
    """Run the hook's entry the way pre-commit does: the entry, then the file names."""
    argv = shlex.split(entry)
    assert argv[0] == "kindlead"  # the console script the package installs
    return subprocess.run(
        [sys.executable, "-m", "kindlead", *argv[1:], *map(str, files)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_the_hook_is_a_python_hook_on_markdown() -> None:
    h = hook()
    assert h["language"] == "python"
    assert h["types"] == ["markdown"]
    assert str(h["entry"]).startswith("kindlead check")


@pytest.mark.parametrize(
    ("texts", "code"),
    [
        (["# Plan\n\nLet's work out the route together.\n"], 0),
        (["# Plan\n\nWe need buy-in from QA.\n", "Fine text.\n"], 1),
    ],
    ids=["clean", "buy-in"],
)
def test_the_hook_entry_runs_and_its_exit_code_fails_the_commit(
    tmp_path: Path, texts: list[str], code: int
) -> None:
    files = []
    for n, text in enumerate(texts):
        path = tmp_path / f"doc{n}.md"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    proc = run_entry(str(hook()["entry"]), files)
    assert proc.returncode == code, proc.stderr
    if code:
        assert proc.stdout.startswith(f"{files[0]}:3:9: warning buy-in:")


def test_github_annotations_for_a_workflow_step(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text("Intro.\n\nWe must convince the team.\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "kindlead", "check", "--format", "github", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    (line,) = proc.stdout.splitlines()
    assert line.startswith(f"::warning file={path},line=3,col=9,")
    assert "title=kindlead convince::" in line


def complete(words: str, shell: str = "bash", **env: str) -> str:
    """Ask the installed CLI for completions, as the shell's completion script does."""
    variables = {
        "bash": {"COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1)},
        "zsh": {"_TYPER_COMPLETE_ARGS": words},
        "fish": {"_TYPER_COMPLETE_ARGS": words, "_TYPER_COMPLETE_FISH_ACTION": "get-args"},
    }[shell]
    proc = subprocess.run(
        [sys.executable, "-c", "from kindlead.cli import main; main()"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env, **variables, "_KINDLEAD_COMPLETE": f"complete_{shell}"},
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_prompts_show_completes_set_names(shell: str) -> None:
    out = complete("kindlead prompts show on", shell)
    assert "onboarding" in out and "one-on-one" in out
    assert "cooperation" not in out


def test_completion_sees_user_and_prompts_dir_sets(tmp_path: Path) -> None:
    (tmp_path / "coach-me.yaml").write_text("schema_version: 1\n", encoding="utf-8")
    out = complete(f"kindlead prompts show --prompts-dir {tmp_path} co")
    assert out.split() == ["coach-me", "cooperation"]


def onboarding(
    tmp_path: Path, *args: str, agreement: str | None = None
) -> subprocess.CompletedProcess[str]:
    examples = ROOT / "examples"
    if agreement is not None:  # a copy of the examples with another working agreement
        import shutil

        examples = tmp_path / "examples"
        shutil.copytree(ROOT / "examples", examples)
        (examples / "team" / "working-agreement.md").write_text(agreement, encoding="utf-8")
    return subprocess.run(
        ["bash", str(examples / "onboarding.sh"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, "KINDLEAD": f"{sys.executable} -m kindlead", "NO_COLOR": "1"},
    )


def test_the_onboarding_script_saves_a_markdown_plan(tmp_path: Path) -> None:
    proc = onboarding(tmp_path, "Sam Okafor", "Priya", "yes")
    assert proc.returncode == 0, proc.stderr
    plan = (tmp_path / "onboarding" / "sam-okafor.md").read_text(encoding="utf-8")
    assert "- [ ] Introduce Priya as the first point of contact." in plan
    assert "- [ ] Set up these remote habits before day one: Recorded demos on Fridays" in plan


def test_the_onboarding_script_fails_loudly_on_buy_in_in_the_agreement(tmp_path: Path) -> None:
    agreement = "We need to get buy-in from the team first.\n"
    proc = onboarding(tmp_path, "Sam", "Priya", "no", agreement=agreement)
    assert proc.returncode == 1
    assert "working-agreement.md:1:16: warning buy-in" in proc.stdout


def test_the_onboarding_script_fails_loudly_on_bad_input(tmp_path: Path) -> None:
    proc = onboarding(tmp_path, "Sam", "Priya", "maybe")
    assert proc.returncode == 2
    assert "kindlead: error:" in proc.stderr and "remote" in proc.stderr
    assert not (tmp_path / "onboarding" / "sam.md").exists()


def test_the_onboarding_script_finds_the_quick_starts_kindlead_off_the_path(
    tmp_path: Path,
) -> None:
    """After the README's quick start kindlead is in .venv/bin, not on the PATH."""
    import shutil

    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    venv_bin = tmp_path / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    (venv_bin / "kindlead").write_text(f'#!/bin/sh\nexec {sys.executable} -m kindlead "$@"\n')
    (venv_bin / "kindlead").chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "KINDLEAD"}
    env.update(PATH="/usr/bin:/bin", NO_COLOR="1", PYTHONPATH=str(ROOT))
    assert shutil.which("kindlead", path=env["PATH"]) is None
    proc = subprocess.run(
        ["bash", str(tmp_path / "examples" / "onboarding.sh"), "Sam", "Priya", "no"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "onboarding" / "sam.md").exists()


def test_reframe_set_completes_names() -> None:
    out = complete("kindlead reframe --set one")
    assert out.split() == ["one-on-one"]


SCRIPTED = [
    "--no-input",
    "--answer=plan=We will try weekly releases.",
    "--answer=target=Weekly releases",
    "--answer=people=Ana",
    "--answer=team_ideas=Wei's checklist",
    "--answer=mutual_benefit=Calmer weeks",
]


@pytest.mark.parametrize(
    ("env", "expect"),
    [
        ({"KINDLEAD_FORMAT": "json"}, '"format_version": 1'),
        ({"KINDLEAD_FORMAT": "markdown"}, "- [ ] Open with the target: Weekly releases"),
        ({"KINDLEAD_SET": "one-on-one"}, "the 'one-on-one' set asks: person"),
    ],
)
def test_environment_variables_set_defaults(env: dict[str, str], expect: str) -> None:
    from typer.testing import CliRunner

    from kindlead.cli import app

    result = CliRunner().invoke(app, ["reframe", *SCRIPTED], env=env)
    assert expect in result.stdout + result.stderr


def test_an_option_wins_over_its_environment_variable() -> None:
    from typer.testing import CliRunner

    from kindlead.cli import app

    result = CliRunner().invoke(
        app, ["reframe", *SCRIPTED, "--format", "text"], env={"KINDLEAD_FORMAT": "json"}
    )
    assert result.exit_code == 0
    assert not result.stdout.startswith("{")


def test_check_format_from_the_environment(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kindlead.cli import app

    path = tmp_path / "a.md"
    path.write_text("We need buy-in.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path)], env={"KINDLEAD_CHECK_FORMAT": "github"})
    assert result.stdout.startswith("::warning file=")


def test_env_vars_are_shown_in_help() -> None:
    from typer.testing import CliRunner

    from kindlead.cli import app

    assert "KINDLEAD_SET" in CliRunner().invoke(app, ["reframe", "-h"]).stdout
    assert "KINDLEAD_CHECK_FORMAT" in CliRunner().invoke(app, ["check", "-h"]).stdout


def test_reframe_takes_extra_rule_files(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kindlead.cli import app

    rules = tmp_path / "team-rules.yaml"
    rules.write_text(
        "schema_version: 1\nrules:\n  - id: team.rally\n    message: m\n"
        "    suggestion: ask the team\n    patterns: ['rally the troops']\n",
        encoding="utf-8",
    )
    args = [a for a in SCRIPTED if not a.startswith("--answer=plan")]
    result = CliRunner().invoke(
        app,
        ["reframe", *args, "--answer=plan=Time to rally the troops.", "--rules", str(rules),
         "--format", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert [f["rule"] for f in json.loads(result.stdout)["findings"]] == ["team.rally"]


@pytest.mark.parametrize(
    ("name", "pattern"),
    [("José Núñez", "jos*-n*ez.md"), ("李雷", "newcomer-*.md"), ("王芳", "newcomer-*.md")],
)
def test_the_onboarding_script_names_files_for_any_name(
    tmp_path: Path, name: str, pattern: str
) -> None:
    proc = onboarding(tmp_path, name, "Priya", "no")
    assert proc.returncode == 0, proc.stderr
    files = sorted(p.name for p in (tmp_path / "onboarding").glob(pattern))
    assert len(files) == 1, files
