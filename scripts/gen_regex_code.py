"""Write the code of kindlead's own regexes into kindlead/_regex_code.py (kindlead.recache).

    .venv/bin/python scripts/gen_regex_code.py [PYTHON ...]

It collects every regex kindlead compiles for itself (at import, for the built-in
rules, and for their gate words), then has each interpreter given (by default
python3.11, python3.12 and python3.13 where they are found) write their code; the
interpreters that write the same code share it. Run it after changing a regex or a
built-in rule;
tests/test_recache.py fails while a regex of kindlead's is missing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "kindlead" / "_regex_code.py"
DEFAULT = ("python3.11", "python3.12", "python3.13")

# Run by each interpreter: patterns in on stdin, their code out on stdout.
WRITE_CODE = r"""
import json, sys, _sre
from array import array
from re import _compiler, _parser

out = []
for text, is_bytes, flags in json.load(sys.stdin):
    pattern = text.encode("latin-1") if is_bytes else text
    p = _parser.parse(pattern, flags)
    code = _compiler._code(p, flags)
    indexgroup = [None] * p.state.groups
    for name, i in p.state.groupdict.items():
        indexgroup[i] = name
    out.append([flags | p.state.flags, array("I", code).tobytes().hex(),
                p.state.groups - 1, dict(p.state.groupdict), indexgroup])
key = [_sre.MAGIC, _sre.CODESIZE, sys.byteorder, sys.maxunicode]
json.dump({"tag": sys.implementation.cache_tag, "key": key, "code": out}, sys.stdout)
"""


def kindleads_regexes() -> list[tuple[str | bytes, int]]:
    """Every (pattern, flags) kindlead compiles for itself, in a stable order."""
    from kindlead import recache

    recache._table = {}  # nothing is ready-made: every regex is recorded in `missed`
    import kindlead.lint
    import kindlead.promptset
    import kindlead.render
    import kindlead.textsafe
    import kindlead.yamlload
    from kindlead.scan import _compile, load_rules

    compiled = _compile(load_rules(), ())
    for scan in compiled.rules:
        for pattern in (*scan.patterns, *scan.exceptions.patterns, *scan.contexts.patterns):
            assert pattern.regex
    for which in ("control", "control+newline", "json", "surrogate"):
        kindlead.textsafe._pattern(which)
    return sorted(
        ((pattern, int(flags)) for pattern, flags in recache.missed),
        key=lambda r: (isinstance(r[0], bytes), r),
    )


HEADER = '''"""The code of kindlead's regexes, by scripts/gen_regex_code.py: see kindlead.recache.

Generated: do not edit. BUILDS maps an interpreter's cache tag to the engine it was
written for (KEY in kindlead.recache) and, for each (pattern, flags), the arguments
of _sre.compile after the pattern, the code as the bytes of its machine words (bytes
load in one piece; a tuple of 40,000 numbers took a millisecond).
"""

from typing import Any

'''


def module(regexes: list[tuple[str | bytes, int]], results: list[dict]) -> str:  # type: ignore[type-arg]
    tables: list[str] = []  # the distinct tables, as source
    builds = []
    for result in results:
        rows = []
        for (pattern, flags), (final, code, groups, index, names) in zip(
            regexes, result["code"], strict=True
        ):
            entry = (final, bytes.fromhex(code), groups, index, tuple(names))
            rows.append(f"    {(pattern, flags)!r}: {entry!r},")
        table = "{\n" + "\n".join(rows) + "\n}"
        if table not in tables:
            tables.append(table)
        builds.append(f"    {result['tag']!r}: ({tuple(result['key'])!r}, _{tables.index(table)}),")
    out = HEADER
    for n, table in enumerate(tables):
        out += f"_{n}: dict[tuple[str | bytes, int], Any] = {table}\n"
    return out + "BUILDS = {\n" + "\n".join(builds) + "\n}\n"


def main(pythons: list[str]) -> int:
    regexes = kindleads_regexes()
    results = []
    for python in pythons or DEFAULT:
        exe = shutil.which(python)
        if exe is None:
            print(f"skipped {python}: not found", file=sys.stderr)
            continue
        wire = [
            [p.decode("latin-1") if isinstance(p, bytes) else p, isinstance(p, bytes), f]
            for p, f in regexes
        ]
        done = subprocess.run(
            [exe, "-c", WRITE_CODE], input=json.dumps(wire), capture_output=True, text=True
        )
        if done.returncode:
            print(f"{python} failed:\n{done.stderr}", file=sys.stderr)
            return 1
        results.append(json.loads(done.stdout))
        print(f"{results[-1]['tag']}: {len(regexes)} regexes")
    OUT.write_text(module(regexes, results), encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
