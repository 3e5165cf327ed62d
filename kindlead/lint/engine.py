"""The scanner: Markdown in, findings out, one paragraph at a time.

It joins the parts of the linter, each with one job:

1. `kindlead.lint.markdown` reads the text into prose paragraphs (and suppression
   comments into `kindlead.lint.suppress`);
2. `kindlead.lint.gate` finds the rules' gate words once per block of lines, so a
   paragraph without one is dropped unread (most are);
3. `kindlead.lint.inline` hides what is not prose in a paragraph that has one;
4. `kindlead.lint.match` finds the rules' phrases around the gate words;
5. here each match is decided: a rule's exceptions and contexts, `--allow`, and the
   suppression comments can leave it alone; what is left is a `Finding`.

A finding belongs to the line where it starts; end positions are exclusive.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from kindlead.lint.gate import fold_sigma, lower
from kindlead.lint.inline import mask_inline
from kindlead.lint.markdown import MarkdownReader, Paragraph
from kindlead.lint.match import (
    Compiled,
    breaks,
    compile_rules,
    matches,
    run_of,
    sentence_ends,
    sentence_of,
    windows,
)
from kindlead.lint.suppress import Suppressions
from kindlead.rules.model import Rule


class Finding(NamedTuple):
    """One piece of buy-in framing: where it is, what it says, what to try instead."""

    rule: str
    severity: str
    message: str
    suggestion: str
    matched: str
    """The text as it appears, line breaks included."""
    line: int
    column: int
    end_line: int
    end_column: int
    """1-based; columns count characters; the end is exclusive."""


class Scanner:
    def __init__(self, compiled: Compiled) -> None:
        self.compiled = compiled
        self.out: list[Finding] = []
        self.suppressions = Suppressions()
        self.reader = MarkdownReader(self, self.suppressions)
        self.hits: list[int] = []  # where gate words start (from `hit_i` on: still ahead)
        self.hit_words: list[str] = []  # which
        self.hit_i = 0

    def feed(self, piece: str) -> None:
        self.reader.feed(piece)

    def finish(self) -> None:
        self.reader.finish()

    # -- what the Markdown reader tells ----------------------------------------------

    def block(self, text: str, start: int) -> None:
        """Whole lines about to be read: find the gate words in them."""
        triggers = self.compiled.triggers
        if triggers is None:
            return
        if self.hit_i > 1024:
            del self.hits[: self.hit_i], self.hit_words[: self.hit_i]
            self.hit_i = 0
        starts, words = triggers.find(text)
        self.hits += [start + i for i in starts]
        self.hit_words += words

    def paragraph(self, para: Paragraph) -> None:
        gate = self._gate_words(para)
        if gate is None or gate[0]:
            self._scan(para, gate)
        self.suppressions.apply_until(para.last_line + 1, 0)
        self.suppressions.forget_before(self.reader.line)

    def _gate_words(self, para: Paragraph) -> tuple[list[int], list[str]] | None:
        """Where gate words are in the paragraph (offsets in it), and which; None if
        they are still to be found (some rule has no gate, or a runaway line)."""
        if para.blind or self.compiled.triggers is None:
            return None
        hits, start = self.hits, para.start
        i = bisect_left(hits, start, self.hit_i)
        j = bisect_left(hits, start + para.length, i)
        self.hit_i = j
        return [h - start for h in hits[i:j]], self.hit_words[i:j]

    # -- a paragraph with a gate word ----------------------------------------------------

    def _scan(self, para: Paragraph, gate: tuple[list[int], list[str]] | None) -> None:
        compiled = self.compiled
        masked = mask_inline(para.masked_text())
        low = lower(masked)
        triggers = compiled.triggers
        # where each rule can match: around its gate words, where they are still
        # prose (masking hides those in URLs, code, …)
        at: dict[int, list[int]] = {}
        if triggers is not None:
            starts, words = triggers.find(low) if gate is None else gate
            rules_of = triggers.rules_of
            folded = low if triggers.ascii else fold_sigma(low)
            for start, word in zip(starts, words, strict=True):
                if folded.startswith(word, start):
                    for n in rules_of[word]:
                        at.setdefault(n, []).append(start)
            if not at:
                return
        hits: list[tuple[int, int, int]] = []
        rev: str | None = None
        for n, matcher in enumerate(compiled.rules):
            if not matcher.gate or triggers is None:
                spans_in = [(0, len(low))]
            elif n not in at:
                continue
            else:
                if rev is None:
                    rev = low[::-1]
                spans_in = windows(low, rev, at[n])
            hits += ((start, end, n) for start, end in matches(low, matcher.patterns, spans_in))
        if hits:
            hits.sort()
            self._decide(para, masked, low, hits)

    def _decide(
        self, para: Paragraph, masked: str, low: str, hits: list[tuple[int, int, int]]
    ) -> None:
        """Report each match that nothing leaves alone."""
        text = para.text()
        ends = sentence_ends(masked)
        runs: tuple[list[int], list[int]] | None = None
        # per rule and sentence: the exception spans, and whether a context is there
        exceptions: dict[tuple[int, int], list[tuple[int, int]]] = {}
        contexts: dict[tuple[int, int], bool] = {}
        allow = self.compiled.allow
        for start, end, n in hits:
            matcher = self.compiled.rules[n]
            s, e = sentence_of(ends, start, end, len(masked))
            key = (n, s)
            if matcher.contexts.phrases:
                if key not in contexts:
                    contexts[key] = bool(matcher.contexts.spans(low, s, e))
                if contexts[key]:
                    continue
            # an exception that overlaps the match lies in its run between number breaks
            if runs is None:
                runs = breaks(low, numeric=True)
            rs, re_ = run_of(runs, start, end, s, e)
            key = (n, rs)
            spans = exceptions.get(key)
            if spans is None:
                spans = exceptions[key] = matcher.exceptions.spans(low, rs, re_)
            if any(xs < end and xe > start for xs, xe in spans):
                continue
            if allow is not None and any(
                a.start() < end and a.end() > start for a in allow.finditer(masked, s, e)
            ):
                continue
            rule = matcher.rule
            line, column = _position(para, start)
            end_line, end_column = _position(para, end - 1)
            if self.suppressions.suppressed(rule.id, line, column):
                continue
            self.out.append(
                Finding(
                    rule=rule.id,
                    severity=rule.severity,
                    message=rule.message,
                    suggestion=rule.suggestion,
                    matched=text[start:end],
                    line=line,
                    column=column,
                    end_line=end_line,
                    end_column=end_column + 1,
                )
            )


def _position(para: Paragraph, offset: int) -> tuple[int, int]:
    """The line and 1-based column of a character of the paragraph."""
    i = bisect_right(para.starts, (offset, 1 << 62)) - 1
    at, line, column = para.starts[i]
    return line, column + offset - at + 1


def check_allow(allow: Sequence[str], rules: Sequence[Rule]) -> None:
    """Raise `ValidationError` for an allow entry that is neither a rule id nor a phrase."""
    compile_rules(tuple(rules), tuple(allow))


def scan_stream(
    pieces: Iterable[str], rules: Sequence[Rule], *, allow: Sequence[str] = ()
) -> Iterator[Finding]:
    """Findings in `pieces` of a text (of any size, lines need not be whole), as found.

    Raises `ValidationError` (on the first `next`) for a bad `allow` entry.
    """
    scanner = Scanner(compile_rules(tuple(rules), tuple(allow)))
    out = scanner.out
    for piece in pieces:
        scanner.feed(piece)
        if out:
            yield from out
            out.clear()
    scanner.finish()
    yield from out


def scan_text(text: str, rules: Sequence[Rule], *, allow: Sequence[str] = ()) -> list[Finding]:
    """Every finding in `text` (a whole answer or file), in order."""
    size = 64 * 1024
    return list(
        scan_stream((text[i : i + size] for i in range(0, len(text), size)), rules, allow=allow)
    )
