"""The interview driven in-process: a scripted keyboard, and what the person reads."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable

import pytest
from rich.console import Console

from kindlead import answers as A
from kindlead.errors import Interrupted
from kindlead.interview.console import make_console, read_stdin_line
from kindlead.interview.session import Interview
from kindlead.interview.talk import NOT_UTF8
from kindlead.promptsets.catalog import builtin_dir
from kindlead.promptsets.loader import load_prompt_set
from kindlead.promptsets.model import PromptSet
from kindlead.rules.loader import load_rules

ONE_ON_ONE = load_prompt_set(builtin_dir() / "one-on-one.yaml")
COOPERATION = load_prompt_set(builtin_dir() / "cooperation.yaml")


class Keyboard:
    def __init__(self, lines: Iterable[str]) -> None:
        self.lines = list(lines)

    def __call__(self) -> str:
        if not self.lines:
            raise EOFError
        return self.lines.pop(0)


def interview(prompt_set: PromptSet, typed: Iterable[str], finish: str = "see your plan"):  # type: ignore[no-untyped-def]
    screen = io.StringIO()
    console = Console(file=screen, width=100, no_color=True, highlight=False, markup=False)
    session = Interview(prompt_set, load_rules(), console, Keyboard(typed), finish=finish)
    return session, screen


def scripted(prompt_set: PromptSet, **values: str) -> A.Checked:
    given = {k: A.Given(v, A.FROM_OPTION) for k, v in values.items()}
    return A.validate(prompt_set, given)


FIRST_THREE = {"person": "Ana", "topic": "A new rota", "target": "A fair rota"}


def test_a_list_default_is_shown_one_item_per_line_and_echoed_when_taken() -> None:
    session, screen = interview(ONE_ON_ONE, ["", "", "", "Agree a trial", ""])
    got = session.run(scripted(ONE_ON_ONE, **FIRST_THREE))
    out = screen.getvalue()
    assert "Current" not in out
    assert "Default:\n  - How would you approach this?\n  - What would make this work" in out
    assert "✓ Using the default: How would you approach this? · What would make" in out
    assert "✓ Using the default: idea" in out  # the choice, taken with Enter
    assert got.answers["kind"] == "idea"


@pytest.mark.parametrize("typed", ["5", "0", "²", "٣", "99999999999999999999"])
def test_a_choice_number_out_of_range_names_the_numbers(typed: str) -> None:
    session, screen = interview(ONE_ON_ONE, ["", "", typed, "2", "x", ""])
    got = session.run(scripted(ONE_ON_ONE, **FIRST_THREE))
    assert "Enter a number from 1 to 4, or one of: idea, feedback, change of plans, growth" in (
        screen.getvalue()
    )
    assert got.answers["kind"] == "feedback"
    assert screen.getvalue().count("1) idea") == 1  # the choices are not listed again


@pytest.mark.parametrize("typed", ["²", "9", "0", "x"])
def test_the_review_step_refuses_what_is_not_a_number(typed: str) -> None:
    session, screen = interview(ONE_ON_ONE, ["", "", "", "x", typed, ""])
    session.run(scripted(ONE_ON_ONE, **FIRST_THREE))
    assert "Enter a number from 1 to 7, or just Enter." in screen.getvalue()


def test_a_line_that_is_not_utf8_is_asked_again() -> None:
    bad = b"caf\xff".decode("utf-8", "surrogateescape")
    session, screen = interview(ONE_ON_ONE, [bad, "Ana", "x", ".", "", "", "", "", ""])
    got = session.run(scripted(ONE_ON_ONE, target="t"))
    assert NOT_UTF8 in screen.getvalue()
    assert got.answers["person"] == "Ana"


def test_typed_carriage_returns_become_line_breaks() -> None:
    session, _ = interview(ONE_ON_ONE, ["one\r\ntwo", ".", "", "", "", "x", ""])
    got = session.run(scripted(ONE_ON_ONE, person="Ana", target="t"))
    assert got.answers["topic"] == "one\ntwo"


def test_keeping_an_answer_when_editing_does_not_coach_it_again() -> None:
    topic = "I need to get Ana on board with the rota."
    session, screen = interview(ONE_ON_ONE, ["", "", "", "x", "2", "", ""])
    session.run(scripted(ONE_ON_ONE, person="Ana", topic=topic, target="t"))
    out = screen.getvalue()
    assert out.count("A word on the wording") == 1
    assert "✓ Kept: I need to get Ana on board" in out


def test_changing_an_answer_when_editing_coaches_the_new_one() -> None:
    session, screen = interview(ONE_ON_ONE, ["", "", "", "x", "2", "We need buy-in.", ".", ""])
    got = session.run(scripted(ONE_ON_ONE, person="Ana", topic="fine", target="t"))
    assert got.answers["topic"] == "We need buy-in."
    assert screen.getvalue().count("A word on the wording") == 1


def test_when_everything_is_scripted_enter_shows_the_plan() -> None:
    values = {**FIRST_THREE, "their_ideas": "i", "questions_to_ask": "q", "kind": "idea"}
    values["agreement"] = "a"
    session, screen = interview(ONE_ON_ONE, [""])
    session.run(scripted(ONE_ON_ONE, **values))
    out = screen.getvalue()
    assert "Every question already has an answer (--no-input skips this step)." in out
    assert out.endswith("Press Enter to see your plan, or enter a number to change that answer: \n")


def test_the_review_prompt_says_what_enter_does() -> None:
    session, screen = interview(ONE_ON_ONE, ["", "", "", "x", ""], finish="write your plan")
    session.run(scripted(ONE_ON_ONE, **FIRST_THREE))
    out = screen.getvalue()
    assert "Every question already has an answer" not in out
    assert "or press Enter to write your plan: \n" in out  # and a blank line after it


def test_interrupted_sessions_carry_what_was_typed() -> None:
    session, _ = interview(ONE_ON_ONE, ["Ana"])
    with pytest.raises(Interrupted) as e:
        session.run(scripted(ONE_ON_ONE))
    assert e.value.answers == {"person": "Ana"}
    assert session.typed == {"person"}


# -- reading the keyboard ---------------------------------------------------------------------


class FakeStdin(io.TextIOWrapper):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("data", "encoding", "line"),
    [
        (b"caf\xc3\xa9\n", "ascii", "café"),  # UTF-8 whatever the locale says
        (b"one\r\n", "utf-8", "one"),
        (b"a\rb\n", "utf-8", "a\nb"),
        (b"caf\xff\n", "utf-8", "caf\udcff"),  # refused by the prompt, not a crash
    ],
)
def test_read_stdin_line_decodes_utf8(
    monkeypatch: pytest.MonkeyPatch, data: bytes, encoding: str, line: str
) -> None:
    monkeypatch.setattr(sys, "stdin", FakeStdin(io.BytesIO(data), encoding=encoding))
    assert read_stdin_line() == line
    with pytest.raises(EOFError):
        read_stdin_line()


# -- the interview console follows the same colour rule as the plan ---------------------------


@pytest.mark.parametrize(
    ("env", "colour"),
    [({"FORCE_COLOR": "1"}, True), ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False), ({}, False)],
)
def test_the_interview_console_colour(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], colour: bool
) -> None:
    monkeypatch.delenv("NO_COLOR")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    buffer = io.StringIO()
    monkeypatch.setattr(sys, "stderr", buffer)
    console = make_console()
    console.print("x", style="red")
    assert ("\x1b[" in buffer.getvalue()) is colour


def test_the_interview_console_survives_an_ascii_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = io.BytesIO()
    stderr = io.TextIOWrapper(raw, encoding="ascii", errors="backslashreplace")
    monkeypatch.setattr(sys, "stderr", stderr)
    session = Interview(COOPERATION, load_rules(), make_console(), Keyboard([]))
    session.coach(COOPERATION.questions[0], "We need their buy-in.")
    stderr.flush()
    assert b"\\u201c" in raw.getvalue()


def test_control_characters_a_paste_carries_are_no_part_of_the_answer() -> None:
    session, _ = interview(ONE_ON_ONE, ["Ana\x07\x03 K.\x1b", "", "", "", "x", ""])
    got = session.run(scripted(ONE_ON_ONE, topic="A new rota", target="A fair rota"))
    assert got.answers["person"] == "Ana K."


def test_the_plain_review_shows_every_answer_whole_without_symbols() -> None:
    screen = io.StringIO()
    console = Console(file=screen, width=60, no_color=True, highlight=False, markup=False)
    long_target = "A rota that is fair to everyone " * 4
    session = Interview(
        ONE_ON_ONE, load_rules(), console, Keyboard(["", "", "", "x", ""]), plain=True
    )
    session.run(scripted(ONE_ON_ONE, person="Ana", topic="A new rota", target=long_target))
    out = screen.getvalue()
    assert "…" not in out and "·" not in out and "✓" not in out
    assert " ".join(out.split()).count(" ".join(long_target.split())) >= 1


def test_the_review_shows_a_long_answer_over_several_lines_before_cutting_it() -> None:
    session, screen = interview(ONE_ON_ONE, ["", "", "", "x", ""])
    target = "A rota that is fair to everyone and ends at a sensible time"
    session.run(scripted(ONE_ON_ONE, person="Ana", topic="A new rota", target=target * 2))
    assert " ".join(screen.getvalue().split()).count(" ".join((target * 2).split())) >= 1
