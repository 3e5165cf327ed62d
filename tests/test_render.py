"""The plan and its four formats: content, task lists, JSON, and literal user text."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from kindlead.lint import Finding
from kindlead.plan import Entry, Plan, Reframe, build_checklist, build_plan
from kindlead.promptsets.catalog import builtin_dir
from kindlead.promptsets.loader import load_prompt_set
from kindlead.promptsets.model import Answer
from kindlead.render import PLAN_FORMATS, Options, format_for, render, use_colour
from kindlead.render.plan_markdown import md
from kindlead.rules.loader import load_rules

HOSTILE = [
    "[bold]loud[/]",
    "[/]",
    "\x1b[31mred\x1b[0m",
    "\x1b]0;title\x07",
    "a\rb\x08c",
    "- [ ] not a real task",
    "# not a heading",
    "1. not a list",
    "`code` *em* _em_ ~~strike~~",
    "<script>alert(1)</script> &amp;",
    "[a link](https://example.com) ![img](x.png)",
    "| a | b |",
    "back\\slash",
    "two\nlines",
    "\u202eevil bidi",
]


def finding(matched: str = "get their buy-in", line: int = 1, column: int = 11) -> Finding:
    return Finding(
        rule="buy-in",
        severity="warning",
        message="Buy-in asks people to accept an idea that isn't theirs.",
        suggestion="share the target and work out the way together",
        matched=matched,
        line=line,
        column=column,
        end_line=line,
        end_column=column + len(matched),
    )


def make_plan(text: str = "Releases on Tuesdays") -> Plan:
    return Plan(
        set_id="cooperation",
        title="From “buy-in” to cooperation",
        description="Before you introduce an idea.",
        answers=(
            ("plan", "I need to get their buy-in"),
            ("target", text),
            ("people", (text, "Ana")),
        ),
        entries=(
            Entry("target", "What should be happening?", "text", text),
            Entry("people", "Who is involved?", "list", (text, "Ana")),
        ),
        reframes=(Reframe("plan", None, finding(text)),),
        checklist=(f"Open with the target: {text}", "Ask the team how."),
    )


def gfm() -> MarkdownIt:
    """A GitHub-flavoured Markdown parser (tables, strikethrough, raw HTML); linkify is off
    because it needs linkify-it-py, which adds nothing to these tests."""
    return MarkdownIt("gfm-like", {"linkify": False})


def task_items(markdown: str) -> list[str]:
    """The text of every GitHub task-list item, as a GFM parser sees it.

    A task item is a list item whose first paragraph starts with ``[ ] `` (GitHub's
    rule); the text is the item's inline content rendered back to plain text.
    """
    tokens = gfm().parse(markdown)
    texts = []
    for i, tok in enumerate(tokens):
        if tok.type != "list_item_open":
            continue
        if tokens[i + 1].type != "paragraph_open" or tokens[i + 2].type != "inline":
            continue
        inline = tokens[i + 2]
        if inline.content.startswith("[ ] "):
            parts = [c.content for c in inline.children or [] if c.type in ("text", "softbreak")]
            texts.append("".join(parts)[4:])
    return texts


# -- each format ---------------------------------------------------------------------


def test_text_format() -> None:
    out = render(make_plan(), "text")
    assert out.splitlines()[:2] == ["From “buy-in” to cooperation", "=" * 28]
    assert "  [ ] Open with the target: Releases on Tuesdays" in out
    assert "“Releases on Tuesdays” (in plan, line 1, column 11)" in out


def test_rich_format_has_a_checkbox_per_item() -> None:
    out = render(make_plan(), "rich")
    assert [line for line in out.splitlines() if "☐" in line] == [
        "  ☐ Open with the target: Releases on Tuesdays",
        "  ☐ Ask the team how.",
    ]


def test_rich_format_is_plain_without_colour() -> None:
    assert "\x1b" not in render(make_plan(), "rich", Options(color=False))


def test_rich_format_styles_with_colour() -> None:
    assert "\x1b[" in render(make_plan(), "rich", Options(color=True))


def test_rich_format_wraps_without_trailing_spaces() -> None:
    out = render(make_plan("word " * 40), "rich", Options(width=50))
    assert all(len(line) <= 50 and not line.endswith(" ") for line in out.splitlines())


def test_markdown_task_items_match_the_json_checklist() -> None:
    plan = make_plan()
    data = json.loads(render(plan, "json"))
    assert task_items(render(plan, "markdown")) == [c["text"] for c in data["checklist"]]


def test_json_format() -> None:
    data = json.loads(render(make_plan(), "json"))
    assert data["format_version"] == 1
    assert data["set"] == "cooperation"
    assert data["answers"]["people"] == ["Releases on Tuesdays", "Ana"]
    assert data["findings"][0] == {
        "question": "plan",
        "item": None,
        "rule": "buy-in",
        "severity": "warning",
        "matched": "Releases on Tuesdays",
        "message": "Buy-in asks people to accept an idea that isn't theirs.",
        "suggestion": "share the target and work out the way together",
        "line": 1,
        "column": 11,
        "end_line": 1,
        "end_column": 31,
    }
    assert data["checklist"][1] == {"text": "Ask the team how.", "done": False}


# -- user text is shown literally, in every format -----------------------------------


@pytest.mark.parametrize("fmt", list(PLAN_FORMATS))
@pytest.mark.parametrize("text", HOSTILE)
def test_no_control_character_reaches_the_output(fmt: str, text: str) -> None:
    out = render(make_plan(text), fmt, Options(color=fmt == "rich"))
    without_our_styles = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", without_our_styles)


@pytest.mark.parametrize("fmt", ["text", "rich"])
@pytest.mark.parametrize("markup", ["[bold]loud[/]", "[/]", "[red on white]x"])
def test_markup_is_printed_not_obeyed(fmt: str, markup: str) -> None:
    out = render(make_plan(markup), fmt, Options(color=True))
    assert markup in re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert "\x1b[1mloud" not in out


@pytest.mark.parametrize(
    ("text", "shown"),
    [("\x1b[31mred", "\\x1b[31mred"), ("\x1b]0;title\x07", "\\x1b]0;title\\x07")],
)
@pytest.mark.parametrize("fmt", ["text", "rich"])
def test_escape_sequences_are_shown_visibly(fmt: str, text: str, shown: str) -> None:
    assert shown in render(make_plan(text), fmt)


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_keeps_one_task_per_item_whatever_the_answer(text: str) -> None:
    items = task_items(render(make_plan(text), "markdown"))
    assert len(items) == 2
    assert items[1] == "Ask the team how."


@pytest.mark.parametrize(
    "text", ["[bold]loud[/]", "`code` *em* _em_", "<b>x</b> &amp;", "[l](https://x.org)"]
)
def test_markdown_shows_user_text_as_written(text: str) -> None:
    (first, _) = task_items(render(make_plan(text), "markdown"))
    assert first == f"Open with the target: {text}"


@pytest.mark.parametrize("text", HOSTILE)
def test_json_round_trips_user_text(text: str) -> None:
    data = json.loads(render(make_plan(text), "json"))
    assert data["answers"]["target"] == text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_md_escaping_keeps_any_text_inside_one_task_item(text: str) -> None:
    md_text = f"- [ ] {md(text)}\n- [ ] end\n"
    tokens = gfm().parse(md_text)
    assert sum(t.type == "list_item_open" for t in tokens) == 2
    if text.split():  # GitHub needs text after the box to make a task
        assert len(task_items(md_text)) == 2 and task_items(md_text)[-1] == "end"
    assert not any(t.type.startswith("html") for t in tokens)


# -- the plan and its checklist ------------------------------------------------------

COOPERATION = load_prompt_set(builtin_dir() / "cooperation.yaml")
ANSWERS: dict[str, Answer] = {
    "plan": "I need to get their buy-in.",
    "target": "weekly releases",
    "people": ("Ana", "Raj"),
    "team_ideas": ("Wei's checklist",),
    "mutual_benefit": "calmer weeks",
    "first_step": None,
    "concerns": (),
}


def checklist(answers: dict[str, Answer], reframes: tuple[Reframe, ...] = ()) -> list[str]:
    return list(build_checklist(COOPERATION.checklist, answers, reframes))


def test_checklist_repeats_over_a_list_answer() -> None:
    items = checklist(ANSWERS)
    assert "Invite Ana to shape the plan, not just to hear it." in items
    assert "Invite Raj to shape the plan, not just to hear it." in items


def test_checklist_repeats_over_findings() -> None:
    items = checklist(ANSWERS, (Reframe("plan", None, finding("get their buy-in")),))
    assert (
        'Instead of "get their buy-in", try: share the target and work out the way together'
        in items
    )


def test_checklist_leaves_out_items_that_name_an_unanswered_question() -> None:
    assert not any(item.startswith("Agree the first step") for item in checklist(ANSWERS))


def test_checklist_honours_conditions() -> None:
    one_on_one = load_prompt_set(builtin_dir() / "one-on-one.yaml")
    base: dict[str, Answer] = {"person": "Ana", "target": "t", "questions_to_ask": ("q?",)}
    feedback = list(build_checklist(one_on_one.checklist, {**base, "kind": "feedback"}, ()))
    idea = list(build_checklist(one_on_one.checklist, {**base, "kind": "idea"}, ()))
    assert len(feedback) == len(idea) + 1


def test_build_plan_lists_answered_questions_with_their_prompts() -> None:
    plan = build_plan(COOPERATION, ANSWERS, ())
    assert [e.id for e in plan.entries] == [
        "plan",
        "target",
        "people",
        "team_ideas",
        "mutual_benefit",
    ]
    assert plan.entries[1].label == "What should be happening once this works?"


def test_build_plan_keeps_every_question_in_the_answers() -> None:
    plan = build_plan(COOPERATION, ANSWERS, ())
    assert [qid for qid, _ in plan.answers] == [q.id for q in COOPERATION.questions]


def test_the_same_phrase_is_reworded_once() -> None:
    twice = "First I get their buy-in.\nThen I get their buy-in again."
    plan = build_plan(COOPERATION, {**ANSWERS, "plan": twice}, load_rules())
    assert len([r for r in plan.reframes if r.question == "plan"]) >= 2
    assert sum(i.startswith('Instead of "buy-in"') for i in plan.checklist) == 1


# -- a phrase wrapped across lines -----------------------------------------------------


def test_a_finding_wrapped_across_lines_is_one_line_in_the_checklist() -> None:
    items = checklist(ANSWERS, (Reframe("plan", None, finding("their buy-\nin")),))
    assert (
        'Instead of "their buy- in", try: share the target and work out the way together' in items
    )


@pytest.mark.parametrize("fmt", list(PLAN_FORMATS))
def test_a_wrapped_phrase_shows_no_line_break_escape_in_any_format(fmt: str) -> None:
    wrapped = "We need to get their buy-\nin for weekly releases."
    plan = build_plan(COOPERATION, {**ANSWERS, "plan": wrapped}, load_rules())
    out = render(plan, fmt)
    if fmt == "json":
        assert all("\n" not in c["text"] for c in json.loads(out)["checklist"])
    else:
        assert "\\x0a" not in out
    assert "buy- in" in out


def test_a_checklist_item_with_a_line_break_is_one_text_line() -> None:
    plan = make_plan()
    plan = plan._replace(checklist=("Share:\nthe target",))
    assert "  [ ] Share: the target" in render(plan, "text")


# -- colour and output formats -----------------------------------------------------------


class Stream:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(
    ("env", "tty", "colour"),
    [
        ({}, True, True),
        ({}, False, False),  # not a terminal
        ({"TERM": "dumb"}, True, False),
        ({"NO_COLOR": "1"}, True, False),
        ({"NO_COLOR": ""}, True, True),  # empty means unset
        ({"FORCE_COLOR": "1"}, False, True),  # even in a pipe
        ({"FORCE_COLOR": "0"}, False, True),  # any non-empty value (force-color.org)
        ({"FORCE_COLOR": ""}, False, False),
        ({"FORCE_COLOR": "1", "TERM": "dumb"}, True, True),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, True, False),  # NO_COLOR wins, as in rich
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, False),
    ],
)
def test_colour_follows_the_conventions(env: dict[str, str], tty: bool, colour: bool) -> None:
    assert use_colour(Stream(tty), {"TERM": "xterm", **env}) is colour


def test_a_closed_stream_gets_no_colour() -> None:
    assert use_colour(object(), {}) is False


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("plan.md", "markdown"),
        ("plan.MD", "markdown"),
        ("plan.markdown", "markdown"),
        ("plan.json", "json"),
        ("plan.txt", "text"),
        ("plan", "text"),
        ("plan.html", "text"),
        (".md", "text"),  # a hidden file named .md, no extension
    ],
)
def test_the_output_format_follows_the_file_name(name: str, fmt: str) -> None:
    assert format_for(name) == fmt
