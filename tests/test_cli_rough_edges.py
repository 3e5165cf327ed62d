"""Rough edges found by trying to break the command line: an input that is the output,
replaced files' permissions, links and long names at --output, shell completion, and
help or the version into a full disk."""

from __future__ import annotations

import os
import resource
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kindlead.errors import KindleadError
from kindlead.files.atomic import write_atomically

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SCRIPTED = ["--answers", str(EXAMPLES / "answers.yaml"), "--no-input", str(EXAMPLES / "plan.md")]
BUY_IN = "We need buy-in from the team before Friday.\n"
FULL = Path("/dev/full")


def small_files() -> None:
    """In the child: files stop at 1 MiB, so a run that reads its own output cannot
    fill the disk before the test fails."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (2**20, 2**20))


def kindlead(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None, **kw: object
) -> subprocess.CompletedProcess[str]:
    options: dict[str, object] = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **kw}
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "kindlead", *args],
        text=True,
        timeout=60,
        cwd=cwd,
        env=env,
        preexec_fn=small_files,
        **options,
    )


# 1. `kindlead check *.md > report.md`, run twice, must not read its own report


def test_check_skips_an_input_that_is_the_output_and_checks_the_others(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(BUY_IN, encoding="utf-8")
    (tmp_path / "y.md").write_text(BUY_IN, encoding="utf-8")
    with open(tmp_path / "y.md", "a", encoding="utf-8") as out:  # check a.md y.md >> y.md
        proc = kindlead("check", "a.md", "y.md", cwd=tmp_path, stdout=out)
    assert proc.returncode == 1  # a.md's finding
    assert proc.stderr.splitlines()[0] == (
        "kindlead: warning: y.md: input file is also the output; not checked"
    )
    lines = (tmp_path / "y.md").read_text(encoding="utf-8").splitlines()
    assert lines[0] == BUY_IN.strip()
    found = [line for line in lines[1:] if line.endswith("”") and " → try: " in line]
    assert [line.split(":")[0] for line in found] == ["a.md"]


def test_check_into_a_report_it_also_reads_gives_the_same_report_twice(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(BUY_IN, encoding="utf-8")
    (tmp_path / "b.md").write_text("Nothing to see.\n", encoding="utf-8")
    report = tmp_path / "report.md"
    with open(report, "w", encoding="utf-8") as out:  # check *.md > report.md
        first = kindlead("check", "a.md", "b.md", cwd=tmp_path, stdout=out)
    assert first.returncode == 1
    assert first.stderr == "kindlead: 1 finding (1 warning) in 1 of 2 files\n"
    once = report.read_text(encoding="utf-8")
    with open(report, "w", encoding="utf-8") as out:  # again: *.md now has report.md
        second = kindlead("check", "a.md", "b.md", "report.md", cwd=tmp_path, stdout=out)
    assert second.returncode == 1
    assert "report.md: input file is also the output; not checked" in second.stderr
    assert report.read_text(encoding="utf-8") == once


def test_check_skips_standard_input_that_is_the_output(tmp_path: Path) -> None:
    path = tmp_path / "y.md"
    path.write_text(BUY_IN, encoding="utf-8")
    with open(path, encoding="utf-8") as src, open(path, "a", encoding="utf-8") as out:
        proc = kindlead("check", "-", cwd=tmp_path, stdin=src, stdout=out)
    assert proc.returncode == 0
    assert proc.stderr.splitlines()[0] == (
        "kindlead: warning: <stdin>: input file is also the output; not checked"
    )
    assert path.read_text(encoding="utf-8") == BUY_IN


def test_check_still_reads_a_file_into_another_file(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(BUY_IN, encoding="utf-8")
    with open(tmp_path / "report.md", "w", encoding="utf-8") as out:
        proc = kindlead("check", "a.md", cwd=tmp_path, stdout=out)
    assert proc.returncode == 1
    assert proc.stderr == "kindlead: 1 finding (1 warning) in 1 file\n"
    assert (tmp_path / "report.md").read_text(encoding="utf-8").startswith("a.md:1:")


# 2. a file replaced with --force keeps its mode and group; a new one follows the umask


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_force_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o600)
    proc = kindlead("reframe", *SCRIPTED, "-o", str(out), "--force")
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8").startswith("# From “buy-in”")
    assert mode(out) == 0o600


def other_group() -> int | None:
    """A group this process may give a file, other than its own."""
    if os.geteuid() == 0:
        return next((g for g in (100, 1, 2) if g != os.getegid()), None)
    return next((g for g in os.getgroups() if g != os.getegid()), None)


def test_force_keeps_the_group_of_the_file_it_replaces(tmp_path: Path) -> None:
    group = other_group()
    if group is None:
        pytest.skip("no second group to give the file")
    out = tmp_path / "plan.md"
    out.write_text("old", encoding="utf-8")
    os.chown(out, -1, group)
    out.chmod(0o640)
    write_atomically(out, "new", force=True)
    assert out.stat().st_gid == group and mode(out) == 0o640


def test_a_new_file_follows_the_umask(tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    old = os.umask(0o027)
    try:
        write_atomically(out, "new", force=False)
    finally:
        os.umask(old)
    assert mode(out) == 0o640


@pytest.mark.parametrize("before", [0o644, 0o666, None])
def test_a_private_file_is_0600_whatever_it_replaces(tmp_path: Path, before: int | None) -> None:
    out = tmp_path / "entry.md"
    if before is not None:
        out.write_text("old", encoding="utf-8")
        out.chmod(before)
    old = os.umask(0)
    try:
        write_atomically(out, "new", force=True, private=True)
    finally:
        os.umask(old)
    assert mode(out) == 0o600 and out.read_text(encoding="utf-8") == "new"


# 3. without --force nothing already there is replaced, a dangling link included


def test_a_dangling_link_appearing_at_the_output_is_not_followed(tmp_path: Path) -> None:
    """What the late check in write_atomically sees when a link appeared during the
    interview, after the early check of --output."""
    link = tmp_path / "plan.md"
    link.symlink_to(tmp_path / "elsewhere.md")
    with pytest.raises(KindleadError, match="already exists; use --force to replace it"):
        write_atomically(link, "new", force=False)
    assert not (tmp_path / "elsewhere.md").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.md"]


def test_output_to_a_dangling_link_is_refused_without_force(tmp_path: Path) -> None:
    link = tmp_path / "plan.md"
    link.symlink_to(tmp_path / "elsewhere.md")
    proc = kindlead("reframe", *SCRIPTED, "-o", str(link))
    assert proc.returncode == 2
    assert proc.stderr == f"kindlead: error: {link}: already exists; use --force to replace it\n"
    assert not (tmp_path / "elsewhere.md").exists()


# 4. file names of up to 255 bytes; only the exact argument `-` is standard output


@pytest.mark.parametrize("length", [242, 250, 255])
def test_output_takes_a_file_name_of_up_to_255_bytes(tmp_path: Path, length: int) -> None:
    out = tmp_path / ("p" * (length - 3) + ".md")
    proc = kindlead("reframe", *SCRIPTED, "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8").startswith("# From “buy-in”")
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_a_failed_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(KindleadError, match="cannot write: No space left on device"):
        write_atomically(tmp_path / ("p" * 252 + ".md"), "x", force=False)
    assert list(tmp_path.iterdir()) == []


def test_reframe_output_dot_slash_dash_is_a_file_named_dash(tmp_path: Path) -> None:
    proc = kindlead("reframe", *SCRIPTED, "--format", "markdown", "-o", "./-", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert (tmp_path / "-").read_text(encoding="utf-8").startswith("# From “buy-in”")


def test_journal_export_output_dot_slash_dash_is_a_file_named_dash(tmp_path: Path) -> None:
    env = {**os.environ, "KINDLEAD_HOME": str(tmp_path / "home")}
    proc = kindlead("journal", "export", "--format", "json", "-o", "./-", cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert (tmp_path / "-").read_text(encoding="utf-8").startswith("{")


# 5. shell completion: a named shell, and clean errors


def completion_env(home: Path) -> dict[str, str]:
    return {**os.environ, "HOME": str(home)}


@pytest.mark.parametrize(
    ("shell", "line"),
    [
        ("bash", "complete -o default -F _kindlead_completion kindlead"),
        ("zsh", "compdef _kindlead_completion kindlead"),
        ("fish", "complete --command kindlead --no-files"),
        ("pwsh", "Register-ArgumentCompleter -Native -CommandName kindlead"),
    ],
)
def test_show_completion_prints_the_script_of_the_shell_named(
    tmp_path: Path, shell: str, line: str
) -> None:
    proc = kindlead("--show-completion", shell, env=completion_env(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert line in proc.stdout and proc.stderr == ""
    # the script Typer's completion class for that shell sources at run time
    sourced = kindlead(env={**completion_env(tmp_path), "_KINDLEAD_COMPLETE": f"source_{shell}"})
    assert proc.stdout.strip() == sourced.stdout.strip()


def test_show_completion_also_takes_the_shell_after_an_equals_sign(tmp_path: Path) -> None:
    proc = kindlead("--show-completion=zsh", env=completion_env(tmp_path))
    assert proc.returncode == 0 and proc.stdout.startswith("#compdef kindlead")


def test_install_completion_for_the_shell_named(tmp_path: Path) -> None:
    proc = kindlead("--install-completion", "zsh", env=completion_env(tmp_path))
    assert proc.returncode == 0, proc.stderr
    script = tmp_path / ".zfunc" / "_kindlead"
    assert proc.stdout.startswith(f"zsh completion installed in {script}\n")
    assert script.read_text(encoding="utf-8").startswith("#compdef kindlead")


@pytest.mark.parametrize("option", ["--install-completion", "--show-completion"])
def test_completion_for_an_unknown_shell_is_an_error(tmp_path: Path, option: str) -> None:
    proc = kindlead(option, "tcsh", env=completion_env(tmp_path))
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == (
        "kindlead: error: shell completion is not available for 'tcsh', only for "
        f"bash, zsh, fish, powershell or pwsh (e.g. {option} bash)\n"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not Path("/bin/sh").exists(), reason="no /bin/sh")
def test_install_completion_under_sh_is_an_error_on_stderr(tmp_path: Path) -> None:
    command = shlex.join([sys.executable, "-m", "kindlead", "--install-completion"])
    proc = subprocess.run(
        ["/bin/sh", "-c", f"{command}; exit $?"],  # sh stays the parent: no exec
        capture_output=True, text=True, timeout=60, cwd=ROOT, env=completion_env(tmp_path),
    )  # fmt: skip
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith("kindlead: error: shell completion is not available for 'sh'")
    assert len(proc.stderr.splitlines()) == 1


def test_install_completion_into_a_home_that_cannot_be_written(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    home = tmp_path / "file" / "home"  # works as root too: no folder can be made here
    proc = kindlead("--install-completion", "bash", env=completion_env(home))
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == (
        f"kindlead: error: cannot install bash completion: {home}: Not a directory\n"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_install_completion_into_a_read_only_home(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o500)
    try:
        proc = kindlead("--install-completion", "bash", env=completion_env(home))
    finally:
        home.chmod(0o700)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith("kindlead: error: cannot install bash completion: ")
    assert proc.stderr.endswith(": Permission denied\n")


# 6. help and the version into a full disk: the usual output error


@pytest.mark.skipif(not FULL.exists(), reason="no /dev/full")
@pytest.mark.parametrize(
    "args",
    [["--help"], ["--version"], ["prompts", "--help"], ["check", "-h"], ["-h", "--version"], []],
    ids=["help", "version", "prompts-help", "check-help", "h-version", "no-args"],
)
def test_help_and_version_into_a_full_disk(args: list[str]) -> None:
    with open(FULL, "w") as full:
        proc = kindlead(*args, stdout=full)
    assert proc.returncode == 2
    assert proc.stderr == "kindlead: error: output: No space left on device\n"


@pytest.mark.skipif(not FULL.exists(), reason="no /dev/full")
def test_show_completion_into_a_full_disk(tmp_path: Path) -> None:
    with open(FULL, "w") as full:
        proc = kindlead("--show-completion", "bash", env=completion_env(tmp_path), stdout=full)
    assert proc.returncode == 2
    assert proc.stderr == "kindlead: error: output: No space left on device\n"
