"""The scanner finds the same however the text is cut, and gate words change nothing.

`kindlead check` reads blocks of whole lines and looks for the rules' gate words once
per block (`kindlead.lint.gate`); a paragraph without one is never read. Any
Markdown, cut into pieces anywhere, must give the same findings as the whole text in
one piece, and the same as scanning every paragraph with every rule.
"""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kindlead.lint import MAX_PARAGRAPH, Finding, scan_stream
from kindlead.lint.engine import Scanner
from kindlead.lint.match import compile_rules
from kindlead.lint.sense import builtin_model
from kindlead.rules.loader import load_rules

RULES = load_rules()

# Prose with and without buy-in framing, near misses, words inside words and other
# scripts, and every kind of Markdown line the scanner treats specially.
WORDS = [
    "We", "need", "their", "buy-in", "buy", "in", "get", "them", "on", "board",
    "onboarding", "convince", "Convince", "the", "team", "to", "agree", "sell", "upsell",
    "target", "together", "win", "over", "Priya", "resistance", "push", "through",
    "İstanbul", "KELVIN", "\u212aelvin", "tomás", "o'clock", "don’t", "poker", "buy-in.",
    "(buy-in)", "*buy-in*", "_get_", "`buy-in`", "https://x.io/buy-in", "a@b.io",
    "[guide](https://x.io/buy-in)", "<b>win</b>", "<!--", "-->", "#1", "$20", "…",
    "\xa0", "\u3000", "\x0c", "\x85",
]  # fmt: skip
LINE_STARTS = [
    "", "", "", "", "# ", "## ", "> ", "- ", "* ", "1. ", "    ", "\t", "| ", "```", "~~~",
    "<pre>", "</pre>", "<!-- kindlead-disable-next-line -->", "<!-- kindlead-disable -->",
    "<!-- kindlead-enable -->", "---", "===", "[ref]: https://x.io", "  ",
    "> # ", "> | ", "> ", "\xa0", "\u3000",
]  # fmt: skip
EOLS = ["\n", "\n", "\n", "\r\n", "\r", "\u2028", "\x0c"]

line = st.builds(
    lambda start, words, end: start + " ".join(words) + end,
    st.sampled_from(LINE_STARTS),
    st.lists(st.sampled_from(WORDS), max_size=12),
    st.sampled_from(EOLS),
)
documents = st.lists(line, max_size=40).map("".join)

# Long stretches of quiet prose and blank lines, now and then Markdown or framing:
# the block scanner counts such stretches without reading their lines.
QUIET = ["We", "shipped", "the", "guide", "target", "together", "onboarding", "Priya's",
         "list", "works", "well", "today", "<b>", "x<!--", "a`b`", "\xa0"]  # fmt: skip
quiet_line = st.builds(
    lambda words, end: " ".join(words) + end,
    st.lists(st.sampled_from(QUIET), min_size=1, max_size=8),
    st.sampled_from(["\n", "\n", "\n\n", "\n\n\n", "\n  \n"]),
)
quiet_documents = st.lists(
    st.one_of(quiet_line, quiet_line, quiet_line, quiet_line, line), max_size=60
).map("".join)


def reference(text: str) -> list[Finding]:
    """The text in one piece."""
    scanner = Scanner(compile_rules(tuple(RULES), ()), builtin_model())
    scanner.feed(text)
    scanner.finish()
    return scanner.out


def pieces(text: str, cuts: list[int]) -> list[str]:
    points = sorted({c % (len(text) + 1) for c in cuts} | {0, len(text)})
    return [text[a:b] for a, b in pairwise(points) if b > a]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.lists(st.integers(min_value=0), max_size=6))
def test_pieces_find_what_the_whole_text_finds(text: str, cuts: list[int]) -> None:
    assert list(scan_stream(pieces(text, cuts), RULES)) == reference(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quiet_documents, st.lists(st.integers(min_value=0), max_size=4))
def test_quiet_stretches_find_what_scanning_every_paragraph_finds(
    text: str, cuts: list[int]
) -> None:
    found = list(scan_stream(pieces(text, cuts), RULES))
    assert found == reference(text)
    everything = list(scan_stream(pieces(text, cuts), RULES, explain=True))
    assert [(f.line, f.column) for f in everything] == [
        (f.line, f.column) for f in without_gates(text)
    ]


