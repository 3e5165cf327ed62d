"""The line editor of the interview, in a real pseudo-terminal that can draw (xterm),
typed as a person would: arrows, a paste, a changed answer, a changed list, an
interrupt in the middle of an answer, 80 columns, and the plain interview."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pexpect  # type: ignore[import-untyped]
import pytest

pytestmark = pytest.mark.pty

ROOT = Path(__file__).resolve().parent.parent
LEFT, HOME, END = "\x1b[D", "\x1b[H", "\x1b[F"
DONE = "\x1b\r"  # Esc, then Enter: finishes a text of many lines
PASTE = "\x1b[200~{}\x1b[201~"  # what a terminal sends for a paste (bracketed paste)
CTRL_C, CTRL_U = "\x03", "\x15"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]|\r")

# Every answer but the ones a test types
SCRIPTED = {
    "plan": "We plan weekly releases.",
    "target": "Weekly releases without weekend work",
    "people": "Ana",
    "team_ideas": "Wei's checklist",
    "mutual_benefit": "Calmer weeks",
    "first_step": "A working session on Thursday",
}


def spawn(
    *args: str, home: Path, columns: int = 100, scripted: dict[str, str] | None = None, **env: str
) -> pexpect.spawn:
    options = [f"--answer={k}={v}" for k, v in (scripted or {}).items()]
    return pexpect.spawn(
        sys.executable,
        ["-m", "kindlead", "reframe", *options, *args],
        env={
            # the terminal's own size, as a person's shell has it (pytest sets COLUMNS)
            **{k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")},
            "NO_COLOR": "1",
            "TERM": "xterm",
            "PROMPT_TOOLKIT_NO_CPR": "1",  # no terminal here answers "where is the cursor?"
            "KINDLEAD_HOME": str(home),
            **env,
        },
        cwd=str(ROOT),
        dimensions=(30, columns),
        timeout=20,
        encoding="utf-8",
        codec_errors="replace",
    )


def but(*typed: str) -> dict[str, str]:
    return {k: v for k, v in SCRIPTED.items() if k not in typed}


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return int(child.exitstatus)


def review_and_write(child: pexpect.spawn) -> None:
    """Past the optional last question and the review: the plan is written."""
    child.expect("Question 7 of 7")
    child.send("\r")  # no concerns
    child.expect("Change an answer")
    child.send("\r")


def test_arrows_and_home_edit_the_line_in_place(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    child = spawn("--output", str(out), home=tmp_path, scripted=but("target"))
    child.expect("Question 2 of 7")
    child.send("weekly relases")
    child.send(LEFT * 4 + "e")  # "rel|ases" -> "releases"
    child.send(HOME + "Calm " + END + "!")
    child.send("\r")
    review_and_write(child)
    assert finish(child) == 0
    assert json.loads(out.read_text())["answers"]["target"] == "Calm weekly releases!"


def test_up_brings_back_the_last_answer_to_the_same_question_kept_privately(
    tmp_path: Path,
) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    old = os.umask(0)  # the history stays the leader's alone even so
    try:
        child = spawn("--output", str(first), home=tmp_path, scripted=but("target"))
        child.expect("Question 2 of 7")
        child.send("Releases every Tuesday\r")
        review_and_write(child)
        assert finish(child) == 0
        child = spawn("--output", str(second), home=tmp_path, scripted=but("target"))
        child.expect("Question 2 of 7")
        child.send("\x1b[A")  # Up
        child.expect("Releases every Tuesday")
        child.send(" morning\r")
        review_and_write(child)
        assert finish(child) == 0
    finally:
        os.umask(old)
    assert json.loads(second.read_text())["answers"]["target"] == "Releases every Tuesday morning"
    folder = tmp_path / "history"
    assert folder.stat().st_mode & 0o777 == 0o700
    kept = sorted(p.name for p in folder.iterdir())
    assert "cooperation.target" in kept
    assert all((folder / name).stat().st_mode & 0o777 == 0o600 for name in kept)


def test_a_pasted_plan_with_blank_lines_stays_one_answer(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    child = spawn("--output", str(out), home=tmp_path, scripted=but("plan"))
    child.expect("Question 1 of 7")
    child.expect("Alt-Enter")  # how to finish is said before the first line
    plan = "We need their buy-in for weekly releases.\r\rThe night shift asked for it.\r"
    child.send(PASTE.format(plan))
    child.send(DONE)
    child.expect("A word on the wording")
    review_and_write(child)
    assert finish(child) == 0
    answers = json.loads(out.read_text())["answers"]
    assert answers["plan"] == (
        "We need their buy-in for weekly releases.\n\nThe night shift asked for it."
    )
    assert answers["target"] == SCRIPTED["target"]  # not the plan's second paragraph


def test_changing_an_answer_at_the_review_starts_from_it(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    child = spawn("--output", str(out), home=tmp_path, scripted=SCRIPTED)
    child.expect("Question 7 of 7")
    child.send("\r")
    child.expect("Change an answer")
    child.send("2\r")
    child.expect("Change it, or press Enter to keep it.")
    child.expect("Weekly releases without weekend work")  # already in the line
    child.send(", on Tuesdays\r")
    child.expect("Change an answer")
    child.send("\r")
    assert finish(child) == 0
    target = json.loads(out.read_text())["answers"]["target"]
    assert target == "Weekly releases without weekend work, on Tuesdays"


def test_a_list_is_changed_entry_by_entry(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    people = ["--answer=people=Sam", "--answer=people=Lee"]
    child = spawn("--output", str(out), *people, home=tmp_path, scripted=SCRIPTED)
    child.expect("Question 7 of 7")
    child.send("\r")
    child.expect("Change an answer")
    child.send("3\r")
    child.expect("Each item comes back as it is")
    child.send("\r")  # keep Ana
    child.send(CTRL_U + "\r")  # clear Sam: removed
    child.send(" K.\r")  # Lee -> Lee K.
    child.send("Zoë\r")  # a new one
    child.send("\r")  # done
    child.expect("Change an answer")
    child.send("\r")
    assert finish(child) == 0
    assert json.loads(out.read_text())["answers"]["people"] == ["Ana", "Lee K.", "Zoë"]


def test_ctrl_c_in_the_middle_of_an_answer_keeps_what_was_typed(tmp_path: Path) -> None:
    child = spawn("--format", "json", home=tmp_path, scripted=but("target", "people"))
    child.expect("Question 2 of 7")
    child.send("Releases on Tues")
    child.send(CTRL_C)
    child.expect("interrupted; no plan was written")
    child.expect(r"continue with: kindlead reframe --resume (\S+)")
    draft_id = child.match.group(1)
    assert finish(child) == 130
    (saved,) = (tmp_path / "drafts").glob("*-cooperation.json")
    assert saved.stem == draft_id
    assert saved.stat().st_mode & 0o777 == 0o600
    draft = json.loads(saved.read_text())
    assert draft["typing"] == {"question": "target", "value": "Releases on Tues"}
    assert draft["answers"]["plan"] == SCRIPTED["plan"]

    # and the next run goes on from there, the half-typed answer ready to finish
    out = tmp_path / "plan.json"
    child = spawn("--resume", "--output", str(out), home=tmp_path, scripted=but("target", "people"))
    child.expect("Question 2 of 7")
    child.expect("You were typing this")
    child.expect("Releases on Tues")
    child.send("days\r")
    child.expect("Question 3 of 7")
    child.send("Ana\r\r")
    review_and_write(child)
    assert finish(child) == 0
    answers = json.loads(out.read_text())["answers"]
    assert answers["target"] == "Releases on Tuesdays" and answers["people"] == ["Ana"]
    assert not saved.exists(), "a finished draft is removed"


def test_ctrl_c_in_a_list_keeps_the_items_and_the_line_being_typed(tmp_path: Path) -> None:
    child = spawn("--format", "json", home=tmp_path, scripted=but("people"))
    child.expect("Question 3 of 7")
    child.send("Ana\r")
    child.send("Sa")
    child.send(CTRL_C)
    assert finish(child) == 130
    (saved,) = (tmp_path / "drafts").glob("*-cooperation.json")
    assert json.loads(saved.read_text())["typing"] == {"question": "people", "value": ["Ana", "Sa"]}


def test_at_80_columns_no_word_is_split(tmp_path: Path) -> None:
    import io

    from kindlead.promptsets.catalog import builtin_dir
    from kindlead.promptsets.loader import load_prompt_set

    child = spawn("--format", "json", home=tmp_path, columns=80, scripted=but("mutual_benefit"))
    child.logfile_read = seen = io.StringIO()
    child.expect("organisation")
    child.expect(">")
    child.send(CTRL_C)
    finish(child)
    drawn = re.sub(".\x08", "", ANSI.sub("", seen.getvalue()))  # (a backspace undoes a character)
    lines = [line.rstrip() for line in drawn.split("\n") if line.strip()]
    assert lines and all(len(line) <= 80 for line in lines)
    text = "\n".join(lines)
    cooperation = load_prompt_set(builtin_dir() / "cooperation.yaml")
    asked = cooperation.questions[4]  # mutual_benefit, the one not scripted
    assert asked.help is not None
    said = [cooperation.description, asked.prompt.render({}), asked.help.render({})]
    for word in {w for line in said for w in line.split() if len(w) > 3}:
        assert word in text, f"{word!r} was split across lines"


def test_the_plain_interview_is_one_question_a_line_without_symbols(tmp_path: Path) -> None:
    child = spawn("--format", "json", home=tmp_path, KINDLEAD_PLAIN="1")
    child.expect("Question 1 of 7: What are you planning to bring to the team\\?")
    child.expect("a line with just \\. finishes")
    child.sendline("We need their buy-in for weekly releases.")
    child.sendline(".")
    child.expect("A word on the wording")
    child.expect('- "buy-in" \\(line 1\\)')
    child.expect("Question 2 of 7: ")
    seen = child.before or ""
    child.send(CTRL_C)
    finish(child)
    assert not {"✓", "✗", "•"} & set(seen)
    assert "\x1b[" not in seen  # no colour, no cursor movement
