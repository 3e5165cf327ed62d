"""The scanner shared by `kindlead check` and `reframe`'s coaching.

It reads Markdown (plain text is Markdown too) a line at a time and groups the
lines into paragraphs, so a phrase wrapped onto the next line is still found. A
paragraph ends at a blank line, a heading, a list item, a fence, a table row, an
HTML block or a comment on its own line. What is not prose is never flagged:

- fenced (``` and ~~~) and indented code blocks, ``<pre>``, ``<script>``, ``<style>``;
- inline code spans, bare URLs, e-mail addresses, autolinks ``<https://…>``, link
  targets ``[text](target "title")`` and reference labels (the link *text* is prose);
- HTML comments and tags.

Suppression, in the text itself (ids are optional; without them every rule)::

    <!-- kindlead-disable-next-line buy-in -->   the next line
    Text <!-- kindlead-disable-line -->          this line
    <!-- kindlead-disable convince win-over -->  from here …
    <!-- kindlead-enable -->                      … to here

A finding belongs to the line where it starts. A rule's `exceptions` cancel a
finding that one of their matches overlaps ("minimum buy-in", "I'm convinced");
its `contexts` cancel every finding of the rule in the same sentence ("poker",
"passengers"). Sentences end at ``.``, ``!``, ``?`` or ``…`` followed by a space,
or at the end of the paragraph.
An *allow* entry is a rule id (the whole rule is off) or a phrase in the phrase
language: a finding overlapped by a match of an allowed phrase is not reported.

Streaming: memory holds one paragraph, capped at `MAX_PARAGRAPH` characters (a
longer one is scanned in pieces). Speed: a paragraph is lower-cased once and looked
up for every rule's gate words (a rare required word of each pattern, see `_gate`)
with substring tests; only then is it masked, and the gate words looked up again in
the prose. A rule's patterns run only in the windows between punctuation that hold
one of its gate words (`_windows`), and only if all its patterns in one regex find
something there; a pattern runs only where its required words
(`kindlead.phrases.required_words`) all are. Exceptions run in the finding's window,
contexts in its sentence, each phrase only where its required words are.

Lines end at ``\\n``, ``\\r\\n`` or a lone ``\\r`` (as with Python's universal
newlines); line and column numbers are 1-based and count characters (code points),
and end positions are exclusive. A finding spans the focus of its phrase (the part
outside ``<…>``). Every regex on untrusted text is linear (see `_AUTOLINK`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Iterator, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kindlead import recache
from kindlead.errors import Problem, ValidationError
from kindlead.record import Record
from kindlead.rules import RULE_ID, Rule, compiled_phrase, load_builtin_rules, load_rule_file

if TYPE_CHECKING:
    from kindlead.phrases import Needs

MAX_PARAGRAPH = 64 * 1024

__all__ = [
    "MAX_PARAGRAPH",
    "Finding",
    "check_allow",
    "load_rules",
    "scan_stream",
    "scan_text",
]


class Finding(Record):
    """One piece of buy-in framing: where it is, what it says, what to try instead."""

    __slots__ = (
        "column",
        "end_column",
        "end_line",
        "line",
        "matched",
        "message",
        "rule",
        "severity",
        "suggestion",
    )
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

    def __init__(
        self,
        rule: str,
        severity: str,
        message: str,
        suggestion: str,
        matched: str,
        line: int,
        column: int,
        end_line: int,
        end_column: int,
    ) -> None:
        self._init(rule, severity, message, suggestion, matched, line, column, end_line, end_column)


# -- rules --------------------------------------------------------------------


@cache
def _builtin_rules() -> tuple[Rule, ...]:
    from kindlead.catalog import builtin_rules

    return load_builtin_rules(builtin_rules())


def load_rules(
    extra_files: Sequence[Path | str] = (), extra_rules: Sequence[Rule] = ()
) -> tuple[Rule, ...]:
    """The built-in rules, then those of `extra_files`, then `extra_rules`.

    A later rule with the id of an earlier one replaces it (keeping its place), so a
    team can reword a built-in rule without forking the whole file.
    """
    by_id: dict[str, Rule] = {rule.id: rule for rule in _builtin_rules()}
    for path in extra_files:
        by_id.update((rule.id, rule) for rule in load_rule_file(path))
    by_id.update((rule.id, rule) for rule in extra_rules)
    return tuple(by_id.values())


def check_allow(allow: Sequence[str], rules: Sequence[Rule]) -> None:
    """Raise `ValidationError` for an allow entry that is neither a rule id nor a phrase."""
    _compile(tuple(rules), tuple(allow))


class _Pattern:
    """One phrase, compiled to run on lower-cased text (case-sensitive regexes are
    several times faster in `re`, which can then skip ahead to a literal first
    word), with the words it needs. For a phrase that starts with a word the
    leading word-boundary check is done in Python, also for speed."""

    __slots__ = ("_regex", "lead", "needs", "numeric", "source")

    def __init__(self, source: str, needs: Needs, lead: bool, numeric: bool) -> None:
        self.source = source
        self.needs = needs
        self.lead = lead
        """The leading word boundary is left to the caller (the regex starts with a word)."""
        self.numeric = numeric
        """The phrase has a `#` (a number can hold ``.`` and ``,``)."""
        self._regex: re.Pattern[str] | None = None

    @property
    def regex(self) -> re.Pattern[str]:
        """Compiled on first use: most phrases never meet their words in a short text."""
        if self._regex is None:
            self._regex = recache.compile(self.source)
        return self._regex


class _Phrases:
    """Exceptions or contexts of a rule, each compiled like a pattern."""

    def __init__(self, patterns: tuple[_Pattern, ...]) -> None:
        self.patterns = patterns

    def spans(self, low: str, pos: int, endpos: int) -> list[tuple[int, int]]:
        """The spans of the phrases' matches in ``low[pos:endpos]``, each phrase on its
        own (only where its required words are)."""
        window = low[pos:endpos]
        return [
            span
            for p in self.patterns
            if _possible(window, p.needs)
            for span in _spans(p, low, pos, endpos)
        ]


class _RuleScan(Record):
    __slots__ = ("contexts", "exceptions", "gate", "patterns", "rule")
    rule: Rule
    gate: tuple[str, ...]
    """A text without any of these words cannot match (empty: no gate)."""
    patterns: tuple[_Pattern, ...]
    exceptions: _Phrases
    contexts: _Phrases

    def __init__(
        self,
        rule: Rule,
        gate: tuple[str, ...],
        patterns: tuple[_Pattern, ...],
        exceptions: _Phrases,
        contexts: _Phrases,
    ) -> None:
        self._init(rule, gate, patterns, exceptions, contexts)


class _Compiled(Record):
    __slots__ = ("allow", "rules", "triggers")
    rules: tuple[_RuleScan, ...]
    triggers: _Triggers | None
    """Finds any rule's gate word (None: some rule has no gate: every paragraph is scanned)."""
    allow: re.Pattern[str] | None

    def __init__(
        self,
        rules: tuple[_RuleScan, ...],
        triggers: _Triggers | None,
        allow: re.Pattern[str] | None,
    ) -> None:
        self._init(rules, triggers, allow)


