"""Matching: the rules compiled for scanning, and where their phrases match.

Each phrase becomes a regex on lower-cased text (case-sensitive regexes are several
times faster in `re`, which can then skip ahead to a literal first word), run only in
the *windows* of a paragraph that hold one of its rule's gate words (`kindlead.lint.gate`)
and only where its required words all are. A match's span is its focus (the part
outside ``<…>``). A rule's `exceptions` cancel a match that one of theirs overlaps
("minimum buy-in"); its `contexts` cancel every match of the rule in the same
sentence ("poker"). An `--allow` phrase cancels a match it overlaps.

Sentences end at ``.``, ``!``, ``?`` or ``…`` followed by a space, or at the end of the
paragraph. Every regex on untrusted text is linear (see `kindlead.lint.inline`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from kindlead.errors import Problem, ValidationError
from kindlead.lint.gate import Triggers, anchor, gate_of
from kindlead.rules.loader import compiled_phrase
from kindlead.rules.model import RULE_ID, Rule

if TYPE_CHECKING:
    from kindlead.rules.phrases import Needs

# A phrase without `#` matches only words, white space, hyphens and dashes, so a
# match never holds one of these (common) characters: a rule's patterns need only
# run between them, where one of the rule's gate words is (see `windows`). The list
# is short so that `re` can skip ahead to them.
_BREAK = re.compile(r"[\0.,;:!?()\[\]{}\"“”«»<>/|*…]+")
# ... and, of those, these stay in the text however it is masked (HTML tags aside):
# emphasis markers can become spaces (see `kindlead.lint.engine`).
RAW_BREAK = re.compile(r"[\0.,;:!?()\[\]{}\"“”«»/|…]")
# ... and no phrase at all, `#` included, matches these.
_NUMBER_BREAK = re.compile(r"[\0;:!?()\[\]{}\"“”«»<>/|*]+")
# (the lookbehind after the first character keeps `re`'s skip-ahead to [.!?…])
SENTENCE_END = re.compile(r"[.!?…](?<![.!?…].)[.!?…]*+[\"'”’)\]*_]*+(?=\s)")

_LEAD = r"(?<![\w'’])(?:"
_NOT_A_WORD_FIRST = r"(?:^|[(|<\[])\s*(?:\*|#|\[)"


class Pattern:
    """One phrase, compiled to run on lower-cased text, with the words it needs."""

    __slots__ = ("_regex", "lead", "needs", "numeric", "source")

    def __init__(self, phrase: str, gate: Sequence[str] = ()) -> None:
        source, needs = compiled_phrase(phrase)  # lower-cased: the language has no cased syntax
        # A phrase whose every alternative starts with a word: `re` can skip ahead to
        # that word if the lookbehind goes, and a failed attempt costs only a few
        # characters. Otherwise (`*`, `#`, `[…]` first) the lookbehind stays, so that an
        # attempt is not made at every character of a long word.
        self.lead = source.startswith(_LEAD) and not re.search(_NOT_A_WORD_FIRST, phrase)
        """The leading word boundary is left to the caller (the regex starts with a word)."""
        self.source = "(?:" + source[len(_LEAD) :] if self.lead else source
        # Where the scanner looks, a gate word is there: the other words tell more.
        gated = frozenset(gate)
        self.needs: Needs = tuple(sorted(needs, key=lambda g: bool(g & gated)))
        self.numeric = "#" in phrase
        """The phrase has a `#` (a number can hold ``.`` and ``,``)."""
        self._regex: re.Pattern[str] | None = None

    @property
    def regex(self) -> re.Pattern[str]:
        """Compiled on first use: most phrases never meet their words in a short text."""
        if self._regex is None:
            self._regex = re.compile(self.source)
        return self._regex

    def spans(self, low: str, pos: int, endpos: int) -> list[tuple[int, int]]:
        """The spans (focus, if any) of the non-overlapping matches in ``low[pos:endpos]``."""
        search = self.regex.search
        lead = self.lead
        spans = []
        m = search(low, pos, endpos)
        while m is not None:
            start, end = m.span()
            if lead and start and is_word(low[start - 1]):  # not at the start of a word
                m = search(low, start + 1, endpos)
                continue
            spans.append(m.span(m.lastindex) if m.lastindex else (start, end))
            m = search(low, max(end, start + 1), endpos)
        return spans


class Phrases:
    """Exceptions or contexts of a rule, each compiled like a pattern when first used."""

    def __init__(self, phrases: tuple[str, ...], gate: Sequence[str]) -> None:
        self.phrases = phrases
        self.gate = gate
        self._patterns: tuple[Pattern, ...] | None = None

    @property
    def patterns(self) -> tuple[Pattern, ...]:
        if self._patterns is None:
            self._patterns = tuple(Pattern(p, self.gate) for p in self.phrases)
        return self._patterns

    def spans(self, low: str, pos: int, endpos: int) -> list[tuple[int, int]]:
        """The spans of the phrases' matches in ``low[pos:endpos]``, each phrase on its
        own (only where its required words are)."""
        window = low[pos:endpos]
        return [
            span
            for p in self.patterns
            if possible(window, p.needs)
            for span in p.spans(low, pos, endpos)
        ]


class RuleMatcher(NamedTuple):
    rule: Rule
    gate: tuple[str, ...]
    """A text without any of these words cannot match (empty: no gate)."""
    patterns: tuple[Pattern, ...]
    exceptions: Phrases
    contexts: Phrases
    anchors: tuple[frozenset[str], ...]
    """For each pattern, the words of it that the gate looks for (`gate.anchor`)."""
    by_word: dict[str, tuple[int, ...]]
    """The patterns (by index) that each word that woke the rule can stand for, as
    they are asked for (`patterns_for`)."""

    def patterns_for(self, word: str) -> tuple[int, ...]:
        """The patterns a word that woke the rule can stand for: those it is part of a
        word of the gate for. (The triggers of several rules keep one word of those
        that start alike: "support" for "supporters".) The others need not be tried
        where only that word woke the rule."""
        found = self.by_word.get(word)
        if found is None:
            found = tuple(
                k for k, a in enumerate(self.anchors) if not a or any(word in w for w in a)
            ) or tuple(range(len(self.patterns)))
            self.by_word[word] = found
        return found

    @classmethod
    def of(cls, rule: Rule) -> RuleMatcher:
        needs = [compiled_phrase(p)[1] for p in rule.patterns]
        anchors = tuple(anchor(n) if n else frozenset() for n in needs)
        gate = gate_of(anchors, numeric=any("#" in p for p in rule.patterns))
        return cls(
            rule,
            gate,
            tuple(Pattern(p, gate) for p in rule.patterns),
            Phrases(rule.exceptions, gate),
            Phrases(rule.contexts, gate),
            anchors,
            {},
        )


class Compiled(NamedTuple):
    rules: tuple[RuleMatcher, ...]
    triggers: Triggers | None
    """Finds any rule's gate word (None: some rule has no gate: every paragraph is scanned)."""
    allow: re.Pattern[str] | None


