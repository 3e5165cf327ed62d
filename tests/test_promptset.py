"""Loading prompt sets: the model, and every problem reported at once with its place."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kindlead.errors import ValidationError
from kindlead.promptsets.catalog import builtin_dir
from kindlead.promptsets.loader import load_prompt_set
from kindlead.promptsets.model import Condition
from kindlead.promptsets.template import parse_template

BUILTIN = sorted(builtin_dir().glob("*.yaml"))
SETS = [p for p in BUILTIN if p.stem != "rules"]

GOOD = """\
schema_version: 1
id: good
title: Good
questions:
  - id: plan
    prompt: Plan?
    type: multiline
    required: true
    coach: true
  - id: kind
    prompt: Kind?
    type: choice
    choices: [a, b]
    default: a
  - id: ok
    prompt: OK for {plan}?
    type: confirm
    default: no
  - id: people
    prompt: Who?
    type: list
    min_items: 1
    when: {question: ok, equals: yes}
checklist:
  - "Plan: {plan}"
  - text: "Invite {item}"
    for_each: people
  - text: "Reword {item}: {suggestion}"
    for_each: findings
    when: {question: kind, one_of: [a]}
"""


def write(tmp_path: Path, text: str, name: str = "good") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.mark.parametrize("path", SETS, ids=[p.stem for p in SETS])
def test_every_builtin_set_loads(path: Path) -> None:
    ps = load_prompt_set(path)
    assert ps.id == path.stem
    assert ps.title and ps.description
    assert any(q.coach for q in ps.questions)


def test_there_are_at_least_three_builtin_sets() -> None:
    assert {"cooperation", "onboarding"} <= {p.stem for p in SETS}
    assert len(SETS) >= 3


def test_cooperation_keeps_its_public_question_ids() -> None:
    ps = load_prompt_set(builtin_dir() / "cooperation.yaml")
    ids = [q.id for q in ps.questions]
    assert ids[:6] == ["plan", "target", "people", "team_ideas", "mutual_benefit", "first_step"]
    assert ps.question("people").type == "list"  # type: ignore[union-attr]
    ideas = ps.question("team_ideas")
    assert ideas is not None and ideas.type == "list" and ideas.min_items >= 1
    extra = [q for q in ps.questions if q.id not in ids[:6]]
    assert all(not q.required for q in extra)


def test_a_good_set_becomes_typed_objects(tmp_path: Path) -> None:
    ps = load_prompt_set(write(tmp_path, GOOD))
    plan, kind, ok, people = ps.questions
    assert (plan.type, plan.required, plan.coach) == ("multiline", True, True)
    assert (kind.choices, kind.default) == (("a", "b"), "a")
    assert ok.default is False
    assert people.when == Condition("ok", "equals", (True,))
    assert people.required and people.min_items == 1
    assert [i.for_each for i in ps.checklist] == [None, "people", "findings"]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [({"ok": True}, True), ({"ok": False}, False), ({}, False)],
)
def test_conditions_compare_yes_no_answers(answers: dict[str, bool], expected: bool) -> None:
    assert Condition("ok", "equals", (True,)).holds(answers) is expected


def test_templates_cannot_reach_attributes() -> None:
    with pytest.raises(ValueError, match="bare name"):
        parse_template("{plan.__class__}")
    with pytest.raises(ValueError, match="bare name"):
        parse_template("{plan[0]}")
    assert parse_template("{{literal}} {plan}").render({"plan": "x"}) == "{literal} x"


BROKEN = [
    ("colour: blue\n", "unknown key 'colour' in prompt set", 1),
    ("questions:\n  - id: plan\n    prompt: P\n    tpye: text\n", "unknown key 'tpye'", 4),
    ("questions:\n  - id: plan\n    prompt: P\n    type: essay\n", "type must be one of", 4),
    ("questions:\n  - id: plan\n    prompt: P\n    required: maybe\n", "true or false", 4),
    ("questions:\n  - id: plan\n    prompt: Hi {nobody}\n", "unknown placeholder {nobody}", 3),
    (
        "questions:\n  - id: a\n    prompt: About {b}\n  - id: b\n    prompt: B\n",
        "unknown placeholder {b}",
        3,
    ),
    (
        "questions:\n  - id: a\n    prompt: A\n    when: {question: b, equals: x}\n"
        "  - id: b\n    prompt: B\n",
        "not an earlier question",
        4,
    ),
    ("questions:\n  - id: a\n    prompt: A\n    type: choice\n", "at least two choices", 2),
    ("questions:\n  - id: a\n    prompt: A\n  - id: a\n    prompt: B\n", "used twice", 4),
    ("questions:\n  - id: item\n    prompt: A\n", "reserved", 2),
    ("questions:\n  - id: a\n    prompt: A\n    min_items: -1\n", "whole number", 4),
    ("questions: plan\n", "must be a list", 1),
    ("checklist:\n  - text: x\n    for_each: nothing\n", "must name a list question", 3),
    ("checklist:\n  - 'Unclosed {plan'\n", "unmatched", 2),
    ("checklist:\n  - '{item}'\n", "unknown placeholder {item}", 2),
    ("rules:\n  - id: x\n    message: m\n    suggestion: s\n    patterns: ['(a|b']\n",
     "bad phrase", 5),
]  # fmt: skip


@pytest.mark.parametrize(("extra", "message", "line_offset"), BROKEN, ids=[b[1] for b in BROKEN])
def test_each_problem_is_reported_with_its_place(
    tmp_path: Path, extra: str, message: str, line_offset: int
) -> None:
    base = "schema_version: 1\nid: good\ntitle: T\n"
    defaults = {
        "questions": "questions:\n  - id: plan\n    prompt: P\n",
        "checklist": "checklist:\n  - x\n",
    }
    text = base + extra + "".join(v for k, v in defaults.items() if not extra.startswith(k))
    path = write(tmp_path, text)
    with pytest.raises(ValidationError) as info:
        load_prompt_set(path)
    hits = [p for p in info.value.problems if message in p.message]
    assert hits, [str(p) for p in info.value.problems]
    mark = hits[0].mark
    assert mark is not None and mark.path == str(path)
    assert mark.line is not None and mark.column is not None
    assert mark.line == 3 + line_offset if line_offset else mark.line >= 1


def test_several_problems_in_one_file_are_reported_together(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        schema_version: 1
        id: good
        title: T
        colour: blue
        questions:
          - id: plan
            prompt: "About {nothing}"
            type: essay
        checklist:
          - "{missing}"
        """,
    )
    with pytest.raises(ValidationError) as info:
        load_prompt_set(path)
    lines = [p.mark.line for p in info.value.problems if p.mark]
    assert len(info.value.problems) == 4
    assert lines == sorted(lines)  # in file order


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is empty"),
        ("- a\n- b\n", "must be a mapping"),
        ("schema_version: 2\nid: good\ntitle: T\nquestions: []\nchecklist: []\n", "version"),
        ("id: good\ntitle: T\nquestions: [{id: a, prompt: A}]\nchecklist: [x]\n", "schema_version"),
        ("schema_version: 1\nid: other\ntitle: T\nquestions: [{id: a, prompt: A}]\n"
         "checklist: [x]\n", "match the file name"),
    ],
    ids=["empty", "not-a-mapping", "future-version", "no-version", "id-mismatch"],
)  # fmt: skip
def test_whole_file_problems(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        load_prompt_set(write(tmp_path, text))
