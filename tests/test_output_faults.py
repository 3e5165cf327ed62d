"""Streams and files that fail: closed or full stdout, closed stderr, links, signals."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pexpect  # type: ignore[import-untyped]
import pytest

from kindlead.errors import KindleadError
from kindlead.files.atomic import write_atomically

ROOT = Path(__file__).resolve().parent.parent
SCRIPTED = ["--answers", "examples/answers.yaml", "--no-input", "examples/plan.md"]


def run(*args: str, close: int | None = None, **kw: object) -> subprocess.CompletedProcess[str]:
    def closer() -> None:
        if close is not None:
            os.close(close)

    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "kindlead", *args],
        capture_output=close is None or close != 1,
        text=True,
        timeout=60,
        cwd=ROOT,
        preexec_fn=closer,
        **kw,
    )


@pytest.mark.parametrize(
    "args", [["check", "nosuch.md"], ["reframe", "--set", "nope", "--no-input"], ["bogus"]]
)
def test_errors_keep_exit_2_when_stderr_is_closed(args: list[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "kindlead", *args],
        stdout=subprocess.DEVNULL,
        timeout=60,
        preexec_fn=lambda: os.close(2),
    )
    assert proc.returncode == 2


@pytest.mark.parametrize(
    "args",
    [["--version"], ["reframe", *SCRIPTED], ["prompts", "list"]],
    ids=["version", "reframe", "prompts-list"],
)
def test_a_closed_stdout_is_a_clean_error(args: list[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "kindlead", *args],
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        cwd=ROOT,
        preexec_fn=lambda: os.close(1),
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("kindlead: error:") and "Traceback" not in proc.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize(
    "args", [["reframe", *SCRIPTED], ["check", "examples/plan.md"]], ids=["reframe", "check"]
)
def test_a_full_disk_on_stdout_is_a_clean_error(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "kindlead", *args],
            stdout=full, stderr=subprocess.PIPE, text=True, timeout=60, cwd=ROOT,
        )  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr == "kindlead: error: output: No space left on device\n"


def test_version_into_a_closed_pipe_ends_quietly() -> None:
    proc = subprocess.run(
        f"{sys.executable} -m kindlead --version | true; exit ${{PIPESTATUS[0]}}",
        shell=True, executable="/bin/bash", capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0
    assert proc.stderr == ""


def test_output_dash_is_stdout() -> None:
    proc = run("reframe", *SCRIPTED, "--format", "markdown", "-o", "-")
    assert proc.returncode == 0 and proc.stdout.startswith("# From “buy-in” to cooperation")
    assert not (ROOT / "-").exists()


def test_a_symlink_to_a_device_is_written_through_not_replaced(tmp_path: Path) -> None:
    link = tmp_path / "out.md"
    link.symlink_to("/dev/null")
    proc = run("reframe", *SCRIPTED, "-o", str(link), "--force")
    assert proc.returncode == 0, proc.stderr
    assert link.is_symlink() and os.readlink(link) == "/dev/null"


def test_a_symlink_to_a_file_keeps_the_link_and_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "real.md"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "plan.md"
    link.symlink_to(target)
    refused = run("reframe", *SCRIPTED, "-o", str(link))
    assert refused.returncode == 2 and "already exists" in refused.stderr
    assert target.read_text(encoding="utf-8") == "old"
    proc = run("reframe", *SCRIPTED, "-o", str(link), "--force")
    assert proc.returncode == 0, proc.stderr
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8").startswith("# From “buy-in” to cooperation")


def test_a_file_name_too_long_is_a_clean_error(tmp_path: Path) -> None:
    proc = run("reframe", *SCRIPTED, "-o", str(tmp_path / ("a" * 300 + ".md")))
    assert proc.returncode == 2
    assert "cannot write: File name too long" in proc.stderr


def test_the_extension_wins_over_kindlead_format(tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    proc = run("reframe", *SCRIPTED, "-o", str(out), env={**os.environ, "KINDLEAD_FORMAT": "json"})
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8").startswith("# From “buy-in”")


def test_an_invalid_kindlead_format_is_named(tmp_path: Path) -> None:
    proc = run("reframe", *SCRIPTED, env={**os.environ, "KINDLEAD_FORMAT": "xml"})
    assert proc.returncode == 2
    assert "KINDLEAD_FORMAT='xml' is not one of rich, text, markdown, json" in proc.stderr


def test_an_interrupted_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM unwinds as SystemExit (see cli.main); the write cleans up on the way."""

    def killed(fd: int) -> None:
        raise SystemExit(128 + signal.SIGTERM)

    monkeypatch.setattr(os, "fsync", killed)
    path = tmp_path / "plan.md"
    with pytest.raises(SystemExit):
        write_atomically(path, "x" * 100_000, force=False)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.pty
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_end_the_session_as_ctrl_c_does(tmp_path: Path, sig: int) -> None:
    out = tmp_path / "plan.md"
    child = pexpect.spawn(
        sys.executable,
        ["-m", "kindlead", "reframe", "--output", str(out)],
        env={**os.environ, "NO_COLOR": "1", "TERM": "dumb", "KINDLEAD_HOME": str(tmp_path)},
        cwd=str(ROOT), dimensions=(40, 120), timeout=20, encoding="utf-8",
    )  # fmt: skip
    child.expect("Question 1 of")
    child.kill(sig)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130  # as Ctrl-C: what was typed is kept (SPEC, drafts)
    assert "stopped (" in (child.before or "")
    assert not out.exists()
    assert "Traceback" not in (child.before or "")


def test_write_atomically_refuses_a_directory_name(tmp_path: Path) -> None:
    with pytest.raises(KindleadError):
        write_atomically(tmp_path, "x", force=True)
