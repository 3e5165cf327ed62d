"""Fit the sense model on the corpus and write kindlead/_generated/sense.py.

    .venv/bin/pip install -e ".[train]"       # scikit-learn, for fitting only
    .venv/bin/python scripts/train_sense.py   # fit on train, choose on dev, write

The candidates are what kindlead's own scanner finds in each corpus entry with the
built-in rules (mentions and the like already left alone), with the features
`kindlead.lint.sense.features` gives them. A candidate is a use when its entry is
labelled framing (or telling, for the telling rule) and it overlaps the labelled span;
every candidate in an entry labelled none is another sense. A candidate of a framing
entry away from its span is left out (it may be a second use, or not).

The model is fitted on the train and dev splits; the test split is never read. The
regularisation and the thresholds are chosen by five-fold cross-validation over those
entries (each fold a fifth of the entries, never of one entry's candidates), at the
level of whole entries, as benchmarks/hearing.py measures them: the highest recall of
buy-in framing at a precision of at least `PRECISION` in the held-out folds, and for
telling the best F1 at a precision of at least `TELLING_PRECISION`. The result is
deterministic for a given corpus, rule file and feature code, and the fingerprint of
those is written beside the weights: tests/test_generated.py fails when it no longer
matches (run this script again).
"""

from __future__ import annotations

import hashlib
import pprint
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import corpus  # noqa: E402

from kindlead.lint.engine import Candidate, Scanner, blocks  # noqa: E402
from kindlead.lint.gate import COMMON  # noqa: E402
from kindlead.lint.lexicon import CLASSES  # noqa: E402
from kindlead.lint.match import compile_rules  # noqa: E402
from kindlead.lint.sense import SKIP, STOP, TELLING_RULES, Tokens, rule_key  # noqa: E402
from kindlead.promptsets.catalog import builtin_rules  # noqa: E402
from kindlead.rules.loader import load_rule_file  # noqa: E402

OUT = ROOT / "kindlead" / "_generated" / "sense.py"
C_GRID = (0.3, 1.0)
#: The classes of words that name the world of another sense: their words are looked for
#: anywhere in a document (the topics). Words picked by a first fit instead (the most
#: weighty anywhere in a document) were common ones, slower to look for, and fitted no better.
DOMAINS = ("money", "game", "sports", "vehicle", "legal", "customer", "physical", "family")
#: Smaller weights are left out (as in the cross-validation): half the weights to load,
#: for a recall 0.01 lower.
MIN_WEIGHT = 0.1
#: What the model is a function of: a change to any of these needs a new fit.
SOURCES = (
    ROOT / "prompts" / "rules.yaml",
    ROOT / "kindlead" / "lint" / "sense.py",
    ROOT / "kindlead" / "lint" / "mentions.py",
    ROOT / "kindlead" / "lint" / "lexicon.py",
    ROOT / "scripts" / "train_sense.py",
)


def fingerprint() -> str:
    """A hash of the train and dev entries and of the files the model depends on."""
    digest = hashlib.sha256()
    for e in sorted(corpus.load(), key=lambda e: e["id"]):
        if e["split"] in ("train", "dev"):
            digest.update(repr((e["id"], e["text"], e["label"], e.get("span", ""))).encode())
    for path in SOURCES:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def candidates(
    entry: dict[str, Any], rules: Sequence[Any], topics: frozenset[str] | None
) -> list[Candidate]:
    """What the scanner asks the model about in one entry (its whole text as a document)."""
    found: list[Candidate] = []
    scanner = Scanner(compile_rules(tuple(rules), ()), record=found.append)
    words = set(Tokens(entry["text"].lower()).words)
    scanner.document = words if topics is None else words & topics
    for piece in blocks(entry["text"] + "\n"):
        scanner.feed(piece)
    scanner.finish()
    return found


def label_of(entry: dict[str, Any], c: Candidate) -> int | None:
    """1 a use, 0 another sense, None unknown (a framing entry away from its span)."""
    kind = "telling" if c.rule in TELLING_RULES else "framing"
    if entry["label"] == "none":
        return 0
    start = entry["text"].find(entry["span"])
    overlaps = c.start < start + len(entry["span"]) and c.end > start
    if entry["label"] != kind:
        return 0
    return 1 if overlaps else None


