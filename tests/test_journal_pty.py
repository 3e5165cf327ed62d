"""The journal and drafts with a person at a real terminal: a plan kept by the
interview, the review after the meeting, every way an interview can end early and
how it goes on, and the answers shown when no draft can be written."""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

import pexpect  # type: ignore[import-untyped]
import pytest

from kindlead.journal.store import entries, read_entry

pytestmark = pytest.mark.pty

ROOT = Path(__file__).resolve().parent.parent
SCRIPTED = ["--answer=target=Weekly releases without weekend work", "--answer=people=Ana",
            "--answer=team_ideas=Wei's checklist", "--answer=mutual_benefit=Calmer weeks",
            "--answer=first_step=A working session"]  # fmt: skip


EDITOR = {"TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}
READY = "\x1b[?2004h"  # the line editor is reading keys (and takes a paste whole)
DONE = "\x1b\r"  # Esc, then Enter: finishes a text of many lines in the line editor


def spawn(*args: str, home: Path, **env: str) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "kindlead", *args],
        env={**os.environ, "NO_COLOR": "1", "TERM": "dumb", "KINDLEAD_HOME": str(home), **env},
        cwd=str(ROOT), dimensions=(50, 200), timeout=20, encoding="utf-8",
    )  # fmt: skip


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return int(child.exitstatus)


def interview_to_the_end(child: pexpect.spawn) -> None:
    child.expect("Question 1 of 7")
    child.sendline("We need their buy-in for weekly releases.")
    child.sendline(".")
    child.expect("Question 7 of 7")
    child.sendline("")
    child.expect("Change an answer")
    child.sendline("")


def test_an_interview_keeps_its_plan_and_says_so_in_one_line(tmp_path: Path) -> None:
    child = spawn("reframe", *SCRIPTED, "--output", str(tmp_path / "plan.md"), home=tmp_path)
    interview_to_the_end(child)
    child.expect(r"kept in your journal as (\S+); after the meeting: kindlead journal review")
    entry_id = child.match.group(1)
    assert finish(child) == 0
    entry = read_entry(tmp_path / "journal" / f"{entry_id}.md")
    assert entry.meta["target"] == "Weekly releases without weekend work"
    assert "We need their buy-in" in entry.body


def test_no_journal_keeps_nothing(tmp_path: Path) -> None:
    child = spawn("reframe", *SCRIPTED, "--no-journal", "-o", str(tmp_path / "p.md"), home=tmp_path)
    interview_to_the_end(child)
    assert finish(child) == 0
    assert not (tmp_path / "journal").exists()


def test_a_due_review_is_mentioned_in_one_quiet_line(tmp_path: Path) -> None:
    child = spawn("reframe", *SCRIPTED, "-o", str(tmp_path / "p.md"), home=tmp_path)
    interview_to_the_end(child)
    assert finish(child) == 0
    (entry,) = entries(tmp_path / "journal")[0]
    text = entry.path.read_text(encoding="utf-8")
    entry.path.write_text(text.replace(f"next_review: '{entry.meta['next_review']}'",
                                       "next_review: '2020-01-01'"), encoding="utf-8")  # fmt: skip
    child = spawn("reframe", *SCRIPTED, "--no-journal", home=tmp_path)
    child.expect(f"a plan is due for its review: kindlead journal review {entry.id}")
    child.expect("Question 1 of 7")
    child.sendintr()
    assert finish(child) == 130


