"""Loading prompt sets (schema version 1): YAML in, a validated `PromptSet` out.

The format is documented in docs/prompt-sets.md and, for editors, in the JSON
Schema `kindlead/schemas/prompt-set.schema.json`. The loader checks everything a
user could get wrong at load time and reports every problem at once: unknown
keys, wrong types, unknown or forward-referencing placeholders and conditions,
choices that do not fit, and bad rule phrases.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kindlead.errors import Mark, Problem, ValidationError
from kindlead.promptsets.catalog import RESERVED_NAMES
from kindlead.promptsets.model import (
    FINDINGS,
    QUESTION_TYPES,
    RESERVED_IDS,
    Answer,
    ChecklistItem,
    Condition,
    PromptSet,
    Question,
)
from kindlead.promptsets.template import Template, TemplateSyntaxError, parse_template
from kindlead.rules.model import SCHEMA_VERSION, Rule

if TYPE_CHECKING:  # the YAML loader's helpers load with the first set read from YAML
    from kindlead.files.schema import Problems
    from kindlead.files.yamlload import Node

SET_ID = re.compile(r"[a-z][a-z0-9_-]{0,63}")
QUESTION_ID = re.compile(r"[a-z][a-z0-9_]{0,63}")
SET_KEYS = ("schema_version", "id", "title", "description", "questions", "rules", "checklist")
QUESTION_KEYS = (
    "id", "prompt", "help", "type", "required", "default", "choices", "min_items", "when", "coach",
    "private",
)  # fmt: skip
CONDITION_KEYS = ("question", "equals", "not_equals", "one_of", "answered")
ITEM_KEYS = ("text", "for_each", "when")


# -- loading --------------------------------------------------------------------------


def load_prompt_set(path: Path | str) -> PromptSet:
    """Load and validate one prompt-set file; `ValidationError` lists every problem.

    A built-in set comes precompiled (see `load_builtin_set`) while it is unedited.
    """
    precompiled = load_builtin_set(Path(path))
    return precompiled if precompiled is not None else load_yaml_set(path)


def load_yaml_set(path: Path | str) -> PromptSet:
    """`load_prompt_set` from the YAML itself, never from the precompiled data."""
    from kindlead.files.schema import Problems
    from kindlead.files.yamlload import load

    node = load(path, what="prompt set")
    if node is None:
        raise ValidationError(Problem("prompt set is empty", Mark(str(path), 1, 1)))
    problems = Problems()
    prompt_set = _parse_set(node, problems, Path(path))
    if problems or prompt_set is None:
        raise ValidationError(problems.in_order())
    return prompt_set


def _parse_set(node: Node, problems: Problems, path: Path) -> PromptSet | None:
    from kindlead.files.schema import Reader, as_map, check_version
    from kindlead.rules.loader import parse_rules

    root = as_map(node, problems, "a prompt set")
    if root is None:
        return None
    r = Reader(root, problems, "prompt set", SET_KEYS)
    check_version(r, root, problems, SCHEMA_VERSION)
    set_id = r.text("id", required=True)
    if set_id and not SET_ID.fullmatch(set_id):
        problems.add(
            f"set id {set_id!r} must be lower-case letters, digits, '-' or '_'", root.get("id")
        )
    elif set_id in RESERVED_NAMES:
        problems.add(
            f"set id {set_id!r} is reserved: {set_id}.yaml is where kindlead keeps language "
            "rules, so --set would never find this set; choose another id",
            root.get("id"),
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
    from kindlead.files.schema import Reader, as_map

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
        private=r.flag("private", default=False),
        mark=m.mark,
    )


def _default(node: Node | None, qtype: str, choices: tuple[str, ...], problems: Problems) -> Answer:
    from kindlead.files.yamlload import Scalar, Seq, as_bool, is_null

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
    from kindlead.files.schema import Reader, as_map
    from kindlead.files.yamlload import Scalar, Seq, as_bool, is_null

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
    from kindlead.files.schema import offset_mark
    from kindlead.files.yamlload import Scalar

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
    from kindlead.files.schema import Reader, as_map
    from kindlead.files.yamlload import Scalar, is_null

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


# -- the built-in sets, from generated data ------------------------------------------


def load_builtin_set(path: Path) -> PromptSet | None:
    """A built-in set from the generated data, or None to read the YAML instead.

    Only for a file in the built-in folder, and only while the data was made from
    exactly its bytes, so an edited set (in a checkout) is read, and checked, as written.
    """
    from kindlead._generated import fresh
    from kindlead.promptsets.catalog import builtin_dir

    try:
        if path.name == "-" or path.parent.resolve() != builtin_dir():
            return None
    except OSError:
        return None
    data = fresh("sets", path)
    return None if data is None else set_from_data(data.SETS[path.name], path)


def set_to_data(ps: PromptSet) -> dict[str, Any]:
    """`ps` as plain data by field name, for the generated module (marks as line, column)."""

    def plain(value: Any) -> Any:
        if isinstance(value, Mark):
            return (value.line, value.column)
        if isinstance(value, Template | Condition | Question | ChecklistItem | Rule):
            return {k: plain(v) for k, v in value._asdict().items()}
        if isinstance(value, tuple):
            return tuple(plain(v) for v in value)
        return value

    return {k: plain(v) for k, v in ps._asdict().items() if k != "path"}


def set_from_data(data: Mapping[str, Any], path: Path) -> PromptSet:
    """The `PromptSet` that `set_to_data` describes, as if loaded from `path`."""
    name = str(path)

    def mark(place: Any) -> Mark | None:
        return None if place is None else Mark(name, *place)

    def template(t: Any) -> Template | None:
        return None if t is None else Template(**t)

    def condition(c: Any) -> Condition | None:
        return None if c is None else Condition(**c)

    return PromptSet(
        **{
            **data,
            "questions": tuple(
                Question(
                    **{
                        **q,
                        "prompt": template(q["prompt"]),
                        "help": template(q["help"]),
                        "when": condition(q["when"]),
                        "mark": mark(q["mark"]),
                    }
                )
                for q in data["questions"]
            ),
            "checklist": tuple(
                ChecklistItem(**{**i, "text": template(i["text"]), "when": condition(i["when"])})
                for i in data["checklist"]
            ),
            "rules": tuple(Rule(**{**r, "source": mark(r["source"])}) for r in data["rules"]),
        },
        path=path,
    )
