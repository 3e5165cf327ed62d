"""How well `kindlead check` hears buy-in framing: precision and recall on the corpus.

    .venv/bin/python benchmarks/hearing.py                 # dev and test splits
    .venv/bin/python benchmarks/hearing.py --split train   # or any split
    .venv/bin/python benchmarks/hearing.py --kindlead OTHER/bin/kindlead   # another version
    .venv/bin/python benchmarks/hearing.py --errors dev    # list what dev gets wrong

Each entry of tests/corpus/hearing/*.yaml is written to a file of its own and the
files are checked in one run of `kindlead check --format json`, so any installed
version can be measured the same way. An entry counts as *framing* found when any
finding of a buy-in rule is in it, and as *telling* found when a finding of the
`telling` rule is. Beside kindlead: a naive baseline, one regex of the trigger words.

The sense model is fitted on the train and dev splits (scripts/train_sense.py), so
the dev numbers below are in-sample; the held-out numbers are those on test, which no
rule, weight or threshold is tuned on, and the cross-validated ones the fit records.

Targets (on the test split): framing precision >= 0.92 and recall >= 0.88, and no
sense of `none` with more than 5% of its entries flagged.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import corpus  # noqa: E402  (scripts/corpus.py: the corpus and its splits)

TELLING_RULES = {"telling"}
NAIVE = re.compile(
    r"\b(buy[-\s]?ins?|bought[-\s]in|buy(?:ing)? into|on[-\s]?board|convinc\w*|persua\w*|"
    r"sell\w*|sold|pitch\w*|win\w* (?:\w+ )?over|won (?:\w+ )?over|resist\w*|push ?back|"
    r"objections?|support|approval|accept\w*|no exceptions|not up for discussion|"
    r"decided|non-negotiable)\b",
    re.IGNORECASE,
)


def kindlead_findings(exe: str, entries: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Each entry's findings, from one run of `kindlead check --format json`."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = {}
        for e in entries:
            path = Path(tmp) / f"{e['id']}.md"
            path.write_text(e["text"] + "\n", encoding="utf-8")
            paths[str(path)] = e["id"]
        proc = subprocess.run(
            [exe, "check", "--format", "json", *paths],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if proc.returncode not in (0, 1):
            sys.exit(f"kindlead check failed ({proc.returncode}): {proc.stderr}")
        found: dict[str, list[dict[str, Any]]] = {e["id"]: [] for e in entries}
        for f in json.loads(proc.stdout)["findings"]:
            found[paths[f["path"]]].append(f)
        return found


def predict(findings: list[dict[str, Any]]) -> str:
    """What an entry was heard as: framing, telling or none."""
    rules = {f["rule"] for f in findings}
    if rules - TELLING_RULES:
        return "framing"
    return "telling" if rules else "none"


def naive(text: str) -> str:
    return "framing" if NAIVE.search(text) else "none"


def scores(gold: list[str], pred: list[str], label: str) -> tuple[float, float, int]:
    tp = sum(g == label and p == label for g, p in zip(gold, pred, strict=True))
    fp = sum(g != label and p == label for g, p in zip(gold, pred, strict=True))
    fn = sum(g == label and p != label for g, p in zip(gold, pred, strict=True))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp + fn


def report(name: str, entries: list[dict[str, Any]], pred: list[str], base: list[str]) -> bool:
    gold = [e["label"] for e in entries]
    note = " (in the fit)" if name in ("train", "dev") else " (held out)"
    print(f"\n== {name}{note}: {len(entries)} entries")
    print(f"  {'':24} {'kindlead':>19}   {'naive regex':>19}")
    print(f"  {'':24} {'precision':>9} {'recall':>9}   {'precision':>9} {'recall':>9}")
    ok = True
    for label in ("framing", "telling"):
        p, r, n = scores(gold, pred, label)
        bp, br, _ = scores(gold, base, label)
        print(f"  {label + f' ({n})':24} {p:9.3f} {r:9.3f}   {bp:9.3f} {br:9.3f}")
        if label == "framing":
            ok = p >= 0.92 and r >= 0.88
    print("  by sense, the share of entries flagged (framing and telling: found; none: flagged)")
    by_sense: dict[tuple[str, str], list[int]] = collections.defaultdict(list)
    by_base: dict[tuple[str, str], list[int]] = collections.defaultdict(list)
    for e, p, b in zip(entries, pred, base, strict=True):
        key = (e["label"], e["sense"])
        by_sense[key].append(p != "none" if e["label"] == "none" else p == e["label"])
        by_base[key].append(b != "none" if e["label"] == "none" else b == e["label"])
    worst = 0.0
    for key in sorted(by_sense):
        hits = by_sense[key]
        share, base_share = sum(hits) / len(hits), sum(by_base[key]) / len(hits)
        flag = ""
        if key[0] == "none":
            worst = max(worst, share)
            flag = "  (over 5%)" if share > 0.05 else ""
        name = f"{key[0]:8} {key[1]:12} {len(hits):4}"
        print(f"    {name}  {share:6.1%}   naive {base_share:6.1%}{flag}")
    print("  confusion (rows: labelled, columns: heard as)")
    labels = ("framing", "telling", "none")
    print(f"    {'':10}" + "".join(f"{lab:>9}" for lab in labels))
    for g in labels:
        row = [sum(1 for x, p in zip(gold, pred, strict=True) if x == g and p == h) for h in labels]
        print(f"    {g:10}" + "".join(f"{n:9d}" for n in row))
    return ok and worst <= 0.05


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", action="append", choices=("train", "dev", "test"))
    parser.add_argument("--kindlead", default=str(Path(sys.executable).parent / "kindlead"))
    parser.add_argument("--errors", choices=("train", "dev"), help="list a split's mistakes")
    args = parser.parse_args(argv)
    entries = corpus.load()
    problems = corpus.problems(entries)
    if problems:
        sys.exit("the corpus has problems: run scripts/corpus.py check")
    found = kindlead_findings(args.kindlead, entries)
    if args.errors:
        for e in entries:
            if e["split"] != args.errors:
                continue
            heard = predict(found[e["id"]])
            if heard != e["label"]:
                rules = ", ".join(f"{f['rule']}: {f['matched']!r}" for f in found[e["id"]])
                print(f"{e['id']} {e['label']}/{e['sense']} heard {heard} [{rules}]")
                print(f"    {' '.join(e['text'].split())}")
        return 0
    try:
        from kindlead._generated.sense import CROSS_VALIDATED

        for kind, (p, r) in CROSS_VALIDATED.items():
            print(f"cross-validated on train + dev (the fit): {kind} precision {p}, recall {r}")
    except ImportError:
        pass
    ok = True
    for split in args.split or ["dev", "test"]:
        part = [e for e in entries if e["split"] == split]
        pred = [predict(found[e["id"]]) for e in part]
        base = [naive(e["text"]) for e in part]
        ok = report(split, part, pred, base) and ok
    print("\ntargets (test): framing precision >= 0.92, recall >= 0.88; no sense of none > 5%")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
