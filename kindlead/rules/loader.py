"""Loading language rules: rule files, a prompt set's `rules:`, and the built-in rules.

Every problem in a file is reported at once, each at its FILE:LINE:COL. The built-in
rules (`prompts/rules.yaml`) come from generated data while that data was made from
exactly this YAML (see `kindlead._generated`), so `check` starts without the YAML
parser and without compiling a phrase.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from kindlead.errors import Mark, Problem, ValidationError
from kindlead.rules.model import PLACEHOLDERS, RULE_ID, SCHEMA_VERSION, SEVERITIES, Rule

if TYPE_CHECKING:  # the loader's helpers load with the first rule *file*, not at start-up
    from kindlead.files.schema import Problems, Reader
    from kindlead.files.yamlload import Node
    from kindlead.rules.phrases import Needs

RULE_KEYS = ("id", "message", "suggestion", "patterns", "exceptions", "contexts", "severity")


def _phrases(reader: Reader, key: str, problems: Problems, required: bool) -> tuple[str, ...]:
    from kindlead.files.schema import offset_mark
    from kindlead.rules.phrases import PhraseSyntaxError, compile_phrase

    out = []
    for node in reader.texts(key, required=required):
        try:
            compile_phrase(node.value)
        except PhraseSyntaxError as e:
            problems.add(f"bad phrase in {key!r}: {e}", offset_mark(node, e.offset))
            continue
        out.append(node.value)
    return tuple(out)


def parse_rules(nodes: Iterable[Node], problems: Problems, seen: dict[str, Mark]) -> list[Rule]:
    """Rules from a `rules:` list. `seen` maps ids to where they were first defined."""
    from kindlead.files.schema import Reader, as_map

    rules = []
    for node in nodes:
        m = as_map(node, problems, "a rule")
        if m is None:
            continue
        r = Reader(m, problems, "rule", RULE_KEYS)
        rule_id = r.text("id", required=True)
        id_node = m.get("id")
        if rule_id and not RULE_ID.fullmatch(rule_id):
            problems.add(
                f"rule id {rule_id!r} must be lower-case letters, digits, '-' and '.'", id_node
            )
        elif rule_id in seen:
            problems.add(f"rule {rule_id!r} is defined twice (first at {seen[rule_id]})", id_node)
        elif rule_id:
            seen[rule_id] = m.mark
        severity = r.text("severity", default="warning")
        if severity not in SEVERITIES:
            problems.add(
                f"severity must be one of {', '.join(SEVERITIES)}, not {severity!r}",
                m.get("severity"),
            )
        suggestion = r.text("suggestion", required=True)
        _check_placeholders(suggestion, m.get("suggestion"), problems)
        rule = Rule(
            id=rule_id,
            message=r.text("message", required=True),
            suggestion=suggestion,
            patterns=_phrases(r, "patterns", problems, required=True),
            exceptions=_phrases(r, "exceptions", problems, required=False),
            contexts=_phrases(r, "contexts", problems, required=False),
            severity=severity,
            source=m.mark,
        )
        if m.get("patterns") is not None and not rule.patterns and not problems:
            problems.add("a rule needs at least one pattern", m)
        rules.append(rule)
    return rules


def _check_placeholders(text: str, node: Node | None, problems: Problems) -> None:
    """A suggestion may name {target}, {idea} and {people}, and nothing else."""
    from kindlead.files.schema import offset_mark
    from kindlead.files.yamlload import Scalar
    from kindlead.promptsets.template import TemplateSyntaxError, parse_template

    def mark(offset: int) -> Mark | Node | None:
        return offset_mark(node, offset) if isinstance(node, Scalar) else node

    try:
        template = parse_template(text)
    except TemplateSyntaxError as e:
        problems.add(f"bad suggestion: {e}", mark(e.offset))
        return
    for name, offset in template.placeholders():
        if name not in PLACEHOLDERS:
            known = ", ".join(f"{{{k}}}" for k in PLACEHOLDERS)
            problems.add(
                f"unknown placeholder {{{name}}} in a suggestion (known: {known})", mark(offset)
            )


def load_rule_file(path: Path | str) -> tuple[Rule, ...]:
    """Load and validate one rule file, reporting every problem at once."""
    from kindlead.files.schema import Problems, Reader, as_map, check_version
    from kindlead.files.yamlload import load

    node = load(path, what="rule file")
    name = str(path)
    problems = Problems()
    if node is None:
        raise ValidationError(Problem("rule file is empty", Mark(name, 1, 1)))
    root = as_map(node, problems, "a rule file")
    if root is None:
        raise ValidationError(problems.in_order())
    r = Reader(root, problems, "rule file", ("schema_version", "rules"))
    check_version(r, root, problems, SCHEMA_VERSION)
    rules = parse_rules(r.seq("rules", required=True), problems, {})
    if problems:
        raise ValidationError(problems.in_order())
    return tuple(rules)


# -- the built-in rules, and the phrases' compiled form -------------------------------

#: Phrase -> (its regex on lower-cased text, its required words). Filled from the
#: generated data for the built-in rules, so a `check` with them parses no phrase.
PHRASES: dict[str, tuple[str, Needs]] = {}


def compiled_phrase(phrase: str) -> tuple[str, Needs]:
    """What a scanner needs of a phrase: its regex on lower-cased text, its words."""
    known = PHRASES.get(phrase)
    if known is None:
        from kindlead.rules.phrases import compile_phrase, required_words

        known = PHRASES[phrase] = (compile_phrase(phrase.lower()), required_words(phrase))
    return known


@cache
def builtin_generated() -> ModuleType | None:
    """`kindlead._generated.rules` while it matches the built-in rule file, else None."""
    from kindlead._generated import fresh
    from kindlead.promptsets.catalog import builtin_rules

    return fresh("rules", builtin_rules())


def load_builtin_rules() -> tuple[Rule, ...]:
    """The built-in rule file: from the generated data while it matches the YAML."""
    from kindlead.promptsets.catalog import builtin_rules

    path = builtin_rules()
    data = builtin_generated()
    if data is None:
        return load_rule_file(path)
    for phrase, (regex, needs) in data.PHRASES.items():
        PHRASES.setdefault(phrase, (regex, tuple(frozenset(g) for g in needs)))
    name = str(path)
    return tuple(
        Rule(**{**fields, "source": Mark(name, *fields["source"])}) for fields in data.RULES
    )


def rules_data(rules: Iterable[Rule]) -> dict[str, object]:
    """What the generated module holds: the rules by field name (a rule's source as
    line and column), and each phrase's compiled form."""
    rules = tuple(rules)
    phrases = sorted({p for r in rules for p in (*r.patterns, *r.exceptions, *r.contexts)})
    compiled = {p: compiled_phrase(p) for p in phrases}
    return {
        "RULES": tuple(
            {**r._asdict(), "source": (r.source.line, r.source.column) if r.source else (None,)}
            for r in rules
        ),
        "PHRASES": {
            p: (regex, tuple(tuple(sorted(group)) for group in needs))
            for p, (regex, needs) in compiled.items()
        },
    }


@cache
def _builtin() -> tuple[Rule, ...]:
    return load_builtin_rules()


def load_rules(
    extra_files: Sequence[Path | str] = (), extra_rules: Sequence[Rule] = ()
) -> tuple[Rule, ...]:
    """The built-in rules, then those of `extra_files`, then `extra_rules`.

    A later rule with the id of an earlier one replaces it (keeping its place), so a
    team can reword a built-in rule without forking the whole file.
    """
    by_id: dict[str, Rule] = {rule.id: rule for rule in _builtin()}
    for path in extra_files:
        by_id.update((rule.id, rule) for rule in load_rule_file(path))
    by_id.update((rule.id, rule) for rule in extra_rules)
    return tuple(by_id.values())
