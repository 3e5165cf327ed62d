"""The phrase pattern language of language rules, compiled to safe regexes.

Rule files come from colleagues and downloads, so they never contain raw regular
expressions (a hostile regex can hang the linter). Instead a rule lists phrases:

    buy-in                    hyphen: "buy-in", "buy in", "buyin", "buy–in", "buy-\\nin"
    get them on board         a space: any run of white space, line breaks included
    (convince|convincing) *   alternatives in ( | ); `*` is any one word
    get ** to agree           `**` is up to three words (or none)
    sold [them|the team] on   [ ] is optional (alternatives allowed inside)
    team's                    an apostrophe matches ' and ’

Matching is case-insensitive and on whole words. The compiled regex uses only
bounded repeats and possessive separators, so its cost stays linear in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_PATTERN_LENGTH = 300
MAX_GROUP_DEPTH = 3

_WORD_CHARS = r"\w'’"
_WORD = rf"[{_WORD_CHARS}]++"
_SPACE = r"\s++"
_HYPHEN = r"(?:\s*+[-‐‑‒–—]\s*+|\s++)?+"
_TOKENS = re.compile(r"\*\*|\*|[()\[\]|]|-|\s+|[\w'’]+|.", re.UNICODE)


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
    def alternatives(self, depth: int) -> str:
        options = [self.sequence(depth)]
        while self.peek() == "|":
            self.pos += 1
            options.append(self.sequence(depth))
        return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"

    def sequence(self, depth: int) -> str:
        out = ""
        pending_sep: str | None = None  # separator before the next item
        first = True
        while True:
            tok = self.peek()
            if tok is None or tok in ("|", ")", "]"):
                break
            if tok.isspace() or tok == "-":
                if first:
                    raise self.fail("a phrase cannot start with a space or hyphen")
                self.pos += 1
                sep = _HYPHEN if tok == "-" else _SPACE
                # "buy - in" or "buy -in": a hyphen anywhere in the gap wins.
                pending_sep = _HYPHEN if _HYPHEN in (sep, pending_sep) else sep
                continue
            if not first and pending_sep is None:
                raise self.fail("put a space or hyphen between the parts of a phrase")
            sep = pending_sep or ""
            optional = tok in ("**", "[")
            item = self.item(depth)
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
        return out

    def item(self, depth: int) -> str:
        tok = self.peek()
        assert tok is not None
        self.pos += 1
        if tok == "*":
            return _WORD
        if tok == "**":
            return f"{_WORD}(?:{_SPACE}{_WORD}){{0,2}}"
        if tok in ("(", "["):
            if depth >= MAX_GROUP_DEPTH:
                raise self.fail(f"groups nest at most {MAX_GROUP_DEPTH} deep")
            inner = self.alternatives(depth + 1)
            close = ")" if tok == "(" else "]"
            if self.peek() != close:
                raise self.fail(f"missing {close!r}")
            self.pos += 1
            return f"(?:{inner})"
        if re.fullmatch(r"[\w'’]+", tok):
            return "".join("['’]" if ch in "'’" else re.escape(ch) for ch in tok)
        raise PhraseSyntaxError(f"unexpected {tok!r} in phrase", self.tokens[self.pos - 1][1])


def compile_phrase(source: str) -> str:
    """The regex source for one phrase, or `PhraseSyntaxError` with an offset."""
    text = source.strip()
    if not text:
        raise PhraseSyntaxError("empty phrase", 0)
    if len(text) > MAX_PATTERN_LENGTH:
        raise PhraseSyntaxError(f"phrase is longer than {MAX_PATTERN_LENGTH} characters", 0)
    lead = len(source) - len(source.lstrip())
    tokens = [(m.group(0), m.start() + lead) for m in _TOKENS.finditer(text)]
    parser = _Parser(source, tokens)
    body = parser.alternatives(0)
    if parser.peek() is not None:
        raise parser.fail(f"unexpected {parser.peek()!r}")
    return rf"(?<![\w'’])(?:{body})(?![\w'’])"


def compile_phrases(sources: list[str] | tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive regex matching any of the phrases."""
    return re.compile("|".join(f"(?:{compile_phrase(s)})" for s in sources), re.IGNORECASE)
