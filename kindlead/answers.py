"""Gathering answers to a prompt set, and validating them. Nothing here prints.

Where an answer comes from, highest precedence first:

1. ``--answer KEY=VALUE`` — repeating the key of a list question appends; for a list
   question these items replace (do not extend) the list from an answers file;
2. ``--answers FILE|-`` — a YAML or JSON mapping of question id → answer, every
   scalar taken as written (``target: no`` is the text "no"); a list answer may be a
   YAML list or a single text (one item); an empty value (``people:``, ``people: ~``
   or ``people: []``) counts as not given, so the default or the prompt applies;
3. the PLAN argument (or stdin) — the text of the set's plan question;
4. the interactive prompt (see `kindlead.interview`);
5. the question's default.

Scripted and typed answers go through the same `coerce`. Problems with scripted
answers (malformed ``--answer`` options, answers-file entries that are not text or a
list of text, unknown ids, wrong types, choices, list minimums) are all reported at
once, before anything is asked: `parse_options` and `load_file` do not raise for them
but hand them on (`Scripted.rejected`) through `merge` to `validate`, which reports
them in order — PLAN, the answers file in file order, then the options in the order
given; `gather_scripted` then adds every missing required answer. Only an answers file
that cannot be used at all (unreadable, not YAML, not a mapping) stops at once.

Conditions: a question whose ``when`` does not hold (given the answers before it)
is skipped and has no answer. A scripted answer for a skipped question is not an
error — answers files are often shared between runs — but it is dropped, and `walk`
returns a note saying so.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from kindlead.errors import STDIN, AnswerError, Mark, Problem
from kindlead.promptsets.model import Answer, PromptSet, Question, is_answered
from kindlead.textsafe import from_argv, normalise_newlines

#: Where a scripted answer came from, for notes and for the interview.
FROM_OPTION = "--answer"
FROM_FILE = "--answers"
FROM_PLAN = "PLAN"
FROM_DRAFT = "draft"

_YES = frozenset({"y", "yes", "true", "on"})
_NO = frozenset({"n", "no", "false", "off"})


class Given(NamedTuple):
    """One scripted answer before validation: text, or several texts for a list."""

    value: str | tuple[str, ...]
    source: str  # FROM_OPTION, FROM_FILE, FROM_PLAN or FROM_DRAFT
    mark: Mark | None = None  # where the value is (answers files)
    key_mark: Mark | None = None  # where its key is
    order: int = 0  # its place among the --answer options
    problem: str | None = None  # why it cannot be used at all (`Scripted.rejected`)


class Scripted(dict[str, Given]):
    """Scripted answers by id, and the entries rejected before validation.

    `rejected` holds ``(id or None, Given)`` pairs whose `Given.problem` says what is
    wrong (a malformed option, an answer that is a mapping); `validate` reports them
    along with every other problem, so one mistake does not hide the rest.
    """

    rejected: tuple[tuple[str | None, Given], ...] = ()

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(_rejected_problem(g) for _, g in self.rejected)

    def raise_problems(self) -> None:
        """For a caller that uses these answers without `validate`."""
        if self.rejected:
            raise AnswerError(self.problems)


class Known(NamedTuple):
    """A validated answer and where it came from."""

    value: Answer
    source: str


class Gathered(NamedTuple):
    """The outcome of `walk`: the answers of the questions that apply, in order."""

    answers: dict[str, Answer]
    sources: dict[str, str]
    notes: tuple[str, ...] = ()


# -- validation, the same for every source -----------------------------------------


def coerce(question: Question, raw: str | tuple[str, ...]) -> tuple[Answer, str | None]:
    """Turn raw text (or list items) into the answer for `question`, or say what is wrong.

    Returns ``(answer, None)`` or ``(None, problem)``. An empty answer to an optional
    question is ``None`` (``()`` for a list).
    """
    if question.is_list:
        items = (raw,) if isinstance(raw, str) else raw
        kept = tuple(i.strip() for i in items if i.strip())
        if len(kept) < question.min_items:
            need = question.min_items
            return None, f"needs at least {need} item{'s' if need != 1 else ''}, got {len(kept)}"
        if question.required and not kept:
            return None, "needs at least one item"
        return kept, None
    if not isinstance(raw, str):
        return None, f"takes one answer, not a list of {len(raw)}"
    text = raw.rstrip() if question.type == "multiline" else raw.strip()
    if not text.strip():
        return None, ("is required" if question.required else None)
    if question.type == "confirm":
        word = text.lower()
        if word in _YES:
            return True, None
        if word in _NO:
            return False, None
        return None, f"takes yes or no, not {text!r}"
    if question.type == "choice":
        for choice in question.choices:
            if text == choice or text.casefold() == choice.casefold():
                return choice, None
        return None, f"takes one of: {', '.join(question.choices)} (not {text!r})"
    return text, None


def plan_question(prompt_set: PromptSet) -> Question | None:
    """The question the PLAN argument answers: the first coached multiline one, or ``plan``."""
    for q in prompt_set.questions:
        if q.coach and q.type == "multiline":
            return q
    return prompt_set.question("plan")


# -- scripted sources --------------------------------------------------------------


def parse_options(options: Sequence[str], prompt_set: PromptSet) -> Scripted:
    """``--answer KEY=VALUE`` options; a repeated list key appends, otherwise the last wins.

    A malformed option (no ``=``, or no id) is not raised here but kept in
    `Scripted.rejected`, for `validate` to report with every other problem.
    """
    rejected: list[tuple[str | None, Given]] = []
    out = Scripted()
    for order, option in enumerate(options):
        text = from_argv(option)
        if text is None:
            try:
                shown = str(os.fsencode(option))[2:-1]  # the bytes, as \xe9
            except UnicodeError:  # not from argv: text the file system encoding cannot hold
                shown = option.encode("utf-8", "backslashreplace").decode("ascii", "replace")
            problem = f"--answer {shown}: not UTF-8 text (check the terminal's encoding)"
            rejected.append((None, Given("", FROM_OPTION, order=order, problem=problem)))
            continue
        key, sep, value = text.partition("=")
        key, value = key.strip(), normalise_newlines(value)
        if not sep or not key:
            problem = f"--answer {option!r}: write it as ID=VALUE"
            rejected.append((None, Given(option, FROM_OPTION, order=order, problem=problem)))
            continue
        question = prompt_set.question(key)
        before = out.get(key)
        if question is not None and question.is_list:
            items = before.value if before is not None else ()
            first = before.order if before is not None else order
            out[key] = Given((*items, value), FROM_OPTION, order=first)
        else:
            out[key] = Given(value, FROM_OPTION, order=order)
    out.rejected = tuple(rejected)
    return out


def load_file(path: Path | str) -> Scripted:
    """An answers file (YAML or JSON, ``-`` for stdin), every scalar kept as text.

    A file that cannot be used at all raises; an entry that is neither text nor a list
    of text is kept in `Scripted.rejected`, for `validate` to report with the rest.
    """
    from kindlead.files.yamlload import Map, Scalar, Seq, is_null, kind_name, load

    root = load(path, what="answers file")
    if root is None:
        return Scripted()
    if not isinstance(root, Map):
        raise AnswerError(
            Problem(
                f"an answers file must be a mapping of question id to answer, not "
                f"{kind_name(root)}",
                root.mark,
            )
        )
    rejected: list[tuple[str | None, Given]] = []
    out = Scripted()
    for key, node in root.items:
        if is_null(node) or (isinstance(node, Seq) and not node.items):
            continue  # `people:` and `people: []` alike: not given
        if isinstance(node, Scalar):
            out[key.value] = Given(normalise_newlines(node.value), FROM_FILE, node.mark, key.mark)
        elif isinstance(node, Seq) and all(
            isinstance(i, Scalar) and not is_null(i) for i in node.items
        ):
            items = tuple(normalise_newlines(i.value) for i in node.items if isinstance(i, Scalar))
            out[key.value] = Given(items, FROM_FILE, node.mark, key.mark)
        else:
            what = "a list with an empty or nested entry" if isinstance(node, Seq) else "a mapping"
            problem = f"{key.value!r}: an answer is text or a list of text, not {what}"
            rejected.append((key.value, Given((), FROM_FILE, node.mark, key.mark, problem=problem)))
    out.rejected = tuple(rejected)
    return out


def merge(
    options: Mapping[str, Given],
    from_file: Mapping[str, Given],
    plan: Given | None,
    plan_id: str | None,
) -> Scripted:
    """Combine the scripted sources by precedence: option > file > PLAN.

    The entries the sources rejected (`Scripted.rejected`) are all kept: a broken
    entry in the answers file is reported even when an option answers its question.
    """
    merged = Scripted()
    if plan is not None and plan_id is not None:
        merged[plan_id] = plan
    merged.update(from_file)
    merged.update(options)
    merged.rejected = (*_rejected(from_file), *_rejected(options))
    return merged


def _rejected(given: Mapping[str, Given]) -> tuple[tuple[str | None, Given], ...]:
    return given.rejected if isinstance(given, Scripted) else ()


def _rejected_problem(g: Given) -> Problem:
    return Problem(g.problem or "cannot be used", g.mark)


_SOURCE_RANK = {FROM_PLAN: 0, FROM_FILE: 1, FROM_OPTION: 2}


def _place(g: Given) -> tuple[int, int, int]:
    """Where a scripted answer is, for reporting: PLAN, the file in file order, options."""
    rank = _SOURCE_RANK.get(g.source, 3)
    mark = g.key_mark or g.mark
    if mark is not None and mark.line is not None:
        return rank, mark.line, mark.column or 0
    return rank, g.order, 0


def validate(prompt_set: PromptSet, given: Mapping[str, Given]) -> Checked:
    """Check every scripted answer against its question, collecting every problem.

    The entries rejected before validation (`Scripted.rejected`) are reported too; all
    problems come in order: PLAN, the answers file in file order, then the options.
    """
    found: list[tuple[tuple[int, int, int], Problem]] = []
    invalid: list[tuple[str, str, Problem]] = []
    known: dict[str, Known] = {}
    ids = [q.id for q in prompt_set.questions]
    rejected = _rejected(given)
    for _, g in rejected:
        found.append((_place(g), _rejected_problem(g)))
    for key, g in given.items():
        question = prompt_set.question(key)
        if question is None:
            problem = Problem(
                f"unknown question id {key!r} in {g.source} "
                f"(the {prompt_set.id!r} set asks: {', '.join(ids)})",
                g.key_mark or g.mark,
            )
            found.append((_place(g), problem))
            continue
        value, said = coerce(question, g.value)
        if said == "is required" and g.source == FROM_PLAN:
            found.append((_place(g), _empty_plan(g.mark)))
        elif said is not None:
            problem = Problem(f"{key!r} {said}", g.mark)
            found.append((_place(g), problem))
            invalid.append((key, g.source, problem))
        else:
            known[key] = Known(value, g.source)
    found.sort(key=lambda item: item[0])  # stable: ties keep their order
    ids_given = frozenset(given) | {key for key, _ in rejected if key is not None}
    return Checked(known, tuple(p for _, p in found), ids_given, tuple(invalid))


class Checked(NamedTuple):
    """Validated scripted answers, and the problems with the others."""

    known: dict[str, Known]
    problems: tuple[Problem, ...]
    given: frozenset[str]  # every id that had a scripted answer, valid or not
    invalid: tuple[tuple[str, str, Problem], ...] = ()  # (question id, source, problem)

    def raise_problems(self) -> None:
        if self.problems:
            raise AnswerError(self.problems)

    def without_skipped(self, prompt_set: PromptSet) -> tuple[Checked, tuple[str, ...]]:
        """Drop the problems of answers to questions whose condition fails, as a valid
        answer to such a question is dropped: answers files are shared between runs.
        Returns the rest, and a note for each answer dropped."""
        values: dict[str, Answer] = {
            q.id: q.default for q in prompt_set.questions if q.default is not None
        }
        values.update((k, v.value) for k, v in self.known.items())
        dropped: list[Problem] = []
        notes: list[str] = []
        for qid, source, problem in self.invalid:
            q = prompt_set.question(qid)
            if q is not None and q.when is not None and not q.when.holds(values):
                dropped.append(problem)
                notes.append(
                    f"the answer to {qid!r} from {source} is not used: the question does "
                    f"not apply ({describe_condition(q)}); it {problem.message.split(' ', 1)[1]}"
                )
        if not dropped:
            return self, ()
        kept = tuple(p for p in self.problems if p not in dropped)
        return self._replace(problems=kept), tuple(notes)


def gather_scripted(prompt_set: PromptSet, checked: Checked) -> Gathered:
    """Answers without asking anyone: every invalid and missing answer reported at once."""
    checked, notes = checked.without_skipped(prompt_set)
    try:
        gathered = walk(prompt_set, checked.known, skip_missing=checked.given)
    except AnswerError as e:
        raise AnswerError((*checked.problems, *e.problems)) from None
    checked.raise_problems()
    return gathered._replace(notes=(*notes, *gathered.notes)) if notes else gathered


# -- walking the questions ---------------------------------------------------------

#: Asks one question: (question, its number, how many questions, answers so far) → answer.
Ask = Callable[[Question, int, int, Mapping[str, Answer]], Answer]
#: Told about a question answered without asking: (question, number, total, known answer).
Tell = Callable[[Question, int, int, Known], None]


def _may_apply(q: Question, answers: Mapping[str, Answer]) -> bool:
    """Whether a question may yet be asked, given the answers so far."""
    return q.when is None or q.when.question not in answers or q.when.holds(answers)


def walk(
    prompt_set: PromptSet,
    known: Mapping[str, Known],
    ask: Ask | None = None,
    tell: Tell | None = None,
    skip_missing: frozenset[str] = frozenset(),
) -> Gathered:
    """Go through the questions in order, honouring conditions.

    A known answer is used as is; otherwise `ask` (if interactive) asks, and without
    it the default is taken. Every missing required answer is reported at once
    (except those in `skip_missing`, whose invalid answers are reported elsewhere).
    """
    answers: dict[str, Answer] = {}
    sources: dict[str, str] = {}
    notes: list[str] = []
    missing: list[Question] = []
    questions = prompt_set.questions
    number = 0
    for at, q in enumerate(questions):
        if q.when is not None and not q.when.holds(answers):
            k = known.get(q.id)
            if k is not None and k.source != "interview":
                notes.append(
                    f"the answer to {q.id!r} from {k.source} is not used: "
                    f"the question does not apply ({describe_condition(q)})"
                )
            continue
        # Numbered among the questions that apply, so that a skipped one leaves no gap;
        # a later question counts unless its condition is known not to hold.
        number += 1
        total = number + sum(1 for later in questions[at + 1 :] if _may_apply(later, answers))
        if q.id in known:
            answers[q.id], sources[q.id] = known[q.id].value, known[q.id].source
            if tell is not None:
                tell(q, number, total, known[q.id])
        elif ask is not None:
            answers[q.id], sources[q.id] = ask(q, number, total, answers), "interview"
        elif q.default is not None:
            answers[q.id], sources[q.id] = q.default, "default"
        elif q.required or q.min_items:
            if q.id not in skip_missing:  # its answer was given but invalid: said already
                missing.append(q)
        else:
            answers[q.id], sources[q.id] = ((), "none") if q.is_list else (None, "none")
    if missing:
        plan_q = plan_question(prompt_set)
        raise AnswerError([_missing(q, q is plan_q) for q in missing])
    return Gathered(answers, sources, tuple(notes))


def _empty_plan(mark: Mark | None) -> Problem:
    if mark is not None and mark.path in ("-", STDIN):
        return Problem("standard input was empty: expected the text of your plan")
    return Problem("the plan file is empty: expected the text of your plan", mark)


def _missing(q: Question, is_plan: bool) -> Problem:
    example = f"--answer {q.id}=…" + (" (repeat for more items)" if q.is_list else "")
    if is_plan:
        example = f"the PLAN argument (a file, or - for stdin) or {example}"
    return Problem(f"missing answer for {q.id!r} ({q.type}, required): give it with {example}")


def describe_condition(q: Question) -> str:
    c = q.when
    if c is None:
        return "always"
    if c.op == "answered":
        return f"only when {c.question!r} is {'answered' if c.values[0] else 'not answered'}"
    words = ", ".join(text(v) for v in c.values)
    op = {"equals": "is", "not_equals": "is not", "one_of": "is one of"}[c.op]
    return f"only when {c.question!r} {op} {words}"


def text(value: Answer) -> str:
    """An answer as text for templates and summaries: lists joined, yes/no spelled out."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ", ".join(value)
    return value


def dump(answers: Mapping[str, Answer], header: str = "") -> str:
    """Answers as an answers file (YAML) that `load_file` reads back exactly.

    Text is written as YAML block strings (``|-``) where YAML allows it (otherwise
    quoted), so a person can read and edit the file; yes/no answers are written as
    the words; unanswered questions are left out.
    """
    import yaml

    class Block(str):
        pass

    class Dumper(yaml.SafeDumper):
        pass

    def block(dumper: yaml.SafeDumper, data: Block) -> yaml.ScalarNode:
        # NEL and the Unicode line separators read back as line breaks in a block.
        style = '"' if any(c in data for c in "\r\x85\u2028\u2029") else "|"
        return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style=style)

    Dumper.add_representer(Block, block)

    def value(v: Answer) -> Block | list[Block]:
        return [Block(i) for i in v] if isinstance(v, tuple) else Block(text(v))

    data = {qid: value(v) for qid, v in answers.items() if is_answered(v)}
    body = yaml.dump(
        data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=10_000, indent=2
    )
    comments = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return comments + (body if data else "{}\n")
