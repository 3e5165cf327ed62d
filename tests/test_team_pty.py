"""`team start`, `team idea` and `team plan` with a person at a real terminal: the
ideas so far shown as a tree, the choice of what an idea builds on, the coaching (and
writing it again or keeping it), and every way to stop with nothing written."""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

import pexpect  # type: ignore[import-untyped]
import pytest

from kindlead.team.store import add_idea, load_space, write_target

pytestmark = pytest.mark.pty

TARGET = "Weekly releases without weekend work"
EDITOR = {"TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    top = tmp_path / "repo"
    (top / ".git").mkdir(parents=True)
    return top


@pytest.fixture
def space(repo: Path) -> Path:
    """A topic with Wei's idea, and Raj's building on it."""
    folder = repo / ".kindlead" / "team"
    write_target(folder, "releases", target=TARGET, ask="How could we get there?", by="Ana")
    wei = add_idea(folder / "releases", "Release on Tuesdays", by="Wei")
    add_idea(folder / "releases", "Pair on the release checklist", by="Raj", builds_on=(wei.id,))
    return folder / "releases"


def spawn(*args: str, cwd: Path, home: Path, **env: str) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "kindlead", *args],
        env={
            **{k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")},
            "NO_COLOR": "1", "TERM": "dumb", "KINDLEAD_HOME": str(home),
            "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "LOGNAME": "ana",
            **env,
        },
        cwd=str(cwd), dimensions=(40, 80), timeout=20, encoding="utf-8",
    )  # fmt: skip


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return int(child.exitstatus)


def ideas(folder: Path) -> list[Path]:
    return sorted((folder / "ideas").glob("*.md"))


def test_an_idea_with_a_person_sees_the_tree_is_coached_and_builds_on_two(
    space: Path, repo: Path, tmp_path: Path
) -> None:
    child = spawn("team", "idea", "releases", "--by", "Dana", cwd=repo, home=tmp_path)
    child.expect(TARGET)
    child.expect("Ana asks: How could we get there?")
    child.expect("2 ideas from Wei and Raj:")
    child.expect("1 Wei: Release on Tuesdays")
    child.expect("2 Raj: Pair on the release checklist")
    child.expect(r"Adding as Dana \(--by NAME to change\)")
    child.expect("Your idea")
    child.sendline("")  # nothing typed: asked again
    child.expect("A few words, please")
    child.sendline("First we get buy-in from QA for a shared checklist.")
    child.expect("Thank you. One thought on the wording, if it helps:")
    child.expect("“buy-in”")
    child.expect("You could say: ")
    child.expect("Press Enter to keep it as it is, or write it again.")
    child.sendline("A shared checklist in the repo, which QA helps write.")
    child.expect("Does it build on any of the ideas above?")
    child.sendline("3")
    child.expect("Numbers from 1 to 2")
    child.sendline("2, 1")
    child.expect(r"Building on 2 \(Raj\), 1 \(Wei\)")
    child.expect(r"thank you, Dana: your idea is in \.kindlead/team/releases/ideas/(\S+)\.md")
    new_id = child.match.group(1)
    assert finish(child) == 0
    found = load_space(repo / ".kindlead" / "team", "releases")
    added = found.idea(new_id)
    assert added is not None and added.by == "Dana"
    assert added.text == "A shared checklist in the repo, which QA helps write."
    assert [found.idea(i).by for i in added.builds_on] == ["Raj", "Wei"]  # type: ignore[union-attr]


def test_enter_keeps_the_idea_as_it_was_written(space: Path, repo: Path, tmp_path: Path) -> None:
    child = spawn("team", "idea", "releases", "--by", "Dana", "--idea",
                  "We convince QA with a demo.", cwd=repo, home=tmp_path)  # fmt: skip
    child.expect("“convince”")
    child.expect("write it again")
    child.sendline("")
    child.expect("Kept as it is.")
    child.expect("Does it build on")
    child.sendline("")  # none
    assert finish(child) == 0
    texts = [p.read_text(encoding="utf-8") for p in ideas(space)]
    assert any(t.endswith("builds_on: []\n---\n\nWe convince QA with a demo.\n")
               for t in texts)  # fmt: skip


def test_the_first_idea_is_not_asked_what_it_builds_on(repo: Path, tmp_path: Path) -> None:
    folder = repo / ".kindlead" / "team"
    write_target(folder, "releases", target=TARGET, ask="", by="Ana")
    child = spawn("team", "idea", "releases", cwd=repo, home=tmp_path)
    child.expect("No ideas yet: yours is the first.")
    child.expect(r"Adding as ana")  # the login name: git knows no user here
    child.sendline("Release on Tuesdays")
    child.expect("thank you, ana")
    assert finish(child) == 0
    assert len(ideas(folder / "releases")) == 1


