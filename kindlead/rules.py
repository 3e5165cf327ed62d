"""Language rules: the model and the loader of rule files (and of `rules:` in sets).

A rule file is YAML::

    schema_version: 1
    rules:
      - id: buy-in
        severity: warning          # error | warning | suggestion
        message: "Buy-in asks people to accept an idea that isn't theirs."
        suggestion: "share the target and work out the way together"
        patterns: ["[get|win] buy-in", "buy into"]
        exceptions: ["(minimum|entry) buy~in"]   # cancel a finding they overlap
        contexts: ["(poker|tournament)"]          # cancel findings in their sentence

Patterns use the phrase language of `kindlead.phrases`, never raw regexes.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from kindlead import recache
from kindlead.errors import Mark, Problem, ValidationError
from kindlead.record import Record

if TYPE_CHECKING:  # the loader's helpers load with the first rule *file*, not at start-up
    from kindlead.phrases import Needs
    from kindlead.schema import Problems, Reader
    from kindlead.yamlload import Node

SCHEMA_VERSION = 1
SEVERITIES = ("error", "warning", "suggestion")
RULE_ID = recache.compile(r"[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)*")
RULE_KEYS = ("id", "message", "suggestion", "patterns", "exceptions", "contexts", "severity")


class Rule(Record):
    __slots__ = (
        "contexts",
        "exceptions",
        "id",
        "message",
        "patterns",
        "severity",
        "source",
        "suggestion",
    )
    id: str
    message: str
    suggestion: str
    patterns: tuple[str, ...]
    exceptions: tuple[str, ...]
    """Phrases naming another sense: a finding they overlap is not reported."""
    contexts: tuple[str, ...]
    """Words that show the sentence is not about people: no finding in that sentence."""
    severity: str
    source: Mark | None

    def __init__(
        self,
        id: str,
        message: str,
        suggestion: str,
        patterns: tuple[str, ...],
        exceptions: tuple[str, ...] = (),
        contexts: tuple[str, ...] = (),
        severity: str = "warning",
        source: Mark | None = None,
    ) -> None:
        self._init(id, message, suggestion, patterns, exceptions, contexts, severity, source)


def _phrases(reader: Reader, key: str, problems: Problems, required: bool) -> tuple[str, ...]:
    from kindlead.phrases import PhraseSyntaxError, compile_phrase
    from kindlead.schema import offset_mark

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
    from kindlead.schema import Reader, as_map

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
        rule = Rule(
            id=rule_id,
            message=r.text("message", required=True),
            suggestion=r.text("suggestion", required=True),
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


def load_rule_file(path: Path | str) -> tuple[Rule, ...]:
    """Load and validate one rule file, reporting every problem at once."""
    from kindlead.schema import Problems, Reader, as_map
    from kindlead.yamlload import load

    node = load(path, what="rule file")
    name = str(path)
    problems = Problems()
    if node is None:
        raise ValidationError(Problem("rule file is empty", Mark(name, 1, 1)))
    root = as_map(node, problems, "a rule file")
    if root is None:
        raise ValidationError(problems.in_order())
    r = Reader(root, problems, "rule file", ("schema_version", "rules"))
    _check_version(r, root.get("schema_version"), problems, root)
    rules = parse_rules(r.seq("rules", required=True), problems, {})
    if problems:
        raise ValidationError(problems.in_order())
    return tuple(rules)


def _check_version(r: Reader, node: Node | None, problems: Problems, root: Node) -> None:
    from kindlead.yamlload import Scalar

    if node is None:
        problems.add(f"missing 'schema_version: {SCHEMA_VERSION}'", root)
        return
    version = r.integer("schema_version", -1)
    if isinstance(node, Scalar) and version not in (-1, SCHEMA_VERSION):
        problems.add(
            f"unsupported schema_version {version}; this kindlead reads version {SCHEMA_VERSION}",
            node,
        )


# -- the built-in rules, precompiled ---------------------------------------------------

#: prompts/rules.yaml as validated data in a Python module (its bytecode loads faster
#: than JSON, with no parser to import), with a checksum of the YAML it was made from
#: (scripts/gen_builtin_rules.py; tests/test_scan.py fails when it is stale).
PRECOMPILED = Path(__file__).resolve().parent / "_builtin_rules.py"


def checksum(text: str) -> str:
    """Detects an edited rule file (not an attack: the file is the user's own)."""
    import zlib

    data = text.encode("utf-8")
    return f"{len(data)}:{zlib.crc32(data):08x}"


#: Phrase -> (its regex on lower-cased text, its required words), filled from the
#: precompiled rules, so scanning with the built-in rules parses no phrase at start-up.
PHRASES: dict[str, tuple[str, Needs]] = {}
#: The built-in rules came from kindlead/_builtin_rules.py (see `load_builtin_rules`).
PRECOMPILED_USED = False


def compiled_phrase(phrase: str) -> tuple[str, Needs]:
    """What a scanner needs of a phrase: its regex on lower-cased text, its words."""
    known = PHRASES.get(phrase)
    if known is None:
        from kindlead.phrases import compile_phrase, required_words

        known = PHRASES[phrase] = (compile_phrase(phrase.lower()), required_words(phrase))
    return known


def rules_to_data(rules: Iterable[Rule], text: str) -> dict[str, object]:
    """The rules as data for kindlead/_builtin_rules.py: tuples, which Python builds
    once when it compiles the module (lists and dicts are built at every import)."""
    rules = tuple(rules)
    phrases = sorted({p for r in rules for p in (*r.patterns, *r.exceptions, *r.contexts)})
    return {
        "phrases": tuple(
            (p, source, tuple(tuple(sorted(group)) for group in needs))
            for p in phrases
            for source, needs in [compiled_phrase(p)]
        ),
        "checksum": checksum(text),
        "rules": tuple(
            (
                r.id,
                r.message,
                r.suggestion,
                r.patterns,
                r.exceptions,
                r.contexts,
                r.severity,
                r.source.line if r.source else None,
                r.source.column if r.source else None,
            )
            for r in rules
        ),
    }


def load_builtin_rules(path: Path) -> tuple[Rule, ...]:
    """The built-in rule file, precompiled when the precompiled data matches the YAML.

    Reading YAML means importing the parser and validating every phrase: a third of
    a short `check`'s start-up. The precompiled data is used only when it was made
    from exactly this YAML, so an edited rules.yaml (in a checkout) is read as written.
    """
    try:
        text = path.read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        from kindlead._builtin_rules import DATA as data

        fresh = data["checksum"] == checksum(text)
    except (OSError, ValueError, KeyError, TypeError, ImportError):  # the YAML loader says
        fresh = False
    if not fresh:
        return load_rule_file(path)
    global PRECOMPILED_USED
    PRECOMPILED_USED = True
    for phrase, source, needs in data["phrases"]:
        PHRASES.setdefault(phrase, (source, tuple(frozenset(g) for g in needs)))
    name = str(path)
    return tuple(
        Rule(rid, message, suggestion, patterns, exceptions, contexts, severity, Mark(name, *at))
        for rid, message, suggestion, patterns, exceptions, contexts, severity, *at in data["rules"]
    )
