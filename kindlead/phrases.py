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

Matching is case-insensitive and on whole words. The compiled regex uses only
bounded repeats and possessive separators, so its cost stays linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

Needs = tuple[frozenset[str], ...]
"""Groups of words; a match contains at least one word of every group (see `required_words`)."""

MAX_PATTERN_LENGTH = 1000  # long lists of alternatives are normal; cost stays linear
MAX_GROUP_DEPTH = 3

_WORD_CHARS = r"\w'’"
_WORD = rf"[{_WORD_CHARS}]++"
_SPACE = r"\s++"
_HYPHEN = r"(?:\s*+[-‐‑‒–—]\s*+|\s++)?+"
_TIGHT = r"(?:\s*+[-‐‑‒–—]\s*+)?+"
_NUMBER = r"[$€£¥]?+\d[\d,.]*+(?:bn|[km])?+"
_TOKENS = re.compile(r"\*\*|\*|[()\[\]|#~]|-|\s+|[\w'’]+|.", re.UNICODE)


class PhraseSyntaxError(ValueError):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass
class _Parser:
    source: str
    tokens: list[tuple[str, int]]
    pos: int = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos][0] if self.pos < len(self.tokens) else None

    def offset(self) -> int:
        return self.tokens[self.pos][1] if self.pos < len(self.tokens) else len(self.source)

    def fail(self, message: str) -> PhraseSyntaxError:
        return PhraseSyntaxError(message, self.offset())

    # sequence := item (sep item)*    alternatives := sequence ('|' sequence)*
    # Each method returns the regex source and the words the match must contain.
    def alternatives(self, depth: int) -> tuple[str, Needs]:
        options = [self.sequence(depth)]
        while self.peek() == "|":
            self.pos += 1
            options.append(self.sequence(depth))
        if len(options) == 1:
            return options[0]
        return "(?:" + "|".join(o[0] for o in options) + ")", _either(o[1] for o in options)

    def sequence(self, depth: int) -> tuple[str, Needs]:
        out = ""
        needs: Needs = ()
        pending_sep: str | None = None  # separator before the next item
        first = True
        while True:
            tok = self.peek()
            if tok is None or tok in ("|", ")", "]"):
                break
            if tok.isspace() or tok in ("-", "~"):
                if first:
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
            if not first and pending_sep is None:
                raise self.fail("put a space or hyphen between the parts of a phrase")
            sep = pending_sep or ""
            optional = tok in ("**", "[")
            item, item_needs = self.item(depth)
            if not optional:
                needs += item_needs
            if optional and first:
                out += f"(?:{item}{_SPACE})?"
                first = False
                pending_sep = None
                continue
            out += f"(?:{sep}{item})?" if optional else sep + item
            first = False
            pending_sep = None
        if first:
            raise self.fail("empty phrase")
        if pending_sep is not None:
            raise self.fail("a phrase cannot end with a space or hyphen")
        return out, needs

    def item(self, depth: int) -> tuple[str, Needs]:
        tok = self.peek()
        assert tok is not None
        self.pos += 1
        if tok == "*":
            return _WORD, ()
        if tok == "#":
            return _NUMBER, ()
        if tok == "**":
            return f"{_WORD}(?:{_SPACE}{_WORD}){{0,2}}", ()
        if tok in ("(", "["):
            if depth >= MAX_GROUP_DEPTH:
                raise self.fail(f"groups nest at most {MAX_GROUP_DEPTH} deep")
            inner, needs = self.alternatives(depth + 1)
            close = ")" if tok == "(" else "]"
            if self.peek() != close:
                raise self.fail(f"missing {close!r}")
            self.pos += 1
            return f"(?:{inner})", needs
        if re.fullmatch(r"[\w'’]+", tok):
            regex = "".join("['’]" if ch in "'’" else re.escape(ch) for ch in tok)
            # The longest apostrophe-free piece: "they'll" needs "they" ('/’ differ).
            piece = max(re.split("['’]", tok.lower()), key=len)
            return regex, ((frozenset([piece]),) if piece else ())
        raise PhraseSyntaxError(f"unexpected {tok!r} in phrase", self.tokens[self.pos - 1][1])


def _compile(source: str) -> tuple[str, Needs]:
    text = source.strip()
    if not text:
        raise PhraseSyntaxError("empty phrase", 0)
    if len(text) > MAX_PATTERN_LENGTH:
        raise PhraseSyntaxError(f"phrase is longer than {MAX_PATTERN_LENGTH} characters", 0)
    lead = len(source) - len(source.lstrip())
    tokens = [(m.group(0), m.start() + lead) for m in _TOKENS.finditer(text)]
    parser = _Parser(source, tokens)
    body, needs = parser.alternatives(0)
    if parser.peek() is not None:
        raise parser.fail(f"unexpected {parser.peek()!r}")
    return rf"(?<![\w'’])(?:{body})(?![\w'’])", needs


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
    # "push" covers "pushed": checking the shorter substring is enough
    return (frozenset(w for w in merged if not any(o != w and o in w for o in merged)),)


def compile_phrases(sources: list[str] | tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive regex matching any of the phrases."""
    return re.compile("|".join(f"(?:{compile_phrase(s)})" for s in sources), re.IGNORECASE)
