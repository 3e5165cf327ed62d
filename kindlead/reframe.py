"""`kindlead reframe` as a service: a request in, a cooperation plan out.

    find the prompt set → load it → gather the answers (scripted, or an interview
    passed in) → coach the text → build the plan

The command maps its options to a `Request`, chooses whether a person is asked
(and passes the interview in), then renders the plan and writes it. Nothing here
prints: notes go to `on_note`, problems are raised as `KindleadError`s, and an
interview that ends early raises `Interrupted` with the answers so far.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple, Protocol

from kindlead.answers import Checked, Gathered
from kindlead.errors import STDIN, KindleadError, Mark
from kindlead.plan import Plan
from kindlead.promptsets.model import PromptSet
from kindlead.rules.model import Rule

# A plan is prose, not configuration: allow long documents, refuse absurd ones.
MAX_PLAN_BYTES = 16 * 1024 * 1024


class Request(NamedTuple):
    set_name: str = "cooperation"
    """A prompt set's name or the path to its file."""
    prompts_dirs: tuple[Path, ...] = ()
    plan: str | None = None
    """The plan's file, ``-`` for standard input, or None."""
    answers_file: str | None = None
    """An answers file, ``-`` for standard input, or None."""
    answers: tuple[str, ...] = ()
    """``ID=VALUE`` answers (`kindlead.answers.parse_options`)."""
    rule_files: tuple[Path, ...] = ()
    draft: Mapping[str, str | tuple[str, ...]] | None = None
    """Answers kept from an earlier interview (`kindlead.drafts`): below all the others."""


class Interview(Protocol):
    """Asks a person what the scripted answers leave open (`kindlead.interview`)."""

    def __call__(
        self, prompt_set: PromptSet, rules: Sequence[Rule], checked: Checked
    ) -> Gathered: ...


class Plans(NamedTuple):
    plan: Plan
    """The plan, every answer in it."""
    keepable: Plan
    """The same plan without the answers to questions marked private: what a draft or
    the journal may keep."""


def reframe(
    request: Request,
    interview: Interview | None = None,
    on_note: Callable[[str], None] = lambda note: None,
) -> Plan:
    """The cooperation plan for `request`; with an `interview`, a person is asked."""
    return reframe_plans(request, interview, on_note).plan


def reframe_plans(
    request: Request,
    interview: Interview | None = None,
    on_note: Callable[[str], None] = lambda note: None,
) -> Plans:
    """The cooperation plan for `request` (and what of it may be kept); with an
    `interview`, a person is asked.

    Every problem with the scripted answers is raised at once (`AnswerError`); with
    an interview, before anything is asked.
    """
    from kindlead import answers as A
    from kindlead.files.yamlload import read_text
    from kindlead.plan import build_plan
    from kindlead.promptsets.catalog import resolve
    from kindlead.promptsets.loader import load_prompt_set
    from kindlead.rules.loader import load_rules
    from kindlead.textsafe import normalise_newlines

    if request.plan == "-" and request.answers_file == "-":
        raise KindleadError("PLAN and --answers cannot both read stdin ('-'); use a file for one")
    prompt_set = load_prompt_set(resolve(request.set_name, request.prompts_dirs))
    plan_q = A.plan_question(prompt_set)
    plan_given = None
    if request.plan is not None:
        if plan_q is None:
            raise KindleadError(
                f"the {prompt_set.id!r} set has no plan question: pass answers with --answer "
                "or --answers instead of PLAN"
            )
        text = read_text(request.plan, what="plan", max_bytes=MAX_PLAN_BYTES)
        where = Mark(STDIN if request.plan == "-" else request.plan)
        plan_given = A.Given(normalise_newlines(text), A.FROM_PLAN, where)
    options = A.parse_options(request.answers, prompt_set)
    from_file = A.load_file(request.answers_file) if request.answers_file is not None else {}
    given = A.merge(options, from_file, plan_given, plan_q.id if plan_q else None)
    for qid, value in (request.draft or {}).items():
        if qid not in given and prompt_set.question(qid) is not None:
            given[qid] = A.Given(value, A.FROM_DRAFT)
    checked = A.validate(prompt_set, given)
    rules = load_rules(request.rule_files, extra_rules=prompt_set.rules)

    if interview is None:
        gathered = A.gather_scripted(prompt_set, checked)
    else:
        checked, notes = checked.without_skipped(prompt_set)
        for note in notes:
            on_note(note)
        checked.raise_problems()  # before asking anything
        gathered = interview(prompt_set, rules, checked)
    for note in gathered.notes:
        on_note(note)
    plan = build_plan(prompt_set, gathered.answers, rules)
    private = {q.id for q in prompt_set.questions if q.private}
    if not private & set(gathered.answers):
        return Plans(plan, plan)
    kept = {k: v for k, v in gathered.answers.items() if k not in private}
    return Plans(plan, build_plan(prompt_set, kept, rules))
