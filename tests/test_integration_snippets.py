"""The integration snippets of docs/integrations.md, run as written: the git hook with
awkward file names, the pre-commit local hook, and the GitHub Actions step."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "integrations.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent  # where this environment's kindlead is
BUY_IN = "We need to get buy-in from the team.\n"
CLEAN = "Here is what should be happening; how would you get there?\n"


def snippet(heading: str, lang: str) -> str:
    section = DOC.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    found = re.search(rf"```{lang}\n(.*?)```", section, flags=re.S)
    assert found, f"no {lang} block under '## {heading}'"
    return found.group(1)


def git_repo(path: Path, files: dict[str, str]) -> dict[str, str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull,
           "NO_COLOR": "1", "HOME": str(path.parent)}  # fmt: skip
    run = lambda *a: subprocess.run(a, cwd=path, env=env, check=True, capture_output=True)  # noqa: E731
    path.mkdir()
    run("git", "init", "-q")
    run("git", "config", "user.email", "t@example.com")
    run("git", "config", "user.name", "T")
    for name, text in files.items():
        (path / name).write_text(text, encoding="utf-8")
        run("git", "add", "--", name)
    return env


AWKWARD = {
    "notes with spaces.md": BUY_IN,
    'it\'s "quoted" & -dashed.md': CLEAN,
    "new\nline.md": BUY_IN,
    "ünïcode.md": CLEAN,
}


def test_the_git_hook_checks_staged_files_with_any_name(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    env = git_repo(repo, AWKWARD)
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text(snippet("A plain git hook", "bash"), encoding="utf-8")
    hook.chmod(0o755)
    proc = subprocess.run([str(hook)], cwd=repo, env=env, capture_output=True, text=True)
    assert proc.returncode != 0, "a commit with buy-in framing is stopped"
    assert "notes with spaces.md:1:16: warning buy-in" in proc.stdout
    assert "new\\x0aline.md:1:16: warning buy-in" in proc.stdout  # shown, never obeyed
    assert "No such file" not in proc.stderr and "error" not in proc.stderr


def test_the_git_hook_lets_a_clean_commit_through(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    env = git_repo(repo, {k: CLEAN for k in AWKWARD})
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text(snippet("A plain git hook", "bash"), encoding="utf-8")
    hook.chmod(0o755)
    proc = subprocess.run([str(hook)], cwd=repo, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.skipif(shutil.which("pre-commit", path=str(BIN)) is None, reason="needs pre-commit")
def test_the_pre_commit_local_hook(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    env = git_repo(repo, {"plan.md": BUY_IN, "ok.md": CLEAN})
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-cache")
    config = snippet("pre-commit", "yaml")
    assert yaml.safe_load(config)["repos"][0]["repo"] == "local"
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    pre_commit = str(BIN / "pre-commit")
    proc = subprocess.run([pre_commit, "run"], cwd=repo, env=env, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "plan.md:1:16: warning buy-in" in proc.stdout
    subprocess.run(["git", "rm", "-q", "--cached", "plan.md"], cwd=repo, env=env, check=True)
    proc = subprocess.run([pre_commit, "run"], cwd=repo, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_github_actions_step_installs_kindlead_and_annotates(tmp_path: Path) -> None:
    steps = yaml.safe_load(snippet("GitHub Actions", "yaml"))
    (step,) = [s for s in steps if "run" in s]
    clone = tmp_path / "kindlead"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    venv = tmp_path / "venv"  # what actions/setup-python gives: a Python on the PATH
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
           "NO_COLOR": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}  # fmt: skip
    env.pop("VIRTUAL_ENV", None)
    proc = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=clone, env=env,
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert (venv / "bin" / "kindlead").exists(), proc.stderr[-2000:]
    assert "::warning file=examples/plan.md,line=" in proc.stdout
    assert proc.returncode != 0  # examples/plan.md is buy-in framing on purpose
