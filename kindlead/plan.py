"""Building the cooperation plan from a prompt set and its answers. Pure: no I/O.

The plan holds every answered question (in the set's order, labelled by its prompt),
the buy-in phrases found in the coached answers with their cooperative rewording,
and the checklist rendered from the set's template:

- an item with ``when`` is kept only when its condition holds;
- ``for_each: <list question>`` repeats the item per list entry (``{item}``);
- ``for_each: findings`` repeats it per phrase found (``{item}`` is the phrase as
  written, on one line, ``{suggestion}``, ``{message}``, ``{rule}``);
- an item that names a question left unanswered (or skipped) is left out, so the
  checklist never says "Agree the first step together: " with nothing after it;
- identical items appear once (the same phrase found twice is reworded once).

The reframes are about this leader: a suggestion that names {target}, {idea} or
{people} gets the answers to ``target``, ``team_ideas`` (the first) and ``people``.
The leader's words that carry buy-in framing are quoted wherever the checklist
repeats them, so that the plan talks about the phrase rather than using it (and
passes `kindlead check`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from kindlead.answers import text
from kindlead.promptsets.model import FINDINGS, Answer, ChecklistItem, PromptSet, is_answered
from kindlead.textsafe import one_line

if TYPE_CHECKING:
    from kindlead.lint import Finding
    from kindlead.promptsets.template import Template
    from kindlead.rules.model import Rule

FORMAT_VERSION = 1
#: Said after the listed phrases when there were more (`Plan.more_reframes`).
MORE_REFRAMES = "More phrases like these were found; the first {} are listed."


class Entry(NamedTuple):
    """One answered question as the plan shows it."""

    id: str
    label: str  # the question's prompt, placeholders filled in
    type: str
    value: Answer


class Reframe(NamedTuple):
    """A buy-in phrase found in an answer: which answer, which list item, where."""

    question: str
    item: int | None  # index in a list answer, None for text
    finding: Finding


class Plan(NamedTuple):
    set_id: str
    title: str
    description: str
    answers: tuple[tuple[str, Answer], ...]  # every question of the set, None if skipped
    entries: tuple[Entry, ...]
    reframes: tuple[Reframe, ...]
    checklist: tuple[str, ...]
    more_reframes: bool = False
    """More phrases were found than `MAX_REFRAMES`; the first ones are listed."""


#: The most buy-in phrases a plan lists. Coaching is for a person: past this many, more
#: of the same adds nothing, and a plan of megabytes would give megabytes of them.
MAX_REFRAMES = 100
#: The largest plan a set may render: this much, plus `SIZE_FACTOR` times the answers.
SIZE_BASE = 4 * 1024 * 1024
SIZE_FACTOR = 20


def find_reframes(
    prompt_set: PromptSet, answers: Mapping[str, Answer], rules: Sequence[Rule]
) -> tuple[Reframe, ...]:
    """The buy-in phrases in every coached answer, in question order, at most
    `MAX_REFRAMES` + 1 (one more than is listed says that there were more)."""
    out: list[Reframe] = []
    for q in prompt_set.coached:
        out += coach_answer(q.id, answers.get(q.id), rules, limit=MAX_REFRAMES + 1 - len(out))
    return tuple(out)


def coach_answer(
    qid: str, value: Answer, rules: Sequence[Rule], limit: int = MAX_REFRAMES + 1
) -> list[Reframe]:
    """The first `limit` buy-in phrases in one answer (each item of a list on its own).
    The scan stops there: the rest of a huge answer is not read for coaching."""
    from itertools import islice

    from kindlead.lint.engine import blocks, scan_stream

    texts: list[tuple[int | None, str]] = [(None, value)] if isinstance(value, str) else []
    if isinstance(value, tuple):
        texts = list(enumerate(value))
    out: list[Reframe] = []
    for item, text_ in texts:
        if len(out) >= limit:
            break
        found = islice(scan_stream(blocks(text_), rules), limit - len(out))
        out += [Reframe(qid, item, f) for f in found]
    return out


def about_this_leader(answers: Mapping[str, Answer], rules: Sequence[Rule] = ()) -> dict[str, str]:
    """What a suggestion can name ({target}, {idea}, {people}), from the answers.

    A target or idea that is itself framed as buy-in ("We need their buy-in …") is not
    named: a reframe that repeats the phrase it replaces would defeat itself, so the
    suggestion keeps its generic wording there (`rules`: what counts as framing)."""
    ideas = answers.get("team_ideas")
    people = answers.get("people")
    values = {
        "target": text(answers.get("target")).strip().rstrip("."),
        "idea": ideas[0].strip().rstrip(".") if isinstance(ideas, tuple) and ideas else "",
        "people": text(people) if isinstance(people, tuple) else "",
    }
    for key in ("target", "idea"):
        if values[key] and rules and coach_answer(key, values[key], rules, limit=1):
            values[key] = ""
    return values


def personal(
    reframes: Sequence[Reframe], rules: Sequence[Rule], values: Mapping[str, str]
) -> tuple[Reframe, ...]:
    """`reframes` with each suggestion naming what is known of this leader's plan."""
    from kindlead.rules.model import suggestion_for

    by_id = {r.id: r for r in rules}
    return tuple(
        r._replace(
            finding=r.finding._replace(suggestion=suggestion_for(by_id[r.finding.rule], values))
        )
        if r.finding.rule in by_id
        else r
        for r in reframes
    )


