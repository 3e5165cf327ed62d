"""Gate words: where in a text a rule could match at all.

Every phrase of a rule needs certain words (`kindlead.rules.phrases.required_words`);
a rule's *gate* is one telling group of them for each of its phrases. A paragraph
without any gate word cannot hold a finding, and most paragraphs of real prose have
none, so the scanner looks for gate words once per block of text and reads only the
paragraphs where one is.

The search runs on a *skeleton* of the text, one byte a character: an ASCII letter
(lower-cased), digit or ``'`` as itself and anything else ``\\x01``, the mark of what
can come before a word. The gate words, at the start of a word, are then a literal
``\\x01`` followed by a trie of the words, which `re` skips to in C: about 1 ns a
character, where a regex with a word boundary costs tens.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kindlead.rules.phrases import Needs


# Words in nearly every text: a poor gate. A phrase's rarer word is preferred
# ("buy" rather than "from" in "buy in from").
COMMON = frozenset(
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
        "not",
        "never",
        "really",
        "often",
        "later",
    ]
)


def anchor(needs: Needs) -> frozenset[str]:
    """The group of `needs` least likely to be in a text."""
    return min(needs, key=lambda g: (bool(g & COMMON), len(g), -min(map(len, g)), sorted(g)))


def gate_of(needs: Sequence[Needs], numeric: bool) -> tuple[str, ...]:
    """A rule's gate: one telling group of each phrase's needs, together, without words
    that start others ("push" covers "pushed").

    Empty (no gate: the rule runs on every paragraph) if a phrase needs no word, or
    has a `#` (a number can hold the breaks between the windows around gate words).
    """
    if numeric or any(not n for n in needs):
        return ()
    words = frozenset().union(*(anchor(n) for n in needs))
    return tuple(sorted(w for w in words if not any(o != w and w.startswith(o) for o in words)))


# A-Z lowered; a-z, 0-9 and ' kept; every other byte (and "?", which stands for a
# character beyond ASCII) becomes \x01.
_SKELETON = bytes(
    c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 or 48 <= c <= 57 or c == 39 else 1
    for c in range(256)
)
_SKELETON_WORD = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789'")
_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789'’")
_WORD_END = "(?![a-z0-9'’])"  # lower-cased text: a non-ASCII letter may follow


def skeleton(text: str) -> bytes:
    """`text` as one byte a character (see the module's description)."""
    return text.encode("ascii", "replace").translate(_SKELETON)


def lower(text: str) -> str:
    """Lower case with every position kept (a few letters, like İ, lower to two)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def fold_sigma(text: str) -> str:
    """`text` with the final sigma as a sigma. `str.lower` picks between them by the
    letters around a Σ, so a block and a masked paragraph can lower one word
    differently; gate words beyond ASCII are looked for with the two folded."""
    return text.replace("ς", "σ")


def trie(words: Iterable[str]) -> str:
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


class Triggers:
    """Finds the gate words of a set of rules in a text, and which rules each wakes.

    A gate word counts at the start of a word ("target" does not wake the rules about
    "get"), or anywhere for a word that a phrase can glue to the word before it
    ("board" in "onboard", from ``on-board``); a word that only ever ends a word in
    the phrases ("board") must end one in the text ("onboarding" wakes nothing).
    """

    def __init__(
        self,
        bounded: Sequence[str],
        anywhere: Sequence[str],
        whole: Collection[str],
        rules_of: dict[str, tuple[int, ...]],
    ) -> None:
        self.bounded_words = tuple(sorted(bounded))
        self.anywhere_words = tuple(sorted(anywhere))
        self.whole = frozenset(whole)
        self.rules_of = rules_of
        """For each word, the rules (by index) that it wakes."""
        self.ascii = all(w.isascii() for w in (*bounded, *anywhere))
        self._bounded: re.Pattern[bytes] | re.Pattern[str] | None = None
        self._anywhere: tuple[tuple[str, re.Pattern[bytes] | re.Pattern[str]], ...]
        if self.ascii:
            if bounded:
                self._bounded = re.compile(f"\x01({trie(bounded)})".encode())
            ends = {w: "(?![a-z0-9'])" if w in whole else "" for w in anywhere}
            self._anywhere = tuple(
                (w, re.compile((re.escape(w) + ends[w]).encode())) for w in anywhere
            )
        else:
            # "_" counts as a word start: emphasis is masked before the patterns run.
            # So does any non-ASCII character: a few wasted looks, never a missed word.
            if bounded:
                self._bounded = re.compile(f"[^a-z0-9'’]({trie(bounded)})")
            self._anywhere = tuple(
                (w, re.compile(re.escape(w) + (_WORD_END if w in whole else ""))) for w in anywhere
            )

    @classmethod
    def of(cls, gates: Sequence[tuple[str, ...]], phrases: Iterable[str]) -> Triggers:
        """The triggers of rules with these gates (by rule index) and phrases."""
        words = {w for gate in gates for w in gate}
        fold = str if all(w.isascii() for w in words) else fold_sigma
        words = {fold(w) for w in words}
        tokens, glued, open_ = phrase_words(phrases)
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
        rules_of = {
            word: tuple(
                n
                for n, gate in enumerate(gates)
                if any(
                    fold(g).startswith(word) or (word in anywhere and word in fold(g)) for g in gate
                )
            )
            for word in bounded | anywhere
        }
        return cls(sorted(bounded), sorted(anywhere), whole, rules_of)

    def find(self, text: str) -> tuple[list[int], list[str]]:
        """Where gate words start in `text` (which starts at a line start), and which."""
        subject: bytes | str
        word_chars: frozenset[int] | frozenset[str]
        if self.ascii:
            if "\u212a" in text:  # the Kelvin sign, the one non-ASCII letter that lowers to ASCII
                text = lower(text)
            subject, word_chars = b"\x01" + skeleton(text), _SKELETON_WORD
        else:
            subject, word_chars = "\n" + fold_sigma(lower(text)), _ASCII_WORD
        # the first character stands for the line end before `text`: offsets in
        # `subject` are one more than in `text`
        starts: list[int] = []
        words: list[str] = []
        if self._bounded is not None:
            whole, size = self.whole, len(subject)
            for m in self._bounded.finditer(subject):  # type: ignore[arg-type]
                word, end = m.group(1), m.end()
                if isinstance(word, bytes):
                    word = word.decode()
                # (checked here, not in the regex: lookaheads make it slow to compile)
                if word in whole and end < size and subject[end] in word_chars:
                    continue
                starts.append(m.start())
                words.append(word)
        if self._anywhere:
            for word, regex in self._anywhere:
                for m in regex.finditer(subject, 1):  # type: ignore[arg-type]
                    starts.append(m.start() - 1)
                    words.append(word)
            if len(self._anywhere) > 1 or self._bounded is not None:
                order = sorted(range(len(starts)), key=starts.__getitem__)
                starts = [starts[i] for i in order]
                words = [words[i] for i in order]
        return starts, words

    def data(self) -> dict[str, object]:
        """What `Triggers` needs to be made again, for the generated module."""
        return {
            "bounded": self.bounded_words,
            "anywhere": self.anywhere_words,
            "whole": tuple(sorted(self.whole)),
            "rules_of": dict(sorted(self.rules_of.items())),
        }


_BRACKETS = {"(": 1, "[": 1, ")": -1, "]": -1}
_PHRASE_WORD = r"[\w'’]+"


def phrase_words(phrases: Iterable[str]) -> tuple[set[str], set[str], set[str]]:
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
        for word in re.findall(_PHRASE_WORD, low):
            words.add(word)
            glued.update(re.split("['’]", word)[1:])
        for m in re.finditer(r"[-~]\s*+(?:([(\[])|([\w'’]++))", low):
            glued.update([m.group(2)] if m.group(2) else _group_words(low, m.start(1), 1))
        open_.update(re.findall(r"([\w'’]+)\s*[-~]", low))
        for m in re.finditer(r"[)\]]\s*[-~]", low):
            open_.update(_group_words(low, m.start(), -1))
    return words, glued, open_


def _group_words(low: str, at: int, step: int) -> list[str]:
    """The words of the bracketed group that opens (`step` 1) or closes (-1) at `at`."""
    depth, end = 0, at
    while 0 <= end < len(low):
        depth += _BRACKETS.get(low[end], 0) * step
        if depth == 0:
            break
        end += step
    start, stop = sorted((at, end))
    return re.findall(_PHRASE_WORD, low[start:stop])
