"""kindlead's own regexes, ready-made for the interpreters the package was built for.

`re.compile` parses a pattern and writes its code in pure Python: 0.2-1 ms a regex,
and a short `kindlead check` needs about thirty (the Markdown scanner's and those of
the rules that meet their words), which was a third of its start-up. Compiled
patterns cannot be saved, but their code can: `scripts/gen_regex_code.py` writes the
code of every regex kindlead compiles for itself into ``kindlead/_regex_code.py``, for
each interpreter it was run with (CPython 3.11, 3.12, 3.13), and `compile` hands it to the
regex engine (``_sre.compile``, what `re.compile` itself ends with), which checks it
before use. Any other pattern (a team's rule file, ``--allow``), another interpreter
or engine version, or any failure compiles with `re` as usual, so the result is
always the same Pattern `re.compile` gives (`tests/test_recache.py`).
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # the engine `re` is built on has no stubs
import re
import sys
from typing import Any, overload

__all__ = ["compile", "missed"]

_Entry = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]
_table: dict[tuple[str | bytes, int], _Entry] | None = None
missed: set[tuple[str | bytes, int]] = set()
"""The patterns compiled with `re` in this process (the tests want none of kindlead's)."""


def _load() -> dict[tuple[str | bytes, int], _Entry]:
    try:
        from kindlead._regex_code import BUILDS

        key, table = BUILDS[sys.implementation.cache_tag]
    except (ImportError, AttributeError, KeyError):
        return {}
    here = (_sre.MAGIC, _sre.CODESIZE, sys.byteorder, sys.maxunicode)
    return table if key == here else {}


@overload
def compile(pattern: str, flags: int = 0) -> re.Pattern[str]: ...
@overload
def compile(pattern: bytes, flags: int = 0) -> re.Pattern[bytes]: ...
def compile(pattern: Any, flags: int = 0) -> Any:  # re's name: this stands in for it
    """`re.compile(pattern, flags)`, without the work for a regex of kindlead's own."""
    global _table
    if _table is None:
        _table = _load()
    entry = _table.get((pattern, flags))
    if entry is not None:
        final, code, groups, groupindex, indexgroup = entry
        try:
            return _sre.compile(
                pattern,
                final,
                memoryview(code).cast("I").tolist(),
                groups,
                groupindex,
                indexgroup,
            )
        except (TypeError, ValueError, RuntimeError):
            pass  # the engine changed after all: compile as usual
    missed.add((pattern, flags))
    return re.compile(pattern, flags)