def test_the_review_after_the_meeting_with_a_person(tmp_path: Path) -> None:
    child = spawn("reframe", *SCRIPTED, "-o", str(tmp_path / "p.md"), home=tmp_path)
    interview_to_the_end(child)
    assert finish(child) == 0
    (entry,) = entries(tmp_path / "journal")[0]
    child = spawn("journal", "review", "latest", "--as-of", "2031-03-03", home=tmp_path)
    child.expect("After the meeting: Weekly releases without weekend work")
    child.expect("The checklist")
    for n in range(1, len(entry.checklist) + 1):
        child.expect(f"{n} of {len(entry.checklist)}")
        child.sendline("maybe" if n == 1 else "done" if n % 2 else "2")
        if n == 1:
            child.expect("A number from 1 to 4, or a word: done, partly, not yet, dropped.")
            child.sendline("not yet")
    child.expect("Is the target happening?")
    child.sendline("partly")
    child.expect("Whose ideas shaped what happened")
    child.expect("the plan named: Ana")
    child.sendline("Ana")
    child.sendline("Wei")
    child.sendline("")
    child.expect("What do people say or do now?")
    child.sendline("A few people built a workaround so they can keep shipping monthly.")
    child.sendline("")
    child.expect("Worth a conversation")
    child.expect("You could ask: ")
    child.expect("When shall we look again\\?")
    child.expect("Press Enter for 2031-03-31")
    child.sendline("yesterday")
    child.expect("YYYY-MM-DD")
    child.sendline("+3w")
    child.expect("next follow-up 2031-03-24")
    assert finish(child) == 0
    (review,) = read_entry(entry.path).reviews
    assert review["items"]["1"] == "not_yet" and review["items"]["2"] == "partly"
    assert review["target_status"] == "partly" and review["shaped_by"] == ["Ana", "Wei"]
    assert any(s["rule"] == "workaround" for s in review["signals"])


def test_ctrl_c_in_the_review_writes_nothing(tmp_path: Path) -> None:
    child = spawn("reframe", *SCRIPTED, "-o", str(tmp_path / "p.md"), home=tmp_path)
    interview_to_the_end(child)
    assert finish(child) == 0
    (entry,) = entries(tmp_path / "journal")[0]
    before = entry.path.read_bytes()
    child = spawn("journal", "review", "latest", home=tmp_path)
    child.expect("1 of ")
    child.sendline("done")
    child.expect("2 of ")
    child.sendintr()
    child.expect("interrupted; the review was not saved")
    assert finish(child) == 130
    assert entry.path.read_bytes() == before


@pytest.mark.parametrize(
    "end",
    [signal.SIGTERM, signal.SIGHUP, "ctrl-c", "ctrl-d"],
    ids=["SIGTERM", "SIGHUP", "ctrl-c", "ctrl-d"],
)
def test_each_way_of_ending_keeps_a_draft_that_resume_finishes(tmp_path: Path, end: object) -> None:
    out = tmp_path / "plan.json"
    answers = [a for a in SCRIPTED if "target=" not in a]
    # a terminal that can draw: the line editor holds the half-typed line (in plain
    # lines, the terminal itself holds it, and drops it on Ctrl-C)
    child = spawn("reframe", *answers, "--output", str(out), home=tmp_path, **EDITOR)
    child.expect("Question 1 of 7")
    child.send("We need their buy-in.")
    child.send(DONE)
    child.expect("Question 2 of 7")
    child.expect_exact(READY)
    if end == "ctrl-d":
        child.sendeof()
    else:
        child.send("Weekly rel")
        child.expect("Weekly rel")
        if end == "ctrl-c":
            child.sendintr()
        else:
            child.kill(end)
    assert finish(child) == 130
    (draft_file,) = (tmp_path / "drafts").glob("*.json")
    draft = json.loads(draft_file.read_text())
    assert draft["answers"]["plan"] == "We need their buy-in."
    assert draft["output"] == str(out)
    if end != "ctrl-d":
        assert draft["typing"] == {"question": "target", "value": "Weekly rel"}

    child = spawn("journal", "drafts", home=tmp_path)
    child.expect(draft_file.stem)
    assert finish(child) == 0

    child = spawn("reframe", "--resume", draft_file.stem, home=tmp_path, **EDITOR)
    child.expect("Question 1 of 7")
    child.expect("from your draft: We need their buy-in.")
    child.expect("Question 2 of 7")
    if end == "ctrl-d":
        child.send("Weekly releases\r")
    else:
        child.expect("You were typing this")
        child.expect("Weekly rel")  # ready to finish
        child.send("eases\r")
    child.expect("Question 7 of 7")
    child.send("\r")
    child.expect("Change an answer")
    child.send("\r")
    child.expect(f"your plan is in {out}")
    assert finish(child) == 0
    assert json.loads(out.read_text())["answers"]["target"] == "Weekly releases"
    assert not draft_file.exists()