@lru_cache(maxsize=16)
def compile_rules(rules: tuple[Rule, ...], allow: tuple[str, ...]) -> Compiled:
    """`rules` ready to scan with, less those `allow` names by id; the other allow
    entries are phrases. `ValidationError` for an entry that is neither."""
    ids = {rule.id for rule in rules}
    allowed_ids = {a for a in allow if a in ids}
    phrases, problems = [], []
    for entry in allow:
        if entry in allowed_ids:
            continue
        from kindlead.rules.phrases import PhraseSyntaxError, compile_phrase

        try:
            phrases.append(compile_phrase(entry))
        except PhraseSyntaxError as e:
            kind = "unknown rule id or bad phrase" if RULE_ID.fullmatch(entry) else "bad phrase"
            problems.append(Problem(f"--allow {entry!r}: {kind}: {e}"))
    if problems:
        raise ValidationError(problems)
    matchers = tuple(RuleMatcher.of(rule) for rule in rules if rule.id not in allowed_ids)
    triggers = None
    if all(m.gate for m in matchers):
        triggers = _builtin_triggers(matchers) or Triggers.of(
            [m.gate for m in matchers], (p for m in matchers for p in m.rule.patterns)
        )
    allowed = re.compile("|".join(phrases), re.IGNORECASE) if phrases else None
    return Compiled(matchers, triggers, allowed)


def _builtin_triggers(matchers: Sequence[RuleMatcher]) -> Triggers | None:
    """The built-in rules' triggers from the generated data, if these are those rules.
    (Working out the trie and which words wake which rules takes milliseconds.)"""
    from kindlead.rules.loader import builtin_generated

    data = builtin_generated()
    if data is None or data.TRIGGERS["key"] != triggers_key(m.rule for m in matchers):
        return None
    t = data.TRIGGERS
    return Triggers(t["bounded"], t["anywhere"], t["whole"], dict(t["rules_of"]), t["forms"])