@pytest.mark.parametrize("cuts", [[], [5000, 70000, 150000], [65536, 131072]])
def test_runaway_lines_are_scanned_as_they_come(cuts: list[int]) -> None:
    """A line longer than MAX_PARAGRAPH is scanned in pieces (a phrase across a cut
    between pieces may be missed, so only the lines around it must agree exactly)."""
    around = "Intro.\n\nWe need their buy-in.\n\n"
    long = "get buy-in and convince them " * (MAX_PARAGRAPH // 10)
    text = around + long + "\n\n" + around
    found = list(scan_stream(pieces(text, cuts), RULES))
    expected = reference(text)
    assert [f for f in found if f.line != 5] == [f for f in expected if f.line != 5]
    assert [f.line for f in found if f.line != 5] == [3, 9]
    assert len([f for f in found if f.line == 5]) > 0.99 * len([f for f in expected if f.line == 5])
    assert len([f for f in found if f.line == 5]) > 0.99 * len(long) // 29


def test_a_gate_word_split_between_pieces_is_found() -> None:
    text = "Intro.\n\nWe need their buy-in.\n"
    cut = text.index("uy-in")
    found = list(scan_stream([text[:cut], text[cut:]], RULES))
    assert [(f.rule, f.line, f.column) for f in found] == [("buy-in", 3, 15)]


def test_the_last_line_needs_no_line_end() -> None:
    assert [f.line for f in scan_stream(["Hello.\n", "We need their buy-in"], RULES)] == [2]


def test_a_word_that_starts_a_gate_word_is_not_confused_with_it() -> None:
    """ "upsell" holds "sell", but not at a word start: only the real phrase is found."""
    text = "We upsell the new plan to customers. We sell the new idea to the team.\n"
    found = scan_stream([text], RULES, explain=True)
    assert [f.column for f in found if f.rule == "sell-to-people"] == [41]


def without_gates(text: str) -> list[Finding]:
    """Every paragraph scanned whole by every rule: what gate words must not change
    (the phrases left alone too: `explain`)."""
    compiled = compile_rules(tuple(RULES), ())
    scanner = Scanner(compiled._replace(triggers=None), builtin_model(), explain=True)
    scanner.feed(text)
    scanner.finish()
    return scanner.out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_gate_words_only_save_time(text: str) -> None:
    assert list(scan_stream([text], RULES, explain=True)) == without_gates(text)


@pytest.mark.parametrize(
    "text",
    [
        "We need their buy-in and their BUYIN, and we will get them on board.\n",
        "Get everyone on-board. We upsell it. They'll quickly buy out.\n",
        "Onboarding is fine. Convince them! PERSUADE THEM. won them over\n",
        "Talk them into it; get the team to agree; sold the idea to the board.\n",
    ],
)
def test_gate_words_only_save_time_on_framing(text: str) -> None:
    found = list(scan_stream([text], RULES, explain=True))
    assert found == without_gates(text)
    assert found  # each line holds candidates


def test_a_rule_without_gate_words_leaves_the_others_working() -> None:
    """A `#` phrase has no word to look for: every paragraph is scanned whole."""
    from kindlead.rules.model import Rule

    amount = Rule("amount", "An amount.", "", ("# dollars",), severity="info")
    found = scan_stream(["We need their buy-in for 20 dollars.\n"], [*RULES, amount], explain=True)
    assert [f.rule for f in found] == ["buy-in", "amount"]


@pytest.mark.parametrize("eol", ["\n", "\r\n"])
def test_a_long_paragraph_of_short_lines_is_cut_where_lines_cut_it(eol: str) -> None:
    lines = [f"The team says we need their buy-in, or get them{eol}" for _ in range(3000)]
    lines[1500] = f"<!-- kindlead-disable-next-line -->{eol}"
    text = "Intro." + eol + eol + "".join(lines) + "on board." + eol
    found = list(scan_stream(pieces(text, [40000, 100000]), RULES))
    assert found == reference(text)
    assert len(found) > 2990


@pytest.mark.parametrize("tail", ["\n", "\n\n", "\nWe need their buy-in.\n"])
def test_a_crlf_after_a_runaway_line_is_one_line_end(tail: str) -> None:
    text = "buy-in " * (MAX_PARAGRAPH // 7 + 100) + "\r" + tail + "Get buy-in.\n"
    cut = text.index("\r") + 1
    found = list(scan_stream([text[:cut], text[cut:]], RULES))
    assert [f.line for f in found] == [f.line for f in reference(text)]
    assert found[-1].line == text.replace("\r\n", "\n").count("\n")


def reference_gate_words(text: str) -> set[tuple[int, str]]:
    """Gate words as the rules define them: at a word start of the lower-cased text
    (not after a letter, digit or apostrophe), a whole word if it must be one, and one
    of the phrases' words if they have only certain words that start with it."""
    import re

    from kindlead.lint.gate import lower

    triggers = compile_rules(tuple(RULES), ()).triggers
    assert triggers is not None and triggers.ascii
    low, found = lower(text), set()
    for word in triggers.rules_of:
        anywhere = word in triggers.anywhere_words
        start = "" if anywhere else r"(?<![^\W_])(?<!['’])"
        end = r"(?![\w'’])" if word in triggers.whole else ""
        for m in re.finditer(start + re.escape(word) + end, low):
            # where the phrases have only certain words that start so, one of those
            full = re.match(r"[a-z0-9]*", low[m.end() :])
            if (
                word in triggers.forms
                and word + (full.group() if full else "") not in triggers.forms[word]
            ):
                continue
            found.add((m.start(), word))
    return found


PIECES = [*"buyinBUYIN-_'’ .\n\t(*`/@:", "board", "onboard", "convince", "Sell", "get"]
PIECES += ["ma", "tal", "e", "ing", "\u212a", "İ", "é", "ß", "’", "😀", "\u2028", "\x85", "ﬀ", "ǅ"]
WORDISH = st.lists(st.sampled_from(PIECES), max_size=20).map("".join)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(WORDISH, st.text(max_size=40)))
def test_the_gate_word_search_misses_nothing(text: str) -> None:
    triggers = compile_rules(tuple(RULES), ()).triggers
    assert triggers is not None
    starts, words = triggers.find(text)
    assert reference_gate_words(text) <= set(zip(starts, words, strict=True))


@pytest.mark.parametrize(
    "word", ["BUY-IN", "Buy-In", "\u212aelvin buy-in", "CONVİNCE them", "ÀÉ BUY-IN’s"]
)
def test_gate_words_are_found_whatever_the_case(word: str) -> None:
    text = f"We need their {word} now.\n"
    assert list(scan_stream([text], RULES, explain=True)) == without_gates(text)
    longer = text * 3 + "😀 " + text
    assert list(scan_stream([longer], RULES, explain=True)) == without_gates(longer)


def test_the_builtin_triggers_from_the_generated_data_are_what_compiling_makes() -> None:
    """Fails after a change to how triggers are made: run scripts/generate.py."""
    from kindlead.lint.gate import Triggers
    from kindlead.lint.match import RuleMatcher, _builtin_triggers

    matchers = [RuleMatcher.of(r) for r in RULES]
    ahead = _builtin_triggers(matchers)
    assert ahead is not None
    made = Triggers.of([m.gate for m in matchers], (p for r in RULES for p in r.patterns))
    assert ahead.data() == made.data()


def test_rules_other_than_the_builtin_ones_get_their_own_triggers() -> None:
    from kindlead.lint.match import RuleMatcher, _builtin_triggers
    from kindlead.rules.model import Rule

    extra = Rule("extra", "A test rule.", "", ("rally the troops",))
    assert _builtin_triggers([RuleMatcher.of(r) for r in (*RULES, extra)]) is None
    assert [f.rule for f in scan_stream(["Rally the troops.\n"], [*RULES, extra])] == ["extra"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("# Plan\n\xa0\n    We need their buy-in.\n", [("buy-in", 3, 19)]),
        ("| a |\n\u3000\n    We need their buy-in.\n", [("buy-in", 3, 19)]),
        ("> # Notes\n\nWe will get them on\n> board today.\n", []),
        ("> | row |\n\nWe will get them on\n> board today.\n", []),
    ],
)
def test_blank_looking_lines_after_a_heading_or_row(
    text: str, found: list[tuple[str, int, int]]
) -> None:
    """A line of Unicode white space is text, not a blank line (so the indented line
    after it continues a paragraph, not a code block); a blank line after a quoted
    heading closes the quote (so "on" and "board" are in two paragraphs)."""
    assert [(f.rule, f.line, f.column) for f in scan_stream([text], RULES)] == found


