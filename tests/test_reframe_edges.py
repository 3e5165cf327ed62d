"""Edge cases from the last review: skipped questions, list items, env defaults, BOMs."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kindlead.cli import app

SET = textwrap.dedent(
    """\
    schema_version: 1
    id: edge
    title: Edge
    questions:
      - id: plan
        prompt: Plan?
        type: multiline
        required: true
        coach: true
      - id: deep
        prompt: Go deeper?
        type: confirm
        default: no
      - id: detail
        prompt: Which detail?
        type: choice
        choices: [x, y]
        when: {question: deep, equals: yes}
      - id: people
        prompt: Who?
        type: list
    checklist:
      - "Plan: {plan}"
    """
)


@pytest.fixture
def edge_set(tmp_path: Path) -> Path:
    path = tmp_path / "edge.yaml"
    path.write_text(SET, encoding="utf-8")
    return path


@pytest.mark.parametrize("value", ["zzz", "x"])
def test_an_answer_to_a_skipped_question_is_dropped_even_when_invalid(
    runner: CliRunner, edge_set: Path, value: str
) -> None:
    result = runner.invoke(
        app,
        ["reframe", "--set", str(edge_set), "--no-input", "-a", "plan=Ship it",
         "-a", f"detail={value}", "--format", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "the answer to 'detail' from --answer is not used" in result.stderr


def test_an_invalid_answer_to_a_question_that_applies_is_still_an_error(
    runner: CliRunner, edge_set: Path
) -> None:
    result = runner.invoke(
        app,
        ["reframe", "--set", str(edge_set), "--no-input", "-a", "plan=Ship it",
         "-a", "deep=yes", "-a", "detail=zzz"],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "'detail' takes one of: x, y" in result.stderr


@pytest.mark.parametrize("fmt", ["text", "rich"])
def test_a_list_item_with_a_line_break_stays_on_one_line(
    runner: CliRunner, edge_set: Path, fmt: str
) -> None:
    result = runner.invoke(
        app,
        ["reframe", "--set", str(edge_set), "--no-input", "-a", "plan=Ship it",
         "-a", "people=Ana\nRaj", "--format", fmt],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "Ana Raj" in result.stdout and "\\x0a" not in result.stdout


def test_a_wrong_kindlead_format_does_not_break_an_explicit_format(
    runner: CliRunner, edge_set: Path
) -> None:
    result = runner.invoke(
        app,
        ["reframe", "--set", str(edge_set), "--no-input", "-a", "plan=Ship it",
         "--format", "json"],
        env={"KINDLEAD_FORMAT": "bogus"},
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("{")


def test_a_byte_order_mark_split_across_reads_keeps_columns() -> None:
    script = (
        "import sys, time\n"
        "sys.stdout.buffer.write(b'\\xef'); sys.stdout.flush(); time.sleep(0.3)\n"
        "sys.stdout.buffer.write(b'\\xbb\\xbfWe need buy-in.\\n'); sys.stdout.flush()\n"
    )
    writer = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
    proc = subprocess.run(
        [sys.executable, "-m", "kindlead", "check", "-"],
        stdin=writer.stdout, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    writer.wait(timeout=60)
    assert proc.returncode == 1
    assert proc.stdout.startswith("<stdin>:1:9: warning buy-in:")
