"""kindlead's own regexes come ready-made, and are exactly what `re.compile` makes."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kindlead import recache
from kindlead._regex_code import BUILDS

ROOT = Path(__file__).resolve().parent.parent


def table() -> dict[tuple[str | bytes, int], object]:
    return recache._load()  # type: ignore[return-value]


# The code is written for CPython 3.11-3.13; elsewhere kindlead compiles as usual.
needs_code = pytest.mark.skipif(
    sys.implementation.cache_tag not in BUILDS,
    reason=f"no ready-made code for {sys.implementation.cache_tag}",
)


@needs_code
def test_this_interpreter_has_the_code() -> None:
    assert len(table()) > 100


@pytest.mark.parametrize("key", sorted(table(), key=repr), ids=lambda k: repr(k[0])[:40])
def test_each_regex_is_the_one_re_compile_makes(key: tuple[str | bytes, int]) -> None:
    pattern, flags = key
    made = recache.compile(pattern, flags)
    assert key not in recache.missed
    # Pattern equality compares the flags, the pattern and the engine code itself
    assert made == re.compile(pattern, flags)
    assert made.groupindex == re.compile(pattern, flags).groupindex


GENERATOR = f"""
import json, sys
sys.path.insert(0, {str(ROOT / "scripts")!r})
from gen_regex_code import kindleads_regexes
print(repr(kindleads_regexes()), end="")
"""


@needs_code
def test_the_code_is_current() -> None:
    """Fails after a regex or a built-in rule changed: run scripts/gen_regex_code.py."""
    done = subprocess.run(
        [sys.executable, "-c", GENERATOR], capture_output=True, text=True, check=True
    )
    assert set(ast.literal_eval(done.stdout)) == set(table())


CHECK_AND_REFRAME = """
import io, json, sys
import kindlead.render
from kindlead import recache, lint
from kindlead.scan import load_rules, scan_text
text = open(sys.argv[1], encoding="utf-8").read()
list(scan_text(text, load_rules()))
lint.run([sys.argv[1]], load_rules(), (), "json", io.StringIO(), lambda p: None)
json.dump(sorted(recache.missed), sys.stdout)
"""


@needs_code
def test_checking_text_compiles_nothing() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHECK_AND_REFRAME, str(ROOT / "examples" / "plan.md")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout) == []


def test_any_other_pattern_is_compiled_by_re() -> None:
    made = recache.compile(r"team[- ]?work", re.IGNORECASE)
    assert made.match("TEAM-work")
    assert (r"team[- ]?work", re.IGNORECASE) in recache.missed


def test_code_the_engine_refuses_falls_back_to_re(monkeypatch: pytest.MonkeyPatch) -> None:
    key = (r"x+y", 0)
    broken = (re.UNICODE, (999, 999, 999), 0, {}, (None,))
    monkeypatch.setattr(recache, "_table", {key: broken})
    made = recache.compile(*key)
    assert made == re.compile(*key)
    assert made.fullmatch("xxy")


def test_another_engine_gets_no_code(monkeypatch: pytest.MonkeyPatch) -> None:
    import kindlead._regex_code as generated

    builds = {tag: ((0, 0, "little", 0), code) for tag, (_, code) in generated.BUILDS.items()}
    monkeypatch.setattr(generated, "BUILDS", builds)
    assert recache._load() == {}
