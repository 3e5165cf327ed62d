"""Prompt sets: the frozen model and its loader (schema version 1).

The format is documented in docs/prompt-sets.md and, for editors, in the JSON
Schema `kindlead/schemas/prompt-set.schema.json`. The loader checks everything a
user could get wrong at load time and reports every problem at once: unknown
keys, wrong types, unknown or forward-referencing placeholders and conditions,
choices that do not fit, and bad rule phrases.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kindlead import recache
from kindlead.errors import Mark, Problem, ValidationError
from kindlead.record import Record
from kindlead.rules import Rule, checksum
from kindlead.template import Template, TemplateSyntaxError, parse_template

if TYPE_CHECKING:  # the YAML loader's helpers load with the first set read from YAML
    from kindlead.schema import Problems
    from kindlead.yamlload import Node

QUESTION_TYPES = ("text", "multiline", "list", "choice", "confirm")
SET_ID = recache.compile(r"[a-z][a-z0-9_-]{0,63}")
QUESTION_ID = recache.compile(r"[a-z][a-z0-9_]{0,63}")
#: Names a template can use inside `for_each`, which questions may not take.
RESERVED_IDS = frozenset({"item", "findings", "suggestion", "message", "rule"})
FINDINGS = "findings"

SET_KEYS = ("schema_version", "id", "title", "description", "questions", "rules", "checklist")
QUESTION_KEYS = (
    "id", "prompt", "help", "type", "required", "default", "choices", "min_items", "when", "coach",
)  # fmt: skip
CONDITION_KEYS = ("question", "equals", "not_equals", "one_of", "answered")
ITEM_KEYS = ("text", "for_each", "when")

Answer = str | bool | tuple[str, ...] | None


def is_answered(value: Answer) -> bool:
    """Whether an answer says anything: not missing, not empty text, not an empty list."""
    return value not in (None, "", ())


class Condition(Record):
    """``when:`` — show a question or checklist item depending on an earlier answer."""

    __slots__ = ("op", "question", "values")
    question: str
    op: str  # equals | not_equals | one_of | answered
    values: tuple[str | bool, ...]

    def __init__(self, question: str, op: str, values: tuple[str | bool, ...]) -> None:
        self._init(question, op, values)

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


class Question(Record):
    __slots__ = (
        "choices", "coach", "default", "help", "id", "mark", "min_items", "prompt", "required",
        "type", "when",
    )  # fmt: skip
    id: str
    prompt: Template
    help: Template | None
    type: str
    required: bool
    default: Answer
    choices: tuple[str, ...]
    min_items: int
    when: Condition | None
    coach: bool
    mark: Mark | None

    def __init__(
        self,
        id: str,
        prompt: Template,
        help: Template | None = None,
        type: str = "text",
        required: bool = False,
        default: Answer = None,
        choices: tuple[str, ...] = (),
        min_items: int = 0,
        when: Condition | None = None,
        coach: bool = False,
        mark: Mark | None = None,
    ) -> None:
        self._init(id, prompt, help, type, required, default, choices, min_items, when, coach, mark)

    @property
    def is_list(self) -> bool:
        return self.type == "list"


class ChecklistItem(Record):
    __slots__ = ("for_each", "text", "when")
    text: Template
    for_each: str | None  # a list question id, or "findings"
    when: Condition | None

    def __init__(
        self, text: Template, for_each: str | None = None, when: Condition | None = None
    ) -> None:
        self._init(text, for_each, when)


class PromptSet(Record):
    __slots__ = ("checklist", "description", "id", "path", "questions", "rules", "title")
    id: str
    title: str
    description: str
    questions: tuple[Question, ...]
    checklist: tuple[ChecklistItem, ...]
    rules: tuple[Rule, ...]
    path: Path | None

    def __init__(
        self,
        id: str,
        title: str,
        description: str,
        questions: tuple[Question, ...],
        checklist: tuple[ChecklistItem, ...],
        rules: tuple[Rule, ...] = (),
        path: Path | None = None,
    ) -> None:
        self._init(id, title, description, questions, checklist, rules, path)

    def question(self, qid: str) -> Question | None:
        return next((q for q in self.questions if q.id == qid), None)

    @property
    def coached(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.coach)


# -- loading --------------------------------------------------------------------------


def load_prompt_set(path: Path | str) -> PromptSet:
    """Load and validate one prompt-set file; `ValidationError` lists every problem.

    A built-in set comes precompiled (see `load_builtin_set`) while it is unedited.
    """
    precompiled = load_builtin_set(Path(path))
    return precompiled if precompiled is not None else load_yaml_set(path)


def load_yaml_set(path: Path | str) -> PromptSet:
    """`load_prompt_set` from the YAML itself, never from the precompiled data."""
    from kindlead.schema import Problems
    from kindlead.yamlload import load

    node = load(path, what="prompt set")
    if node is None:
        raise ValidationError(Problem("prompt set is empty", Mark(str(path), 1, 1)))
    problems = Problems()
    prompt_set = _parse_set(node, problems, Path(path))
    if problems or prompt_set is None:
        raise ValidationError(problems.in_order())
    return prompt_set


def _parse_set(node: Node, problems: Problems, path: Path) -> PromptSet | None:
    from kindlead.rules import _check_version, parse_rules
    from kindlead.schema import Reader, as_map

    root = as_map(node, problems, "a prompt set")
    if root is None:
        return None
    r = Reader(root, problems, "prompt set", SET_KEYS)
    _check_version(r, root.get("schema_version"), problems, root)
    set_id = r.text("id", required=True)
    if set_id and not SET_ID.fullmatch(set_id):
        problems.add(
            f"set id {set_id!r} must be lower-case letters, digits, '-' or '_'", root.get("id")
        )
    elif set_id and path.name != "-" and path.stem != set_id:
        problems.add(
            f"set id {set_id!r} must match the file name ({path.stem!r}), "
            "so that --set finds it by that name",
            root.get("id"),
        )
    title = r.text("title", required=True)
    description = r.text("description")

    questions: list[Question] = []
    by_id: dict[str, Question] = {}  # lookups stay linear in a set of 10,000 questions
    for q_node in r.seq("questions", required=True):
        q = _parse_question(q_node, problems, by_id)
        if q is not None:
            questions.append(q)
            by_id.setdefault(q.id, q)
    if root.get("questions") is not None and not questions and not problems:
        problems.add("a prompt set needs at least one question", root.get("questions"))

    rules = parse_rules(r.seq("rules"), problems, {})
    checklist = [
        item
        for i_node in r.seq("checklist", required=True)
        if (item := _parse_item(i_node, problems, by_id)) is not None
    ]
    return PromptSet(
        id=set_id,
        title=title,
        description=description,
        questions=tuple(questions),
        checklist=tuple(checklist),
        rules=tuple(rules),
        path=path,
    )


def _parse_question(
    node: Node, problems: Problems, earlier: Mapping[str, Question]
) -> Question | None:
    from kindlead.schema import Reader, as_map

    m = as_map(node, problems, "a question")
    if m is None:
        return None
    r = Reader(m, problems, "question", QUESTION_KEYS)
    qid = r.text("id", required=True)
    id_node = m.get("id")
    if qid:
        if not QUESTION_ID.fullmatch(qid):
            problems.add(f"question id {qid!r} must be lower-case letters, digits and '_'", id_node)
        elif qid in RESERVED_IDS:
            problems.add(f"question id {qid!r} is reserved for checklist templates", id_node)
        elif qid in earlier:
            problems.add(f"question id {qid!r} is used twice", id_node)
    earlier_ids = earlier

    qtype = r.text("type", default="text")
    if qtype not in QUESTION_TYPES:
        problems.add(
            f"type must be one of {', '.join(QUESTION_TYPES)}, not {qtype!r}", m.get("type")
        )
        qtype = "text"
    prompt_text = r.text("prompt", required=True)
    prompt = _template(m, m.get("prompt"), "'prompt'", prompt_text, problems, earlier_ids)
    help_text = r.text("help")
    help_t = (
        _template(m, m.get("help"), "'help'", help_text, problems, earlier_ids)
        if help_text
        else None
    )

    choices = tuple(s.value for s in r.texts("choices"))
    if qtype == "choice" and len(choices) < 2:
        problems.add("a choice question needs at least two choices", m.get("choices") or m)
    elif qtype != "choice" and choices:
        problems.add("only choice questions take 'choices'", m.get("choices"))
    if len(set(choices)) != len(choices):
        problems.add("choices must not repeat", m.get("choices"))

    min_items = r.integer("min_items", 0)
    if m.get("min_items") is not None and qtype != "list":
        problems.add("only list questions take 'min_items'", m.get("min_items"))
    required = r.flag("required", default=min_items > 0)

    default = _default(m.get("default"), qtype, choices, problems)
    return Question(
        id=qid,
        prompt=prompt or parse_template(""),
        help=help_t,
        type=qtype,
        required=required,
        default=default,
        choices=choices,
        min_items=min_items,
        when=_condition(m.get("when"), problems, earlier),
        coach=r.flag("coach", default=False),
        mark=m.mark,
    )


def _default(node: Node | None, qtype: str, choices: tuple[str, ...], problems: Problems) -> Answer:
    from kindlead.yamlload import Scalar, Seq, as_bool, is_null

    if is_null(node):
        return None
    assert node is not None
    if qtype == "list":
        if isinstance(node, Seq) and all(isinstance(i, Scalar) for i in node.items):
            return tuple(i.value for i in node.items if isinstance(i, Scalar))
        problems.add("the default of a list question must be a list of text", node)
        return None
    if not isinstance(node, Scalar):
        problems.add("a default must be text", node)
        return None
    if qtype == "confirm":
        value = as_bool(node)
        if value is None:
            problems.add("the default of a confirm question must be yes or no", node)
        return value
    if qtype == "choice" and choices and node.value not in choices:
        problems.add(f"default {node.value!r} is not one of the choices", node)
    return node.value


def _condition(
    node: Node | None, problems: Problems, earlier: Mapping[str, Question]
) -> Condition | None:
    from kindlead.schema import Reader, as_map
    from kindlead.yamlload import Scalar, Seq, as_bool, is_null

    m = as_map(node, problems, "'when'") if not is_null(node) else None
    if m is None:
        return None
    r = Reader(m, problems, "'when'", CONDITION_KEYS)
    qid = r.text("question", required=True)
    target = earlier.get(qid)
    if qid and target is None:
        problems.add(
            f"'when' refers to {qid!r}, which is not an earlier question", m.get("question")
        )
    ops = [k.value for k, _ in m.items if k.value in CONDITION_KEYS[1:]]
    if len(ops) != 1:
        problems.add("'when' needs exactly one of equals, not_equals, one_of, answered", m)
        return None
    op = ops[0]
    value_node = m.get(op)
    if op == "answered":
        return Condition(qid, op, (r.flag("answered", default=True),))
    raw = value_node.items if isinstance(value_node, Seq) and op == "one_of" else (value_node,)
    if op == "one_of" and not isinstance(value_node, Seq):
        problems.add("'one_of' must be a list", value_node)
        return None
    values: list[str | bool] = []
    for v in raw:
        if not isinstance(v, Scalar):
            problems.add(f"'{op}' takes text", v)
            continue
        if target is not None and target.type == "confirm":
            b = as_bool(v)
            if b is None:
                problems.add(f"{qid!r} is a yes/no question: compare it with yes or no", v)
                continue
            values.append(b)
        else:
            if target is not None and target.type == "choice" and v.value not in target.choices:
                problems.add(f"{v.value!r} is not one of the choices of {qid!r}", v)
            values.append(v.value)
    return Condition(qid, op, tuple(values))


def _template(
    parent: Node,
    node: Node | None,
    label: str,
    source: str,
    problems: Problems,
    allowed: Collection[str],
    extra: Collection[str] = (),
) -> Template | None:
    """Parse a template and check its placeholders against the names `allowed` there
    (the earlier questions) and `extra` (what a repeat adds, such as ``item``)."""
    from kindlead.schema import offset_mark
    from kindlead.yamlload import Scalar

    where = node if isinstance(node, Scalar) else None

    def mark(offset: int) -> Mark | None:
        return offset_mark(where, offset) if where else parent.mark

    try:
        template = parse_template(source)
    except TemplateSyntaxError as e:
        problems.add(f"bad template in {label}: {e}", mark(e.offset))
        return None
    for name, offset in template.placeholders():
        if name not in allowed and name not in extra:
            known = sorted({*allowed, *extra})
            shown = ", ".join(known[:12]) + (", …" if len(known) > 12 else "")
            hint = f" (known here: {shown})" if known else ""
            problems.add(f"unknown placeholder {{{name}}} in {label}{hint}", mark(offset))
    return template


def _parse_item(
    node: Node, problems: Problems, questions: Mapping[str, Question]
) -> ChecklistItem | None:
    from kindlead.schema import Reader, as_map
    from kindlead.yamlload import Scalar, is_null

    if isinstance(node, Scalar) and not is_null(node):  # shorthand: just the text
        text_t = _template(node, node, "checklist item", node.value, problems, questions)
        return ChecklistItem(text_t) if text_t else None
    m = as_map(node, problems, "a checklist item")
    if m is None:
        return None
    r = Reader(m, problems, "checklist item", ITEM_KEYS)
    extra: set[str] = set()
    for_each = r.text("for_each") or None
    if for_each == FINDINGS:
        extra = {"item", "suggestion", "message", "rule"}
    elif for_each is not None:
        target = questions.get(for_each)
        if target is None or target.type != "list":
            problems.add(
                f"'for_each' must name a list question or 'findings', not {for_each!r}",
                m.get("for_each"),
            )
        extra = {"item"}
    text = r.text("text", required=True)
    text_t = _template(m, m.get("text"), "'text'", text, problems, questions, extra)
    when = _condition(m.get("when"), problems, questions)
    return ChecklistItem(text_t, for_each, when) if text_t else None


# -- the built-in sets, precompiled ---------------------------------------------------

#: The built-in sets as validated data in a Python module (its bytecode loads with no
#: YAML parser to import), each with a checksum of the YAML it was made from
#: (scripts/gen_builtin_sets.py; tests/test_promptset.py fails when it is stale).
PRECOMPILED = Path(__file__).resolve().parent / "_builtin_sets.py"


def load_builtin_set(path: Path) -> PromptSet | None:
    """A built-in set from the precompiled data, or None to read the YAML instead.

    Only for a file in the built-in folder, and only while the data was made from
    exactly its bytes, so an edited set (in a checkout) is read, and checked, as written.
    """
    from kindlead.catalog import builtin_dir

    try:
        if path.name == "-" or path.parent.resolve() != builtin_dir():
            return None
        from kindlead._builtin_sets import SETS

        data = SETS[path.name]
        text = path.read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        if data["checksum"] != checksum(text):
            return None
    except (OSError, ValueError, KeyError, TypeError, ImportError):  # the YAML loader says
        return None
    return set_from_data(data, path)


def set_to_data(ps: PromptSet, text: str) -> dict[str, Any]:
    """`ps`, loaded from YAML `text`, as plain data for the precompiled module."""

    def template(t: Template | None) -> tuple[str, tuple[tuple[str, bool], ...]] | None:
        return None if t is None else (t.source, t.parts)

    def condition(c: Condition | None) -> tuple[str, str, tuple[str | bool, ...]] | None:
        return None if c is None else (c.question, c.op, c.values)

    def place(mark: Mark | None) -> tuple[int | None, int | None] | None:
        return None if mark is None else (mark.line, mark.column)

    return {
        "checksum": checksum(text),
        "id": ps.id,
        "title": ps.title,
        "description": ps.description,
        "questions": [
            {
                "id": q.id,
                "prompt": template(q.prompt),
                "help": template(q.help),
                "type": q.type,
                "required": q.required,
                "default": q.default,
                "choices": q.choices,
                "min_items": q.min_items,
                "when": condition(q.when),
                "coach": q.coach,
                "mark": place(q.mark),
            }
            for q in ps.questions
        ],
        "checklist": [
            {"text": template(i.text), "for_each": i.for_each, "when": condition(i.when)}
            for i in ps.checklist
        ],
        "rules": [
            {
                "id": r.id,
                "message": r.message,
                "suggestion": r.suggestion,
                "patterns": r.patterns,
                "exceptions": r.exceptions,
                "contexts": r.contexts,
                "severity": r.severity,
                "source": place(r.source),
            }
            for r in ps.rules
        ],
    }


def set_from_data(data: Mapping[str, Any], path: Path) -> PromptSet:
    """The `PromptSet` that `set_to_data` describes, as if loaded from `path`."""
    name = str(path)

    def template(t: Any) -> Template:
        return Template(t[0], t[1])

    def condition(c: Any) -> Condition | None:
        return None if c is None else Condition(*c)

    def mark(place: Any) -> Mark | None:
        return None if place is None else Mark(name, *place)

    return PromptSet(
        id=data["id"],
        title=data["title"],
        description=data["description"],
        questions=tuple(
            Question(
                id=q["id"],
                prompt=template(q["prompt"]),
                help=None if q["help"] is None else template(q["help"]),
                type=q["type"],
                required=q["required"],
                default=q["default"],
                choices=q["choices"],
                min_items=q["min_items"],
                when=condition(q["when"]),
                coach=q["coach"],
                mark=mark(q["mark"]),
            )
            for q in data["questions"]
        ),
        checklist=tuple(
            ChecklistItem(template(i["text"]), i["for_each"], condition(i["when"]))
            for i in data["checklist"]
        ),
        rules=tuple(Rule(**{**r, "source": mark(r["source"])}) for r in data["rules"]),
        path=path,
    )