PRECISION = 0.93
AUGMENT = True
TELLING_PRECISION = 0.8
FOLDS = 5


#: The features of a candidate's own few words: what a plain sentence has to go on.
LOCAL = ("rule=", "m=", "l1", "l2", "r1", "r2", "lc1", "lc2", "rc1", "rc2", "near")


def local(features: dict[str, float]) -> dict[str, float]:
    return {k: v for k, v in features.items() if k.split("|")[-1].startswith(LOCAL)}


def labelled(
    entries: list[dict[str, Any]], cands: list[list[Candidate]]
) -> tuple[list[dict[str, float]], list[int]]:
    xs, ys = [], []
    for e, cs in zip(entries, cands, strict=True):
        for c in cs:
            y = label_of(e, c)
            if y is not None:
                xs.append(c.features)
                ys.append(y)
                if y == 1 and AUGMENT:
                    # The same use with nothing around it: a plain "We need their
                    # buy-in." has only its own words, and is still a use. (The
                    # corpus is rich in hard cases; without this, plain sentences
                    # score below its threshold.)
                    xs.append(local(c.features))
                    ys.append(1)
    return xs, ys


def oof_scores(
    entries: list[dict[str, Any]], cands: list[list[Candidate]], c_value: float
) -> list[list[tuple[str, float]]]:
    """Each entry's candidates' probabilities from a model fitted without its fold."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    folds = [n % FOLDS for n in range(len(entries))]
    out: list[list[tuple[str, float]]] = [[] for _ in entries]
    for k in range(FOLDS):
        train = [n for n in range(len(entries)) if folds[n] != k]
        xs, ys = labelled([entries[n] for n in train], [cands[n] for n in train])
        vec = DictVectorizer()
        model = LogisticRegression(C=c_value, max_iter=5000)
        model.fit(vec.fit_transform(xs), ys)
        model.coef_[abs(model.coef_) < MIN_WEIGHT] = 0.0  # as shipped
        for n in range(len(entries)):
            if folds[n] == k and cands[n]:
                probs = model.predict_proba(vec.transform([c.features for c in cands[n]]))[:, 1]
                out[n] = [(c.rule, float(p)) for c, p in zip(cands[n], probs, strict=True)]
    return out


def heard(
    scores: list[list[tuple[str, float]]], thresholds: dict[str, float], kind: str
) -> list[bool]:
    return [
        any(p >= thresholds[r] for r, p in s if (r in TELLING_RULES) == (kind == "telling"))
        for s in scores
    ]


def quality(entries: list[dict[str, Any]], said: list[bool], label: str) -> tuple[float, float]:
    tp = sum(1 for e, h in zip(entries, said, strict=True) if h and e["label"] == label)
    fp = sum(1 for e, h in zip(entries, said, strict=True) if h and e["label"] != label)
    fn = sum(1 for e, h in zip(entries, said, strict=True) if not h and e["label"] == label)
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)


def choose_thresholds(
    entries: list[dict[str, Any]], scores: list[list[tuple[str, float]]], rules: list[str]
) -> tuple[dict[str, float], tuple[float, float], tuple[float, float]]:
    """A threshold for each rule. All start high; then, step by step, the rule whose
    next lower threshold finds the most new entries for the fewest false ones has it
    lowered, while its kind of finding keeps a precision of at least `PRECISION`
    (`TELLING_PRECISION`)."""
    grid = [x / 100 for x in range(95, 15, -5)]
    thresholds = dict.fromkeys(rules, grid[0])
    for kind, label, floor in (
        ("framing", "framing", PRECISION),
        ("telling", "telling", TELLING_PRECISION),
    ):
        mine = [r for r in rules if (r in TELLING_RULES) == (kind == "telling")]
        gold = [e["label"] == label for e in entries]
        while True:
            said = heard(scores, thresholds, kind)
            now = sum(s and g for s, g in zip(said, gold, strict=True))
            best: tuple[float, str] | None = None
            for rule in mine:
                lower = [g for g in grid if g < thresholds[rule]]
                if not lower:
                    continue
                trial = {**thresholds, rule: lower[0]}
                after = heard(scores, trial, kind)
                tp = sum(s and g for s, g in zip(after, gold, strict=True))
                fp = sum(s and not g for s, g in zip(after, gold, strict=True))
                gained = tp - now
                lost = fp - sum(s and not g for s, g in zip(said, gold, strict=True))
                if tp / max(tp + fp, 1) < floor:
                    continue
                value = (gained + 0.01) / (
                    lost + 0.5
                )  # a step that adds nothing can still open the next
                if best is None or value > best[0]:
                    best = (value, rule)
            if best is None:
                break
            lower = [g for g in grid if g < thresholds[best[1]]]
            thresholds[best[1]] = lower[0]
    framing = quality(entries, heard(scores, thresholds, "framing"), "framing")
    telling = quality(entries, heard(scores, thresholds, "telling"), "telling")
    return thresholds, framing, telling


def fit(topics: frozenset[str] | None, grid: Sequence[float] = C_GRID) -> dict[str, Any]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rules = load_rule_file(builtin_rules())
    ids = sorted({r.id for r in rules})
    entries = [e for e in corpus.load() if e["split"] in ("train", "dev")]
    cands = [candidates(e, rules, topics) for e in entries]
    best: dict[str, Any] | None = None
    for c_value in grid:
        scores = oof_scores(entries, cands, c_value)
        thresholds, (p, r), (tp, tr) = choose_thresholds(entries, scores, ids)
        print(f"C={c_value}: framing P {p:.3f} R {r:.3f}; telling P {tp:.3f} R {tr:.3f}")
        if best is None or r + 0.2 * tr > best["quality"]:
            best = {"quality": r + 0.2 * tr, "C": c_value, "thresholds": thresholds,
                    "cv": {"framing": (round(p, 3), round(r, 3)),
                           "telling": (round(tp, 3), round(tr, 3))}}  # fmt: skip
    assert best is not None
    xs, ys = labelled(entries, cands)
    vec = DictVectorizer()
    model = LogisticRegression(C=best["C"], max_iter=5000)
    model.fit(vec.fit_transform(xs), ys)
    names = vec.get_feature_names_out()
    weights = {
        str(n): round(float(w), 4)
        for n, w in zip(names, model.coef_[0], strict=True)
        if abs(w) >= MIN_WEIGHT
    }
    weights["<bias>"] = round(float(model.intercept_[0]), 4)
    print(f"chose C={best['C']}, thresholds {best['thresholds']}, {len(weights)} weights, "
          f"{len(xs)} candidates ({sum(ys)} uses) from {len(entries)} entries")  # fmt: skip
    keys = tuple(sorted({rule_key(r) for r in rules}))
    return {"weights": weights, "thresholds": best["thresholds"], "rules": keys,
            "cv": best["cv"], "C": best["C"]}  # fmt: skip


def topic_words() -> frozenset[str]:
    common = STOP | SKIP | COMMON
    return frozenset(
        w for name in DOMAINS for w in CLASSES[name] if w.isalpha() and w not in common
    )


def main() -> int:
    words = topic_words()
    result = fit(words)
    names = sorted(result["weights"])
    assert not any("\n" in n or '"' in n for n in names)
    values = tuple(result["weights"][n] for n in names)
    text = "\n".join(
        [
            '"""The sense model: weights fitted on the corpus by scripts/train_sense.py.',
            "",
            'Generated: do not edit (see kindlead/lint/sense.py for what the features are)."""',
            "",
            "# fmt: off",
            f"FINGERPRINT = {fingerprint()!r}",
            f"RULES = {result['rules']!r}",
            f"THRESHOLDS = {result['thresholds']!r}",
            f"#: Cross-validated on train + dev (five folds), (precision, recall); C={result['C']}",
            f"CROSS_VALIDATED = {result['cv']!r}",
            f"TOPICS = {pprint.pformat(tuple(sorted(words)), width=100, compact=True)}",
            "#: The features with a weight, one a line, and their weights in that order",
            "#: (a dict literal this size takes several times as long to load).",
            'FEATURES = """',
            *names,
            '"""',
            f"WEIGHTS = {pprint.pformat(values, width=100, compact=True)}",
            "",
        ]
    )
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
