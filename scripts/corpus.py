"""The hearing corpus (tests/corpus/hearing/*.yaml): check it, count it, split it.

    python scripts/corpus.py check [FILE...]   validate entries (all files by default)
    python scripts/corpus.py stats [FILE...]   the same, with counts by label and sense
    python scripts/corpus.py agreement         the corpus labels against the second labelling

The format and the labelling guide are in tests/corpus/hearing/README.md.
The split of an entry (train, dev or test) follows from a hash of its id, so it
never changes when entries are added, and no one picks which entries are tested.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "hearing"

FRAMING = ("buy-in", "support", "sell", "convince", "win-over", "resistance", "implicit")
TELLING = ("telling",)
NONE = (
    "poker", "finance", "securities", "equity", "franchise", "deal", "legal", "vehicle",
    "onboarding", "product", "evidence", "physical", "governance", "policy", "sports",
    "mention", "cooperative", "other",
)  # fmt: skip
SENSES = {"framing": FRAMING, "telling": TELLING, "none": NONE}
KEYS = {"id", "text", "label", "sense", "span", "source", "genre"}
REQUIRED = {"id", "text", "label", "sense", "source"}


def split_of(entry_id: str) -> str:
    """train (60%), dev (20%) or test (20%), from a hash of the id."""
    n = int(hashlib.sha256(entry_id.encode()).hexdigest()[:8], 16) % 100
    return "train" if n < 60 else "dev" if n < 80 else "test"


def files(paths: list[str] | None = None) -> list[Path]:
    return [Path(p) for p in paths] if paths else sorted(HERE.glob("*.yaml"))


def load(paths: list[str] | None = None) -> list[dict[str, Any]]:
    """Every entry, with its file and split added."""
    out = []
    for path in files(paths):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            if isinstance(entry, dict):
                entry = {**entry, "file": path.name, "split": split_of(str(entry.get("id")))}
            out.append(entry)
    return out


def problems(entries: list[Any]) -> list[str]:
    out = []
    ids: dict[str, str] = {}
    texts: dict[str, str] = {}
    for n, e in enumerate(entries, 1):
        if not isinstance(e, dict):
            out.append(f"entry {n}: not a mapping")
            continue
        where = f"{e.get('file', '?')}: {e.get('id', f'entry {n}')}"
        missing = REQUIRED - e.keys()
        extra = e.keys() - KEYS - {"file", "split"}
        if missing:
            out.append(f"{where}: missing {', '.join(sorted(missing))}")
        if extra:
            out.append(f"{where}: unknown keys {', '.join(sorted(extra))}")
        if missing:
            continue
        if not all(isinstance(e.get(k, ""), str) for k in KEYS):
            out.append(f"{where}: every value must be text")
            continue
        if e["id"] in ids:
            out.append(f"{where}: id used twice (also in {ids[e['id']]})")
        ids[e["id"]] = e.get("file", "?")
        key = " ".join(e["text"].lower().split())
        if key in texts:
            out.append(f"{where}: same text as {texts[key]}")
        texts[key] = e["id"]
        senses = SENSES.get(e["label"])
        if senses is None:
            out.append(f"{where}: label must be framing, telling or none, not {e['label']!r}")
        elif e["sense"] not in senses:
            out.append(f"{where}: sense {e['sense']!r} is not one of {', '.join(senses)}")
        span = e.get("span")
        if e["label"] in ("framing", "telling") and not span:
            out.append(f"{where}: a {e['label']} entry needs a span")
        if span and span not in e["text"]:
            out.append(f"{where}: span {span!r} is not in the text")
        if not e["source"].startswith(("http://", "https://")):
            out.append(f"{where}: source must be the address of a page")
    return out


def agreement() -> str:
    """Agreement and Cohen's kappa between the corpus labels and `second/labels.yaml`."""
    first = {e["id"]: e for e in load()}
    second = yaml.safe_load((HERE / "second" / "labels.yaml").read_text(encoding="utf-8"))
    pairs = [(first[s["id"]], s) for s in second]
    n = len(pairs)
    lines = [f"{n} entries labelled twice"]
    for name, key in (
        ("label", lambda e: e["label"]),
        ("use or none", lambda e: e["label"] != "none"),
    ):
        agree = sum(key(a) == key(b) for a, b in pairs) / n
        ca = collections.Counter(key(a) for a, _ in pairs)
        cb = collections.Counter(key(b) for _, b in pairs)
        chance = sum(ca[k] * cb[k] for k in ca) / n / n
        kappa = (agree - chance) / (1 - chance)
        lines.append(f"  {name:<12} agreement {agree:.3f}, Cohen's kappa {kappa:.3f}")
    sense = sum(a["sense"] == b["sense"] for a, b in pairs) / n
    lines.append(f"  {'sense':<12} agreement {sense:.3f}")
    lines += [
        f"  differ: {a['id']} {a['label']}/{a['sense']} -> {b['label']}/{b['sense']}"
        for a, b in pairs
        if a["label"] != b["label"]
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check")
    c.add_argument("files", nargs="*")
    s = sub.add_parser("stats")
    s.add_argument("files", nargs="*")
    sub.add_parser("agreement")
    args = parser.parse_args(argv)
    if args.cmd == "agreement":
        print(agreement())
        return 0
    entries = load(getattr(args, "files", None))
    found = problems(entries)
    for p in found:
        print(p)
    counts = collections.Counter((e.get("label"), e.get("sense")) for e in entries)
    splits = collections.Counter(e.get("split") for e in entries)
    print(f"{len(entries)} entries, {len(found)} problems; splits: {dict(splits)}")
    if args.cmd == "stats":
        for (label, sense), n in sorted(counts.items(), key=lambda kv: (str(kv[0]), -kv[1])):
            print(f"  {label:<8} {sense:<12} {n}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
