"""The sense decision: is this candidate buy-in framing (or telling), or another sense?

A rule's patterns are generous: "buy-in" is also a poker entry fee, "on board" is also
a ship, "convincing" is also evidence. Whether a candidate is a use is decided by a
small linear model over what is around it:

- the words next to it (one, two and three on each side, and the six around it);
- the words of its sentence, and more weakly of its paragraph and its document (a
  poker club's README says "poker" in its title, not in the sentence with "buy-in");
- classes of words (people at work, money, games, vehicles, courts, customers, …),
  near it and around it, so that a word the corpus never had still counts;
- where it stands: a heading, a list item, a question, a long quotation, link text.

The weights were fitted offline on the train split of the corpus
(`scripts/train_sense.py`, with scikit-learn) and are shipped as generated data
(`kindlead/_generated/sense.py`); scoring is a sum in plain Python. `Decision.cues`
says which features weighed most, for `check --explain` and the coaching.
"""

from __future__ import annotations

import math
import re
import zlib
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from typing import TYPE_CHECKING, NamedTuple

from kindlead.lint.lexicon import CLASSES

if TYPE_CHECKING:
    from kindlead.rules.model import Rule

#: Which candidates a rule's model decides, by the rule's kind of finding.
TELLING_RULES = frozenset({"telling"})

