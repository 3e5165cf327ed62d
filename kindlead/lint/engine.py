"""The scanner: Markdown in, findings out, one paragraph at a time.

It joins the parts of the linter, each with one job:

1. `kindlead.lint.markdown` reads the text into prose paragraphs (and suppression
   comments into `kindlead.lint.suppress`);
2. `kindlead.lint.gate` finds the rules' gate words once per block of lines, so a
   paragraph without one is dropped unread (most are), and the words that tell what
   the document is about (a poker club's README), for the sense model;
3. `kindlead.lint.inline` hides what is not prose in a paragraph that has one;
4. `kindlead.lint.match` finds the rules' phrases around the gate words: candidates;
5. here each candidate is decided. It is left alone when a rule's exceptions or
   contexts say so, `--allow` names it, it is a mention (`kindlead.lint.mentions`), the
   sense model hears another sense (`kindlead.lint.sense`), or a suppression comment
   silences it; what is left is a `Finding`, with the cue that decided it.

A finding belongs to the line where it starts; end positions are exclusive.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from typing import NamedTuple

from kindlead.lint.gate import Topics, fold_sigma, lower
from kindlead.lint.inline import mask_inline
from kindlead.lint.markdown import MarkdownReader, Paragraph
from kindlead.lint.match import (
    Compiled,
    Pattern,
    around,
    breaks,
    compile_rules,
    matches,
    possible,
    run_of,
    sentence_ends,
    sentence_of,
    windows,
)
from kindlead.lint.mentions import Mentions
from kindlead.lint.sense import (
    TELLING_RULES,
    Model,
    Place,
    Tokens,
    bag,
    builtin_model,
    cue_text,
    features,
)
from kindlead.lint.suppress import Suppressions
from kindlead.rules.model import Rule, suggestion_for


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
    cue: str = ""
    """Why it was decided so (`check --explain`): the words that weighed most."""
    reported: bool = True
    """False for a candidate left alone (only with `explain`); `cue` says why."""


class Candidate(NamedTuple):
    """What the sense model is asked about (for fitting it: `scripts/train_sense.py`)."""

    rule: str
    start: int
    end: int
    """Offsets in the whole text."""
    features: dict[str, float]


class Scanner:
    def __init__(
        self,
        compiled: Compiled,
        model: Model | None = None,
        explain: bool = False,
        record: Callable[[Candidate], None] | None = None,
    ) -> None:
        self.compiled = compiled
        self.model = model
        self.explain = explain
        self.record = record
        self.out: list[Finding] = []
        self.suppressions = Suppressions()
        self.reader = MarkdownReader(self, self.suppressions)
        self.hits: list[int] = []  # where gate words start (from `hit_i` on: still ahead)
        self.hit_words: list[str] = []  # which
        self.hit_i = 0
        self.plan: dict[str, tuple[tuple[int, int, Pattern], ...]] = {}
        self.decided: dict[int, bool] = {}  # by rule: whether the model decides it
        self.suggestions: dict[int, str] = {}  # by rule
        # Lower case is the same once masked, but for the final sigma (ς or σ, by the
        # letters around it): phrases without one match alike (see `_live_near`).
        self.near = not any(
            ch in phrase for m in compiled.rules for phrase in m.rule.patterns for ch in "σςΣ"
        )
        self.topics = _topics(model) if model is not None and model.topics else None
        self.document: set[str] = set()
        """The topic words of the text so far, up to the end of the paragraph being read
        (so the same however the text is cut into pieces)."""
        self._document_bag: tuple[int, dict[str, float]] = (0, {})
        self.topic_hits: list[tuple[int, str]] = []  # found, not yet in `document`

    def feed(self, piece: str) -> None:
        self.reader.feed(piece)

    def finish(self) -> None:
        self.reader.finish()

    # -- what the Markdown reader tells ----------------------------------------------

    def block(self, text: str, start: int) -> None:
        """Whole lines about to be read: find the gate words in them."""
        if self.topics is not None:
            self.topic_hits += ((start + i, word) for i, word in self.topics.first(text))
            self.topic_hits.sort()
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
        if self.topic_hits:
            end = para.start + para.length
            k = bisect_left(self.topic_hits, (end,))
            self.document.update(w for _, w in self.topic_hits[:k])
            del self.topic_hits[:k]
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
        triggers = compiled.triggers
        # First, on the text as it is, which patterns could match at all: those of the
        # words that woke a rule whose other words are there too. Masking only hides
        # text, so a pattern ruled out here is out; most paragraphs end here, unmasked.
        raw = lower(para.masked_text())
        if gate is not None and self.near and "<" not in raw:
            live = self._live_near(raw, *gate)
        else:
            live = self._live(raw, gate)
        if not live:
            return
        masked = mask_inline(para.masked_text())
        low = lower(masked)
        # where each rule can match: around its gate words, where they are still
        # prose (masking hides those in URLs, code, …)
        at: dict[int, list[int]] = {}
        if triggers is not None:
            starts, words = triggers.find(low) if gate is None else gate
            folded = low if triggers.ascii else fold_sigma(low)
            for start, word in zip(starts, words, strict=True):
                if folded.startswith(word, start):
                    for n in triggers.rules_of[word]:
                        if n in live:
                            at.setdefault(n, []).append(start)
        hits: list[tuple[int, int, int, int]] = []  # start, end, rule, pattern
        rev: str | None = None
        for n, patterns in live.items():
            if not compiled.rules[n].gate or triggers is None:
                spans_in = [(0, len(low))]
            elif n not in at:
                continue
            else:
                if rev is None:
                    rev = low[::-1]
                spans_in = windows(low, rev, at[n])
            hits += ((start, end, n, k) for start, end, k in matches(low, patterns, spans_in))
        if hits:
            hits.sort()
            self._decide(para, masked, low, hits)

    def _live_near(
        self, raw: str, starts: list[int], words: list[str]
    ) -> dict[int, list[tuple[int, Pattern]]]:
        """The patterns that could match, by rule, looking only at the stretch of text
        around each gate word that woke them (between `RAW_BREAK` characters): their
        words must be there, and unless emphasis markers are, the pattern itself.

        Masking hides text behind break characters, and emphasis markers (and HTML
        tags: not here) behind spaces; so a stretch of the masked text lies inside a
        stretch here, with the same characters, and a pattern ruled out here cannot
        match once masked.
        """
        live: dict[int, set[int]] = {}
        plan = self.plan
        rev = raw[::-1]
        lo = hi = -1  # the stretch around the last gate word
        text, plain = "", True
        tried: set[tuple[int, int]] = set()  # (rule, pattern) in that stretch
        whole: set[tuple[int, int]] = set()  # ... or in the paragraph
        for at, word in zip(starts, words, strict=True):
            todo = plan.get(word)
            if todo is None:
                todo = plan[word] = self._plan(word)
            if at >= hi:  # (each stretch is looked at once, however many words are in it)
                lo, hi = around(raw, rev, at)
                text = raw[lo:hi]
                plain = "*" not in text and "_" not in text and "~" not in text
                tried.clear()
            for n, k, pattern in todo:
                if (n, k) in tried or k in live.get(n, ()):
                    continue
                if pattern.numeric:  # can match "." and ",": the whole paragraph, once
                    if (n, k) not in whole:
                        whole.add((n, k))
                        if possible(raw, pattern.needs):
                            live.setdefault(n, set()).add(k)
                    continue
                tried.add((n, k))
                if possible(text, pattern.needs) and (not plain or pattern.spans(raw, lo, hi)):
                    live.setdefault(n, set()).add(k)
        return {
            n: [(k, self.compiled.rules[n].patterns[k]) for k in sorted(ks)]
            for n, ks in sorted(live.items())
        }

    def _plan(self, word: str) -> tuple[tuple[int, int, Pattern], ...]:
        """The patterns (rule, index, pattern) that a gate word can wake."""
        triggers = self.compiled.triggers
        assert triggers is not None
        return tuple(
            (n, k, self.compiled.rules[n].patterns[k])
            for n in triggers.rules_of[word]
            for k in self.compiled.rules[n].patterns_for(word)
        )

    def _live(
        self, raw: str, gate: tuple[list[int], list[str]] | None
    ) -> dict[int, list[tuple[int, Pattern]]]:
        """The patterns that could match, by rule: those whose words are all in the
        paragraph (beyond ASCII, all of the rules woken: lower case can differ once
        masked, as Σ before a code span)."""
        compiled = self.compiled
        triggers = compiled.triggers
        ascii_ = raw.isascii()
        woke: dict[int, set[str]] = {}
        if triggers is not None:
            _, words = triggers.find(raw) if gate is None else gate
            for word in set(words):
                for n in triggers.rules_of[word]:
                    woke.setdefault(n, set()).add(word)
        live: dict[int, list[tuple[int, Pattern]]] = {}
        for n, matcher in enumerate(compiled.rules):
            if matcher.gate and triggers is not None and n not in woke:
                continue
            if n in woke:
                ks = sorted({k for w in woke[n] for k in matcher.patterns_for(w)})
            else:
                ks = list(range(len(matcher.patterns)))
            found = [
                (k, matcher.patterns[k])
                for k in ks
                if not ascii_ or possible(raw, matcher.patterns[k].needs)
            ]
            if found:
                live[n] = found
        return live

    def _decide(
        self, para: Paragraph, masked: str, low: str, hits: list[tuple[int, int, int, int]]
    ) -> None:
        """Report each candidate that nothing leaves alone; with `explain`, the others too."""
        text = para.text()
        ends = sentence_ends(masked)
        runs: tuple[list[int], list[int]] | None = None
        # per rule and sentence: the exception spans, and whether a context is there
        exceptions: dict[tuple[int, int], list[tuple[int, int]]] = {}
        contexts: dict[tuple[int, int], bool] = {}
        allow = self.compiled.allow
        mentions: Mentions | None = None
        tokens: Tokens | None = None
        reported_end, reported_rule = -1, ""  # the findings so far reach to here
        for start, end, n, k in hits:
            matcher = self.compiled.rules[n]
            rule = matcher.rule
            s, e = sentence_of(ends, start, end, len(masked))
            line, column = _position(para, start)
            end_line, end_column = _position(para, end - 1)
            why: str | None = None
            cue = ""
            if self.suppressions.suppressed(rule.id, line, column):
                why = "silenced by a kindlead-disable comment"
            key = (n, s)
            if why is None and matcher.contexts.phrases:
                if key not in contexts:
                    contexts[key] = bool(matcher.contexts.spans(low, s, e))
                if contexts[key]:
                    why = "a context of the rule is in the sentence"
            if why is None and matcher.exceptions.phrases:
                # an exception that overlaps the match lies in its run between number breaks
                if runs is None:
                    runs = breaks(low, numeric=True)
                rs, re_ = run_of(runs, start, end, s, e)
                spans = exceptions.get((n, rs))
                if spans is None:
                    spans = exceptions[(n, rs)] = matcher.exceptions.spans(low, rs, re_)
                if any(xs < end and xe > start for xs, xe in spans):
                    why = "an exception of the rule"
            if (
                why is None
                and allow is not None
                and any(a.start() < end and a.end() > start for a in allow.finditer(masked, s, e))
            ):
                why = "--allow"
            if why is None:
                if mentions is None:
                    mentions = Mentions(para.masked_text(), para.quoted)
                why = mentions.why(start, end)
            if why is None and (self.record is not None or self._decides(n)):
                if tokens is None:
                    tokens = Tokens(low, self.document_bag())
                assert mentions is not None  # (made above, to ask whether it is a mention)
                place = Place(
                    heading=para.kind == "heading",
                    item=para.kind == "item",
                    question="?" in masked[max(s, end) : e],
                    mention_cues=tuple(mentions.cues(start, end)),
                )
                feats = features(rule.id, k, tokens, start, end, (s, e), place)
                if self.record is not None:
                    self.record(Candidate(rule.id, para.start + start, para.start + end, feats))
                if self.model is not None and self._decides(n):
                    decision = self.model.decide(rule.id, feats, cues=self.explain)
                    kind = "telling" if rule.id in TELLING_RULES else "framing"
                    sure = f"{decision.score:.2f} sure it is {kind}"
                    heard = f"{cue_text(decision.cues[:4])} ({sure})"
                    if not decision.use:
                        why = f"another sense: {heard}"
                    elif self.explain:
                        cue = heard
            if why is None:
                # one finding for one stretch of words: the first rule to report it
                if start < reported_end and reported_rule != rule.id:
                    why = f"the words are part of the finding of {reported_rule}"
                else:
                    reported_end, reported_rule = max(reported_end, end), rule.id
            if why is not None and not self.explain:
                continue
            self.out.append(
                Finding(
                    rule=rule.id,
                    severity=rule.severity,
                    message=rule.message,
                    suggestion=self._suggestion(n),
                    matched=text[start:end],
                    line=line,
                    column=column,
                    end_line=end_line,
                    end_column=end_column + 1,
                    cue=why if why is not None else cue,
                    reported=why is None,
                )
            )

    def _suggestion(self, n: int) -> str:
        """The `n`-th rule's suggestion, as `check` shows it (worked out once)."""
        if n not in self.suggestions:
            self.suggestions[n] = suggestion_for(self.compiled.rules[n].rule)
        return self.suggestions[n]

    def document_bag(self) -> dict[str, float]:
        """The features of the document's topic words (see `kindlead.lint.sense`)."""
        if self._document_bag[0] != len(self.document):
            self._document_bag = len(self.document), bag(sorted(self.document), 0.25)
        return self._document_bag[1]

    def _decides(self, n: int) -> bool:
        """Whether the sense model decides the candidates of the `n`-th rule."""
        if n not in self.decided:
            rule = self.compiled.rules[n].rule
            self.decided[n] = self.model is not None and self.model.decides(rule)
        return self.decided[n]


