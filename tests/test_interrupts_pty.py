"""Ctrl-C and Ctrl-D at every step of a real interview: exit 130, no plan written,
what was typed kept as a draft."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect  # type: ignore[import-untyped]
import pytest

pytestmark = pytest.mark.pty

ROOT = Path(__file__).resolve().parent.parent

# What a person types for each question of the cooperation set, in order.
TYPED: list[list[str]] = [
    ["We need their buy-in for weekly releases.", "."],  # plan (multiline: "." finishes)
    ["Weekly releases without weekend work"],  # target
    ["the platform team", ""],  # people (list)
    ["Wei's checklist", ""],  # team_ideas (list)
    ["Calmer weeks for everyone"],  # mutual_benefit
    [""],  # first_step (takes the default)
    [""],  # concerns (optional list)
]
STEPS = [*(f"Question {n} of {len(TYPED)}" for n in range(1, len(TYPED) + 1)), "Change an answer?"]


@pytest.mark.parametrize("key", ["ctrl-c", "ctrl-d"])
@pytest.mark.parametrize("step", range(len(STEPS)), ids=[s.split("?")[0] for s in STEPS])
def test_ending_the_session_at_any_step(tmp_path: Path, key: str, step: int) -> None:
    out = tmp_path / "plan.md"
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "KINDLEAD_HOME": str(tmp_path / "h")}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "kindlead", "reframe", "--output", str(out)],
        env=env,
        cwd=str(ROOT),
        dimensions=(50, 200),
        timeout=20,
        encoding="utf-8",
    )
    for n in range(step):
        child.expect_exact(STEPS[n])
        for line in TYPED[n]:
            child.sendline(line)
    child.expect_exact(STEPS[step])
    if key == "ctrl-c":
        child.sendintr()
    else:
        child.sendeof()
    child.expect(pexpect.EOF)
    said = child.before or ""
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in said and "internal error" not in said
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name != "h"] == []  # no temporary file
    drafts = list((tmp_path / "h" / "drafts").glob("*-cooperation.json"))
    if step == 0:  # nothing typed yet: nothing to keep
        assert "nothing was written" in said and drafts == []
    else:  # what was typed is kept, and the way back in is shown
        assert len(drafts) == 1
        assert f"kindlead reframe --resume {drafts[0].stem}" in said
