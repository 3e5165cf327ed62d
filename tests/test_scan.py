"""The scanner: rules, Markdown awareness, positions, suppression, allow, precision/recall."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import yaml

from kindlead.errors import ValidationError
from kindlead.lint import MAX_PARAGRAPH, Finding, scan_stream, scan_text
from kindlead.promptsets.catalog import builtin_rules
from kindlead.rules.loader import compiled_phrase, load_rule_file, load_rules
from kindlead.rules.model import Rule

CORPUS = Path(__file__).parent / "corpus" / "sentences.yaml"
RULES = load_rules()


def rules_found(text: str, **kw: object) -> list[str]:
    return [f.rule for f in scan_text(text, RULES, **kw)]  # type: ignore[arg-type]


def test_builtin_rule_file_validates() -> None:
    rules = load_rule_file(builtin_rules())
    assert {r.id for r in rules} >= {"buy-in", "convince", "sell-to-people", "on-board"}
    for rule in rules:
        assert rule.message and rule.suggestion and rule.patterns
        for phrase in (*rule.patterns, *rule.exceptions, *rule.contexts):
            assert re.compile(compiled_phrase(phrase)[0]).pattern


# -- precision and recall on a labelled corpus ------------------------------------


def test_precision_and_recall_on_the_corpus() -> None:
    data = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["sentences"]
    assert len(data) >= 150
    tp = fp = fn = 0
    misses = []
    for label, text in data:
        got = set(rules_found(text))
        expected = set() if label == "none" else {label}
        tp += len(got & expected)
        fp += len(got - expected)
        fn += len(expected - got)
        if got != expected:
            misses.append(f"{label}: got {sorted(got)}: {text}")
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    print(f"\ncorpus: {len(data)} sentences, precision {precision:.3f}, recall {recall:.3f}")
    print("\n".join(misses))
    assert precision >= 0.90, misses
    assert recall >= 0.85, misses


# -- the senses that are not about people ---------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The tournament buy-in is $200.",
        "Our poker night has a ten-dollar buy-in.",
        "The fund's minimum buy-in is €100,000.",
        "The franchise buy-in starts at 50k.",
        "He completed a management buy-in of the firm last spring.",
        "We buy in bulk to keep costs down.",
        "Everyone was on board the ship by eight.",
        "There were 200 passengers on board the plane.",
        "We sell our software to customers in twelve countries.",
        "I'm convinced that the new rota will help.",
        "She won over 60% of the vote.",
        "The cable has high wind resistance.",
        "There is a GPU on board, so the model runs locally.",
        "Is the sensor on board the satellite yet?",
        "Once the kit is on board we can leave the harbour.",
        "The management buy-in was completed in May.",
        "We won three games over the season.",
        "City won 3-1 over Leeds.",
        "They won it over the weekend.",
    ],
)
def test_other_senses_are_not_flagged(text: str) -> None:
    assert rules_found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Let's co-create rather than chase buy-in.",
        "Instead of getting buy-in, we share the target.",
        "This is not about buy-in.",
        "We want cooperation, not buy-in.",
    ],
)
def test_naming_buy_in_to_reject_it_is_not_flagged(text: str) -> None:
    assert rules_found(text) == []


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("We need their buy-in.", "buy-in"),
        ("We need their buy–in.", "buy-in"),
        ("We need their buyin.", "buy-in"),
        ("They will buy into it.", "buy-in"),
        ("The team has bought in.", "buy-in"),
        ("I must convince the team.", "convince"),
        ("Persuading them took weeks.", "convince"),
        ("We sold them on the idea.", "sell-to-people"),
        ("Get everyone on board.", "on-board"),
        ("Bring the testers onboard.", "on-board"),
        ("We'll win the skeptics over.", "win-over"),
        ("Push it through at the board meeting.", "push-through"),
        ("Overcome resistance early.", "overcome-resistance"),
        ("Get them to agree by Friday.", "get-them-to-agree"),
        ("We’ll need to convince the team’s leads.", "convince"),
        ("I want to win Sam over to the new rota.", "win-over"),
        ("It took a month, but we won the skeptics over.", "win-over"),
        ("How do I win Priya over?", "win-over"),
    ],
)
def test_buy_in_framing_is_flagged(text: str, rule: str) -> None:
    assert rules_found(text) == [rule]


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
def test_markdown_prose_is_flagged(text: str) -> None:
    assert rules_found(text) == ["buy-in"]


# -- positions ---------------------------------------------------------------------


def test_position_of_a_simple_match() -> None:
    [f] = scan_text("Intro line.\nWe need their buy-in now.\n", RULES)
    assert (f.line, f.column, f.end_line, f.end_column) == (2, 15, 2, 21)
    assert f.matched == "buy-in"


def test_phrase_split_across_a_line_break() -> None:
    [f] = scan_text("First line.\nPlease get them on\nboard before May.\n", RULES)
    assert (f.line, f.column, f.end_line, f.end_column) == (2, 8, 3, 6)
    assert f.matched == "get them on\nboard"


def test_hyphenated_word_split_across_a_line_break() -> None:
    [f] = scan_text("We need their buy-\nin soon.\n", RULES)
    assert (f.line, f.column, f.end_line, f.end_column) == (1, 15, 2, 3)


def test_columns_count_characters_after_curly_quotes_and_emoji() -> None:
    text = "“Café” 😀 — we’ll need their buy-in.\n"
    [f] = scan_text(text, RULES)
    assert f.column == text.index("buy-in") + 1
    assert text[f.column - 1 : f.end_column - 1] == "buy-in"


def test_phrases_do_not_join_across_paragraphs() -> None:
    assert rules_found("We need to get them on\n\nboard games are fun.\n") == []


def test_phrases_do_not_join_a_heading_and_the_next_line() -> None:
    assert rules_found("# Get them on\nboard games are fun.\n") == []


def test_crlf_line_endings_keep_columns() -> None:
    [f] = scan_text("Hello.\r\nWe need their buy-in.\r\n", RULES)
    assert (f.line, f.column) == (2, 15)


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
@pytest.mark.parametrize("marker", ["-", "---", "===", "#", "- - -"])
def test_block_lines_end_paragraphs_whatever_the_line_ends(eol: str, marker: str) -> None:
    text = f"We need buy{eol}{marker}{eol}in for{eol}"
    assert rules_found(text) == []


@pytest.mark.parametrize("eol", ["\r", "\r\n"], ids=["cr", "crlf"])
def test_lone_cr_and_crlf_end_lines(eol: str) -> None:
    text = f"Hello.{eol}{eol}We need their buy-in.{eol}```{eol}get buy-in{eol}```{eol}"
    assert [(f.line, f.column, f.end_column) for f in scan_text(text, RULES)] == [(3, 15, 21)]


def test_a_crlf_split_between_stream_pieces_is_one_line_end() -> None:
    pieces = ["Hello.\r", "\nWe need their buy-in.\r", "\n"]
    assert [(f.line, f.column) for f in scan_stream(pieces, RULES)] == [(2, 15)]


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("My goal is to get everyone on board.", "get everyone on board"),
        ("Once the managers are on board, we start.", "on board"),
        ("Is everyone on board with this?", "on board with this"),
    ],
)
def test_a_finding_starts_at_the_phrase_to_reword(text: str, matched: str) -> None:
    [f] = scan_text(text, RULES)
    assert f.matched == matched
    assert (f.column, f.end_column) == (
        text.index(matched) + 1,
        text.index(matched) + 1 + len(matched),
    )


def test_stream_pieces_need_not_be_whole_lines() -> None:
    pieces = ["We need th", "eir buy", "-in.\nNext line: convince the", " team.\n"]
    found = [(f.rule, f.line, f.column) for f in scan_stream(pieces, RULES)]
    assert found == [("buy-in", 1, 15), ("convince", 2, 12)]


def test_a_runaway_paragraph_is_scanned_in_pieces() -> None:
    text = ("word " * (MAX_PARAGRAPH // 5 + 10)) + "we need their buy-in\n"
    [f] = scan_text(text, RULES)
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
    assert [f.line for f in scan_text(text, RULES)] == expected


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
    assert [f.message for f in scan_text("We need buy-in.", rules)] == ["ours"]


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
    [f] = scan_text("We need buy-in.", RULES)
    assert isinstance(f, Finding)
    with pytest.raises(AttributeError):
        f.line = 3  # type: ignore[misc]


def test_an_exception_cancels_only_the_finding_it_overlaps() -> None:
    text = "I'm convinced that weekly releases help, but we must convince QA to accept them."
    assert [f.matched for f in scan_text(text, RULES)] == ["convince"]


def test_a_context_cancels_every_finding_of_the_rule_in_its_sentence() -> None:
    assert rules_found("The poker night buy-in is twenty dollars.") == []
    assert rules_found("The poker night was fun. We need buy-in from the leads.") == ["buy-in"]


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
        assert time.perf_counter() - start < 5


def test_an_unclosed_group_in_allow_says_so() -> None:
    with pytest.raises(ValidationError, match=r"--allow '\(': bad phrase: unclosed '\('"):
        scan_text("text", RULES, allow=["("])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Our target is weekly releases.", []),  # "get" inside "target" wakes no rule
        ("_Get them on board_ before Friday.", ["on-board"]),  # emphasis with underscores
        ("We should onboard everyone with care.", []),
        ("Let's get the team onboard with the plan.", ["on-board"]),  # glued: "onboard"
        ("We need their buyin.", ["buy-in"]),
    ],
)
def test_gate_words_count_at_word_starts_unless_a_phrase_glues_them(
    text: str, expected: list[str]
) -> None:
    assert rules_found(text) == expected
