"""The phrase pattern language of language rules, compiled to safe regexes.

Rule files come from colleagues and downloads, so they never contain raw regular
expressions (a hostile regex can hang the linter). Instead a rule lists phrases:

    buy-in                    hyphen: "buy-in", "buy in", "buyin", "buy–in", "buy-\\nin"
    get them on board         a space: any run of white space, line breaks included
    (convince|convincing) *   alternatives in ( | ); `*` is any one word
    get ** to agree           `**` is up to three words (or none)
    sold [them|the team] on   [ ] is optional (alternatives allowed inside)
    team's                    an apostrophe matches ' and ’
    buy~in                    tight hyphen: "buy-in", "buy–in", "buyin", "buy-\\nin", never "buy in"
    # buy-in                  `#` is a number or amount: 500, 1,000, $20, €5k, 1.5m
    <(is|are) **> on board    `<…>` (first or last part only) must be there, but is not
                              part of the reported span (a capturing group marks it)

Matching is case-insensitive and on whole words. The compiled regex uses only
bounded repeats and possessive separators, and a word (`*`, `**`) has bounded
length, so an attempt at one place of a text reads a bounded stretch of it. The
attempt can still go down several paths (a gap of 0 to 3 words, an optional part,
alternatives that match the same words); `re` tries them all before it gives up, so
their number, the phrase's *ways*, is bounded when the phrase is compiled. With both
bounds the cost of matching stays linear in the text, whatever the phrase.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

Needs = tuple[frozenset[str], ...]
"""Groups of words; a match contains at least one word of every group (see `required_words`)."""

MAX_PATTERN_LENGTH = 1000  # long lists of alternatives are normal; cost stays linear
MAX_GROUP_DEPTH = 3
# Each `**` gap (0-3 words) and each optional `[...]` multiplies the ways a phrase can
# line up with a text, and `re` tries them all before giving up at a position: with
# a dozen gaps that is exponential (a shared rule file could hang kindlead). These
# bounds keep the worst case a small constant factor; the built-in rules need 1 and 2.
MAX_GAPS = 2
MAX_OPTIONAL = 3
# The paths an attempt at one place can go down, all tried when it fails: a `**` gap
# has 4 (0-3 words), `[...]` one more than its inside, alternatives the sum of
# theirs (but those that start with different words, neither the start of the
# other, never match at the same place), a sequence the product (`ways`). The
# built-in rules need at most 1,920; three groups of forty ways to write "the",
# joined by two gaps, have a million, and took seconds on 2 KB of prose.
MAX_WAYS = 10_000
# A word that `*` and `**` match: at most this many letters in each of at most this
# many hyphenated parts. Otherwise every attempt that starts in a long word (a
# phrase's first word inside it, or each part of "a-a-a-…") would read the rest of it.
MAX_WORD = 64
MAX_PARTS = 16

_WORD_CHARS = r"\w'’"
_PART = rf"[{_WORD_CHARS}]{{1,{MAX_WORD}}}+(?![{_WORD_CHARS}])"
# "tech-debt" is one word; a longer one is no word at all (not a piece of one)
_WORD = rf"{_PART}(?:-{_PART}){{0,{MAX_PARTS - 1}}}+(?!-[{_WORD_CHARS}])"
_SPACE = r"\s++"
_HYPHEN = r"(?:\s*+[-‐‑‒–—]\s*+|\s++)?+"
_TIGHT = r"(?:\s*+[-‐‑‒–—]\s*+)?+"
# Starts only where a run of digits, commas and dots starts, so that trying every
# position of a long run like "1,1,1,…" stays linear.
_NUMBER = r"[$€£¥]?+(?<![\d,.])[.,]?+\d[\d,.]*+(?:bn|[km])?+"
_TOKENS = re.compile(r"\*\*|\*|[()\[\]|#~<>]|-|\s+|[\w'’]+|.", re.UNICODE)


class PhraseSyntaxError(ValueError):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


class _Part(NamedTuple):
    """A parsed part of a phrase."""

    regex: str
    needs: Needs
    """The words a match must contain (see `required_words`)."""
    ways: int
    """The paths an attempt at one place can go down in it (see `MAX_WAYS`)."""
    first: str | None = None
    """Its first word, if every match starts with that word (lower case, `'` for ’)."""


@dataclass
class _Item:
    part: _Part
    offset: int  # where it starts in the phrase
    optional: bool = False
    context: bool = False
    sep: str = ""  # the separator before it ("" for the first item)


@dataclass
class _Parser:
    source: str
    tokens: list[tuple[str, int]]
    pos: int = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos][0] if self.pos < len(self.tokens) else None

    def offset(self) -> int:
        return self.tokens[self.pos][1] if self.pos < len(self.tokens) else len(self.source)

    def fail(self, message: str, offset: int | None = None) -> PhraseSyntaxError:
        return PhraseSyntaxError(message, self.offset() if offset is None else offset)

    # sequence := item (sep item)*    alternatives := sequence ('|' sequence)*
    # Each method returns a `_Part`: the regex source, the words the match must
    # contain, and its ways. `opener` is the bracket that opened the group being
    # parsed (None at the top).
    def alternatives(self, depth: int, opener: tuple[str, int] | None = None) -> _Part:
        options = [(self.offset(), self.sequence(depth, opener, after_bar=False))]
        while self.peek() == "|":
            self.pos += 1
            options.append((self.offset(), self.sequence(depth, opener, after_bar=True)))
        if len(options) == 1:
            return options[0][1]
        parts = [part for _, part in options]
        return _Part(
            "(?:" + "|".join(part.regex for part in parts) + ")",
            _either(part.needs for part in parts),
            _ways_of_either(options),
        )

    def sequence(self, depth: int, opener: tuple[str, int] | None, after_bar: bool) -> _Part:
        items: list[_Item] = []
        pending_sep: str | None = None  # separator before the next item
        while True:
            tok = self.peek()
            if tok is None or tok in ("|", ")", "]", ">"):
                break
            if tok.isspace() or tok in ("-", "~"):
                if not items:
                    raise self.fail("a phrase cannot start with a space or hyphen")
                self.pos += 1
                sep = _HYPHEN if tok == "-" else _TIGHT if tok == "~" else _SPACE
                # "buy - in" or "buy -in": a hyphen anywhere in the gap wins, and
                # a tight hyphen `~` wins over both.
                for strongest in (_TIGHT, _HYPHEN, _SPACE):
                    if strongest in (sep, pending_sep):
                        pending_sep = strongest
                        break
                continue
            if items and pending_sep is None:
                raise self.fail("put a space or hyphen between the parts of a phrase")
            if items and items[-1].context and len(items) > 1:
                raise self.fail("a context <…> must be the first or the last part of a phrase")
            offset = self.offset()
            if tok == "<":
                items.append(_Item(self.context(depth), offset, context=True))
            else:
                optional = tok in ("**", "[")
                items.append(_Item(self.item(depth), offset, optional))
            items[-1].sep = pending_sep or ""
            pending_sep = None
        if not items:
            if tok is None and opener is not None:
                raise self.unclosed(opener)
            if after_bar:
                raise self.fail("empty alternative after '|'")
            if opener is not None:
                raise self.fail(f"empty group {opener[0]}{_CLOSE[opener[0]]}", opener[1])
            raise self.fail("empty phrase")
        if pending_sep is not None:
            raise self.fail("a phrase cannot end with a space or hyphen")
        return self.assemble(items)

    def context(self, depth: int) -> _Part:
        """``<words>``: must be there, but is not part of the reported span."""
        start = self.offset()
        if depth:
            raise self.fail("a context <…> is only allowed at the start or end of a phrase")
        self.pos += 1
        inner = self.alternatives(depth + 1, ("<", start))
        if self.peek() != ">":
            raise self.unclosed(("<", start))
        self.pos += 1
        return inner._replace(regex=f"(?:{inner.regex})")

    def unclosed(self, opener: tuple[str, int]) -> PhraseSyntaxError:
        char, offset = opener
        return self.fail(f"unclosed {char!r}: missing {_CLOSE[char]!r}", offset)

    def assemble(self, items: list[_Item]) -> _Part:
        before = items[0] if items[0].context else None
        after = items[-1] if items[-1].context and len(items) > 1 else None
        focus = items[(1 if before else 0) : (-1 if after else len(items))]
        if not focus:
            raise self.fail("a phrase needs words outside its context <…>")
        if all(i.optional for i in focus):
            raise self.fail("a phrase needs a part that is not optional")
        ways = 1
        for it in items:  # each path of a part goes on to every path of the next
            ways *= it.part.ways + it.optional  # an optional part has one way more: none
            if ways > MAX_WAYS:
                raise _too_many_ways(it.offset)
        out = ""
        for n, it in enumerate(focus):
            # after a leading optional part, the separator is inside that part
            sep = "" if n == 0 or (n == 1 and focus[0].optional) else it.sep
            if not it.optional:
                out += sep + it.part.regex
            elif n == 0:  # a leading optional part takes the separator that follows it
                out += f"(?:{it.part.regex}{focus[1].sep})?"
            else:
                out += f"(?:{sep}{it.part.regex})?"
        needs: Needs = tuple(g for it in items if not it.optional for g in it.part.needs)
        first = items[0].part.first if not items[0].optional else None
        if before is None and after is None:
            return _Part(out, needs, ways, first)
        out = f"({out})"  # the focus: the span that is reported
        if before is not None:
            out = f"{before.part.regex}{focus[0].sep}{out}"
        if after is not None:
            out = f"{out}{after.sep}{after.part.regex}"
        return _Part(out, needs, ways, first)

    def item(self, depth: int) -> _Part:
        tok = self.peek()
        assert tok is not None
        start = self.offset()
        self.pos += 1
        if tok == "*":
            return _Part(_WORD, (), 1)
        if tok == "#":
            return _Part(_NUMBER, (), 1)
        if tok == "**":  # 1 to 3 words here, and none as an optional part: 4 ways
            return _Part(f"{_WORD}(?:{_SPACE}{_WORD}){{0,2}}", (), 3)
        if tok in ("(", "["):
            if depth >= MAX_GROUP_DEPTH:
                raise self.fail(f"groups nest at most {MAX_GROUP_DEPTH} deep", start)
            inner = self.alternatives(depth + 1, (tok, start))
            close = _CLOSE[tok]
            if self.peek() != close:
                if self.peek() is None:
                    raise self.unclosed((tok, start))
                raise self.fail(f"expected {close!r} to close the {tok!r} at column {start + 1}")
            self.pos += 1
            return inner._replace(regex=f"(?:{inner.regex})")
        if re.fullmatch(r"[\w'’]+", tok):
            regex = "".join("['’]" if ch in "'’" else re.escape(ch) for ch in tok)
            # The longest apostrophe-free piece: "they'll" needs "they" ('/’ differ).
            piece = max(re.split("['’]", tok.lower()), key=len)
            needs = (frozenset([piece]),) if piece else ()
            return _Part(regex, needs, 1, tok.lower().replace("’", "'"))
        if tok == ">":
            raise PhraseSyntaxError("'>' without '<'", start)
        raise PhraseSyntaxError(f"unexpected {tok!r} in phrase", start)


def _ways_of_either(options: list[tuple[int, _Part]]) -> int:
    """The ways of a choice between `options` (each with where it starts).

    Alternatives that start with different words, neither the start of the other
    ("win" and "gain", not "win" and "wins"), never match at the same place: only
    the ways of those that can are added, with those of every alternative that does
    not start with a word.
    """
    by_first: dict[str, int] = {}
    anywhere = 0
    for _, part in options:
        if part.first is None:
            anywhere += part.ways
        else:
            by_first[part.first] = by_first.get(part.first, 0) + part.ways

    def here(head: str) -> int:  # the ways of those that can match where `head` is
        return anywhere + sum(by_first.get(head[:n], 0) for n in range(1, len(head) + 1))

    head = max(by_first, key=here, default="")
    total = here(head)
    if total > MAX_WAYS:  # where the sum passes the bound, in the order written
        total = 0
        for offset, part in options:
            if part.first is None or head.startswith(part.first):
                total += part.ways
                if total > MAX_WAYS:
                    raise _too_many_ways(offset)
    return total


def _too_many_ways(offset: int) -> PhraseSyntaxError:
    return PhraseSyntaxError(
        f"a phrase can match in at most {MAX_WAYS:,} ways at one place (its alternatives, "
        "'[...]' parts and '**' gaps multiply them); split it into several phrases",
        offset,
    )


_CLOSE = {"(": ")", "[": "]", "<": ">"}


@lru_cache(maxsize=4096)
def _compile(source: str) -> tuple[str, Needs, int]:
    text = source.strip()
    if not text:
        raise PhraseSyntaxError("empty phrase", 0)
    if len(text) > MAX_PATTERN_LENGTH:
        raise PhraseSyntaxError(f"phrase is longer than {MAX_PATTERN_LENGTH} characters", 0)
    lead = len(source) - len(source.lstrip())
    tokens = [(m.group(0), m.start() + lead) for m in _TOKENS.finditer(text)]
    _check_choices(tokens)
    parser = _Parser(source, tokens)
    whole = parser.alternatives(0)
    tok = parser.peek()
    if tok is not None:
        what = f"{tok!r} without {'(' if tok == ')' else '['!r}" if tok in (")", "]") else None
        if tok == ">":
            what = "'>' without '<'"
        raise parser.fail(what or f"unexpected {tok!r}")
    return rf"(?<![\w'’])(?:{whole.regex})(?![\w'’])", whole.needs, whole.ways


def _check_choices(tokens: list[tuple[str, int]]) -> None:
    for token, limit, what in (("**", MAX_GAPS, "'**' gaps"), ("[", MAX_OPTIONAL, "'[...]' parts")):
        places = [offset for tok, offset in tokens if tok == token]
        if len(places) > limit:
            raise PhraseSyntaxError(
                f"a phrase can have at most {limit} {what} (each one multiplies the "
                "matching work); split it into several phrases",
                places[limit],
            )


def compile_phrase(source: str) -> str:
    """The regex source for one phrase, or `PhraseSyntaxError` with an offset."""
    return _compile(source)[0]


def ways(source: str) -> int:
    """How many paths an attempt to match the phrase at one place can go down, at
    most (see `MAX_WAYS`)."""
    return _compile(source)[2]


def required_words(source: str) -> Needs:
    """Groups of lower-case words, one word of each group in every match of the phrase.

    A cheap, exact pre-check for scanners: a text (lower-cased) in which some group
    has no word as a substring cannot match, so the regex need not run. Groups come
    most selective first; a phrase with no required word (``* *``) gives ``()``.
    """
    # Words under three letters ("in", "on", "to") are in nearly every text: no help.
    needs = {g for g in _compile(source)[1] if min(map(len, g)) >= 3}
    return tuple(sorted(needs, key=lambda g: (len(g), -min(map(len, g)), sorted(g))))


def _either(options: Iterable[Needs]) -> Needs:
    """What one of several alternatives needs: one group per alternative, merged."""
    merged: set[str] = set()
    for needs in options:
        if not needs:
            return ()  # an alternative that needs nothing: the choice needs nothing
        # the alternative's most telling group: its shortest word is longest
        merged |= max(needs, key=lambda g: (min(map(len, g)), -len(g)))
    # "push" covers "pushed": checking the shorter word is enough. Only a word that
    # starts another covers it, so that each stays at the start of a word ("sell"
    # does not cover "upsell"), where scanners look for them.
    return (frozenset(w for w in merged if not any(o != w and w.startswith(o) for o in merged)),)
