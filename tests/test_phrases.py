"""The phrase language: what phrases match, and where their errors point."""

from __future__ import annotations

import re

import pytest

from kindlead.rules.phrases import PhraseSyntaxError, compile_phrase, required_words


def span(phrase: str, text: str) -> tuple[int, int] | None:
    m = re.compile(compile_phrase(phrase), re.IGNORECASE).search(text)
    if m is None:
        return None
    return m.span(m.lastindex) if m.lastindex else m.span()


@pytest.mark.parametrize(
    ("phrase", "text", "expected"),
    [
        ("buy-in", "we need buy in", "buy in"),
        ("[the] team buy-in", "we need the team buy-in", "the team buy-in"),
        ("[the] team buy-in", "we need team buy-in", "team buy-in"),
        ("<(is|are)> ** on-board", "is everyone on board", "everyone on board"),
        ("<(is|are) **> on-board", "is everyone on board", "on board"),
        ("buy-in <from>", "buy-in from the leads", "buy-in"),
        ("<we> [all] agree", "we all agree", "all agree"),
        ("# buy~in", "a .5 buy-in", ".5 buy-in"),
        ("# buy~in", "a $1,000 buy-in", "$1,000 buy-in"),
    ],
)
def test_phrases_match_their_focus(phrase: str, text: str, expected: str) -> None:
    found = span(phrase, text)
    assert found is not None and text[found[0] : found[1]] == expected


def test_a_context_is_required() -> None:
    assert span("<(is|are)> on-board", "get them on board") is None
    assert required_words("<is> on board") == ((frozenset({"board"}),))


@pytest.mark.parametrize(
    ("phrase", "message", "offset"),
    [
        ("((((a))))", "groups nest at most 3 deep", 3),
        ("(a|", "unclosed '(': missing ')'", 0),
        ("(", "unclosed '(': missing ')'", 0),
        ("x [a", "unclosed '[': missing ']'", 2),
        ("a|", "empty alternative after '|'", 2),
        ("(a||b)", "empty alternative after '|'", 3),
        ("()", "empty group ()", 0),
        ("(a))", "')' without '('", 3),
        ("(a] b", "expected ')' to close the '(' at column 1", 2),
        ("<a", "unclosed '<': missing '>'", 0),
        ("a>", "'>' without '<'", 1),
        ("a <b> c", "a context <…> must be the first or the last part of a phrase", 6),
        ("(<a> b)", "a context <…> is only allowed at the start or end of a phrase", 1),
        ("<a>", "a phrase needs words outside its context <…>", 3),
        ("[a]", "a phrase needs a part that is not optional", 3),
        ("", "empty phrase", 0),
    ],
)
def test_phrase_errors_say_what_and_where(phrase: str, message: str, offset: int) -> None:
    with pytest.raises(PhraseSyntaxError) as info:
        compile_phrase(phrase)
    assert (str(info.value), info.value.offset) == (message, offset)


@pytest.mark.parametrize(
    ("phrase", "offset"),
    [("a ** b ** c ** d", 12), ("a [b] [c] [d] [e] f", 14)],
)
def test_gaps_and_optional_parts_are_bounded(phrase: str, offset: int) -> None:
    with pytest.raises(PhraseSyntaxError, match="at most") as info:
        compile_phrase(phrase)
    assert info.value.offset == offset