_WORD = re.compile(r"[a-z0-9'’$£€]+(?:-[a-z0-9]+)*")
# Words in every kind of text: as bag-of-words features they only add noise.
STOP = frozenset(
    """a an the and or but of to in on at by for with from as is are was were be been
    being it its this that these those there here so if then than too very just also only
    has have had do does did can could will would should may might must shall""".split()
)
# ... and, skipping those and these, the next word that says what the phrase is about
SKIP = STOP | frozenset(
    """their your our my his her its some any all every each no more most real full
    early new this that these those who which what when where why how not get""".split()
)
LOCAL = 6  # words on each side that count as near
SENTENCE = 40  # at most this many words on each side count as its sentence
PARAGRAPH = 60  # ... and as its paragraph
POSITIONS = 3  # words on each side whose place counts


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A word's plain form, roughly: possessives and plurals dropped; any number is
    "#" (which number says little, and "40" must not count for what it once came with)."""
    if any(ch.isdigit() for ch in word):
        return "#"
    word = word.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    elif word.endswith("s'"):
        word = word[:-1]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@cache
def word_classes(word: str) -> tuple[str, ...]:
    found = tuple(name for name, words in CLASSES.items() if word in words)
    if word == "#" or any(ch in "$£€" for ch in word):
        return (*found, "number")
    return found


class Tokens:
    """The words of a paragraph (lower-cased, masked), with where they are, and the
    bags of words its candidates share (worked out once a paragraph)."""

    def __init__(self, low: str, document: Mapping[str, float] | None = None) -> None:
        found = list(_WORD.finditer(low))
        self.words = [stem(m.group()) for m in found]
        self.starts = [m.start() for m in found]
        self.ends = [m.end() for m in found]
        self.document = document or {}
        """The bag of the document's topic words (`bag`), from `Scanner`."""
        self._bags: dict[tuple[int, int, float], dict[str, float]] = {}

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The indices of the first word of ``[start, end)`` and of the word after it."""
        i = bisect_left(self.ends, start + 1)
        j = bisect_left(self.starts, end)
        return i, max(j, i + 1)

    def bag(self, lo: int, hi: int, value: float) -> dict[str, float]:
        """The words ``words[lo:hi]`` and their classes, each with `value`."""
        key = (lo, hi, value)
        found = self._bags.get(key)
        if found is None:
            found = self._bags[key] = bag(self.words[lo:hi], value)
        return found


def bag(words: Iterable[str], value: float) -> dict[str, float]:
    """Features for `words` anywhere around a candidate: each word (but the commonest)
    and its classes, with `value`."""
    return {name: value for w in words for name in _bag_names(w)}


@lru_cache(maxsize=1 << 14)
def _bag_names(word: str) -> tuple[str, ...]:
    names = () if word in STOP else (f"w={word}",)
    return (*names, *(f"c:{c}" for c in word_classes(word)))


@lru_cache(maxsize=1 << 16)
def _slot_names(rule: str, slot: str, word: str, by_rule: bool = True) -> tuple[str, ...]:
    """Features for `word` in a `slot` next to a candidate of `rule` ("l1" the word
    just before it, …): the word, for any rule and for this one (for "near": for any
    rule, and not the commonest words), and its classes, for both."""
    if by_rule:
        names = [f"{slot}={word}", f"{rule}|{slot}={word}"]
    else:
        names = [] if word in STOP else [f"{slot}={word}"]
    for c in word_classes(word):
        names += (f"{slot}:{c}", f"{rule}|{slot}:{c}")
    return tuple(names)


class Place(NamedTuple):
    """Where a candidate stands, beyond its words."""

    heading: bool = False
    item: bool = False
    question: bool = False
    mention_cues: tuple[str, ...] = ()


def features(
    rule: str,
    pattern: int,
    tokens: Tokens,
    start: int,
    end: int,
    sentence: tuple[int, int],
    place: Place,
) -> dict[str, float]:
    """The features of the candidate at ``[start, end)`` of a paragraph, found by the
    `pattern`-th pattern of `rule` (some patterns are surer than others)."""
    words = tokens.words
    i, j = tokens.span(start, end)
    s, e = tokens.span(*sentence)
    # Around it: the document (weakly), the paragraph (more), the sentence (most), each
    # within bounds so that the work for one candidate is the same in a paragraph of any
    # length, and shared by the candidates of one sentence.
    out = dict(tokens.document)
    out.update(tokens.bag(max(0, i - PARAGRAPH), min(len(words), j + PARAGRAPH), 0.5))
    out.update(tokens.bag(max(s, i - SENTENCE), min(e, j + SENTENCE), 1.0))
    for w in words[i:j]:  # the phrase's own words are not its context
        out.pop(f"w={w}", None)
    out[f"rule={rule}"] = 1.0
    out[f"pattern={rule}#{pattern}"] = 1.0
    names: list[str] = []
    for w in words[i:j]:
        names += (f"m={w}", f"{rule}|m={w}")
    for k in range(1, POSITIONS + 1):
        left = words[i - k] if i - k >= s else "<s>"
        right = words[j + k - 1] if j + k - 1 < e else "</s>"
        names += _slot_names(rule, f"l{k}", left)
        names += _slot_names(rule, f"r{k}", right)
        if left == "<s>" and right == "</s>":
            break
    # the nearest words that carry meaning, on each side: whose buy-in, convincing what
    for side, seq in (("lc", reversed(words[s:i])), ("rc", words[j:e])):
        n = 0
        for w in seq:
            if w not in SKIP:
                n += 1
                names += _slot_names(rule, f"{side}{n}", w)
                if n == 2:
                    break
    for w in [*words[max(s, i - LOCAL) : i], *words[j : min(e, j + LOCAL)]]:
        names += _slot_names(rule, "near", w, by_rule=False)
    for flag, on in (
        ("heading", place.heading),
        ("item", place.item),
        ("question", place.question),
    ):
        if on:
            names += (f"at:{flag}", f"{rule}|at:{flag}")
    for cue in place.mention_cues:
        names += (f"at:{cue}", f"{rule}|at:{cue}")
    out.update(dict.fromkeys(names, 1.0))
    return out


class Decision(NamedTuple):
    use: bool
    score: float
    """The probability of a use, 0 to 1."""
    cues: tuple[tuple[str, float], ...]
    """The features that weighed most, toward the decision made, largest first."""


def rule_key(rule: Rule) -> str:
    """What a rule's candidates, and so the model's weights for it, depend on: its id
    and its patterns (a rules file can give a built-in id other patterns)."""
    return f"{rule.id}:{zlib.crc32(repr(rule.patterns).encode()):08x}"


class Model:
    """Weights by feature name, and the probability each rule needs for a finding."""

    def __init__(
        self,
        weights: Mapping[str, float],
        thresholds: Mapping[str, float],
        topics: Iterable[str],
        rules: Iterable[str],
    ) -> None:
        self.weights = weights
        self.thresholds = thresholds
        self.topics = tuple(topics)
        """Words worth noticing anywhere in a document."""
        self.rules = frozenset(rules)
        """The rules it was fitted for (`rule_key`): the others are not its to decide."""

    def decides(self, rule: Rule) -> bool:
        return rule_key(rule) in self.rules

    def decide(self, rule: str, feats: Mapping[str, float], cues: bool = False) -> Decision:
        """Use or not, and how sure; with `cues`, the features that weighed most."""
        weights = self.weights
        total = weights.get("<bias>", 0.0)
        for name, value in feats.items():
            if name in weights:
                total += weights[name] * value
        score = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))
        use = score >= self.thresholds.get(rule, 0.5)
        if not cues:
            return Decision(use, score, ())
        parts = [(name, weights[name] * v) for name, v in feats.items() if name in weights]
        toward = sorted((p for p in parts if (p[1] > 0) == use), key=lambda p: -abs(p[1]))
        return Decision(use, score, tuple(toward[:5]))


@cache
def builtin_model() -> Model | None:
    """The model fitted on the corpus, while it was fitted for the built-in rules."""
    try:
        from kindlead._generated import sense
    except ImportError:  # pragma: no cover - the generated data ships with the package
        return None
    weights = dict(zip(sense.FEATURES.split("\n")[1:-1], sense.WEIGHTS, strict=True))
    return Model(weights, sense.THRESHOLDS, sense.TOPICS, sense.RULES)


#: How a class of words reads in an explanation.
CLASS_NAMES = {
    "people": "words about people at work", "idea": "words about plans and changes",
    "money": "words about money", "game": "words about games and bets",
    "sports": "words about sport", "vehicle": "words about ships, planes and devices",
    "joining": "words about joining a team", "legal": "words about courts",
    "customer": "words about customers", "physical": "words about physics or the body",
    "governance": "words about formal approvals", "family": "words about family and friends",
    "asking": "words about asking for advice", "rejects": "words about rejecting it",
    "together": "words about working together", "seek": "words about getting or winning",
    "owner": "words about whose it is", "persons": 'words like "I", "we" and "you"',
    "pronoun": 'words like "them"', "settled": "words about settled decisions",
    "number": "numbers and amounts",
}  # fmt: skip

_PLACES = {
    "l1": "just before", "l2": "two words before", "l3": "three words before",
    "r1": "just after", "r2": "two words after", "r3": "three words after",
    "lc1": "before it", "lc2": "before it", "rc1": "after it", "rc2": "after it",
    "near": "nearby", "w": "in the text around it", "c": "in the text around it",
}  # fmt: skip


def describe(cue: str) -> str:
    """A feature's name as a person reads it (for --explain)."""
    name = cue.split("|", 1)[-1]
    if "=" in name:
        kind, _, value = name.partition("=")
        if kind in ("rule", "pattern"):
            return "how this phrase is usually meant"
        if kind == "m":
            return f'the word "{value}"'
        if value == "<s>":
            return "the sentence starting just before it"
        if value == "</s>":
            return "the sentence ending just after it"
        if value == "#":
            return f"a number {_PLACES.get(kind, 'nearby')}"
        return f'"{value}" {_PLACES.get(kind, "nearby")}'
    kind, _, value = name.partition(":")
    if kind == "at":
        return {
            "heading": "a heading",
            "item": "a list item",
            "question": "a question",
            "emphasis": "emphasis, as a title has",
            "link-text": "link text",
        }.get(value, value)
    return f"{CLASS_NAMES.get(value, value)} {_PLACES.get(kind, 'nearby')}"


def cue_text(cues: Iterable[tuple[str, float]]) -> str:
    """The cues that decided, in a line: each said once."""
    said: list[str] = []
    for cue, _ in cues:
        text = describe(cue)
        if text not in said:
            said.append(text)
    return "; ".join(said)
