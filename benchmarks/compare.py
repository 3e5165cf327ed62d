"""Two installed kindleads side by side in one run: start-up against the floor, check throughput.

    .venv/bin/python benchmarks/compare.py OLD/bin/kindlead NEW/bin/kindlead

Install each version from a wheel in its own virtual environment (so both have their
bytecode), for instance:

    git worktree add /tmp/old <commit> && python3 -m venv /tmp/oldvenv
    /tmp/oldvenv/bin/pip install /tmp/old

Runs alternate between the versions (and the floor), as in run.py, so load from the
rest of a shared machine falls on both alike.
"""

from __future__ import annotations

import sys
from pathlib import Path

from run import HERE, PY, medians, prepare, run


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    versions = {"old": argv[0], "new": argv[1]}
    paths = prepare()
    reframe = ["reframe", str(paths["plan"]), "--answers", str(paths["answers"]), "--no-input",
               "--format", "json"]  # fmt: skip
    commands = {"floor": [PY, str(HERE / "floor_app.py"), "--name", "x", "--count", "1"]}
    for name, exe in versions.items():
        commands[f"{name} --help"] = [exe, "--help"]
        commands[f"{name} reframe json"] = [exe, *reframe]
        commands[f"{name} check page"] = [exe, "check", str(paths["page"])]
    m = medians(commands)
    for name, secs in m.items():
        print(f"  {name:18} {secs * 1000:7.1f} ms   {secs / m['floor']:.2f} x floor")
    size = Path(paths["20mb"]).stat().st_size / 1e6
    for name, exe in versions.items():
        best: dict[str, tuple[float, int]] = {}
        for _ in range(3):
            for key in ("2mb", "20mb"):
                secs, rss, _ = run([exe, "check", str(paths[key]), "--format", "json"])
                old = best.get(key, (secs, rss))
                best[key] = (min(old[0], secs), max(old[1], rss))
        (t2, r2), (t20, r20) = best["2mb"], best["20mb"]
        print(f"  {name}: check 20 MB {size / t20:.2f} MB/s, 20/2 MB time {t20 / t2:.2f}, "
              f"peak RSS 20/2 MB {r20 / r2:.2f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
