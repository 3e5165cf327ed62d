"""Prompt sets as data: the set, its questions, conditions and checklist items.

Built once by `kindlead.promptsets.loader`; the rest of kindlead reads these and
never touches YAML. NamedTuples: immutable, compared by value, and cheap to define
(a scripted `reframe` imports every one of them).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from kindlead.errors import Mark
from kindlead.promptsets.template import Template
from kindlead.rules.model import Rule

QUESTION_TYPES = ("text", "multiline", "list", "choice", "confirm")
#: Names a template can use inside `for_each`, which questions may not take.
RESERVED_IDS = frozenset({"item", "findings", "suggestion", "message", "rule"})
FINDINGS = "findings"

#: An answer: text, yes/no, the items of a list, or nothing.
Answer = str | bool | tuple[str, ...] | None


def is_answered(value: Answer) -> bool:
    """Whether an answer says anything: not missing, not empty text, not an empty list."""
    return value not in (None, "", ())


class Condition(NamedTuple):
    """``when:`` — show a question or checklist item depending on an earlier answer."""

    question: str
    op: str  # equals | not_equals | one_of | answered
    values: tuple[str | bool, ...]

    def __str__(self) -> str:
        if self.op == "answered":
            return f"{self.question} is {'answered' if self.values[0] else 'not answered'}"
        shown = ", ".join(
            ("yes" if v else "no") if isinstance(v, bool) else repr(v) for v in self.values
        )
        return f"{self.question} {self.op.replace('_', ' ')} {shown}"

    def holds(self, answers: Mapping[str, Answer]) -> bool:
        value = answers.get(self.question)
        answered = is_answered(value)
        if self.op == "answered":
            return answered == self.values[0]
        if isinstance(value, tuple):  # a list answer: does any item match?
            hit = any(v in self.values for v in value)
        else:
            hit = value in self.values
        return not hit if self.op == "not_equals" else hit


class Question(NamedTuple):
    id: str
    prompt: Template
    help: Template | None = None
    type: str = "text"
    required: bool = False
    default: Answer = None
    choices: tuple[str, ...] = ()
    min_items: int = 0
    when: Condition | None = None
    coach: bool = False
    private: bool = False
    """Never written to a draft, the journal or the interview's history."""
    mark: Mark | None = None

    @property
    def is_list(self) -> bool:
        return self.type == "list"


class ChecklistItem(NamedTuple):
    text: Template
    for_each: str | None = None  # a list question id, or "findings"
    when: Condition | None = None


class PromptSet(NamedTuple):
    id: str
    title: str
    description: str
    questions: tuple[Question, ...]
    checklist: tuple[ChecklistItem, ...]
    rules: tuple[Rule, ...] = ()
    path: Path | None = None

    def question(self, qid: str) -> Question | None:
        return next((q for q in self.questions if q.id == qid), None)

    @property
    def coached(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.coach)
