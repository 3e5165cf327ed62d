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
bounded repeats and possessive separators, so its cost stays linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

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

_WORD_CHARS = r"\w'’"
_WORD = rf"[{_WORD_CHARS}]++(?:-[{_WORD_CHARS}]++)*+"  # "tech-debt" is one word
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


@dataclass
class _Item:
    regex: str
    needs: Needs
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
    # Each method returns the regex source and the words the match must contain.
    # `opener` is the bracket that opened the group being parsed (None at the top).
    def alternatives(self, depth: int, opener: tuple[str, int] | None = None) -> tuple[str, Needs]:
        options = [self.sequence(depth, opener, after_bar=False)]
        while self.peek() == "|":
            self.pos += 1
            options.append(self.sequence(depth, opener, after_bar=True))
        if len(options) == 1:
            return options[0]
        return "(?:" + "|".join(o[0] for o in options) + ")", _either(o[1] for o in options)

    def sequence(
        self, depth: int, opener: tuple[str, int] | None, after_bar: bool
    ) -> tuple[str, Needs]:
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
            if tok == "<":
                items.append(self.context(depth))
            else:
                optional = tok in ("**", "[")
                regex, needs = self.item(depth)
                items.append(_Item(regex, needs, optional))
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

    def context(self, depth: int) -> _Item:
        """``<words>``: must be there, but is not part of the reported span."""
        start = self.offset()
        if depth:
            raise self.fail("a context <…> is only allowed at the start or end of a phrase")
        self.pos += 1
        inner, needs = self.alternatives(depth + 1, ("<", start))
        if self.peek() != ">":
            raise self.unclosed(("<", start))
        self.pos += 1
        return _Item(f"(?:{inner})", needs, context=True)

    def unclosed(self, opener: tuple[str, int]) -> PhraseSyntaxError:
        char, offset = opener
        return self.fail(f"unclosed {char!r}: missing {_CLOSE[char]!r}", offset)

    def assemble(self, items: list[_Item]) -> tuple[str, Needs]:
        before = items[0] if items[0].context else None
        after = items[-1] if items[-1].context and len(items) > 1 else None
        focus = items[(1 if before else 0) : (-1 if after else len(items))]
        if not focus:
            raise self.fail("a phrase needs words outside its context <…>")
        if all(i.optional for i in focus):
            raise self.fail("a phrase needs a part that is not optional")
        out = ""
        for n, it in enumerate(focus):
            # after a leading optional part, the separator is inside that part
            sep = "" if n == 0 or (n == 1 and focus[0].optional) else it.sep
            if not it.optional:
                out += sep + it.regex
            elif n == 0:  # a leading optional part takes the separator that follows it
                out += f"(?:{it.regex}{focus[1].sep})?"
            else:
                out += f"(?:{sep}{it.regex})?"
        needs: Needs = tuple(g for it in items if not it.optional for g in it.needs)
        if before is None and after is None:
            return out, needs
        out = f"({out})"  # the focus: the span that is reported
        if before is not None:
            out = f"{before.regex}{focus[0].sep}{out}"
        if after is not None:
            out = f"{out}{after.sep}{after.regex}"
        return out, needs

    def item(self, depth: int) -> tuple[str, Needs]:
        tok = self.peek()
        assert tok is not None
        start = self.offset()
        self.pos += 1
        if tok == "*":
            return _WORD, ()
        if tok == "#":
            return _NUMBER, ()
        if tok == "**":
            return f"{_WORD}(?:{_SPACE}{_WORD}){{0,2}}", ()
        if tok in ("(", "["):
            if depth >= MAX_GROUP_DEPTH:
                raise self.fail(f"groups nest at most {MAX_GROUP_DEPTH} deep", start)
            inner, needs = self.alternatives(depth + 1, (tok, start))
            close = _CLOSE[tok]
            if self.peek() != close:
                if self.peek() is None:
                    raise self.unclosed((tok, start))
                raise self.fail(f"expected {close!r} to close the {tok!r} at column {start + 1}")
            self.pos += 1
            return f"(?:{inner})", needs
        if re.fullmatch(r"[\w'’]+", tok):
            regex = "".join("['’]" if ch in "'’" else re.escape(ch) for ch in tok)
            # The longest apostrophe-free piece: "they'll" needs "they" ('/’ differ).
            piece = max(re.split("['’]", tok.lower()), key=len)
            return regex, ((frozenset([piece]),) if piece else ())
        if tok == ">":
            raise PhraseSyntaxError("'>' without '<'", start)
        raise PhraseSyntaxError(f"unexpected {tok!r} in phrase", start)


_CLOSE = {"(": ")", "[": "]", "<": ">"}


@lru_cache(maxsize=4096)
def _compile(source: str) -> tuple[str, Needs]:
    text = source.strip()
    if not text:
        raise PhraseSyntaxError("empty phrase", 0)
    if len(text) > MAX_PATTERN_LENGTH:
        raise PhraseSyntaxError(f"phrase is longer than {MAX_PATTERN_LENGTH} characters", 0)
    lead = len(source) - len(source.lstrip())
    tokens = [(m.group(0), m.start() + lead) for m in _TOKENS.finditer(text)]
    _check_choices(tokens)
    parser = _Parser(source, tokens)
    body, needs = parser.alternatives(0)
    tok = parser.peek()
    if tok is not None:
        what = f"{tok!r} without {'(' if tok == ')' else '['!r}" if tok in (")", "]") else None
        if tok == ">":
            what = "'>' without '<'"
        raise parser.fail(what or f"unexpected {tok!r}")
    return rf"(?<![\w'’])(?:{body})(?![\w'’])", needs


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
