"""Mention is not use: where a paragraph talks *about* a phrase instead of using it.

- A block quote holds someone else's words.
- Link text that points to another site is the title of someone else's page
  ("[How to Get Buy-In](https://…)").
- Quotation marks make the words someone else's, or a term being talked about
  ('the word “buy-in”', 'Instead of "get their buy-in", try …', '"I just need
  them to buy in," the director told us').

These are left alone whatever the words (`Mentions.why`). Link text that points
inside the repository and emphasis (often a title) are only cues for the sense model
(`Mentions.cues`): "[convince the ops team](tickets/412) by Friday" is still a use.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache

#: A quotation of at most this many words is a term; a longer one, someone's words.
TERM_WORDS = 6


@cache
def _regex(which: str) -> re.Pattern[str]:
    return re.compile(
        {
            # [text](target): the text, and whether the target is another site
            "link": r"\[([^\[\]\n]{0,500})\]\(\s*<?(\w[\w+.-]{0,31}://|www\.|mailto:)?",
            # a quotation: curly or straight double quotes (across a line break, as a
            # paragraph wraps), curly single quotes, or straight single quotes that
            # are not apostrophes (on one line: an apostrophe is too easily taken)
            "quote": r"“[^“”]{1,400}”|\"[^\"]{1,400}\"|‘[^‘’]{1,400}’"
            r"|(?<![\w'’])'[^'\n]{1,200}'(?![\w'’])",
            "word": r"[\w'’-]+",
            "emphasis": r"(\*{1,2}|_{1,2})(?=[^\s*_])([^\n]{1,300}?)(?<=[^\s*_])\1(?![*\w])",
        }[which]
    )


class Mentions:
    """The quotations and link texts of one paragraph (its masked text)."""

    def __init__(self, masked: str, quoted: bool) -> None:
        self.quoted = quoted
        self.links: list[tuple[int, int, bool]] = []
        if "](" in masked:
            for m in _regex("link").finditer(masked):
                self.links.append((m.start(1), m.end(1), m.group(2) is not None))
        self.quotes: list[tuple[int, int, int]] = []  # start, end (inside), words
        if any(q in masked for q in "\"“‘'"):
            for m in _regex("quote").finditer(masked):
                inner = m.group(0)[1:-1]
                words = len(_regex("word").findall(inner))
                self.quotes.append((m.start() + 1, m.end() - 1, words))
        self._quote_starts = [q[0] for q in self.quotes]
        self.emphasis: list[tuple[int, int]] = []
        if "*" in masked or "_" in masked:
            self.emphasis = [m.span(2) for m in _regex("emphasis").finditer(masked)]

    def _quote_of(self, start: int, end: int) -> tuple[int, int, int] | None:
        k = bisect_right(self._quote_starts, start) - 1
        if k >= 0:
            q = self.quotes[k]
            if q[0] <= start and end <= q[1]:
                return q
        return None

    def _link_of(self, start: int, end: int) -> tuple[int, int, bool] | None:
        return next((lk for lk in self.links if lk[0] <= start and end <= lk[1]), None)

    def why(self, start: int, end: int) -> str | None:
        """Why the phrase at ``[start, end)`` is a mention, or None if it may be a use."""
        if self.quoted:
            return "in a block quote: quoted, not said here"
        link = self._link_of(start, end)
        if link is not None and link[2]:
            return "link text: the title of someone else's page"
        quote = self._quote_of(start, end)
        if quote is not None:
            if quote[2] <= TERM_WORDS:
                return "in quotation marks: the phrase is talked about, not used"
            return "in quotation marks: someone's words, quoted"
        return None

    def cues(self, start: int, end: int) -> list[str]:
        """What hints at a mention without settling it: for the sense model."""
        out = []
        if self._link_of(start, end) is not None:
            out.append("link-text")
        if any(s <= start and end <= e for s, e in self.emphasis):
            out.append("emphasis")
        return out
