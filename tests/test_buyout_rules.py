"""The buy-out rules (prompts/review/buy-out.yaml) on their corpus.

The corpus (tests/corpus/buy-out/sentences.yaml) is a leader's notes after a meeting,
each sentence labelled with the rule that should fire, or `none` where the same words
mean something else. These rules have no sense model: their phrases, exceptions and
contexts decide alone, so the corpus is what keeps them honest.

How far they carry beyond it: the second round of the corpus was written after the
rules were first fitted to the first 120 entries, and measured before any pattern was
changed. On those fresh sentences the rules reached precision 0.93 and recall 0.58 (40
sentences), then 0.75 and 0.38 (40), then 0.67 and 0.38 (24): phrases catch the common
ways of saying it, not every way. The thresholds below hold on the whole corpus.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml

from kindlead.lint import Finding, scan_text
from kindlead.rules.loader import load_builtin_rules, load_rule_file, load_rules
from kindlead.rules.model import Rule

ROOT = Path(__file__).resolve().parent.parent
RULE_FILE = ROOT / "prompts" / "review" / "buy-out.yaml"
CORPUS = ROOT / "tests" / "corpus" / "buy-out" / "sentences.yaml"
RULE_IDS = ("old-way", "workaround", "quiet-non-use", "just-comply")
THRESHOLD = 0.85


class Entry(NamedTuple):
    text: str
    label: str
    source: str


class Outcome(NamedTuple):
    entry: Entry
    fired: frozenset[str]


class Score(NamedTuple):
    precision: float
    recall: float
    mistakes: str
    """One a line, for the failure message."""


def _corpus() -> list[Entry]:
    raw = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    return [Entry(**item) for item in raw]


@pytest.fixture(scope="module")
def rules() -> tuple[Rule, ...]:
    return load_rule_file(RULE_FILE)


@pytest.fixture(scope="module")
def outcomes(rules: tuple[Rule, ...]) -> list[Outcome]:
    return [
        Outcome(entry, frozenset(f.rule for f in scan_text(entry.text, rules)))
        for entry in _corpus()
    ]


def _found(text: str, rules: Sequence[Rule]) -> list[Finding]:
    return scan_text(text, rules)


def _score(outcomes: list[Outcome], rule_id: str | None = None) -> Score:
    """Precision and recall of one rule, or of all, and the mistakes."""
    wanted = RULE_IDS if rule_id is None else (rule_id,)
    hits = misses = false = 0
    lines = []
    for o in outcomes:
        label = o.entry.label
        if label in wanted:
            if label in o.fired:
                hits += 1
            else:
                misses += 1
                lines.append(f"missed {label}: {o.entry.text}")
        for fired in sorted(o.fired & set(wanted) - {label}):
            false += 1
            lines.append(f"false {fired} (label {label}): {o.entry.text}")
    precision = hits / (hits + false) if hits + false else 1.0
    recall = hits / (hits + misses) if hits + misses else 1.0
    return Score(precision, recall, "\n".join(lines))


# -- the rule file ---------------------------------------------------------------------


def test_rule_file_loads_with_one_rule_per_signal(rules: tuple[Rule, ...]) -> None:
    assert tuple(r.id for r in rules) == RULE_IDS


def test_rules_are_suggestions(rules: tuple[Rule, ...]) -> None:
    assert {r.severity for r in rules} == {"suggestion"}


def test_rule_ids_do_not_replace_builtin_rules() -> None:
    assert not {r.id for r in load_builtin_rules()} & set(RULE_IDS)


def test_rules_join_the_builtin_rules() -> None:
    ids = [r.id for r in load_rules(extra_files=[RULE_FILE])]
    assert ids[-len(RULE_IDS) :] == list(RULE_IDS)


# -- the corpus --------------------------------------------------------------------------


def test_corpus_entries_are_labelled_and_sourced() -> None:
    entries = _corpus()
    assert len(entries) >= 80
    assert {e.label for e in entries} == {*RULE_IDS, "none"}
    assert all(e.text.strip() and e.source.startswith(("http://", "https://")) for e in entries)
    assert len({e.text for e in entries}) == len(entries)


def test_corpus_has_about_forty_percent_other_senses() -> None:
    entries = _corpus()
    share = sum(e.label == "none" for e in entries) / len(entries)
    assert 0.35 <= share <= 0.45, share


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_each_rule_fires_on_its_own_sentences(outcomes: list[Outcome], rule_id: str) -> None:
    score = _score(outcomes, rule_id)
    assert score.recall >= THRESHOLD, f"{rule_id}: recall {score.recall:.3f}\n{score.mistakes}"


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_each_rule_is_precise(outcomes: list[Outcome], rule_id: str) -> None:
    score = _score(outcomes, rule_id)
    assert score.precision >= THRESHOLD, (
        f"{rule_id}: precision {score.precision:.3f}\n{score.mistakes}"
    )


def test_precision_and_recall_over_the_corpus(outcomes: list[Outcome]) -> None:
    score = _score(outcomes)
    numbers = f"precision {score.precision:.3f}, recall {score.recall:.3f}"
    assert min(score.precision, score.recall) >= THRESHOLD, f"{numbers}\n{score.mistakes}"


def test_other_senses_are_left_alone(outcomes: list[Outcome]) -> None:
    others = [o for o in outcomes if o.entry.label == "none"]
    flagged = [f"{sorted(o.fired)}: {o.entry.text}" for o in others if o.fired]
    assert len(flagged) <= 0.05 * len(others), "\n".join(flagged)


# -- explicit cases ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule_id", "matched"),
    [
        (
            "Most of the night shift has gone back to the old handover sheet.",
            "old-way",
            "gone back to the old handover",
        ),
        (
            "They still do the stock count the old way.",
            "old-way",
            "still do the stock count the old way",
        ),
        (
            "Finance keeps a shadow spreadsheet alongside the new system.",
            "workaround",
            "shadow spreadsheet",
        ),
        ("People have found a workaround.", "workaround", "workaround"),
        ("People stopped coming to the learning hour.", "quiet-non-use", "stopped coming"),
        (
            "Nobody has opened the new dashboard since the demo.",
            "quiet-non-use",
            "Nobody has opened the new dashboard",
        ),
        (
            "The weekly check-in has become a box-ticking exercise.",
            "just-comply",
            "become a box-ticking exercise",
        ),
        ("They do it because they were told to.", "just-comply", "because they were told to"),
    ],
)
def test_finds_the_signal(rules: tuple[Rule, ...], text: str, rule_id: str, matched: str) -> None:
    assert [(f.rule, f.matched) for f in _found(text, rules)] == [(rule_id, matched)]


@pytest.mark.parametrize(
    "text",
    [
        "After lunch we went back to the old way station.",
        "We rolled back to the previous version after the upgrade broke logins.",
        "Nobody uses the old intake form any more.",
        "We agreed we can go back to the old rota in June if the trial doesn't help.",
        "Dev found a workaround for the bug in the PDF export.",
        "We'll work around Sam's leave in August.",
        "Nobody uses tabs here; the style guide says four spaces.",
        "The rota channel went quiet over Christmas.",
        "We comply with GDPR by deleting old applications.",
        "The new hire ticks all the boxes.",
        "Tick the box on the form if you want a copy.",
        "We do the bare minimum of meetings in August.",
    ],
)
def test_leaves_other_senses_alone(rules: tuple[Rule, ...], text: str) -> None:
    assert _found(text, rules) == []


def test_finds_the_signal_in_a_markdown_list(rules: tuple[Rule, ...]) -> None:
    text = (
        "## What people do now\n\n"
        "- Priya is back to the old spreadsheet.\n"
        "- `workaround` is a word here.\n"
    )
    assert [(f.rule, f.line) for f in _found(text, rules)] == [("old-way", 3)]


def test_suggestion_names_the_target(rules: tuple[Rule, ...]) -> None:
    [finding] = _found("People are going through the motions.", rules)
    assert "<target>" in finding.suggestion and "{target}" not in finding.suggestion


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("Two people went back to the old calendar.", "went back to the old calendar"),
        ("Support slipped back to their usual routine.", "slipped back to their usual routine"),
        ("Within a month things went back to the way they were.", "back to the way they were"),
    ],
)
def test_going_back_to_anything_old_is_the_old_way(
    rules: tuple[Rule, ...], text: str, matched: str
) -> None:
    assert [(f.rule, f.matched) for f in _found(text, rules)] == [("old-way", matched)]


def test_moving_back_to_an_old_place_is_not_the_old_way(rules: tuple[Rule, ...]) -> None:
    assert _found("We moved back to the old office in May.", rules) == []