# Words in nearly every text: a poor gate. The scanner looks for a rarer word of a
# phrase when it has one ("buy" rather than "from" in "buy in from").
_COMMON = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "to",
        "in",
        "on",
        "of",
        "for",
        "with",
        "from",
        "into",
        "over",
        "through",
        "by",
        "at",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "get",
        "gets",
        "got",
        "make",
        "made",
        "round",
        "around",
        "them",
        "him",
        "her",
        "his",
        "our",
        "your",
        "their",
        "they",
        "we",
        "you",
        "it",
        "this",
        "that",
        "these",
        "those",
        "team",
        "people",
        "more",
        "full",
        "real",
        "early",
        "need",
        "needs",
        "want",
        "will",
        "can",
        "may",
        "all",
        "both",
        "what",
        "how",
        "see",
        "line",
        "support",
        "along",
        "fall",
        "behind",
        "sign",
        "change",
        "plan",
        "process",
        "idea",
        "staff",
        "with",
        "not",
        "never",
        "really",
        "often",
        "later",
    ]
)


def _anchor(needs: Needs) -> frozenset[str]:
    """The group of `needs` that is least likely to be in a text."""
    return min(needs, key=lambda g: (bool(g & _COMMON), len(g), -min(map(len, g)), sorted(g)))


def _gate(patterns: Sequence[_Pattern]) -> tuple[str, ...]:
    """One telling group of each pattern, together, without words that start others.

    Empty (no gate: the patterns run on the whole paragraph) if a pattern has no
    required word, or has a `#` (a number can span the breaks between windows).
    """
    if any(not p.needs or p.numeric for p in patterns):
        return ()
    words = frozenset().union(*(_anchor(p.needs) for p in patterns))
    return tuple(sorted(w for w in words if not any(o != w and w.startswith(o) for o in words)))


_GLUE = recache.compile(r"[-~]\s*+(?:([(\[])|([\w'’]++))")
_PHRASE_WORD = recache.compile(r"[\w'’]+")
_APOSTROPHE = recache.compile("['’]")
_WORD_BEFORE_GLUE = recache.compile(r"([\w'’]+)\s*[-~]")
_GROUP_BEFORE_GLUE = recache.compile(r"[)\]]\s*[-~]")


class _Triggers:
    """Finds where a rule could match: a rule's gate word at the start of a word
    ("target" does not wake the rules about "get"), or anywhere for a word that a
    match can hold inside a longer one (see `_phrase_words`); a word that only ever
    ends a word in the rules ("board") must end one ("onboarding" wakes nothing).

    Run once over a whole block, not per paragraph. `re` spends most of its time
    starting attempts and testing character classes, so for ASCII gate words (the
    built-in rules') the search runs on a skeleton of the text (`_skeleton`), where
    every character that can come before a word is one byte: a literal that `re`
    skips to in C, followed by a trie of the words (`_trie`).
    """

    def __init__(
        self, bounded: Sequence[str], anywhere: Sequence[str], whole: Collection[str] = ()
    ) -> None:
        """`whole`: the words that only ever end a word in a match ("board", not "buy",
        which "buy~in" glues to "in")."""
        self.bounded_words = sorted(bounded)
        self.whole = frozenset(whole)
        self.ascii = all(w.isascii() for w in (*bounded, *anywhere))
        self.bounded: re.Pattern[bytes] | re.Pattern[str] | None = None
        self.anywhere: tuple[tuple[str, re.Pattern[bytes] | re.Pattern[str]], ...]
        if self.ascii:
            if bounded:
                self.bounded = recache.compile(f"\x01({_trie(bounded)})".encode())
            ends = {w: "(?![a-z0-9'])" if w in whole else "" for w in anywhere}
            self.anywhere = tuple(
                (w, recache.compile((re.escape(w) + ends[w]).encode())) for w in anywhere
            )
        else:
            # "_" counts as a word start: emphasis is masked before the patterns run.
            # So does any non-ASCII character: a few wasted looks, never a missed word.
            if bounded:
                self.bounded = recache.compile(f"[^a-z0-9'’]({_trie(bounded)})")
            self.anywhere = tuple(
                (w, recache.compile(re.escape(w) + (_WORD_END if w in whole else "")))
                for w in anywhere
            )
        self.rules_of: dict[str, tuple[int, ...]] = {}
        """For each word, the rules (by index) that it wakes."""

    @classmethod
    def of(cls, scans: Sequence[_RuleScan]) -> _Triggers:
        words = {w for scan in scans for w in scan.gate}
        fold = str if all(w.isascii() for w in words) else _fold_sigma
        words = {fold(w) for w in words}
        tokens, glued, open_ = _phrase_words(p for scan in scans for p in scan.rule.patterns)
        glued = {fold(w) for w in glued}
        anywhere = {w for w in words if w in glued}
        anywhere = {w for w in anywhere if not any(o != w and o in w for o in anywhere)}
        bounded = {w for w in words - anywhere if not any(o in w for o in anywhere)}
        bounded = {w for w in bounded if not any(o != w and w.startswith(o) for o in bounded)}
        ordered = sorted(map(fold, tokens))
        open_ = {fold(w) for w in open_}
        whole = set()
        for t in bounded | anywhere:  # every phrase word it can stand for is itself
            if t in bounded:
                i = bisect_left(ordered, t)
                found = ordered[i : bisect_left(ordered, t + "\U0010ffff", i)]
            else:
                found = [w for w in ordered if t in w]
            if found == [t] and t not in open_:
                whole.add(t)
        triggers = cls(sorted(bounded), sorted(anywhere), whole)
        for word in bounded | anywhere:
            triggers.rules_of[word] = tuple(
                n
                for n, scan in enumerate(scans)
                if any(
                    fold(g).startswith(word) or (word in anywhere and word in fold(g))
                    for g in scan.gate
                )
            )
        return triggers

    def find(self, text: str) -> tuple[list[int], list[str]]:
        """Where gate words start in `text` (which starts at a line start), and which."""
        subject: bytes | str
        word_chars: frozenset[int] | frozenset[str]
        if self.ascii:
            if "\u212a" in text:  # the Kelvin sign, the one non-ASCII letter that lowers to ASCII
                text = _lower(text)
            subject, word_chars = b"\x01" + _skeleton(text), _SKELETON_WORD
        else:
            subject, word_chars = "\n" + _fold_sigma(_lower(text)), _ASCII_WORD
        # the first character stands for the line end before `text`: offsets in
        # `subject` are one more than in `text`
        starts: list[int] = []
        words: list[str] = []
        if self.bounded is not None:
            whole, size = self.whole, len(subject)
            for m in self.bounded.finditer(subject):  # type: ignore[arg-type]
                word, end = m.group(1), m.end()
                if isinstance(word, bytes):
                    word = word.decode()
                # (checked here, not in the regex: lookaheads make it slow to compile)
                if word in whole and end < size and subject[end] in word_chars:
                    continue
                starts.append(m.start())
                words.append(word)
        if self.anywhere:
            for word, regex in self.anywhere:
                for m in regex.finditer(subject, 1):  # type: ignore[arg-type]
                    starts.append(m.start() - 1)
                    words.append(word)
            if len(self.anywhere) > 1 or self.bounded is not None:
                order = sorted(range(len(starts)), key=starts.__getitem__)
                starts = [starts[i] for i in order]
                words = [words[i] for i in order]
        return starts, words