@cache
def _topics(model: Model) -> Topics:
    """The finder of a model's topic words (one for every scan: `reframe` scans each
    answer on its own)."""
    return Topics(model.topics)


def _position(para: Paragraph, offset: int) -> tuple[int, int]:
    """The line and 1-based column of a character of the paragraph."""
    i = bisect_right(para.starts, (offset, 1 << 62)) - 1
    at, line, column = para.starts[i]
    return line, column + offset - at + 1


def check_allow(allow: Sequence[str], rules: Sequence[Rule]) -> None:
    """Raise `ValidationError` for an allow entry that is neither a rule id nor a phrase."""
    compile_rules(tuple(rules), tuple(allow))


def scan_stream(
    pieces: Iterable[str],
    rules: Sequence[Rule],
    *,
    allow: Sequence[str] = (),
    explain: bool = False,
) -> Iterator[Finding]:
    """Findings in `pieces` of a text (of any size, lines need not be whole), as found.

    With `explain`, the candidates left alone come too (``reported`` False), and every
    finding's `cue` says why. Raises `ValidationError` (on the first `next`) for a bad
    `allow` entry.
    """
    scanner = Scanner(compile_rules(tuple(rules), tuple(allow)), builtin_model(), explain)
    out = scanner.out
    for piece in pieces:
        scanner.feed(piece)
        if out:
            yield from out
            out.clear()
    scanner.finish()
    yield from out


def scan_text(
    text: str, rules: Sequence[Rule], *, allow: Sequence[str] = (), explain: bool = False
) -> list[Finding]:
    """Every finding in `text` (a whole answer or file), in order."""
    return list(scan_stream(blocks(text), rules, allow=allow, explain=explain))


def blocks(text: str, size: int = 64 * 1024) -> Iterator[str]:
    """`text` in pieces, as a file is read."""
    return (text[i : i + size] for i in range(0, len(text), size))
