"""Property-based: any answer text, from any source, in any format, is shown literally.

Answers given with --answer, in an answers file, or as the plan carry rich markup,
escape sequences, control characters and template-like braces. The run must end
with a documented exit code and no traceback, and every format must show the text
as text: no escape sequence reaches the output, and markup is not interpreted.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kindlead.cli import app

ROOT = Path(__file__).resolve().parent.parent

NASTY = [
    "[bold red]",
    "[/]",
    "[/bold]",
    "[link=https://x]",
    "\x1b[31m",
    "\x1b]0;pwned\x07",
    "\x1b[2J",
    "\x9b",
    "\r",
    "\x08",
    "\x00",
    "\u202e",
    "{target}",
    "{{",
    "%s",
    "$(rm -rf ~)",
    "<script>",
    "- [ ] ",
    "# ",
    "|",
    "`",
    "\\",
    "👩‍💻",
    "ß",
]
text = st.lists(
    st.one_of(st.sampled_from(NASTY), st.text(min_size=1, max_size=8)), min_size=1, max_size=6
).map("".join)
FORMATS = ["text", "markdown", "json", "rich"]
# What may appear raw in any output: printable text, new lines and tabs.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

BASE = {
    "plan": "We will try weekly releases.",
    "target": "Weekly releases",
    "people": ["Ana"],
    "team_ideas": ["Wei's checklist"],
    "mutual_benefit": "Calmer weeks",
}


def run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["reframe", "--no-input", *args])
    exc = result.exception
    assert exc is None or isinstance(exc, SystemExit), repr(exc)
    assert result.exit_code in (0, 2), (result.exit_code, result.stderr)
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def assert_literal(out: str, fmt: str, code: int) -> None:
    assert not RAW_CONTROL.search(out), repr(RAW_CONTROL.search(out))
    if code == 2:  # invalid answers (e.g. a blank required one): nothing is rendered
        assert out == ""
    elif fmt == "json":
        json.loads(out)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=text, fmt=st.sampled_from(FORMATS), key=st.sampled_from(["target", "team_ideas"]))
def test_any_answer_option_is_shown_literally(value: str, fmt: str, key: str) -> None:
    args = [f"--answer={k}={v}" for k, v in BASE.items() if k != key and isinstance(v, str)]
    args += [f"--answer={k}={v[0]}" for k, v in BASE.items() if k != key and isinstance(v, list)]
    args += [f"--answer={key}={value}", "--format", fmt]
    code, out, err = run(args)
    assert_literal(out, fmt, code)
    assert not RAW_CONTROL.search(err)
    if code == 0 and fmt != "json":
        visible = value.strip().split("\n")[0]
        plain = RAW_CONTROL.sub("", visible)
        if "[" in plain and len(plain) > 2 and not plain.isspace():
            assert "[" in out  # markup brackets are shown, not eaten


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=text, fmt=st.sampled_from(FORMATS))
def test_any_answers_file_is_shown_literally(
    tmp_path_factory: pytest.TempPathFactory, value: str, fmt: str
) -> None:
    path = tmp_path_factory.mktemp("answers") / "answers.yaml"
    data = {**BASE, "mutual_benefit": value, "people": ["Ana", value]}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, out, err = run(["--answers", str(path), "--format", fmt])
    assert_literal(out, fmt, code)
    if code == 2:
        assert err.startswith("kindlead: error: ")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=text, fmt=st.sampled_from(FORMATS))
def test_any_plan_file_is_shown_literally(
    tmp_path_factory: pytest.TempPathFactory, value: str, fmt: str
) -> None:
    folder = tmp_path_factory.mktemp("plan")
    plan = folder / "plan.md"
    plan.write_bytes(("We need buy-in. " + value).encode("utf-8", "surrogatepass"))
    answers = folder / "answers.yaml"
    answers.write_text(yaml.safe_dump({k: v for k, v in BASE.items() if k != "plan"}))
    code, out, err = run([str(plan), "--answers", str(answers), "--format", fmt])
    assert_literal(out, fmt, code)
    if code == 2:
        assert err.startswith(f"kindlead: error: {plan}")


@pytest.mark.parametrize("fmt", FORMATS)
def test_markup_and_escapes_in_the_target_for_every_format(fmt: str) -> None:
    target = "[bold red]Ship[/] \x1b[31mweekly\x1b]0;pwned\x07"
    args = [f"--answer={k}={v}" for k, v in BASE.items() if isinstance(v, str) and k != "target"]
    args += ["--answer=people=Ana", "--answer=team_ideas=Wei's checklist"]
    code, out, _ = run([*args, f"--answer=target={target}", "--format", fmt])
    assert code == 0
    assert "\x1b" not in out
    if fmt == "json":
        assert json.loads(out)["answers"]["target"] == target  # JSON keeps the exact text
    else:
        assert "[bold red]Ship[/]" in out.replace("\\", "")
        assert "x1b[31mweekly" in out.replace("\\", "")


SCRIPTED_REST = ["-a", "people=Ana", "-a", "team_ideas=x", "-a", "mutual_benefit=y",
                 "-a", "first_step=z"]  # fmt: skip


def _reframe_argv(*answer: bytes, **env: str) -> subprocess.CompletedProcess[bytes]:
    """kindlead run as a shell runs it: arguments as bytes."""
    argv = [sys.executable.encode(), b"-m", b"kindlead", b"reframe", b"examples/plan.md",
            b"--no-input", b"-f", b"json", *(a.encode() for a in SCRIPTED_REST)]  # fmt: skip
    for a in answer:
        argv += [b"--answer", a]
    return subprocess.run(argv, capture_output=True, cwd=ROOT, env={**os.environ, **env},
                          timeout=60, check=False)  # fmt: skip


def test_an_answer_argument_that_is_not_utf8_is_refused_not_replaced() -> None:
    proc = _reframe_argv(b"target=caf\xe9")
    assert proc.returncode == 2
    assert b"--answer target=caf\\xe9: not UTF-8 text" in proc.stderr
    assert proc.stdout == b""


def test_an_answer_argument_is_utf8_whatever_the_locale_says() -> None:
    proc = _reframe_argv("target=café".encode(), LC_ALL="C", PYTHONUTF8="0")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["answers"]["target"] == "café"
