"""A fixed corpus of hostile files, fed to every command that reads a file.

Each must end in its expected clean error — exit 2, one ``kindlead: error:`` line
per problem naming the file (and line:col where one applies), no traceback —
within a few seconds (the subprocess timeout is a hang guard, not a speed target).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kindlead.promptsets.catalog import builtin_dir

TIMEOUT = 30
COOPERATION = (builtin_dir() / "cooperation.yaml").read_text(encoding="utf-8")


def nested(depth: int) -> bytes:
    return ("a:\n" + "".join("  " * i + f"- k{i}:\n" for i in range(1, depth))).encode()


BOMB = b"\n".join(
    [b'a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    + [
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]".encode()
        for i in range(8)
    ]
)

# name: (content or a maker, message expected in stderr, line:col expected?)
HOSTILE: dict[str, tuple[bytes | Callable[[Path], None], str, bool]] = {
    "alias-bomb": (BOMB, "alias stands for", True),
    "nesting-20000": (b"[" * 20000 + b"]" * 20000, "nest", True),
    "nesting-200-block": (nested(200), "nest", True),
    "value-20mb": (b"target: '" + b"x" * (20 * 1024 * 1024) + b"'\n", "too large", False),
    "python-tag": (b"target: !!python/object/apply:os.system ['touch /tmp/pwned']\n", "tags", True),
    "python-name-tag": (b"target: !!python/name:os.system\n", "tags", True),
    "nul-byte": (b"target: a\x00b\n", "NUL", True),
    "invalid-utf8": (b"target: caf\xe9\n", "not UTF-8", True),
    "utf16": ("target: x\n".encode("utf-16"), "not UTF-8", True),
    "duplicate-key": (b"target: a\ntarget: b\n", "duplicate key", True),
    "directory": (lambda p: p.mkdir(), "is a directory", False),
    "fifo": (lambda p: os.mkfifo(p), "not a regular file", False),
    "missing": (lambda p: None, "no such", False),
}  # fmt: skip

# For prompt sets, also template attacks and a well-formed but absurd set.
SET_ATTACKS: dict[str, tuple[str, str]] = {
    "format-attribute": ("{target.__class__.__mro__}", "bare name"),
    "format-index": ("{target[0]}", "bare name"),
    "format-conversion": ("{target!r}", "bare name"),
    "format-spec": ("{target:>999999999}", "bare name"),
    "positional": ("{0}", "bare name"),
    "unknown-name": ("{__import__}", "bare name"),
    "globals": ("{plan.__globals__}", "bare name"),
}


def kindlead(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "KINDLEAD_DEBUG"}
    return subprocess.run(
        [sys.executable, "-m", "kindlead", *args],
        input=stdin.decode("utf-8", "replace") if stdin is not None else None,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**env, "NO_COLOR": "1"},
    )


def place(tmp_path: Path, name: str, content: bytes | Callable[[Path], None], suffix: str) -> Path:
    path = tmp_path / f"{name}{suffix}"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        content(path)
    return path


def assert_clean_error(proc: subprocess.CompletedProcess[str], path: Path, message: str,
                       located: bool) -> None:  # fmt: skip
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert lines, "no error line"
    first = next(line for line in lines if str(path) in line)
    assert first.startswith(f"kindlead: error: {path}"), first
    assert message in proc.stderr, proc.stderr
    if located:
        rest = first.removeprefix(f"kindlead: error: {path}:")
        line, col = rest.split(":")[:2]
        assert line.isdigit() and col.isdigit(), first


# Which commands read a file, and how the hostile file is passed to each.
COMMANDS = {
    "prompts validate": (".yaml", lambda p: ["prompts", "validate", str(p)]),
    "reframe --set": (".yaml", lambda p: ["reframe", "--set", str(p), "--no-input"]),
    "reframe --answers": (".yaml", lambda p: ["reframe", "--answers", str(p), "--no-input"]),
    "check --rules": (".yaml", lambda p: ["check", "--rules", str(p), "-"]),
}


@pytest.mark.parametrize("command", COMMANDS, ids=list(COMMANDS))
@pytest.mark.parametrize("name", HOSTILE, ids=list(HOSTILE))
def test_hostile_yaml_files_give_clean_errors(tmp_path: Path, command: str, name: str) -> None:
    content, message, located = HOSTILE[name]
    suffix, argv = COMMANDS[command]
    path = place(tmp_path, name, content, suffix)
    proc = kindlead(*argv(path), stdin=b"We need buy-in.\n")
    assert_clean_error(proc, path, message, located)
    assert not Path("/tmp/pwned").exists()


@pytest.mark.parametrize(
    ("name", "command"),
    [
        (name, command)
        for command in ("check", "reframe")
        for name in ("nul-byte", "invalid-utf8", "utf16", "directory", "missing")
        if (command, name) != ("check", "directory")  # walked: tests/test_check_folders.py
    ],
)
def test_hostile_text_files_give_clean_errors(tmp_path: Path, name: str, command: str) -> None:
    content, message, located = HOSTILE[name]
    path = place(tmp_path, name, content, ".md")
    argv = ["check", str(path)] if command == "check" else ["reframe", str(path), "--no-input"]
    proc = kindlead(*argv)
    assert_clean_error(proc, path, message, located)


@pytest.mark.parametrize("name", SET_ATTACKS, ids=list(SET_ATTACKS))
def test_template_attacks_are_refused_at_load_time(tmp_path: Path, name: str) -> None:
    template, message = SET_ATTACKS[name]
    text = COOPERATION.replace('"Open with the target: {target}"', f'"Open with {template}"')
    assert text != COOPERATION
    path = tmp_path / "cooperation.yaml"
    path.write_text(text, encoding="utf-8")
    proc = kindlead("reframe", "--set", str(path), "--no-input")
    assert_clean_error(proc, path, message, True)


def test_twenty_levels_of_nesting_load_and_report_the_schema_problem(tmp_path: Path) -> None:
    path = place(tmp_path, "cooperation", nested(20), ".yaml")
    proc = kindlead("prompts", "validate", str(path))
    assert_clean_error(proc, path, "", True)
    assert "too deep" not in proc.stderr  # 20 levels are fine; the content is simply wrong


@pytest.mark.parametrize(
    ("variant", "encode"),
    [
        ("bom", lambda t: b"\xef\xbb\xbf" + t.encode()),
        ("crlf", lambda t: t.replace("\n", "\r\n").encode()),
        ("bom-crlf", lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode()),
    ],
)
def test_bom_and_crlf_prompt_sets_work(
    tmp_path: Path, variant: str, encode: Callable[[str], bytes]
) -> None:
    path = tmp_path / "cooperation.yaml"
    path.write_bytes(encode(COOPERATION))
    proc = kindlead("prompts", "validate", str(path))
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("variant", ["bom", "crlf"])
def test_bom_and_crlf_text_files_are_checked(tmp_path: Path, variant: str) -> None:
    text = "# Plan\n\nWe need their\nbuy-in first.\n"
    data = (
        (b"\xef\xbb\xbf" + text.encode())
        if variant == "bom"
        else text.replace("\n", "\r\n").encode()
    )
    path = tmp_path / "plan.md"
    path.write_bytes(data)
    proc = kindlead("check", str(path))
    assert proc.returncode == 1
    assert proc.stdout.startswith(f"{path}:4:1: warning buy-in:")
    assert "\\x0d" not in proc.stdout


def test_check_reads_a_fifo_without_a_writer_as_empty_instead_of_hanging(tmp_path: Path) -> None:
    """Process substitution (`kindlead check <(git show HEAD:README.md)`) is a FIFO too."""
    path = tmp_path / "pipe.md"
    os.mkfifo(path)
    proc = kindlead("check", str(path))
    assert proc.returncode == 0
    assert proc.stdout == "" and proc.stderr == "kindlead: no buy-in framing found in 1 file\n"


def test_check_reads_process_substitution(tmp_path: Path) -> None:
    proc = subprocess.run(
        ["bash", "-c", f"{sys.executable} -m kindlead check <(printf 'We need buy-in.\\n')"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert proc.returncode == 1, proc.stderr
    assert ":1:9: warning buy-in:" in proc.stdout


def test_a_long_plan_is_coached_and_an_absurd_one_refused(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "target: t\npeople: [Ana]\nteam_ideas: [an idea]\nmutual_benefit: m\n", encoding="utf-8"
    )
    long_plan = tmp_path / "long.md"
    prose = "The team ships on Tuesdays and reviews on Fridays.\n\n" * 40_000  # 2 MB
    long_plan.write_text("We need buy-in.\n\n" + prose, encoding="utf-8")
    args = ["--answers", str(answers), "--no-input", "--format", "json"]
    proc = kindlead("reframe", str(long_plan), *args)
    assert proc.returncode == 0, proc.stderr
    assert '"matched": "buy-in"' in proc.stdout
    huge = tmp_path / "huge.md"
    huge.write_bytes(b"x" * (17 * 1024 * 1024))
    proc = kindlead("reframe", str(huge), "--answers", str(answers), "--no-input")
    assert_clean_error(proc, huge, "too large", False)


CATASTROPHIC = [
    "x ** ** ** ** ** ** ** ** ** ** ** ** ** ** zz",  # exponential with 14 gaps
    "x [w|w w] [w|w w] [w|w w] [w|w w] [w|w w] [w|w w] zz",
]


@pytest.mark.parametrize("phrase", CATASTROPHIC)
def test_a_rule_that_would_backtrack_exponentially_is_refused(tmp_path: Path, phrase: str) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "schema_version: 1\nrules:\n  - id: evil\n    message: m\n    suggestion: s\n"
        f'    patterns: ["{phrase}"]\n',
        encoding="utf-8",
    )
    text = tmp_path / "t.md"
    text.write_text(("zz x " + "w " * 60 + "\n\n") * 20, encoding="utf-8")
    proc = kindlead("check", "--rules", str(rules), str(text))
    assert_clean_error(proc, rules, "a phrase can have at most", True)


def test_the_worst_phrase_allowed_stays_fast(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "schema_version: 1\nrules:\n  - id: heavy\n    message: m\n    suggestion: s\n"
        '    patterns: ["x ** ** [w|w w] [w|w w] [w|w w] zz"]\n',
        encoding="utf-8",
    )
    text = tmp_path / "t.md"
    text.write_text(("zz x " + "w " * 20) * 3000, encoding="utf-8")  # one 190 KB line
    proc = kindlead("check", "--rules", str(rules), str(text))  # the timeout guards a hang
    assert proc.returncode in (0, 1), proc.stderr


def test_ten_thousand_questions_load_in_linear_time(tmp_path: Path) -> None:
    """Each question was checked against every earlier one: 42 s for 20,000."""
    questions = "".join(
        f"  - id: q{i}\n    prompt: About {{q{i - 1}}}?\n" for i in range(1, 10_001)
    )
    path = tmp_path / "big.yaml"
    path.write_text(
        "schema_version: 1\nid: big\ntitle: T\nquestions:\n  - id: q0\n    prompt: Q?\n"
        + questions
        + "checklist:\n"
        + "".join(f'  - "{{q{i}}}"\n' for i in range(0, 10_000, 10)),
        encoding="utf-8",
    )
    proc = kindlead("prompts", "validate", str(path))  # the timeout guards a crawl
    assert proc.returncode == 0, proc.stderr[:500]