@pytest.mark.parametrize(
    "text",
    ["ΠΡΟΣ ΤΗΝ ΟΜΑΔΑ\n", "İzmir\n\nΠΡΟΣ ΤΗΝ ΟΜΑΔΑ\n", "ΠΡΟΣ`x`\n", "προς την ομάδα\n"],
)
def test_gate_words_beyond_ascii_are_found_however_they_lower(text: str) -> None:
    """str.lower makes Σ a final ς or a σ by the letters around it, so a block and a
    masked paragraph can lower a word differently."""
    from kindlead.rules.model import Rule

    greek = Rule("greek", "A test rule.", "", ("προς",))
    rules = [*RULES, greek]
    found = list(scan_stream([text], rules))
    compiled = compile_rules(tuple(rules), ())
    scanner = Scanner(compiled._replace(triggers=None), builtin_model())
    scanner.feed(text)
    scanner.finish()
    assert found == scanner.out
    assert [f.rule for f in found] == ["greek"]


def test_every_builtin_rule_has_gate_words() -> None:
    """A phrase that needs no word would wake its rule in every paragraph: the speed
    of `check` depends on each built-in phrase having one."""
    compiled = compile_rules(tuple(RULES), ())
    assert compiled.triggers is not None
    assert all(m.gate for m in compiled.rules)
