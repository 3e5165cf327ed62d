"""The interactive interview in a real pseudo-terminal, typed as a person would."""

from __future__ import annotations

import json
import os
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path

import pexpect  # type: ignore[import-untyped]
import pytest

pytestmark = pytest.mark.pty

ROOT = Path(__file__).resolve().parent.parent


def spawn(*args: str, cwd: Path | None = None, **extra: str) -> pexpect.spawn:
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "200", "LINES": "50", **extra}
    return pexpect.spawn(
        sys.executable,
        ["-m", "kindlead", "reframe", *args],
        env=env,
        cwd=str(cwd or ROOT),
        dimensions=(50, 200),
        timeout=20,
        encoding="utf-8",
        codec_errors="replace",  # the terminal echoes whatever bytes are typed
    )


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus is not None
    return int(child.exitstatus)


@pytest.fixture
def out(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "plan.json"


def answer_cooperation(child: pexpect.spawn) -> None:
    """Type through the cooperation set, checking the coaching moment on the way."""
    child.expect("From “buy-in” to cooperation")
    child.expect("Question 1 of 7")
    child.expect("What are you planning to bring to the team")
    child.sendline("I need to get their buy-in for weekly releases.")
    child.sendline(".")  # a line of just a full stop ends a text of many lines
    # The coaching moment, right after the coached answer:
    child.expect("A word on the wording")
    child.expect("buy-in")
    child.expect("Try instead: ")
    child.expect("Question 2 of 7")
    child.sendline("Weekly releases without weekend work")
    child.expect("Question 3 of 7")
    child.sendline("the platform team")
    child.sendline("QA")
    child.sendline("")
    child.expect("Question 4 of 7")
    child.sendline("")  # at least one idea is needed: asked again
    child.expect("needs at least 1 item")
    child.sendline("Wei's checklist")
    child.sendline("")
    child.expect("Question 5 of 7")
    child.sendline("Calmer weeks for everyone")
    child.expect("Question 6 of 7")
    child.expect("Press Enter for: Share the target")
    child.sendline("")  # take the default
    child.expect("Question 7 of 7")
    child.sendline("")  # no concerns
    child.expect("Your answers")


def test_the_whole_interview_with_an_edit_before_rendering(out: Path) -> None:
    child = spawn("--format", "json", "--output", str(out))
    answer_cooperation(child)
    child.expect("Change an answer\\? Enter its number, or press Enter to write your plan: ")
    child.sendline("2")
    child.expect("Press Enter to keep: Weekly releases without weekend work")
    child.sendline("Releases every Tuesday, calmly")
    child.expect("Your answers")
    child.expect("Releases every Tuesday, calmly")
    child.expect("Change an answer")
    child.sendline("")
    assert finish(child) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["answers"]["target"] == "Releases every Tuesday, calmly"
    assert data["answers"]["people"] == ["the platform team", "QA"]
    assert data["answers"]["first_step"].startswith("Share the target")
    assert any("buy-in" in f["matched"].lower() for f in data["findings"])


def test_prompts_go_to_the_terminal_and_the_plan_to_stdout(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    command = f"{shlex.quote(sys.executable)} -m kindlead reframe > {shlex.quote(str(plan))}"
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb"}
    child = pexpect.spawn(
        "/bin/sh", ["-c", command], env=env, cwd=str(ROOT), dimensions=(50, 200),
        timeout=20, encoding="utf-8",
    )  # fmt: skip
    answer_cooperation(child)
    child.sendline("")
    assert finish(child) == 0
    text = plan.read_text(encoding="utf-8")
    assert "Question" not in text  # the interview stayed on the terminal
    assert "[ ] Open with the target: Weekly releases without weekend work" in text


def test_a_plan_argument_is_coached_without_asking_for_it() -> None:
    child = spawn("examples/plan.md", "--answers", "examples/answers.yaml", "--format", "text")
    child.expect("Question 1 of 7")
    child.expect("from examples/plan.md: # Weekly releases")
    child.expect("A word on the wording")
    # Everything else came from the answers file: say that Enter is all it takes.
    child.expect("Every question already has an answer \\(--no-input skips this step\\)")
    child.expect("Press Enter to see your plan, or enter a number to change that answer: ")
    child.sendline("")
    child.expect("\r\n\r\nFrom “buy-in” to cooperation\r\n")  # a blank line before the plan
    child.expect("Checklist")
    assert finish(child) == 0


def test_ctrl_c_before_typing_anything_exits_130_and_writes_nothing(out: Path) -> None:
    child = spawn("--output", str(out))
    child.expect("Question 1 of 7")
    child.sendintr()
    child.expect("interrupted; nothing was written")
    assert finish(child) == 130
    assert not out.exists()
    assert list(out.parent.iterdir()) == []
    assert not (Path(os.environ["KINDLEAD_HOME"]) / "drafts").exists()


def test_ctrl_c_saves_the_answers_typed_so_far(out: Path) -> None:
    child = spawn("--output", str(out))
    child.expect("Question 1 of 7")
    child.sendline("We need their buy-in")
    child.sendline("for weekly releases.")
    child.sendline(".")
    child.expect("Question 2 of 7")  # past the coaching
    child.sendline("Ana")
    child.expect("Question 3 of 7")
    child.sendintr()
    child.expect("kindlead: interrupted; no plan was written")
    child.expect(r"kindlead: your answers so far are kept as draft (\S+); continue with: ")
    draft_id = child.match.group(1)
    child.expect(r"kindlead reframe --resume (\S+)")
    assert child.match.group(1) == draft_id
    assert finish(child) == 130
    assert not out.exists() and list(out.parent.iterdir()) == []
    saved = Path(os.environ["KINDLEAD_HOME"]) / "drafts" / f"{draft_id}.json"
    draft = json.loads(saved.read_text(encoding="utf-8"))
    assert draft["answers"] == {
        "plan": "We need their buy-in\nfor weekly releases.",
        "target": "Ana",
    }
    assert draft["set"] == "cooperation" and draft["output"] == str(out)


def test_ctrl_d_after_an_answer_saves_it_too(out: Path) -> None:
    child = spawn("--set", "one-on-one", "--output", str(out))
    child.expect("Question 1 of 7")
    child.sendline("Ana")
    child.expect("Question 2 of 7")
    child.sendeof()
    child.expect("session ended \\(Ctrl-D\\); no plan was written")
    child.expect("your answers so far are kept as draft")
    child.expect("kindlead reframe --resume")
    assert finish(child) == 130
    assert not out.exists()
    (saved,) = (Path(os.environ["KINDLEAD_HOME"]) / "drafts").iterdir()
    draft = json.loads(saved.read_text(encoding="utf-8"))
    assert draft["set"] == "one-on-one" and draft["answers"] == {"person": "Ana"}


def test_ctrl_d_at_a_prompt_ends_the_session(out: Path) -> None:
    child = spawn("--output", str(out))
    child.expect("Question 1 of 7")
    child.sendeof()
    child.expect("session ended \\(Ctrl-D\\); nothing was written")
    assert finish(child) == 130
    assert not out.exists()


def test_ctrl_c_at_the_review_step_writes_nothing(out: Path) -> None:
    child = spawn("examples/plan.md", "--answers", "examples/answers.yaml", "--output", str(out))
    child.expect("Press Enter to write your plan")
    child.sendintr()
    assert finish(child) == 130
    assert not out.exists()


def test_choices_are_numbered_and_confirms_take_yes_or_no(out: Path) -> None:
    child = spawn(
        "--set", "one-on-one", "--format", "json", "--output", str(out),
        "--answer", "person=Ana", "--answer", "topic=The new rota",
        "--answer", "target=A fair rota",
    )  # fmt: skip
    child.expect("Question 4 of 7")
    child.sendline("")  # no ideas yet
    child.expect("Question 5 of 7")
    child.expect("Press Enter on the first line to keep it")
    child.sendline("")  # keep the default questions
    child.expect("Question 6 of 7")
    child.expect("1\\) idea \\(default\\)")
    child.expect("2\\) feedback")
    child.expect("Enter a number from 1 to 4, or the choice itself")
    child.sendline("9")
    child.expect("Enter a number from 1 to 4, or one of: idea, feedback")
    child.sendline("²")  # a digit to str.isdigit, not a number
    child.expect("Enter a number from 1 to 4, or one of")
    child.sendline("2")
    child.expect("Question 7 of 7")
    child.sendline("Agree on a trial month")
    child.expect("Change an answer")
    child.sendline("")
    assert finish(child) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["answers"]["kind"] == "feedback"
    assert len(data["answers"]["questions_to_ask"]) == 2


def test_a_condition_asks_a_follow_up_question(out: Path) -> None:
    child = spawn(
        "--set", "onboarding", "--format", "json", "--output", str(out),
        "--answer", "newcomer=Sam", "--answer", "team_targets=Fast reviews",
        "--answer", "ideas_we_build_on=Priya's rota", "--answer", "how_we_cooperate=Together",
        "--answer", "first_week=A small fix",
    )  # fmt: skip
    child.expect("Who will be Sam's first point of contact")
    child.sendline("Lee")
    child.expect("Will Sam work mostly remotely")
    child.expect("\\[y/N\\]")
    child.sendline("maybe")
    child.expect("takes yes or no")
    child.sendline("y")
    child.expect("Which habits help remote colleagues")
    child.sendline("Written proposals")
    child.sendline("")
    child.expect("Change an answer")
    child.sendline("")
    assert finish(child) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (data["answers"]["remote"], data["answers"]["remote_rituals"]) == (
        True,
        ["Written proposals"],
    )


def test_markup_typed_at_a_prompt_is_shown_literally(out: Path) -> None:
    child = spawn(
        "--format", "json", "--output", str(out), *[f"--answer={a}" for a in (
            "plan=p", "people=Ana", "team_ideas=x", "mutual_benefit=y", "first_step=z",
        )],
    )  # fmt: skip
    child.expect("Question 2 of 7")
    child.sendline("[bold]Loud[/] target")
    child.expect("Question 7 of 7")
    child.sendline("")
    child.expect("Your answers")
    child.expect("\\[bold\\]Loud\\[/\\] target")  # in the summary, as typed
    child.expect("Change an answer")
    child.sendline("")
    assert finish(child) == 0


def test_bytes_that_are_not_utf8_are_asked_again(out: Path) -> None:
    child = spawn(
        "--set", "one-on-one", "--format", "json", "--output", str(out),
        "--answer", "topic=The rota", "--answer", "target=A fair rota",
    )  # fmt: skip
    child.expect("Question 1 of 7")
    child.expect("> ")
    os.write(child.child_fd, b"caf\xff\xfe\n")
    child.expect("that was not UTF-8 text; please type it again")
    child.sendline("Ana")
    for _ in range(3):  # ideas, questions (the default), kind (the default)
        child.sendline("")
    child.expect("Question 7 of 7")
    child.sendline("A trial month")
    child.expect("Change an answer")
    child.sendline("")
    assert finish(child) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["answers"]["person"] == "Ana"


def test_an_ascii_locale_still_takes_utf8_typing(out: Path) -> None:
    child = spawn(
        "--set", "one-on-one", "--format", "json", "--output", str(out),
        "--answer", "topic=The rota", "--answer", "target=A fair rota", "--no-input",
        PYTHONIOENCODING="ascii",
    )  # fmt: skip
    assert finish(child) == 2  # person is missing: a clean error, not a crash
    child = spawn(
        "--set", "one-on-one", "--format", "text",
        "--answer", "topic=The rota", "--answer", "target=A fair rota",
        PYTHONIOENCODING="ascii",
    )  # fmt: skip
    child.expect("Question 1 of 7")
    child.sendline("Zoë “Z”")
    for _ in range(3):
        child.sendline("")
    child.expect("Question 7 of 7")
    child.sendline("A trial month")
    child.expect("Change an answer")
    child.sendline("")
    child.expect("Checklist")
    child.expect("idea of Zo\\\\xeb \\\\u201cZ\\\\u201d's")  # escaped by an ASCII-only stdout
    assert finish(child) == 0
