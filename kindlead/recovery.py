"""Keeping the answers of an interview that ended early, to continue with later.

They are written as an answers file under ``recovered/`` in the user's folder; the
command says where, and how to continue (``--answers FILE``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from pathlib import Path

from kindlead.answers import dump
from kindlead.errors import KindleadError, Mark, Problem
from kindlead.files.atomic import write_atomically
from kindlead.files.paths import config_dir
from kindlead.promptsets.model import Answer
from kindlead.textsafe import printable


def save_recovered(answers: Mapping[str, Answer], set_name: str, set_id: str) -> Path:
    """Write `answers` to ``<user dir>/recovered/<set>-<timestamp>.yaml``; return the path."""
    folder = config_dir() / "recovered"
    folder.mkdir(parents=True, exist_ok=True)
    safe_id = re.sub(r"[^A-Za-z0-9_.-]+", "-", set_id).strip(".-") or "answers"
    stem = f"{safe_id}-{time.strftime('%Y%m%d-%H%M%S')}"
    header = (
        f"Your answers to the {set_id!r} prompt set so far, saved when the session ended.\n"
        f"Continue with: kindlead reframe --set {set_name} --answers THIS-FILE"
    )
    content = dump(answers, printable(header, keep_newlines=True))
    for n in range(1, 100):
        path = folder / (f"{stem}.yaml" if n == 1 else f"{stem}-{n}.yaml")
        try:
            write_atomically(path, content, force=False)
        except KindleadError:
            if path.exists():
                continue  # two sessions stopped in the same second
            raise
        return path
    raise KindleadError(Problem("too many recovered files at this time", Mark(str(folder))))
