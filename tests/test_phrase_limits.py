"""No phrase a rule file can hold makes matching slow.

An attempt to match a phrase at one place of a text goes down every path the phrase
allows (a `**` gap of 0 to 3 words, an optional part, alternatives that match the
same words) before it gives up, and each path reads the words it meets. So a phrase
with too many paths is refused when it is loaded (`MAX_WAYS`), and a word that `*`
and `**` match has a bounded length (`MAX_WORD`, `MAX_PARTS`). The work bounds are
asserted as shapes and refusals; the subprocess timeouts only guard against a hang.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kindlead.errors import ValidationError
from kindlead.promptsets.catalog import builtin_dir
from kindlead.rules.loader import load_rule_file
from kindlead.rules.phrases import (
    MAX_PARTS,
    MAX_WAYS,
    MAX_WORD,
    PhraseSyntaxError,
    compile_phrase,
    ways,
)

HANG_GUARD = 20  # seconds: a hang guard; they take under a second (the long words took 100 s)
REFUSED = f"a phrase can match in at most {MAX_WAYS:,} ways at one place"

# Forty spellings of "the" ('-' and '~' may be nothing), three times, two gaps:
# 40 * 4 * 40 * 4 * 40 paths at every "the" (2 KB of PROSE took 1.8 s, 10 times the
# built-in rules; with 77 spellings, 7.8 s).
THE = "(" + "|".join(["the", "t-he", "th-e", "t-h-e", "t~he", "th~e", "t~h~e", "t-h~e"] * 5) + ")"
HOSTILE = f"{THE} ** {THE} ** {THE}"
# "then" and "they" start with "the": the third group matches, and the phrase fails
# only at the end of the word, after every path was tried.
PROSE = ("Then the the they them then thereby, so " * 52)[:2048] + "\n"


def rule_file(tmp_path: Path, phrase: str) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(
        "schema_version: 1\nrules:\n  - id: heavy\n    message: m\n    suggestion: s\n"
        f'    patterns: ["{phrase}"]\n',
        encoding="utf-8",
    )
    return path


def kindlead(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kindlead", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=HANG_GUARD,
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1"},
    )


# -- the ways of a phrase ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("buy~in", 1),
        ("(win|gain|secure) their support", 1),  # different words: one matches at a place
        ("(win|wins|winning) support", 2),  # "win" starts both others
        ("(the|the) team", 2),
        ("(buy|buy-in) now", 2),
        ("(* team|the)", 2),  # `*` matches where "the" does
        ("[a|b] c", 2),
        ("a ** b", 4),
        ("a ** b ** c", 16),
        ("(a|b) [c] ** d", 8),
        ("<(is|are) **> on board", 4),
    ],
)
def test_ways_multiply_along_a_phrase_and_add_up_across_alternatives(
    phrase: str, expected: int
) -> None:
    assert ways(phrase) == expected


def test_long_lists_of_different_words_stay_one_way() -> None:
    words = [f"w{i:02}" for i in range(60)]  # none starts another
    group = "(" + "|".join(words) + ")"
    phrase = f"{group} ** {group} ** {group}"
    assert ways(phrase) == 16
    assert len(phrase) > 600


TOO_MANY = [  # each with where its ways pass the bound
    (HOSTILE, HOSTILE.rindex("**")),  # 40 * 4 * 40 * 4 at the second gap
    (f"({'|'.join(['a', 'a-a'] * 60)}) ({'|'.join(['a'] * 90)})", 362),  # 120 * 90
    (f"x ** ({'|'.join(['a b'] * 120)}) ** ({'|'.join(['a b'] * 30)})", 490),  # 4 * 120 * 4 * 30
]


@pytest.mark.parametrize(("phrase", "offset"), TOO_MANY)
def test_a_phrase_with_too_many_ways_is_refused_where_they_pass_the_bound(
    phrase: str, offset: int
) -> None:
    with pytest.raises(PhraseSyntaxError) as info:
        compile_phrase(phrase)
    assert str(info.value) == (
        f"{REFUSED} (its alternatives, '[...]' parts and '**' gaps multiply them); "
        "split it into several phrases"
    )
    assert info.value.offset == offset


def test_the_hostile_phrase_in_a_rule_file_is_refused_at_its_place(tmp_path: Path) -> None:
    path = rule_file(tmp_path, HOSTILE)
    with pytest.raises(ValidationError) as info:
        load_rule_file(path)
    [problem] = info.value.problems
    assert problem.message.startswith(f"bad phrase in 'patterns': {REFUSED}")
    column = len('    patterns: ["') + HOSTILE.rindex("**") + 1
    assert (problem.mark and problem.mark[1:]) == (6, column)


def test_check_refuses_the_hostile_phrase_with_a_located_error(tmp_path: Path) -> None:
    rules = rule_file(tmp_path, HOSTILE)
    (tmp_path / "text.md").write_text(PROSE, encoding="utf-8")
    proc = kindlead("check", "--rules", "rules.yaml", "text.md", cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    assert re.match(
        rf"kindlead: error: {rules.name}:6:\d+: bad phrase in 'patterns': ", proc.stderr
    )
    assert REFUSED in proc.stderr and "split it into several phrases" in proc.stderr


def test_a_prompt_sets_rules_with_the_hostile_phrase_are_refused(tmp_path: Path) -> None:
    cooperation = (builtin_dir() / "cooperation.yaml").read_text(encoding="utf-8")
    (tmp_path / "heavy.yaml").write_text(
        cooperation.replace("id: cooperation", "id: heavy", 1)
        + "rules:\n  - id: heavy\n    message: m\n    suggestion: s\n"
        + f'    patterns: ["{HOSTILE}"]\n',
        encoding="utf-8",
    )
    assert "\nrules:" not in cooperation
    (tmp_path / "answers.yaml").write_text(
        f"plan: {PROSE.strip()}\ntarget: We share the rota.\nideas: [swap days]\n",
        encoding="utf-8",
    )
    proc = kindlead(
        "reframe", "--set", "./heavy.yaml", "--answers", "answers.yaml", "--no-input",
        cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert re.match(
        r"kindlead: error: \S*heavy\.yaml:\d+:\d+: bad phrase in 'patterns': ", proc.stderr
    )
    assert REFUSED in proc.stderr


@pytest.mark.parametrize("path", ["rules.yaml", "review/buy-out.yaml"])
def test_every_builtin_phrase_is_within_the_bound(path: str) -> None:
    rules = load_rule_file(builtin_dir() / path)
    phrases = [p for r in rules for p in (*r.patterns, *r.exceptions, *r.contexts)]
    largest = max(phrases, key=ways)
    assert ways(largest) <= MAX_WAYS
    assert compile_phrase(largest)  # the largest legitimate phrase loads


# -- a word is bounded -------------------------------------------------------------------


def found(phrase: str, text: str) -> str | None:
    m = re.compile(compile_phrase(phrase)).search(text)
    return m.group(0) if m else None


@pytest.mark.parametrize(
    ("phrase", "text", "expected"),
    [
        ("* zz", "a" * MAX_WORD + " zz", "a" * MAX_WORD + " zz"),
        ("* zz", "a" * (MAX_WORD + 1) + " zz", None),  # too long: no word, not a piece of one
        ("* zz", "-".join("a" * MAX_PARTS) + " zz", "-".join("a" * MAX_PARTS) + " zz"),
        ("x-* zz", "x" + "a" * (MAX_WORD + 1) + " zz", None),
        ("x ** zz", "x tech-debt-free " + "b" * 80 + " zz", None),
        ("x ** zz", "x tech-debt-free b zz", "x tech-debt-free b zz"),
        ("buy-*", "buyin", "buyin"),
    ],
)
def test_a_star_matches_a_word_of_bounded_length(
    phrase: str, text: str, expected: str | None
) -> None:
    assert found(phrase, text) == expected


def test_a_word_has_no_unbounded_repeat_of_letters() -> None:
    """Every way the compiled `*` repeats word characters is bounded."""
    source = compile_phrase("*")
    assert re.findall(r"\]\{1,(\d+)\}\+", source) == [str(MAX_WORD)] * 2
    assert "++(?:-" not in source and ")*+" not in source


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        # every part of "a-a-a-…" starts a word: `*` read the rest from each (99 s)
        ("* zzz", ("a-" * 30_000 + "a x zzz\n\n") * 2),
        # "the" inside a long word starts an attempt, and `-*` read the rest (105 s)
        ("(the|a)-* zzz", ("the" * 20_000 + " a-xyz zzz.\n\n") * 8),
    ],
)
def test_long_words_do_not_make_matching_quadratic(tmp_path: Path, phrase: str, text: str) -> None:
    rule_file(tmp_path, phrase)
    (tmp_path / "text.md").write_text(text, encoding="utf-8")
    proc = kindlead("check", "--rules", "rules.yaml", "text.md", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr  # "x zzz", "a-xyz zzz"


def test_the_heaviest_phrase_allowed_finishes(tmp_path: Path) -> None:
    group = "(" + "|".join(["the"] * 49 + ["t-he"]) + ")"
    phrase = f"{group} ** {group} the"
    assert ways(phrase) == MAX_WAYS
    rule_file(tmp_path, phrase)
    (tmp_path / "text.md").write_text(PROSE * 8, encoding="utf-8")
    proc = kindlead("check", "--rules", "rules.yaml", "text.md", cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
