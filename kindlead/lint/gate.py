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
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kindlead.rules.phrases import Needs


# Words in nearly every text: a poor gate. A phrase's rarer word is preferred
# ("buy" rather than "from" in "buy in from").
COMMON = frozenset(
    """a an the and or but to in on of for with from into over through by at as is are was
    were be been has have had get gets got getting make made makes making round around them
    him her his our your their they we you it this that these those team people more full
    real early need needs want wants will can may all both what how see support change plan
    process idea ideas staff not never really often later open back take come came going
    doing like today next new ask say said there actually finally just think use used way
    time good well first last one two work without about after before because than then
    only other some any every each which who when where would could should must do does
    did know look give find tell feel keep let put help show turn start run need needs
    needed""".split()
)


def anchor(needs: Needs) -> frozenset[str]:
    """The group of `needs` least likely to be in a text."""
    return min(needs, key=lambda g: (bool(g & COMMON), len(g), -min(map(len, g)), sorted(g)))


def gate_of(anchors: Sequence[frozenset[str]], numeric: bool) -> tuple[str, ...]:
    """A rule's gate: the `anchor` of each phrase's needs, together, without words
    that start others ("push" covers "pushed").

    Empty (no gate: the rule runs on every paragraph) if a phrase needs no word (its
    anchor is empty), or has a `#` (a number can hold the breaks between the windows
    around gate words).
    """
    if numeric or not all(anchors):
        return ()
    kept: list[str] = []
    for word in sorted(frozenset().union(*anchors)):
        if not kept or not word.startswith(kept[-1]):  # (a word's start sorts before it)
            kept.append(word)
    return tuple(kept)


# A-Z lowered; a-z, 0-9 and ' kept; every other byte (and "?", which stands for a
# character beyond ASCII) becomes \x01.
_SKELETON = bytes(
    c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 or 48 <= c <= 57 or c == 39 else 1
    for c in range(256)
)


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


class Topics:
    """Finds which of some words (whole, or with an "s") a text has: "fund" in "funds",
    not in "fundamental". Where does not matter beyond the first time in a text, so
    the text's words are looked up as a set, not searched for one by one."""

    def __init__(self, words: Iterable[str]) -> None:
        self.forms = {f.encode(): w for w in words if w.isascii() for f in (f"{w}s", w)}

    def first(self, text: str) -> list[tuple[int, str]]:
        """Each word of those found in `text` (which starts at a line start), where it
        is first."""
        if "\u212a" in text:  # the Kelvin sign, the one non-ASCII letter that lowers to ASCII
            text = lower(text)
        words = b"\x01" + skeleton(text).replace(b"'", b"\x01") + b"\x01"
        found: dict[str, int] = {}
        for form in self.forms.keys() & set(words.split(b"\x01")):
            at = words.find(b"\x01" + form + b"\x01")  # its start in `text` is one on
            word = self.forms[form]
            found[word] = min(at, found.get(word, at))
        return sorted((at, word) for word, at in found.items())


