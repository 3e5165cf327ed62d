"""The root command: usage errors are one line and exit 2, help and version."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kindlead.cli import app


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--bogus"], "No such option: --bogus (see 'kindlead -h')"),
        (["reframe", "--format", "xml"], "'xml' is not one of"),
        (["check", "--format", "xml", "x.md"], "'xml' is not one of"),
        (["prompts", "lst"], "No such command 'lst'. Did you mean 'list'?"),
        (["nope"], "No such command 'nope'"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(
    runner: CliRunner, args: list[str], message: str
) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kindlead: error: ")
    assert message in lines[0]
    assert result.stdout == ""


@pytest.mark.parametrize("args", [[], ["prompts"]])
def test_a_group_alone_prints_its_help(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "Usage:" in result.stdout
    assert "kindlead: error" not in result.stderr