# A-Z lowered; a-z, 0-9 and ' kept; every other byte (and "?", which stands for a
# character beyond ASCII) becomes \x01, the mark of what can come before a word.
_SKELETON = bytes(
    c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 or 48 <= c <= 57 or c == 39 else 1
    for c in range(256)
)
_SKELETON_WORD = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789'")


def _skeleton(text: str) -> bytes:
    """`text` as one byte a character: an ASCII letter (lower-cased), digit or ' as
    itself, anything else \\x01. The gate words' search runs on this: three C calls,
    about 1 ns a character."""
    return text.encode("ascii", "replace").translate(_SKELETON)


def _trie(words: Iterable[str]) -> str:
    """A regex for any of `words` with each shared start written once: `re` then
    tries one letter at a time instead of every word at every position."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
        # the end of a word last, as "" sorts first: "push|pushed" would stop at "push"
        alts = [re.escape(ch) + emit(rest) for ch, rest in sorted(node.items(), reverse=True)]
        if len(alts) < 2:
            return alts[0] if alts else ""
        return "(?:" + "|".join(alts) + ")"

    return emit(root)


_WORD_END = "(?![a-z0-9'’])"  # lower-cased text: a non-ASCII letter may follow
_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789'’")


def _phrase_words(phrases: Iterable[str]) -> tuple[set[str], set[str], set[str]]:
    """The words of `phrases` (lower-cased); those a match can hold inside a longer
    word (after ``-`` or ``~``, which can be nothing: "board" in "onboard"; or after an
    apostrophe: "clock" in "o'clock"); and those a phrase can glue to the next word
    (before ``-`` or ``~``: "buy" in "buy~in"). A glue next to a group applies to
    every word of the group."""
    words: set[str] = set()
    glued: set[str] = set()
    open_: set[str] = set()
    for phrase in phrases:
        low = phrase.lower()
        for word in _PHRASE_WORD.findall(low):
            words.add(word)
            glued.update(_APOSTROPHE.split(word)[1:])
        for m in _GLUE.finditer(low):
            glued.update([m.group(2)] if m.group(2) else _group_words(low, m.start(1), 1))
        open_.update(_WORD_BEFORE_GLUE.findall(low))
        for m in _GROUP_BEFORE_GLUE.finditer(low):
            open_.update(_group_words(low, m.start(), -1))
    return words, glued, open_


_BRACKETS = {"(": 1, "[": 1, ")": -1, "]": -1}


def _group_words(low: str, at: int, step: int) -> list[str]:
    """The words of the bracketed group that opens (`step` 1) or closes (-1) at `at`."""
    depth, end = 0, at
    while 0 <= end < len(low):
        depth += _BRACKETS.get(low[end], 0) * step
        if depth == 0:
            break
        end += step
    return _PHRASE_WORD.findall(low, *sorted((at, end)))


_LEAD = r"(?<![\w'’])(?:"
_NOT_A_WORD_FIRST = recache.compile(r"(?:^|[(|<\[])\s*(?:\*|#|\[)")


def _pattern(phrase: str) -> _Pattern:
    source, needs = compiled_phrase(phrase)  # lower-cased: the language has no cased syntax
    # A phrase whose every alternative starts with a word: `re` can skip ahead to
    # that word if the lookbehind goes, and a failed attempt costs only a few
    # characters. Otherwise (`*`, `#`, `[…]` first) the lookbehind stays, so that an
    # attempt is not made at every character of a long word.
    lead = source.startswith(_LEAD) and not _NOT_A_WORD_FIRST.search(phrase)
    if lead:
        source = "(?:" + source[len(_LEAD) :]
    return _Pattern(source, needs, lead, "#" in phrase)


def _looking_past(pattern: _Pattern, gate: Sequence[str]) -> _Pattern:
    """`pattern` with the groups of words that hold a gate word checked last: where
    the scanner looks, a gate word is there, so the other groups tell more."""
    if not gate:
        return pattern
    needs = tuple(sorted(pattern.needs, key=lambda g: any(o in w for w in g for o in gate)))
    return _Pattern(pattern.source, needs, pattern.lead, pattern.numeric)


@lru_cache(maxsize=16)
def _compile(rules: tuple[Rule, ...], allow: tuple[str, ...]) -> _Compiled:
    ids = {rule.id for rule in rules}
    allowed_ids = {a for a in allow if a in ids}
    phrases, problems = [], []
    for entry in allow:
        if entry in allowed_ids:
            continue
        from kindlead.phrases import PhraseSyntaxError, compile_phrase

        try:
            phrases.append(compile_phrase(entry))
        except PhraseSyntaxError as e:
            kind = "unknown rule id or bad phrase" if RULE_ID.fullmatch(entry) else "bad phrase"
            problems.append(Problem(f"--allow {entry!r}: {kind}: {e}"))
    if problems:
        raise ValidationError(problems)
    allowed = re.compile("|".join(phrases), re.IGNORECASE) if phrases else None
    if not allow:
        ready = _precompiled(rules)
        if ready is not None:
            return ready
    return _build(tuple(rule for rule in rules if rule.id not in allowed_ids), allowed)


def _build(rules: tuple[Rule, ...], allow: re.Pattern[str] | None) -> _Compiled:
    scans = []
    for rule in rules:
        patterns = tuple(_pattern(p) for p in rule.patterns)
        gate = _gate(patterns)
        scans.append(
            _RuleScan(
                rule,
                gate,
                tuple(_looking_past(p, gate) for p in patterns),
                _Phrases(tuple(_looking_past(_pattern(p), gate) for p in rule.exceptions)),
                _Phrases(tuple(_looking_past(_pattern(p), gate) for p in rule.contexts)),
            )
        )
    triggers = None
    if all(scan.gate for scan in scans):
        triggers = _Triggers.of(scans)
    return _Compiled(rules=tuple(scans), triggers=triggers, allow=allow)


# -- the built-in rules, compiled ahead ----------------------------------------
#
# Working out the gate words, the trie and each phrase's needs takes 5 ms, the most
# of a short check after start-up; for the built-in rules the result is part of
# kindlead/_builtin_rules.py (scripts/gen_builtin_rules.py), used when the rules are
# exactly those it was made from and no --allow changes them.


def scan_data(rules: Sequence[Rule]) -> dict[str, object]:
    """What `_compile` makes of `rules`, as plain data (for the generated module)."""
    return _as_data(tuple(rules), _build(tuple(rules), None))


def _as_data(rules: tuple[Rule, ...], compiled: _Compiled) -> dict[str, object]:
    def phrases(patterns: Iterable[_Pattern]) -> tuple[object, ...]:
        return tuple(
            (p.source, tuple(tuple(sorted(g)) for g in p.needs), p.lead, p.numeric)
            for p in patterns
        )

    t = compiled.triggers
    return {
        "key": _key(rules),
        "rules": tuple(
            (
                scan.gate,
                phrases(scan.patterns),
                phrases(scan.exceptions.patterns),
                phrases(scan.contexts.patterns),
            )
            for scan in compiled.rules
        ),
        "triggers": None
        if t is None
        else (
            tuple(t.bounded_words),
            tuple(w for w, _ in t.anywhere),
            tuple(sorted(t.whole)),
            tuple(sorted(t.rules_of.items())),
        ),
    }


def _key(rules: Sequence[Rule]) -> tuple[object, ...]:
    return tuple((r.id, r.patterns, r.exceptions, r.contexts) for r in rules)


def _precompiled(rules: tuple[Rule, ...]) -> _Compiled | None:
    from kindlead import rules as rules_module

    if not rules_module.PRECOMPILED_USED:
        return None
    from kindlead._builtin_rules import DATA

    data = DATA.get("scan")
    if not data or data["key"] != _key(rules):
        return None

    def phrases(items: tuple[tuple[Any, ...], ...]) -> tuple[_Pattern, ...]:
        return tuple(
            _Pattern(source, tuple(frozenset(g) for g in needs), lead, numeric)
            for source, needs, lead, numeric in items
        )

    scans = tuple(
        _RuleScan(rule, tuple(gate), phrases(pats), _Phrases(phrases(exc)), _Phrases(phrases(ctx)))
        for rule, (gate, pats, exc, ctx) in zip(rules, data["rules"], strict=True)
    )
    triggers = None
    if data["triggers"] is not None:
        bounded, anywhere, whole, rules_of = data["triggers"]
        triggers = _Triggers(bounded, anywhere, whole)
        triggers.rules_of = dict(rules_of)
    return _Compiled(rules=scans, triggers=triggers, allow=None)


# -- Markdown, line by line ----------------------------------------------------

_SPECIAL_START = frozenset(" \t#>-*+0123456789`~|<[=_\r\n")
_BLOCK = recache.compile(
    r"""
    (?P<fence>[ ]{0,3}(?:`{3,}(?=[^`]*$)|~{3,}))
  | (?P<heading>[ ]{0,3}\#{1,6}(?:[ \t]|$))
  | (?P<rule>[ ]{0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|=+[ \t]*|-+[ \t]*)$)
  | (?P<item>[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+(?:\[[ xX]\][ \t]+)?|$))
  | (?P<table>[ \t]*\|)
  | (?P<raw>[ ]{0,3}<(?:pre|script|style|textarea)(?:[ \t>]|$))
  | (?P<refdef>[ ]{0,3}\[[^\]]+\]:[ \t]*\S)
  """,
    re.VERBOSE | re.IGNORECASE,
)
_QUOTE = recache.compile(r"(?:[ ]{0,3}>[ ]?)+")
_RAW_END = recache.compile(r"</(?:pre|script|style|textarea)>", re.IGNORECASE)
_COMMENT = recache.compile(r"<!--(.*?)(?:-->|$)", re.DOTALL)
_DIRECTIVE = recache.compile(
    r"\s*kindlead-(disable-next-line|disable-line|disable|enable)(?![\w-])(.*)", re.DOTALL
)

# inline: masked with a barrier (visible text that is not prose) or with spaces
_BARRIER = "\0"
# Every regex here runs on untrusted text, so each is linear: a match can start only
# at the start of a run it scans (a lookbehind rejects the other starts at once), or
# the run it scans ends at a character that starts the next attempt; repeats that
# are followed by something they cannot match are possessive.
_AUTOLINK = recache.compile(r"<(?:[a-z][a-z0-9+.-]{1,31}:[^\s<>]*+|[^\s<>@]++@[^\s<>]++)>", re.I)
_URL = recache.compile(r"(?:\b[a-z][a-z0-9+.-]{1,31}://|\bwww\.|\bmailto:)[^\s<>]*+", re.I)
_EMAIL = recache.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)++")
_LINK_TARGET = recache.compile(
    r"""\]\((?:<[^<>\n]*+>|[^()\s]*+(?:\([^()\s]*+\)[^()\s]*+)*+)"""
    r"""(?:\s++(?:"[^"]*+"|'[^']*+'|\([^()]*+\)))?\s*+\)"""
)
_REF_LABEL = recache.compile(r"\]\[[^\]]*+\]")
_TAG = recache.compile(r"</?[a-z][a-z0-9-]*+(?:\s[^<>]*+)?/?>", re.I)
_EMPHASIS = recache.compile(r"\*++|~~|(?<![^\W_])_++|_+(?![^\W_])")
_TICKS = recache.compile(r"`+")
# (the lookbehind after the first character keeps `re`'s skip-ahead to [.!?…])
_SENTENCE_END = recache.compile(r"[.!?…](?<![.!?…].)[.!?…]*+[\"'”’)\]*_]*+(?=\s)")


def _fill(text: str, spans: Iterable[tuple[int, int]], ch: str) -> str:
    """`text` with each span replaced by as many `ch` (positions are kept)."""
    out: list[str] = []
    last = 0
    for start, end in spans:
        if start < last:
            continue
        out += (text[last:start], ch * (end - start))
        last = end
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Backtick code spans: a run of n backticks up to the next run of exactly n."""
    runs = [(m.start(), m.end()) for m in _TICKS.finditer(text)]
    by_len: dict[int, list[int]] = {}
    for i, (s, e) in enumerate(runs):
        by_len.setdefault(e - s, []).append(i)
    spans, i = [], 0
    while i < len(runs):
        s, e = runs[i]
        same = by_len[e - s]
        k = bisect_right(same, i)
        if k < len(same):
            j = same[k]
            spans.append((s, runs[j][1]))
            i = j + 1
        else:
            i += 1
    return spans


def _mask_inline(text: str) -> str:
    """Hide what is not prose, keeping every position where it was."""
    if "`" in text:
        text = _fill(text, _code_spans(text), _BARRIER)
    if "<" in text:
        text = _fill(text, (m.span() for m in _AUTOLINK.finditer(text)), _BARRIER)
        text = _fill(text, (m.span() for m in _TAG.finditer(text)), " ")
    if "](" in text:
        text = _fill(
            text, ((m.start() + 1, m.end()) for m in _LINK_TARGET.finditer(text)), _BARRIER
        )
    if "][" in text:
        text = _fill(text, ((m.start() + 1, m.end()) for m in _REF_LABEL.finditer(text)), _BARRIER)
    if ":" in text or "www." in text:
        text = _fill(text, (m.span() for m in _URL.finditer(text)), _BARRIER)
    if "@" in text:
        text = _fill(text, (m.span() for m in _EMAIL.finditer(text)), _BARRIER)
    if "*" in text or "_" in text or "~~" in text:
        text = _fill(text, (m.span() for m in _EMPHASIS.finditer(text)), " ")
    return text


# -- the scanner ---------------------------------------------------------------

_ALL = frozenset({"*"})  # "every rule" in a suppression


def _ids(text: str) -> frozenset[str]:
    ids = frozenset(re.split(r"[\s,]+", text.strip())) - {""}
    return ids or _ALL


class _Scanner:
    def __init__(self, compiled: _Compiled) -> None:
        self.compiled = compiled
        self.out: list[Finding] = []
        self.line = 1  # the line the next piece belongs to
        self.column = 0  # characters of that line already seen
        self.cr = False  # the last piece ended in \r (a \n may follow in the next)
        self.kind = "para"  # what the rest of an unfinished line is: "para" or "skip"
        self.fence: str | None = None
        self.raw = False  # inside <pre>, <script>, …
        self.in_comment = False
        self.prev_blank = True
        self.single = False  # the paragraph is one line (a heading, a table row)
        self.quoted = False
        self.list_indent: int | None = None
        # suppression
        self.off: frozenset[str] = frozenset()  # disabled ids (or _ALL) from disable/enable
        self.events: list[tuple[int, int, str, frozenset[str]]] = []
        self.line_off: dict[int, frozenset[str]] = {}
        # the paragraph
        self.texts: list[str] = []
        self.masked: list[str] = []
        self.seg_off: list[int] = []
        self.seg_line: list[int] = []
        self.seg_col: list[int] = []
        self.length = 0
        # blocks
        self.pending = ""  # the start of a line still to come
        self.offset = 0  # characters of the text taken into lines so far
        self.at = 0  # where the piece being read starts in the text
        self.para_at = 0  # where the paragraph starts
        self.hits: list[int] = []  # where gate words start (from `hit_i` on: still ahead)
        self.hit_words: list[str] = []  # which
        self.hit_i = 0
        self.unseen = False  # the piece being read came without its hits
        self.blind = False  # part of the paragraph did
        # plain lines not yet added to the paragraph: `lines[lazy_i:lazy_i + lazy_n]`
        self.lines: list[str] = []
        self.lazy_i = self.lazy_n = self.lazy_len = self.lazy_line = 0

    # -- input -----------------------------------------------------------------

    def feed(self, piece: str) -> None:
        """The next piece of the text, of any size; lines need not be whole.

        Whole lines are scanned a block at a time (`_block`); the start of a line that
        is not complete yet waits for the next piece, unless it grows past
        `MAX_PARAGRAPH` (a runaway line is scanned as it comes, in pieces).
        """
        if self.pending:
            piece = self.pending + piece
            self.pending = ""
        stop = len(piece) - (piece[-1:] == "\r")  # a "\n" may follow a final "\r"
        cut = max(piece.rfind("\n", 0, stop), piece.rfind("\r", 0, stop)) + 1
        if cut:
            self._block(piece[:cut] if cut < len(piece) else piece)
        if cut < len(piece):
            rest = piece[cut:]
            if len(rest) <= MAX_PARAGRAPH:
                self.pending = rest
            else:
                self._runaway(rest)

    def finish(self) -> None:
        """The end of the text."""
        if self.pending:
            rest, self.pending = self.pending, ""
            self._block(rest)
        self.flush()

    def _runaway(self, text: str) -> None:
        """Part of a line longer than `MAX_PARAGRAPH`, scanned in pieces as it comes.
        A gate word may straddle two pieces, so its paragraph is searched whole."""
        self.unseen = True
        for part in _pieces(text):
            self.at = self.offset
            self.offset += len(part)
            self._piece(part)
        self.unseen = False

    def _block(self, block: str) -> None:
        """Whole lines (the last one may lack its line end only at the end of the text)."""
        if self.cr:  # the last piece of a runaway line ended in "\r"
            self.cr = False
            if block[0] == "\n":
                self.offset += 1
                block = block[1:]
                if not block:
                    return
        start = self.offset
        self.offset += len(block)
        triggers = self.compiled.triggers
        if triggers is not None:
            if self.hit_i > 1024:
                del self.hits[: self.hit_i], self.hit_words[: self.hit_i]
                self.hit_i = 0
            starts, words = triggers.find(block)
            self.hits += [start + i for i in starts]
            self.hit_words += words
        lines = block.splitlines(True)
        # str.splitlines also breaks at \v, \f, \x1c-\x1e, \x85, \u2028 and \u2029: if it
        # made more lines than the line ends make, cut the block as kindlead does
        ends = block.count("\n") + block.count("\r") - block.count("\r\n")
        if len(lines) != ends + (block[-1] not in "\n\r"):
            lines = list(_pieces(block))
        self.lines = lines
        at = start
        special = _SPECIAL_START
        # the state that sends a line to `_piece` changes only there
        normal = not (self.column or self.fence is not None or self.raw or self.in_comment)
        for k, line in enumerate(lines):
            size = len(line)
            if normal and size <= MAX_PARAGRAPH and line[-1] in "\n\r":
                # the common cases of `_piece` and `_line`, unrolled
                if line[0] not in special and not self.single and "<!--" not in line:
                    # plain prose (`_text_line`), kept as a range of `lines` (see `_settle`)
                    if self.prev_blank:
                        self.list_indent = None  # the text left the list (if it was in one)
                        self.prev_blank = False
                    self.kind = "para"
                    if not self.lazy_n:
                        if not self.texts:
                            self.para_at = at
                        self.lazy_i = k
                        self.lazy_line = self.line
                    self.lazy_n += 1
                    self.lazy_len += size
                    if self.length + self.lazy_len >= MAX_PARAGRAPH:  # as `_add` does
                        self._settle()
                        self.flush()
                    self.line += 1
                    at += size
                    continue
                if line[0] in special and line.isspace():  # a blank line (as `_line` does)
                    if self.single:  # after a heading or a table row
                        self.flush()
                        self.single = False
                    if self.quoted and not self.texts and not self.lazy_n:
                        self.quoted = False
                    if self.texts or self.lazy_n:
                        self.flush()
                    self.prev_blank = True
                    self.kind = "skip"
                    self.line += 1
                    at += size
                    continue
            if self.lazy_n:
                self._settle()
            if size <= MAX_PARAGRAPH:
                self.at = at
                self._piece(line)
            else:
                for part in _pieces(line):
                    self.at = at
                    self._piece(part)
                    at += len(part)
                at -= size
            at += size
            normal = not (self.column or self.fence is not None or self.raw or self.in_comment)
        if self.lazy_n:
            self._settle()
        self.lines = []
        self.cr = False  # a block ends in "\r" only at the end of the text

    def _settle(self) -> None:
        """Add the plain lines kept as a range of the block's lines to the paragraph."""
        lines, first, line = self.lines, self.lazy_i, self.lazy_line
        for j in range(self.lazy_n):
            text = lines[first + j]
            self.seg_off.append(self.length)
            self.seg_line.append(line + j)
            self.seg_col.append(0)
            self.texts.append(text)
            self.masked.append(text)
            self.length += len(text)
        self.lazy_n = self.lazy_len = 0

    def _feed_lines(self, piece: str) -> None:
        """The reference path, a line at a time (tests compare `feed` with it)."""
        self.unseen = True
        for part in _pieces(piece):
            self.at = self.offset
            self.offset += len(part)
            self._piece(part)

    def _piece(self, piece: str) -> None:
        if self.cr:  # the last piece ended in \r: a \n now belongs to that line end
            self.cr = False
            if piece[0] == "\n":
                piece = piece[1:]
                self.at += 1
                if not piece:
                    return
        if self.column:
            self._continue(piece)
        else:
            self._line(piece)
        end = piece[-1]
        if end == "\n" or end == "\r":
            self.line += 1
            self.column = 0
            self.cr = end == "\r"
        else:
            self.column += len(piece)

    def _continue(self, piece: str) -> None:
        """The rest of a line that came in pieces."""
        if self.kind == "para":
            masked = self._comments(piece) if self.in_comment or "<!--" in piece else piece
            self._add(piece, masked)
        elif self.fence is None and self.in_comment:
            self._comments(piece)

    def _line(self, line: str) -> None:
        if self.single:
            self.flush()
            self.single = False
        if self.fence is not None:
            stripped = line.strip()
            if stripped.startswith(self.fence) and stripped.strip(self.fence[0]) == "":
                self.fence = None
            self.kind = "skip"
            return
        if self.raw:
            if _RAW_END.search(line):
                self.raw = False
            self.kind = "skip"
            return
        masked = line
        if self.in_comment or "<!--" in line:
            masked = self._comments(line)
            if not masked.strip():
                # a comment on its own line is an HTML block: it ends the paragraph
                self.flush()
                self.prev_blank = True
                self.kind = "skip"
                return
        if masked[0] not in _SPECIAL_START:  # plain prose: the common case
            self._text_line(line, masked)
            return
        start = 0
        quote = _QUOTE.match(masked)
        if quote:
            if not self.quoted:
                self.flush()
            self.quoted = True
            start = quote.end()
            masked = masked[:start].replace(">", " ") + masked[start:]
        elif self.quoted and not self.texts:
            self.quoted = False
        rest = masked[start:]
        if not rest.strip():
            self.flush()
            self.prev_blank = True
            self.kind = "skip"
            return
        indent = len(rest) - len(rest.lstrip(" \t"))
        width = indent + 3 * rest.count("\t", 0, indent)
        if width >= 4 and not self.texts:
            base = self.list_indent if self.list_indent is not None else 0
            if width >= base + 4:  # an indented code block
                self.kind = "skip"
                return
        end = len(masked)  # blocks are matched on the line without its line end
        if masked[-1] == "\n":
            end -= 1
        if end and masked[end - 1] == "\r":
            end -= 1
        m = _BLOCK.match(masked, start, end)
        if m is None:
            self._text_line(line, masked, indent)
            return
        block = m.lastgroup
        self.flush()
        self.prev_blank = False
        if block == "fence":
            marker = m.group("fence").lstrip()
            self.fence = marker
            self.kind = "skip"
        elif block == "raw":
            self.raw = not _RAW_END.search(line)
            self.kind = "skip"
        elif block in ("rule", "refdef"):
            self.kind = "skip"
        else:
            if block == "item":
                self.list_indent = m.end() - start
            elif block == "heading" or block == "table":
                self.single = True
            # the marker itself is not prose: hide it, keep the line's text
            masked = masked[: m.start()] + " " * (m.end() - m.start()) + masked[m.end() :]
            self._add(line, masked)
            self.kind = "para"

    def _text_line(self, line: str, masked: str, indent: int = 0) -> None:
        if self.prev_blank and self.list_indent is not None and indent < self.list_indent:
            self.list_indent = None  # the text left the list
        self.prev_blank = False
        self._add(line, masked)
        self.kind = "para"

    def _add(self, text: str, masked: str) -> None:
        if not self.texts:
            self.para_at = self.at
        if self.unseen:
            self.blind = True
        self.seg_off.append(self.length)
        self.seg_line.append(self.line)
        self.seg_col.append(self.column)
        self.texts.append(text)
        self.masked.append(masked)
        self.length += len(text)
        if self.length >= MAX_PARAGRAPH:
            self.flush()

    def _comments(self, text: str) -> str:
        """`text` with HTML comments blanked out; directives in them recorded."""
        spans = []
        pos = 0
        if self.in_comment:
            end = text.find("-->")
            if end < 0:
                return " " * len(text) if text[-1] != "\n" else " " * (len(text) - 1) + "\n"
            spans.append((0, end + 3))
            self.in_comment = False
            pos = end + 3
        for m in _COMMENT.finditer(text, pos):
            closed = m.group(0).endswith("-->")
            end = m.end() if closed else len(text.rstrip("\n"))
            spans.append((m.start(), end))
            if not closed:
                self.in_comment = True
            d = _DIRECTIVE.match(m.group(1))
            if d:
                self._directive(d.group(1), _ids(d.group(2)), self.column + m.start())
        return _fill(text, spans, " ")

    def _directive(self, kind: str, ids: frozenset[str], column: int) -> None:
        if kind == "disable-next-line":
            self.line_off[self.line + 1] = self.line_off.get(self.line + 1, frozenset()) | ids
        elif kind == "disable-line":
            self.line_off[self.line] = self.line_off.get(self.line, frozenset()) | ids
        else:
            self.events.append((self.line, column, kind, ids))

    # -- a paragraph -------------------------------------------------------------

    def flush(self) -> None:
        if self.lazy_n:
            if not self.texts and not self._hit_in(self.para_at, self.para_at + self.lazy_len):
                # plain lines without a gate word: the common case, nothing to find
                if self.events:
                    self._apply_events(self.lazy_line + self.lazy_n, 0)
                self.lazy_n = self.lazy_len = 0
                self._forget_passed_lines()
                return
            self._settle()
        if not self.texts:
            return
        try:
            gate = self._gate_words()
            if gate is None or gate[0]:
                self._scan(self.texts[0] if len(self.texts) == 1 else "".join(self.texts), gate)
            self._apply_events(self.seg_line[-1] + 1, 0)
        finally:
            self.blind = False
            self.texts.clear()
            self.masked.clear()
            self.seg_off.clear()
            self.seg_line.clear()
            self.seg_col.clear()
            self.length = 0
            self._forget_passed_lines()

    def _forget_passed_lines(self) -> None:
        """Drop the per-line suppressions of the lines read."""
        if self.line_off:
            for line in [k for k in self.line_off if k < self.line]:
                del self.line_off[line]

    def _hit_in(self, start: int, end: int) -> bool:
        """Whether a gate word starts in the text from `start` to `end` (the hits before
        `start` are passed for good)."""
        if self.compiled.triggers is None:
            return True
        hits = self.hits
        i = self.hit_i = bisect_left(hits, start, self.hit_i)
        return i < len(hits) and hits[i] < end

    def _gate_words(self) -> tuple[list[int], list[str]] | None:
        """Where gate words are in the paragraph (offsets in it), and which; None if
        they are still to be found (some rule has no gate, or a runaway line)."""
        if self.blind or self.compiled.triggers is None:
            return None
        hits, start = self.hits, self.para_at
        i = bisect_left(hits, start, self.hit_i)
        j = bisect_left(hits, start + self.length, i)
        self.hit_i = j
        return [h - start for h in hits[i:j]], self.hit_words[i:j]

    def _scan(self, text: str, gate: tuple[list[int], list[str]] | None) -> None:
        compiled = self.compiled
        masked = self.masked[0] if len(self.masked) == 1 else "".join(self.masked)
        masked = _mask_inline(masked)
        lowered = _lower(masked)
        triggers = compiled.triggers
        # where each rule can match: around its gate words, where they are still
        # prose (masking hides those in URLs, code, …)
        at: dict[int, list[int]] = {}
        if triggers is not None:
            starts, words = triggers.find(lowered) if gate is None else gate
            rules_of = triggers.rules_of
            folded = lowered if triggers.ascii else _fold_sigma(lowered)
            for start, word in zip(starts, words, strict=True):
                if folded.startswith(word, start):
                    for n in rules_of[word]:
                        at.setdefault(n, []).append(start)
            if not at:
                return
        hits: list[tuple[int, int, int]] = []
        rev: str | None = None
        for n, scan in enumerate(compiled.rules):
            if not scan.gate or triggers is None:
                windows = [(0, len(lowered))]
            elif n not in at:
                continue
            else:
                if rev is None:
                    rev = lowered[::-1]
                windows = _windows(lowered, rev, at[n])
            hits += ((start, end, n) for start, end in _matches(lowered, scan.patterns, windows))
        if hits:
            hits.sort()
            self._report(text, masked, lowered, hits)

    def _report(
        self, text: str, masked: str, lowered: str, hits: list[tuple[int, int, int]]
    ) -> None:
        ends = [m.end() for m in _SENTENCE_END.finditer(masked)]
        runs: tuple[list[int], list[int]] | None = None
        # per rule and sentence: the exception spans, and whether a context is there
        exceptions: dict[tuple[int, int], list[tuple[int, int]]] = {}
        contexts: dict[tuple[int, int], bool] = {}
        allow = self.compiled.allow
        for start, end, n in hits:
            scan = self.compiled.rules[n]
            k = bisect_right(ends, start)
            s = ends[k - 1] if k else 0
            k = bisect_left(ends, end)
            e = ends[k] if k < len(ends) else len(masked)
            key = (n, s)
            if scan.contexts.patterns:
                if key not in contexts:
                    contexts[key] = bool(scan.contexts.spans(lowered, s, e))
                if contexts[key]:
                    continue
            # an exception that overlaps the finding lies in its run (see `_NUMBER_BREAK`)
            if runs is None:
                runs = _breaks(lowered, _NUMBER_BREAK)
            k = bisect_right(runs[1], start)
            rs = max(s, runs[1][k - 1] if k else 0)
            k = bisect_left(runs[0], end)
            re_ = min(e, runs[0][k] if k < len(runs[0]) else len(lowered))
            key = (n, rs)
            spans = exceptions.get(key)
            if spans is None:
                spans = scan.exceptions.spans(lowered, rs, re_)
                exceptions[key] = spans
            if any(xs < end and xe > start for xs, xe in spans):
                continue
            if allow is not None and any(
                a.start() < end and a.end() > start for a in allow.finditer(masked, s, e)
            ):
                continue
            rule = scan.rule
            line, column = self._position(start)
            end_line, end_column = self._position(end - 1)
            if self._suppressed(rule.id, line, column):
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

    def _position(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self.seg_off, offset) - 1
        return self.seg_line[i], self.seg_col[i] + offset - self.seg_off[i] + 1

    def _apply_events(self, line: int, column: int) -> None:
        """Apply the disable/enable comments placed before (line, column)."""
        events = self.events
        n = 0
        while n < len(events) and events[n][:2] < (line, column):
            _, _, kind, ids = events[n]
            if kind == "disable":
                self.off = _ALL if ids is _ALL or ids >= _ALL else self.off | ids
            elif ids is _ALL or ids >= _ALL:
                self.off = frozenset()
            else:
                self.off = self.off - ids
            n += 1
        if n:
            del events[:n]

    def _suppressed(self, rule_id: str, line: int, column: int) -> bool:
        if self.events:
            self._apply_events(line, column - 1)
        for ids in (self.off, self.line_off.get(line)):
            if ids and ("*" in ids or rule_id in ids):
                return True
        return False


def _possible(low: str, needs: Needs) -> bool:
    """Whether each group of `needs` has a word in `low` (else the phrase cannot match)."""
    for group in needs:
        for word in group:
            if word in low:
                break
        else:
            return False
    return True


def _lower(text: str) -> str:
    """Lower case with every position kept (a few letters, like İ, lower to two)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _fold_sigma(text: str) -> str:
    """`text` with the final sigma as a sigma. `str.lower` picks between them by the
    letters around a Σ, so a block and a masked paragraph can lower one word
    differently; gate words beyond ASCII are looked for with the two folded."""
    return text.replace("ς", "σ")


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch in "_'’"


# A phrase without `#` matches only words, white space, hyphens and dashes, so a
# match never holds one of these (common) characters: a rule's patterns need only
# run between them, where one of the rule's gate words is (see `_windows`). The
# list is short so that `re` can skip ahead to them.
_BREAK = recache.compile(r"[\0.,;:!?()\[\]{}\"“”«»<>/|*…]+")


# ... and no phrase at all, `#` included, matches these.
_NUMBER_BREAK = recache.compile(r"[\0;:!?()\[\]{}\"“”«»<>/|*]+")


def _breaks(low: str, breaks: re.Pattern[str]) -> tuple[list[int], list[int]]:
    """Starts and ends of the runs of `breaks` (characters that phrases do not match)."""
    starts, ends = [], []
    for m in breaks.finditer(low):
        starts.append(m.start())
        ends.append(m.end())
    return starts, ends


def _windows(low: str, rev: str, at: Iterable[int]) -> list[tuple[int, int]]:
    """The runs between `_BREAK` characters that hold the offsets `at` (in order).

    `rev` is `low` reversed, to find the break before an offset with a forward search.
    """
    windows = []
    size = len(low)
    search = _BREAK.search
    end = -1
    for i in at:
        if i < end:
            continue  # in the last window (each character is searched once)
        m = search(low, i)
        end = m.start() if m else size
        m = search(rev, size - i)
        windows.append((size - m.start() if m else 0, end))
    return windows


def _spans(pattern: _Pattern, low: str, pos: int, endpos: int) -> list[tuple[int, int]]:
    """The spans (focus, if any) of the non-overlapping matches in ``low[pos:endpos]``."""
    search = pattern.regex.search
    lead = pattern.lead
    spans = []
    m = search(low, pos, endpos)
    while m is not None:
        start, end = m.span()
        if lead and start and _is_word(low[start - 1]):  # not at the start of a word
            m = search(low, start + 1, endpos)
            continue
        spans.append(m.span(m.lastindex) if m.lastindex else (start, end))
        m = search(low, max(end, start + 1), endpos)
    return spans


def _matches(
    low: str, patterns: Sequence[_Pattern], windows: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Non-overlapping spans of any of `patterns` (leftmost, then longest first).

    Patterns run only inside `windows` (but a phrase with a `#`, which can match
    ``.`` and ``,``, everywhere). The span of a match is its focus (the part outside
    ``<…>``), if it has one.
    """
    spans: list[tuple[int, int]] = []
    size = len(low)
    numeric = [p for p in patterns if p.numeric]
    if numeric:
        spans += (s for p in numeric if _possible(low, p.needs) for s in _spans(p, low, 0, size))
        patterns = [p for p in patterns if not p.numeric]
    for pos, endpos in windows:
        text = low[pos:endpos] if endpos - pos < size else low
        for pattern in patterns:
            if _possible(text, pattern.needs):
                spans += _spans(pattern, low, pos, endpos)
    if len(spans) < 2:
        return spans
    spans.sort(key=lambda s: (s[0], -s[1]))
    kept = [spans[0]]
    for span in spans[1:]:
        if span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


_LINES = recache.compile(r"[^\r\n]*+(?:\r\n?|\n)|[^\r\n]++")


def _pieces(text: str) -> Iterator[str]:
    """`text` as lines with their line ends, no piece longer than `MAX_PARAGRAPH`."""
    for m in _LINES.finditer(text):
        line = m.group(0)
        for i in range(0, len(line), MAX_PARAGRAPH):
            yield line[i : i + MAX_PARAGRAPH]


def scan_stream(
    lines: Iterable[str], rules: Sequence[Rule], *, allow: Sequence[str] = ()
) -> Iterator[Finding]:
    """Findings in `lines` (pieces of text, normally one line each), as they are found.

    Pieces need not be whole lines: numbering follows the ``\\n`` characters. Raises
    `ValidationError` (on the first `next`) for a bad `allow` entry.
    """
    scanner = _Scanner(_compile(tuple(rules), tuple(allow)))
    out = scanner.out
    for piece in lines:
        scanner.feed(piece)
        if out:
            yield from out
            out.clear()
    scanner.finish()
    yield from out


def scan_text(text: str, rules: Sequence[Rule], *, allow: Sequence[str] = ()) -> list[Finding]:
    """Every finding in `text` (a whole answer or file), in order."""
    return list(scan_stream(_blocks(text), rules, allow=allow))


def _blocks(text: str, size: int = 64 * 1024) -> Iterator[str]:
    return (text[i : i + size] for i in range(0, len(text), size))