@pytest.mark.parametrize("how", ["ctrl-c", "ctrl-d", "sigterm", "sighup"])
def test_stopping_writes_nothing(space: Path, repo: Path, tmp_path: Path, how: str) -> None:
    before = ideas(space)
    child = spawn("team", "idea", "releases", "--by", "Dana", cwd=repo, home=tmp_path)
    child.expect("Your idea")
    if how == "ctrl-c":
        child.send("Half an ide")
        child.sendintr()
    elif how == "ctrl-d":
        child.expect("> ")
        child.sendeof()
    else:
        child.expect("> ")
        child.kill(signal.SIGTERM if how == "sigterm" else signal.SIGHUP)
    if how != "sighup":  # (a closed terminal has no one to tell)
        child.expect("nothing was written")
    assert finish(child) == 130
    assert ideas(space) == before


def test_start_with_a_person_coaches_the_target_and_takes_the_default_question(
    repo: Path, tmp_path: Path
) -> None:
    child = spawn("team", "start", "releases", "--by", "Ana", cwd=repo, home=tmp_path)
    child.expect("Start the team topic releases")
    child.expect("What should be happening once this works?")
    child.sendline("Weekly releases. This is decided.")
    child.expect("A word on the wording of the target, before the team reads it:")
    child.expect("“This is decided”")
    child.expect("You could say: ")
    child.sendline(TARGET)
    child.expect("What do you ask the team?")
    child.expect("Press Enter for: How could we get there?")
    child.sendline("")
    child.expect("Using: How could we get there?")
    child.expect(r"the target is in \.kindlead/team/releases/target\.md")
    child.expect("kindlead team idea releases")
    assert finish(child) == 0
    found = load_space(repo / ".kindlead" / "team", "releases")
    assert found.target.target == TARGET and found.target.ask.startswith("How could we")


def test_start_refuses_a_started_topic_before_asking_anything(
    space: Path, repo: Path, tmp_path: Path
) -> None:
    child = spawn("team", "start", "releases", cwd=repo, home=tmp_path)
    child.expect("topic 'releases' is started already")
    assert finish(child) == 2


def test_an_idea_in_the_line_editor(space: Path, repo: Path, tmp_path: Path) -> None:
    child = spawn("team", "idea", "releases", "--by", "Dana", cwd=repo, home=tmp_path, **EDITOR)
    child.expect("Your idea")
    child.send("A demo on Fridays\r")
    child.expect("Does it build on")
    child.send("1\r")
    child.expect("thank you, Dana")
    assert finish(child) == 0
    (new,) = [p for p in ideas(space) if "a-demo-on-fridays" in p.name]
    assert "builds_on:\n- " in new.read_text(encoding="utf-8")


def test_team_plan_with_a_person_tells_the_teams_answers_and_asks_the_rest(
    space: Path, repo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "plan.json"
    child = spawn("team", "plan", "releases", "-o", str(out), cwd=repo, home=tmp_path)
    child.expect("Question 1 of 7")
    child.sendline("We need their buy-in for weekly releases.")
    child.sendline(".")
    child.expect("from --answer: ")
    child.expect("Wei's idea: Release on Tuesdays")
    child.expect("What is in it for them, and for you?")
    child.sendline("Calmer weeks")
    child.expect("Question 6 of 7")
    child.sendline("")
    child.expect("Question 7 of 7")
    child.sendline("")
    child.expect("Change an answer")
    child.sendline("")
    child.expect(r"kept in your journal as (\S+);")
    assert finish(child) == 0
    answers = json.loads(out.read_text(encoding="utf-8"))["answers"]
    assert answers["people"] == ["Wei", "Raj"]
    assert answers["team_ideas"][1] == (
        "Raj's idea: Pair on the release checklist (building on Wei's “Release on Tuesdays”)"
    )


def test_a_plain_session_shows_the_ideas_as_plain_lines(
    space: Path, repo: Path, tmp_path: Path
) -> None:
    child = spawn("team", "idea", "releases", "--by", "Dana", "--plain", cwd=repo, home=tmp_path)
    child.expect("Your idea")
    shown = child.before
    assert "2 ideas so far:\r\n1. Wei: Release on Tuesdays\r\n" in shown
    assert "2. Raj: Pair on the release checklist (builds on 1)\r\n" in shown
    assert "└" not in shown and "├" not in shown and "│" not in shown
    child.sendintr()
    assert finish(child) == 130
