"""Generated data: the built-in rules and prompt sets, ready to use without YAML.

Made by ``scripts/generate.py`` from ``prompts/``; never edited by hand
(tests/test_generated.py fails while any of it is stale). Each module records a
checksum of the file it was made from, and kindlead uses it only while that file
is unchanged, so a built-in file edited in a checkout is read, and checked, as
written. This saves the YAML parser and the phrase compiler on every start-up.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType


def checksum(data: bytes) -> str:
    """Detects an edited file (not an attack: the file is the user's own)."""
    import zlib

    return f"{len(data)}:{zlib.crc32(data):08x}"


def fresh(module: str, source: Path) -> ModuleType | None:
    """`kindlead._generated.<module>` if it was made from `source` as it is now, else None."""
    try:
        data = importlib.import_module(f"kindlead._generated.{module}")
        sums: dict[str, str] = data.CHECKSUMS
        return data if sums.get(source.name) == checksum(source.read_bytes()) else None
    except (OSError, ImportError, AttributeError):  # the YAML loader will say what is wrong
        return None