class Triggers:
    """Finds the gate words of a set of rules in a text, and which rules each wakes.

    A gate word counts at the start of a word ("target" does not wake the rules about
    "get"), or anywhere for a word that a phrase can glue to the word before it
    ("board" in "onboard", from ``on-board``). Where the phrases have only certain
    words that hold a gate word, the text from the gate word to the end of its word
    must be as in one of them (`forms`): "onboard" and "onboarded" wake the rules
    about them, "onboarding" does not; a word that only ever ends a word in the
    phrases must end one in the text (`whole`).
    """

    def __init__(
        self,
        bounded: Sequence[str],
        anywhere: Sequence[str],
        whole: Collection[str],
        rules_of: dict[str, tuple[int, ...]],
        forms: Mapping[str, Collection[str]] | None = None,
    ) -> None:
        self.bounded_words = tuple(sorted(bounded))
        self.anywhere_words = tuple(sorted(anywhere))
        self.whole = frozenset(whole)
        self.forms = {w: frozenset(f) for w, f in (forms or {}).items()}
        """For a gate word, the only text it can stand for, from where it starts to the end
        of the text's word: the whole word for a bounded one ("onboard" for "board")."""
        self.rules_of = rules_of
        """For each word, the rules (by index) that it wakes."""
        self.ascii = all(w.isascii() for w in (*bounded, *anywhere))
        self._bounded_set = frozenset(self.bounded_words)
        self._lengths = sorted({len(w) for w in bounded}, reverse=True)
        self._in_word: dict[bytes, tuple[tuple[int, str], ...]] = {}
        """The gate words in each word of the text met so far (its words repeat)."""
        self._regexes: tuple[re.Pattern[str] | None, tuple[tuple[str, re.Pattern[str]], ...]]
        self._regexes = (None, ())
        if not self.ascii:
            # "_" counts as a word start: emphasis is masked before the patterns run.
            # So does any non-ASCII character: a few wasted looks, never a missed word.
            self._regexes = (
                re.compile(f"[^a-z0-9'’]({trie(bounded)})([^\\W_]*)") if bounded else None,
                tuple((w, re.compile(re.escape(w) + "(?=([^\\W_]*))")) for w in anywhere),
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
        forms: dict[str, tuple[str, ...]] = {}
        for t in bounded | anywhere:  # every phrase word it can stand for is itself
            if t in bounded:
                i = bisect_left(ordered, t)
                found = ordered[i : bisect_left(ordered, t + "\U0010ffff", i)]
                tails = set(found)
            else:
                found = [w for w in ordered if t in w]
                tails = {w[i:] for w in found for i in _occurrences(t, w)}
            if not open_ & set(found):  # a word glued to the next can be any length
                forms[t] = tuple(sorted({re.split("['’]", w)[0] for w in tails}))
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
        return cls(sorted(bounded), sorted(anywhere), whole, rules_of, forms)

    def find(self, text: str) -> tuple[list[int], list[str]]:
        """Where gate words start in `text` (which starts at a line start), and which."""
        if not self.ascii:
            return self._search(text)
        if "\u212a" in text:  # the Kelvin sign, the one non-ASCII letter that lowers to ASCII
            text = lower(text)
        # The text's words, each once: a set is made at C speed, and each new word is
        # looked at in Python once, however often it comes back. Then where the words
        # with a gate word are. (The first byte stands for the line end before `text`:
        # a word's offset in `subject` is one more than in `text`.)
        subject = b"\x01" + skeleton(text) + b"\x01"
        known = self._in_word
        if len(known) > 1 << 16:  # (a text of ever new words: memory stays flat)
            known.clear()
        hits: list[tuple[int, str]] = []
        for word in set(subject.split(b"\x01")):
            found = known.get(word)
            if found is None:
                found = known[word] = self._gate_words_in(word.decode())
            if found:
                key = b"\x01" + word + b"\x01"
                i = subject.find(key)
                while i >= 0:
                    hits += ((i + at, gate) for at, gate in found)
                    i = subject.find(key, i + len(key) - 1)
        hits.sort()
        return [at for at, _ in hits], [gate for _, gate in hits]

    def _gate_words_in(self, word: str) -> tuple[tuple[int, str], ...]:
        """The gate words in one word of the text (apostrophes and all), and where."""
        out = []
        head = word.split("'", 1)[0]
        for n in self._lengths:  # at most one starts it: none starts another
            gate = head[:n]
            if gate in self._bounded_set:
                if self._stands_for(gate, head):
                    out.append((0, gate))
                break
        for gate in self.anywhere_words:
            i = word.find(gate)
            while i >= 0:
                if self._stands_for(gate, gate + word[i + len(gate) :].split("'", 1)[0]):
                    out.append((i, gate))
                i = word.find(gate, i + len(gate))
        return tuple(sorted(out))

    def _stands_for(self, gate: str, text: str) -> bool:
        """Whether `text`, from a gate word to the end of its word, can be one of the
        phrases' words."""
        if gate in self.forms:
            return text in self.forms[gate]
        return text == gate or gate not in self.whole

    def _search(self, text: str) -> tuple[list[int], list[str]]:
        """`find`, for gate words beyond ASCII: by regex, on the text lower-cased."""
        bounded, anywhere = self._regexes
        subject = "\n" + fold_sigma(lower(text))
        starts: list[int] = []
        words: list[str] = []
        if bounded is not None:
            for m in bounded.finditer(subject):
                word, rest = m.group(1, 2)
                # (checked here, not in the regex: lookaheads make it slow to compile)
                if self._stands_for(word, word + rest):
                    starts.append(m.start())
                    words.append(word)
        for word, regex in anywhere:
            for m in regex.finditer(subject, 1):
                if self._stands_for(word, word + m.group(1)):
                    starts.append(m.start() - 1)
                    words.append(word)
        if anywhere:
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
            "forms": {w: tuple(sorted(f)) for w, f in sorted(self.forms.items())},
        }


_BRACKETS = {"(": 1, "[": 1, ")": -1, "]": -1}
_PHRASE_WORD = r"[\w'’]+"


def _occurrences(word: str, text: str) -> list[int]:
    """Where `word` starts in `text`."""
    return [i for i in range(len(text)) if text.startswith(word, i)]


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
