"""Mangled and hostile prompt sets never end in a traceback, a hang or code running.

Property-based: start from the real built-in sets, then drop lines, shift
indentation, flip characters and truncate; every result must either validate or
fail with exit 2 and errors that name the file (and a line where one applies).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kindlead.cli import app
from kindlead.promptsets.catalog import builtin_dir

SOURCES = [
    p.read_text(encoding="utf-8") for p in sorted(builtin_dir().glob("*.yaml")) if p.stem != "rules"
]
NOISE = st.sampled_from(
    [*list(":-[]{}&*!|>'\"#%@`\t \n?,\\\x00\x1b\u202e{}"), "{x}", "{{", "!!python/object:os.system"]
)


@st.composite
def mangled(draw: st.DrawFn) -> str:
    lines = draw(st.sampled_from(SOURCES)).splitlines()
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["drop", "indent", "dedent", "flip", "insert", "truncate"]))
        if op == "drop":
            del lines[i]
        elif op == "indent":
            lines[i] = "  " + lines[i]
        elif op == "dedent":
            lines[i] = lines[i].lstrip()
        elif op == "flip" and lines[i]:
            j = draw(st.integers(0, len(lines[i]) - 1))
            lines[i] = lines[i][:j] + draw(NOISE) + lines[i][j + 1 :]
        elif op == "insert":
            lines.insert(i, draw(st.text(alphabet=st.characters(codec="utf-8"), max_size=30)))
        elif op == "truncate":
            lines = lines[:i]
    return "\n".join(lines)


def check_outcome(runner: CliRunner, path: Path) -> None:
    result = runner.invoke(app, ["prompts", "validate", str(path)])
    assert result.exit_code in (0, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        lines = result.stderr.splitlines()
        assert lines
        for line in lines:
            assert line.startswith(f"kindlead: error: {path}"), line
            assert "\x1b" not in line and "\x00" not in line


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mangled())
def test_mangled_sets_validate_or_fail_cleanly(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    path = tmp_path_factory.mktemp("mangled") / "cooperation.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    check_outcome(CliRunner(), path)


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=400))
def test_random_bytes_fail_cleanly(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("bytes") / "x.yaml"
    path.write_bytes(data)
    check_outcome(CliRunner(), path)
