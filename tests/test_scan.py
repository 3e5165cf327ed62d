"""The scanner's mechanics: rules, Markdown awareness, positions, suppression, allow.

What the sense model decides is tests/test_hearing.py; these tests look at every
candidate a rule finds (`explain`), reported or left alone, and at why it was left
alone where that is the point.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from kindlead.errors import ValidationError
from kindlead.lint import MAX_PARAGRAPH, Finding, scan_stream, scan_text
from kindlead.promptsets.catalog import builtin_rules
from kindlead.rules.loader import compiled_phrase, load_rule_file, load_rules
from kindlead.rules.model import Rule

RULES = load_rules()


def found(text: str, **kw: object) -> list[Finding]:
    """Every candidate, reported or left alone by the sense model; not those left alone
    by suppression, --allow, an exception or a context (their `cue` says so)."""
    mechanics = ("silenced", "--allow", "an exception", "a context")
    return [
        f
        for f in scan_text(text, RULES, explain=True, **kw)  # type: ignore[arg-type]
        if f.reported or not f.cue.startswith(mechanics)
    ]


def rules_found(text: str, **kw: object) -> list[str]:
    return [f.rule for f in found(text, **kw)]


def test_builtin_rule_file_validates() -> None:
    rules = load_rule_file(builtin_rules())
    assert {r.id for r in rules} >= {"buy-in", "convince", "sell-to-people", "on-board"}
    for rule in rules:
        assert rule.message and rule.suggestion and rule.patterns
        for phrase in (*rule.patterns, *rule.exceptions, *rule.contexts):
            assert re.compile(compiled_phrase(phrase)[0]).pattern


# -- Markdown contexts ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "```\nget their buy-in\n```\n",
        "~~~md\nget their buy-in\n~~~\n",
        "````\n```\nget their buy-in\n```\n````\n",
        "Intro.\n\n    get their buy-in\n",
        "Use `get their buy-in` as the bad example.\n",
        "Use ``get `their` buy-in`` as the bad example.\n",
        "See https://example.com/get-buy-in for more.\n",
        "See <https://example.com/buy-in> for more.\n",
        "Read [the guide](https://example.com/buy-in) first.\n",
        'Read [the guide](https://example.com/x "get buy-in") first.\n',
        "Read [the guide][buy-in] first.\n\n[buy-in]: https://example.com/buy-in\n",
        "<!-- get their buy-in -->\n",
        "Text <!-- get their buy-in --> more text.\n",
        "<!--\nwe need their buy-in\n-->\n",
        "<pre>\nget their buy-in\n</pre>\n",
        "Mail buy-in@example.com for help.\n",
    ],
    ids=[
        "backtick-fence",
        "tilde-fence",
        "nested-fence",
        "indented-code",
        "inline-code",
        "double-backtick-code",
        "url",
        "autolink",
        "link-target",
        "link-title",
        "reference-label",
        "comment",
        "inline-comment",
        "multiline-comment",
        "pre-block",
        "email",
    ],
)
def test_markdown_non_prose_is_not_flagged(text: str) -> None:
    assert rules_found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Read [how to get buy-in](https://example.com/x) first.\n",
        "# Getting buy-in\n",
        "- we need their buy-in\n",
        "1. we need their buy-in\n",
        "> we need their buy-in\n",
        "| step | get buy-in |\n",
        "We need **buy-in** now.\n",
        "We need _buy-in_ now.\n",
        "- item\n\n    we need their buy-in (a list paragraph, not code)\n",
    ],
    ids=["link-text", "heading", "bullet", "numbered", "quote", "table", "bold", "italic", "list"],
)
def test_markdown_prose_is_read(text: str) -> None:
    assert rules_found(text) == ["buy-in"]


# -- positions ---------------------------------------------------------------------


def test_position_of_a_simple_match() -> None:
    [f] = found("Intro line.\nWe need their buy-in now.\n")
    assert (f.line, f.column, f.end_line, f.end_column) == (2, 15, 2, 21)
    assert f.matched == "buy-in"


def test_phrase_split_across_a_line_break() -> None:
    [f] = found("First line.\nPlease get them on\nboard before May.\n")
    assert (f.line, f.column, f.end_line, f.end_column) == (2, 17, 3, 6)
    assert f.matched == "on\nboard"


def test_hyphenated_word_split_across_a_line_break() -> None:
    [f] = found("We need their buy-\nin soon.\n")
    assert (f.line, f.column, f.end_line, f.end_column) == (1, 15, 2, 3)


def test_columns_count_characters_after_curly_quotes_and_emoji() -> None:
    text = "“Café” 😀 — we’ll need their buy-in.\n"
    [f] = found(text)
    assert f.column == text.index("buy-in") + 1
    assert text[f.column - 1 : f.end_column - 1] == "buy-in"


def test_phrases_do_not_join_across_paragraphs() -> None:
    assert rules_found("We need to get them on\n\nboard games are fun.\n") == []


def test_phrases_do_not_join_a_heading_and_the_next_line() -> None:
    assert rules_found("# Get them on\nboard games are fun.\n") == []


def test_crlf_line_endings_keep_columns() -> None:
    [f] = found("Hello.\r\nWe need their buy-in.\r\n")
    assert (f.line, f.column) == (2, 15)


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
@pytest.mark.parametrize("marker", ["-", "---", "===", "#", "- - -"])
def test_block_lines_end_paragraphs_whatever_the_line_ends(eol: str, marker: str) -> None:
    text = f"We need buy{eol}{marker}{eol}in for{eol}"
    assert rules_found(text) == []


@pytest.mark.parametrize("eol", ["\r", "\r\n"], ids=["cr", "crlf"])
def test_lone_cr_and_crlf_end_lines(eol: str) -> None:
    text = f"Hello.{eol}{eol}We need their buy-in.{eol}```{eol}get buy-in{eol}```{eol}"
    assert [(f.line, f.column, f.end_column) for f in found(text)] == [(3, 15, 21)]


def test_a_crlf_split_between_stream_pieces_is_one_line_end() -> None:
    pieces = ["Hello.\r", "\nWe need their buy-in.\r", "\n"]
    assert [(f.line, f.column) for f in scan_stream(pieces, RULES, explain=True)] == [(2, 15)]


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("My goal is to get everyone on board.", "on board"),
        ("Once the managers are on board, we start.", "on board"),
        ("Is everyone on board with this?", "on board"),
        ("We should win the sceptics round first.", "win the sceptics round"),
    ],
)
def test_a_finding_starts_at_the_phrase_to_reword(text: str, matched: str) -> None:
    [f] = found(text)
    assert f.matched == matched
    assert (f.column, f.end_column) == (
        text.index(matched) + 1,
        text.index(matched) + 1 + len(matched),
    )


def test_stream_pieces_need_not_be_whole_lines() -> None:
    pieces = ["We need th", "eir buy", "-in.\nNext line: convince the", " team.\n"]
    heard = [(f.rule, f.line, f.column) for f in scan_stream(pieces, RULES, explain=True)]
    assert heard == [("buy-in", 1, 15), ("convince", 2, 12)]


def test_a_runaway_paragraph_is_scanned_in_pieces() -> None:
    text = ("word " * (MAX_PARAGRAPH // 5 + 10)) + "we need their buy-in\n"
    [f] = found(text)
    assert f.line == 1 and f.column == len(text) - len("buy-in\n") + 1


# -- suppression ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!-- kindlead-disable-next-line -->\nWe need buy-in.\nWe need buy-in.\n", [3]),
        ("<!-- kindlead-disable-next-line buy-in -->\nWe need buy-in.\n", []),
        ("<!-- kindlead-disable-next-line convince -->\nWe need buy-in.\n", [2]),
        ("We need buy-in. <!-- kindlead-disable-line -->\nWe need buy-in.\n", [2]),
        ("<!-- kindlead-disable -->\nbuy-in\n\nbuy-in\n<!-- kindlead-enable -->\nbuy-in\n", [6]),
        ("<!-- kindlead-disable buy-in -->\nbuy-in and convince them\n", [2]),
        ("<!-- kindlead-disable convince, buy-in -->\nbuy-in and convince them\n", []),
        ("buy-in <!-- kindlead-disable --> buy-in\n", [1]),
        ("<!-- kindlead-disable -->\n```\nx\n```\nbuy-in\n", []),
    ],
    ids=[
        "next-line",
        "next-line-by-id",
        "next-line-other-id",
        "same-line",
        "block",
        "block-by-id",
        "block-two-ids",
        "mid-line",
        "across-code",
    ],
)
def test_suppression_comments(text: str, expected: list[int]) -> None:
    assert [f.line for f in found(text)] == expected


# -- allow list ----------------------------------------------------------------------


def test_allow_a_rule_id() -> None:
    text = "We need buy-in and must convince them."
    assert rules_found(text, allow=["buy-in"]) == ["convince"]


def test_allow_a_phrase() -> None:
    text = "Get everyone on board. Is everyone on board with this?"
    assert rules_found(text, allow=["on board with"]) == ["on-board"]


def test_allow_a_phrase_matches_its_variants() -> None:
    assert rules_found("Their buy in from the start.", allow=["buy-in from"]) == []


def test_a_bad_allow_entry_is_an_error() -> None:
    with pytest.raises(ValidationError, match="--allow"):
        scan_text("text", RULES, allow=["(unclosed"])


# -- rule loading ----------------------------------------------------------------------


def write_rules(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "extra.yaml"
    path.write_text("schema_version: 1\nrules:\n" + body, encoding="utf-8")
    return path


def test_extra_rule_file_adds_rules(tmp_path: Path) -> None:
    path = write_rules(
        tmp_path,
        "  - id: stakeholder-management\n    message: m\n    suggestion: s\n"
        "    patterns: ['manage (the|our) stakeholders']\n",
    )
    rules = load_rules([path])
    assert [f.rule for f in scan_text("We manage the stakeholders.", rules)] == [
        "stakeholder-management"
    ]


def test_a_later_rule_replaces_one_with_the_same_id(tmp_path: Path) -> None:
    path = write_rules(
        tmp_path,
        "  - id: buy-in\n    message: ours\n    suggestion: s\n    patterns: ['buy~in']\n",
    )
    rules = load_rules([path])
    assert [r.id for r in rules].count("buy-in") == 1
    assert [f.message for f in scan_text("We need buy-in.", rules, explain=True)] == ["ours"]


def test_extra_rules_objects_are_added() -> None:
    extra = Rule(id="x-team", message="m", suggestion="s", patterns=("rally the troops",))
    rules = load_rules(extra_rules=[extra])
    assert [f.rule for f in scan_text("Time to rally the troops.", rules)] == ["x-team"]


def test_a_bad_extra_rule_file_reports_its_place(tmp_path: Path) -> None:
    path = write_rules(
        tmp_path, "  - id: x\n    message: m\n    suggestion: s\n    patterns: ['(a']\n"
    )
    with pytest.raises(ValidationError, match=r"extra\.yaml:6:"):
        load_rules([path])


def test_findings_are_frozen() -> None:
    [f] = found("We need buy-in.")
    assert isinstance(f, Finding)
    with pytest.raises(AttributeError):
        f.line = 3  # type: ignore[misc]


def test_exceptions_and_contexts_in_an_extra_rule_file(tmp_path: Path) -> None:
    path = write_rules(
        tmp_path,
        "  - id: rally\n    message: m\n    suggestion: s\n"
        "    patterns: ['rally (the|our) troops']\n"
        "    exceptions: ['rally the troops of']\n    contexts: ['(army|regiment)']\n",
    )
    rules = load_rules([path])
    text = "Rally the troops.\n\nRally the troops of Rome.\n\nThe regiment will rally our troops.\n"
    found = [f.line for f in scan_text(text, rules) if f.rule == "rally"]
    assert found == [1]


# -- hostile input: every regex stays linear ---------------------------------------------

_HEAD = "We need buy-in, must convince them, get everyone on board, win them over, 500 buy-in "
_RUNS = [
    ("", "."), ("", "!?"), ("", "…"), ("a@", "a-"), ("a@", "a."), ("", "a@"), ("", "-"),
    ("", "*"), ("", "_"), ("", "a_"), ("", "<"), ("", "<a "), ("", "](<"), ("", "["),
    ("", "("), ("", "]("), ("", "](x ("), ("", "`"), ("", "`` "), ("", " "), ("", "\t"),
    ("", "1,"), ("", "1,,"), ("", "a"), ("", "<!--"), ("", "www."), ("", "http://"),
    ("", "buy "), ("", "buy-in "), ("", "win "), ("", "on "), ("", "'"), ("buy", "-"),
]  # fmt: skip


@pytest.mark.parametrize(("prefix", "unit"), _RUNS, ids=[repr(p + u) for p, u in _RUNS])
def test_adversarial_paragraphs_finish(prefix: str, unit: str) -> None:
    """A hang guard, not a timing test: quadratic regexes took minutes on these."""
    run = unit * ((MAX_PARAGRAPH - len(_HEAD)) // len(unit))
    text = _HEAD + prefix + run + "x\n"
    for variant in (text, text.replace("\n", "\r\n"), text * 2):
        start = time.perf_counter()
        scan_text(variant, RULES)
        # minutes when quadratic; ~3 s on a loaded shared machine (the sense model
        # decides 9,000 candidates): the guard is set far above both
        assert time.perf_counter() - start < 30


def test_an_unclosed_group_in_allow_says_so() -> None:
    with pytest.raises(ValidationError, match=r"--allow '\(': bad phrase: unclosed '\('"):
        scan_text("text", RULES, allow=["("])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Our target is weekly releases.", []),  # "get" inside "target" wakes no rule
        ("_Get them on board_ before Friday.", ["on-board"]),  # emphasis with underscores
        ("We should onboard everyone with care.", ["on-board"]),  # the model decides
        ("Let's get the team onboard with the plan.", ["on-board"]),  # glued: "onboard"
        ("We need their buyin.", ["buy-in"]),
        ("Onboarding starts Monday.", []),  # "onboard" stands for onboard(s|ed) only
    ],
)
def test_gate_words_count_at_word_starts_unless_a_phrase_glues_them(
    text: str, expected: list[str]
) -> None:
    assert rules_found(text) == expected