def triggers_key(rules: Iterable[Rule]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """What the triggers depend on: each rule's id and patterns, in order."""
    return tuple((r.id, r.patterns) for r in rules)


def triggers_data(rules: Sequence[Rule]) -> dict[str, object]:
    """The triggers of `rules`, as data for the generated module."""
    matchers = [RuleMatcher.of(r) for r in rules]
    triggers = Triggers.of([m.gate for m in matchers], (p for r in rules for p in r.patterns))
    return {"key": triggers_key(rules), **triggers.data()}


def possible(low: str, needs: Needs) -> bool:
    """Whether each group of `needs` has a word in `low` (else the phrase cannot match)."""
    for group in needs:
        for word in group:
            if word in low:
                break
        else:
            return False
    return True


def is_word(ch: str) -> bool:
    return ch.isalnum() or ch in "_'’"


def breaks(low: str, numeric: bool = False) -> tuple[list[int], list[int]]:
    """Starts and ends of the runs of characters that phrases do not match (with a
    `#`, `numeric`, or without)."""
    starts, ends = [], []
    for m in (_NUMBER_BREAK if numeric else _BREAK).finditer(low):
        starts.append(m.start())
        ends.append(m.end())
    return starts, ends


def windows(low: str, rev: str, at: Iterable[int]) -> list[tuple[int, int]]:
    """The runs between `_BREAK` characters that hold the offsets `at` (in order).

    `rev` is `low` reversed, to find the break before an offset with a forward search.
    """
    out = []
    size = len(low)
    search = _BREAK.search
    end = -1
    for i in at:
        if i < end:
            continue  # in the last window (each character is searched once)
        m = search(low, i)
        end = m.start() if m else size
        m = search(rev, size - i)
        out.append((size - m.start() if m else 0, end))
    return out


def around(low: str, rev: str, at: int) -> tuple[int, int]:
    """The stretch between `RAW_BREAK` characters that holds offset `at` (`rev` is
    `low` reversed)."""
    size = len(low)
    m = RAW_BREAK.search(low, at)
    end = m.start() if m else size
    m = RAW_BREAK.search(rev, size - at)
    return (size - m.start() if m else 0), end


def matches(
    low: str, patterns: Sequence[tuple[int, Pattern]], spans_in: Sequence[tuple[int, int]]
) -> list[tuple[int, int, int]]:
    """Non-overlapping matches of any of `patterns` (leftmost, then longest, then the
    first pattern listed), each as (start, end, index of the pattern): `patterns` are
    the (index, pattern) pairs whose words the text has (`possible`).

    Patterns run only inside the windows `spans_in` (but a phrase with a `#`, which
    can match ``.`` and ``,``, everywhere).
    """
    found: list[tuple[int, int, int]] = []
    size = len(low)
    for k, pattern in patterns:
        if pattern.numeric:
            found += ((s, e, k) for s, e in pattern.spans(low, 0, size))
    wordy = [(k, p) for k, p in patterns if not p.numeric]
    for pos, endpos in spans_in:
        text = low[pos:endpos] if endpos - pos < size else low
        for k, pattern in wordy:
            if possible(text, pattern.needs):
                found += ((s, e, k) for s, e in pattern.spans(low, pos, endpos))
    if len(found) < 2:
        return found
    found.sort(key=lambda m: (m[0], -m[1], m[2]))
    kept = [found[0]]
    for match in found[1:]:
        if match[0] >= kept[-1][1]:
            kept.append(match)
    return kept


def sentence_ends(masked: str) -> list[int]:
    """Where the sentences of a paragraph end."""
    return [m.end() for m in SENTENCE_END.finditer(masked)]


def sentence_of(ends: list[int], start: int, end: int, size: int) -> tuple[int, int]:
    """The sentence that holds ``[start, end)``, given the sentence `ends`."""
    k = bisect_right(ends, start)
    s = ends[k - 1] if k else 0
    k = bisect_left(ends, end)
    return s, ends[k] if k < len(ends) else size


def run_of(
    runs: tuple[list[int], list[int]], start: int, end: int, s: int, e: int
) -> tuple[int, int]:
    """The stretch between number breaks that holds ``[start, end)``, within ``[s, e)``:
    where an exception that overlaps a match must lie."""
    k = bisect_right(runs[1], start)
    rs = max(s, runs[1][k - 1] if k else 0)
    k = bisect_left(runs[0], end)
    return rs, min(e, runs[0][k] if k < len(runs[0]) else e)