def test_an_output_that_cannot_be_written_keeps_every_answer(tmp_path: Path) -> None:
    child = spawn("reframe", *SCRIPTED, "--output", "/dev/full", "--no-journal", home=tmp_path)
    interview_to_the_end(child)
    child.expect(r"kept as draft (\S+); continue with: kindlead reframe --resume")
    draft_id = child.match.group(1)
    assert finish(child) == 2
    draft = json.loads((tmp_path / "drafts" / f"{draft_id}.json").read_text())
    assert draft["answers"]["target"] == "Weekly releases without weekend work"
    assert draft["output"] == "/dev/full"


def test_when_no_draft_can_be_written_the_answers_are_shown(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.write_text("a file where the folder should be")
    answers = [a for a in SCRIPTED if "target=" not in a]
    child = spawn("reframe", *answers, "--format", "json", home=home)
    child.expect("Question 1 of 7")
    child.sendline("We need their buy-in.")
    child.sendline(".")
    child.expect("Question 2 of 7")
    child.sendintr()
    child.expect("could not be kept as a draft")
    child.expect("here they are as an answers file")
    child.expect("\r\n---\r\n(.*)\r\n---\r\n")
    block = child.match.group(1).replace("\r\n", "\n")
    assert finish(child) == 130
    saved = tmp_path / "answers.yaml"  # as the person would save it
    saved.write_text(block, encoding="utf-8")
    from kindlead.answers import load_file

    assert load_file(saved)["plan"].value == "We need their buy-in."
    assert "kindlead reframe --set cooperation --answers answers.yaml" in block


def test_closing_the_terminal_mid_answer_keeps_a_draft(tmp_path: Path) -> None:
    """A real hang-up: the terminal goes away (SIGHUP, then every write fails)."""
    answers = [a for a in SCRIPTED if "target=" not in a]
    child = spawn("reframe", *answers, "--format", "json", home=tmp_path, **EDITOR)
    child.expect("Question 1 of 7")
    child.send("We need their buy-in.")
    child.send(DONE)
    child.expect("Question 2 of 7")
    child.expect_exact(READY)
    child.send("Weekly rel")
    child.expect("Weekly rel")
    os.close(child.child_fd)  # the terminal window is closed
    _, status = os.waitpid(child.pid, 0)
    child.closed = True
    assert os.waitstatus_to_exitcode(status) == 130
    (draft_file,) = (tmp_path / "drafts").glob("*.json")
    draft = json.loads(draft_file.read_text())
    assert draft["reason"].startswith("stopped (the terminal was closed)")
    assert draft["typing"] == {"question": "target", "value": "Weekly rel"}


def test_no_journal_is_remembered_by_resume(tmp_path: Path) -> None:
    answers = [a for a in SCRIPTED if "target=" not in a]
    child = spawn("reframe", *answers, "--no-journal", "-o", str(tmp_path / "p.md"), home=tmp_path)
    child.expect("Question 1 of 7")
    child.sendline("We need their buy-in.")
    child.sendline(".")
    child.expect("Question 2 of 7")
    child.sendintr()
    assert finish(child) == 130
    (draft_file,) = (tmp_path / "drafts").glob("*.json")
    assert json.loads(draft_file.read_text())["journal"] is False
    child = spawn("reframe", "--resume", home=tmp_path)
    child.expect("Question 2 of 7")
    child.sendline("Weekly releases")
    child.expect("Question 7 of 7")
    child.sendline("")
    child.expect("Change an answer")
    child.sendline("")
    assert finish(child) == 0
    assert (tmp_path / "p.md").exists() and not (tmp_path / "journal").exists()


def test_a_draft_can_be_discarded(tmp_path: Path) -> None:
    child = spawn("reframe", "--format", "json", home=tmp_path)
    child.expect("Question 1 of 7")
    child.sendline("A plan I will not finish.")
    child.sendline(".")
    child.expect("Question 2 of 7")
    child.sendintr()
    assert finish(child) == 130
    (draft_file,) = (tmp_path / "drafts").glob("*.json")
    child = spawn("journal", "drafts", home=tmp_path)
    child.expect(f"{draft_file.stem} .*cooperation: 1 answered")
    assert finish(child) == 0
    child = spawn("journal", "drafts", "--discard", draft_file.stem, home=tmp_path)
    child.expect(f"draft {draft_file.stem} removed")
    assert finish(child) == 0
    assert not draft_file.exists()
    child = spawn("journal", "drafts", home=tmp_path)
    child.expect("no drafts")
    assert finish(child) == 0