def build_plan(prompt_set: PromptSet, answers: Mapping[str, Answer], rules: Sequence[Rule]) -> Plan:
    reframes = personal(
        find_reframes(prompt_set, answers, rules), rules, about_this_leader(answers, rules)
    )
    # answers that are not coached are still the leader's words: where the checklist
    # repeats one with buy-in framing in it, it is quoted too
    coached = {q.id for q in prompt_set.coached}
    heard = [*reframes]
    for q in prompt_set.questions:
        if q.id not in coached:
            heard += coach_answer(q.id, answers.get(q.id), rules)
    values = {q.id: text(answers.get(q.id)) for q in prompt_set.questions}
    entries = tuple(
        Entry(q.id, q.prompt.render(values).strip(), q.type, answers[q.id])
        for q in prompt_set.questions
        if is_answered(answers.get(q.id))
    )
    budget = _Budget(SIZE_BASE + SIZE_FACTOR * sum(len(v) for v in values.values()))
    checklist = tuple(
        _unique(build_checklist(prompt_set.checklist, answers, reframes, heard, budget))
    )
    return Plan(
        set_id=prompt_set.id,
        title=prompt_set.title,
        description=prompt_set.description,
        answers=tuple((q.id, answers.get(q.id)) for q in prompt_set.questions),
        entries=entries,
        reframes=reframes[:MAX_REFRAMES],
        checklist=checklist,
        more_reframes=len(reframes) > MAX_REFRAMES,
    )


class _Budget:
    """How much a plan's checklist may hold, spent before each item is rendered: a set
    that repeats ``{plan}`` 40,000 times would turn a page of plan into a gigabyte."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.left = limit

    def spend(self, template: Template, values: Mapping[str, str]) -> None:
        size = sum(len(values.get(t, "")) if is_name else len(t) for t, is_name in template.parts)
        self.left -= size
        if self.left < 0:
            from kindlead.errors import KindleadError

            raise KindleadError(
                f"the set's checklist would make a plan of more than "
                f"{self.limit / 2**20:.0f} MB from these answers (the limit is 4 MB plus 20 "
                "times the answers): does an item repeat a placeholder such as {plan} many "
                "times?"
            )


def build_checklist(
    items: Iterable[ChecklistItem],
    answers: Mapping[str, Answer],
    reframes: Sequence[Reframe],
    heard: Sequence[Reframe] | None = None,
    budget: _Budget | None = None,
) -> Iterable[str]:
    """The checklist's items; `heard` are the phrases found in any answer (the
    `reframes` by default), whose answers are quoted where an item repeats them."""
    framed = {(r.question, r.item) for r in (reframes if heard is None else heard)}
    values = {
        qid: quoted(text(v))
        if (qid, None) in framed or any(q == qid for q, _ in framed)
        else text(v)
        for qid, v in answers.items()
    }

    def render(template: Template, values: Mapping[str, str]) -> str:
        if budget is not None:
            budget.spend(template, values)
        return template.render(values)

    for item in items:
        if item.when is not None and not item.when.holds(dict(answers)):
            continue
        own = item.text.names - {"item", "suggestion", "message", "rule"}
        if any(not values.get(name) for name in own):
            continue  # it names an unanswered question
        if item.for_each is None:
            yield render(item.text, values)
        elif item.for_each == FINDINGS:
            for r in reframes:
                f = r.finding
                extra = {
                    "item": one_line(f.matched),  # a phrase may wrap across lines
                    "suggestion": f.suggestion,
                    "message": f.message,
                    "rule": f.rule,
                }
                yield render(item.text, {**values, **extra})
        else:
            listed = answers.get(item.for_each)
            for n, entry in enumerate(listed if isinstance(listed, tuple) else ()):
                shown = quoted(entry) if (item.for_each, n) in framed else entry
                yield render(item.text, {**values, "item": shown})


def quoted(words: str) -> str:
    """The leader's own words, as a quotation."""
    return f"“{words}”"


def _unique(texts: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for t in texts:
        key = one_line(t).casefold()
        if key not in seen:
            seen.add(key)
            out.append(t)
    return out
