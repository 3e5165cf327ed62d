"""Three teammates, three clones of one repository, real git: each adds ideas at the
same time, they pull each other's commits, one builds on another's idea, and the plan
credits all three — and git never meets a conflict, because each idea is a new file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

TOPIC = "releases"
TARGET = "Weekly releases without weekend work"


@pytest.fixture
def git_env(tmp_path: Path, isolated_env: Path) -> dict[str, str]:
    """git with no user or system configuration: each clone says who its person is."""
    return {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_MERGE_AUTOEDIT": "no",
        "GIT_TERMINAL_PROMPT": "0",
        "HOME": str(tmp_path),
        "KINDLEAD_HOME": str(isolated_env),
    }


class Teammate:
    def __init__(self, name: str, clone: Path, env: dict[str, str]) -> None:
        self.name, self.clone, self.env = name, clone, env
        self.git("config", "user.name", name)
        self.git("config", "user.email", f"{name.lower()}@example.com")
        self.git("config", "pull.rebase", "false")

    def git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=self.clone, env=self.env, capture_output=True, text=True,
            check=False, timeout=60,
        )  # fmt: skip
        assert done.returncode == 0, f"{self.name}: git {' '.join(args)}\n{done.stderr}"
        return done.stdout

    def kindlead(self, *args: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "kindlead", *args], cwd=self.clone, env=self.env,
            capture_output=True, text=True, check=False, timeout=60, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        assert done.returncode == 0, f"{self.name}: kindlead {' '.join(args)}\n{done.stderr}"
        return done

    def idea(self, text: str, *builds_on: str) -> str:
        options = [x for b in builds_on for x in ("--builds-on", b)]
        done = self.kindlead("team", "idea", TOPIC, "--idea", text, "--by", self.name,
                             "--no-input", *options)  # fmt: skip
        return done.stdout.strip()

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)

    def sync(self) -> None:
        """Pull the others' commits (a merge), then push: it must never conflict."""
        self.git("pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
        assert self.git("ls-files", "--unmerged") == ""
        assert self.git("status", "--porcelain") == ""
        self.git("push", "-q", "origin", "main")


def test_three_teammates_in_three_clones_never_conflict_and_are_all_credited(
    tmp_path: Path, git_env: dict[str, str]
) -> None:
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", str(origin)], env=git_env, check=True)
    subprocess.run(["git", "-C", str(origin), "symbolic-ref", "HEAD", "refs/heads/main"],
                   env=git_env, check=True)  # fmt: skip

    def clone(name: str) -> Teammate:
        path = tmp_path / name.lower()
        subprocess.run(["git", "clone", "-q", str(origin), str(path)], env=git_env,
                       check=True, capture_output=True)  # fmt: skip
        return Teammate(name, path, git_env)

    ana = clone("Ana")
    ana.git("symbolic-ref", "HEAD", "refs/heads/main")
    started = ana.kindlead("team", "start", TOPIC, "--target", TARGET, "--no-input")
    assert started.stdout == f"kindlead team idea {TOPIC}\n"
    ana.commit("Share the target for weekly releases")
    ana.git("push", "-q", "-u", "origin", "main")
    wei, raj = clone("Wei"), clone("Raj")

    # all three add ideas at the same time, each in their own clone
    ana_idea = ana.idea("Release on Tuesdays, so the week is left to fix things")
    wei_idea = wei.idea("Pair on the release checklist")
    wei.idea("Feature flags for unfinished work")
    raj.idea("Automate the changelog")
    for person in (ana, wei, raj):
        person.commit(f"{person.name}'s ideas")
    for person in (ana, wei, raj, ana, wei):  # everyone ends with everyone's commits
        person.sync()

    # Raj builds on Wei's idea while Wei builds on Ana's: both at once, again no conflict
    raj_idea = raj.idea("A shared checklist in the repository, ticked in each release PR",
                        wei_idea)  # fmt: skip
    wei.idea("Tuesday releases in the morning, with the pair on call", ana_idea)
    raj.commit("Raj builds on Wei's idea")
    wei.commit("Wei builds on Ana's idea")
    for person in (raj, wei, ana, raj):
        person.sync()

    # every clone now sees the same six ideas, in the same tree
    shown = []
    for person in (ana, wei, raj):
        data = json.loads(person.kindlead("team", "show", TOPIC, "-f", "json").stdout)
        assert data["warnings"] == [] and data["people"] == ["Ana", "Wei", "Raj"]
        assert data["target"]["by"] == "Ana"  # from git config user.name
        shown.append([(i["id"], i["parent"], i["credit"]) for i in data["ideas"]])
    assert shown[0] == shown[1] == shown[2] and len(shown[0]) == 6
    placed = {i: parent for i, parent, _ in shown[0]}
    assert placed[raj_idea] == wei_idea and placed[wei_idea] is None

    plan = ana.kindlead(
        "team", "plan", TOPIC, "--no-input", "--format", "json",
        "--answer", "plan=We need their buy-in for weekly releases.",
        "--answer", "mutual_benefit=Calmer weeks for everyone",
    )  # fmt: skip
    answers = json.loads(plan.stdout)["answers"]
    assert answers["target"] == TARGET
    assert answers["people"] == ["Ana", "Wei", "Raj"]
    ideas = answers["team_ideas"]
    assert len(ideas) == 6
    for name in ("Ana", "Wei", "Raj"):
        assert any(i.startswith(f"{name}'s idea: ") for i in ideas), name
    assert (
        "Raj's idea: A shared checklist in the repository, ticked in each release PR "
        "(building on Wei's “Pair on the release checklist”)"
    ) in ideas
    assert any(
        i.startswith("Wei's idea: Tuesday releases in the morning")
        and "(building on Ana's “Release on Tuesdays" in i
        for i in ideas
    )
    # the history: a merge for every pull that met the others' work, never a conflict
    assert ana.git("status", "--porcelain") == ""
    log = ana.git("log", "--format=%an %s", "main")
    assert "Merge branch 'main'" in log
    assert len(ana.git("ls-files", f".kindlead/team/{TOPIC}/ideas").split()) == 6
