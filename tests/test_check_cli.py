"""`kindlead check`: formats, exit codes, inputs, errors, streaming to a closed pipe."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kindlead.cli import app

FRAMING = "# Plan\n\nWe need their buy-in before Friday.\n"
CLEAN = "# Plan\n\nHere is the target; how could we get there together?\n"


def write(tmp_path: Path, name: str, text: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def findings(stdout: str) -> list[str]:
    """The finding lines of the text format (not the explanations after them)."""
    return [ln for ln in stdout.split("\n\n")[0].splitlines() if ln]


def rule_of(line: str) -> str:
    """The rule of a finding line: ``path:line:col: severity rule: …``."""
    return line.split(": ", 2)[1].split()[1]


def test_text_format_line(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "plan.md", FRAMING)
    result = runner.invoke(app, ["check", path])
    assert result.exit_code == 1
    line, blank, why = result.stdout.splitlines()
    assert line.startswith(f'{path}:3:15: warning buy-in: "buy-in" → try: “Here is what')
    assert blank == "" and why.startswith("buy-in: “Buy-in” asks people")
    assert "error" not in result.stderr


def test_each_rule_is_explained_once_however_often_it_is_found(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = write(tmp_path, "plan.md", "Get buy-in.\n\nMore buy-in.\n\nWin them over.\n")
    lines = runner.invoke(app, ["check", path]).stdout.splitlines()
    rules = [rule_of(ln) for ln in lines[:3]]
    assert rules[:2] == ["buy-in", "buy-in"] and rules[2] != "buy-in"
    assert lines[3] == ""
    assert [ln.split(":")[0] for ln in lines[4:]] == ["buy-in", rules[2]]


def _written(width: int = 0, verbose: bool = False) -> str:
    import io

    from kindlead.lint import scan_text
    from kindlead.render import findings_writer
    from kindlead.rules.loader import load_rules

    out = io.StringIO()
    writer = findings_writer("text", out, verbose=verbose, width=width)
    writer.start()
    for f in scan_text("We must get their buy-in, then sell it to the whole team.\n", load_rules()):
        writer.finding("docs/a long file name.md", f)
    writer.end(1)
    return out.getvalue()


def test_on_a_terminal_lines_wrap_at_words_under_an_indent() -> None:
    flat = _written()
    wrapped = _written(width=50)
    assert all(len(ln) <= 50 for ln in wrapped.splitlines())
    continued = [ln for ln in wrapped.splitlines() if ln.startswith("    ")]
    assert continued, "long lines are continued under an indent"
    assert wrapped.split() == flat.split(), "the same words, none split"


def test_verbose_is_the_long_form_with_every_explanation() -> None:
    lines = _written(verbose=True).splitlines()
    assert len(lines) == 2 and all("(try: " in ln for ln in lines)
    assert ': warning: buy-in: "buy-in": “Buy-in” asks' in lines[0]


def test_multiline_match_stays_on_one_output_line(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "plan.md", "We need to get the whole team on\nboard before Friday.\n")
    result = runner.invoke(app, ["check", path])
    assert ': "on board" → try: ' in result.stdout
    assert len(result.stdout.splitlines()) == 3  # the finding, a blank line, the why


def test_control_characters_are_shown_not_obeyed(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "evil\x1b[2J.md", "We need\x1b[H their buy-in.\n")
    result = runner.invoke(app, ["check", path])
    assert "\x1b" not in result.stdout
    assert "evil\\x1b[2J.md" in result.stdout


@pytest.mark.parametrize(
    ("files", "code"),
    [
        (["clean.md"], 0),
        (["framing.md"], 1),
        (["clean.md", "framing.md"], 1),
        (["missing.md"], 2),
        (["framing.md", "missing.md"], 2),
        (["bad.md"], 2),
    ],
)
def test_exit_codes(runner: CliRunner, tmp_path: Path, files: list[str], code: int) -> None:
    write(tmp_path, "clean.md", CLEAN)
    write(tmp_path, "framing.md", FRAMING)
    write(tmp_path, "bad.md", b"caf\xe9\n")
    result = runner.invoke(app, ["check", *[str(tmp_path / f) for f in files]])
    assert result.exit_code == code


def test_unknown_format_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", "--format", "xml", write(tmp_path, "a.md", CLEAN)])
    assert result.exit_code == 2
    assert result.stdout == ""


def test_stdin_when_no_file(runner: CliRunner) -> None:
    result = runner.invoke(app, ["check"], input=FRAMING)
    assert result.exit_code == 1
    assert result.stdout.startswith("<stdin>:3:15: warning buy-in:")


def test_dash_reads_stdin(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", FRAMING)
    result = runner.invoke(app, ["check", path, "-"], input="Convince the team.\n")
    assert [line.split(":")[0] for line in findings(result.stdout)] == [path, "<stdin>"]


def test_several_files_and_a_missing_one(runner: CliRunner, tmp_path: Path) -> None:
    a = write(tmp_path, "a.md", FRAMING)
    b = write(tmp_path, "b.md", "Sell the team on it.\n")
    missing = str(tmp_path / "nope.md")
    result = runner.invoke(app, ["check", a, missing, b])
    assert result.exit_code == 2
    assert [line.split(":")[0] for line in findings(result.stdout)] == [a, b]
    assert result.stderr.splitlines() == [
        f"kindlead: error: {missing}: no such file",
        "kindlead: 2 findings (2 warnings) in 2 of 3 files; 1 file could not be checked",
    ]


def test_a_directory_is_walked_not_an_error(runner: CliRunner, tmp_path: Path) -> None:
    write(tmp_path, "a.md", FRAMING)
    result = runner.invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 1
    assert findings(result.stdout)[0].startswith(f"{tmp_path / 'a.md'}:3:15: ")


def test_non_utf8_file_names_the_file_and_place(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "latin1.md", b"We need buy-in.\nCaf\xe9 time\n")
    result = runner.invoke(app, ["check", path])
    assert result.exit_code == 2
    assert (
        result.stderr.splitlines()[0]
        == f"kindlead: error: {path}:2:4: is not UTF-8 text (byte 0xe9)"
    )
    assert result.stdout.startswith(f"{path}:1:9: ")  # what came before was still checked
    assert "Traceback" not in result.stdout + result.stderr


def test_a_byte_order_mark_is_fine(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "bom.md", "\ufeffWe need buy-in.\n".encode())
    result = runner.invoke(app, ["check", path])
    assert result.stdout.startswith(f"{path}:1:9: ")


def test_json_format(runner: CliRunner, tmp_path: Path) -> None:
    a = write(tmp_path, "a.md", FRAMING)
    missing = str(tmp_path / "nope.md")
    result = runner.invoke(app, ["check", "--format", "json", a, missing])
    doc = json.loads(result.stdout)
    assert doc["format_version"] == 1 and doc["files"] == 2
    [finding] = doc["findings"]
    assert finding["path"] == a
    assert (finding["line"], finding["column"], finding["end_line"], finding["end_column"]) == (
        3,
        15,
        3,
        21,
    )
    assert finding["rule"] == "buy-in" and finding["severity"] == "warning"
    assert finding["matched"] == "buy-in" and finding["suggestion"]
    assert doc["errors"] == [
        {"path": missing, "line": None, "column": None, "message": "no such file"}
    ]


def test_json_format_with_nothing_found(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", "--format", "json", write(tmp_path, "a.md", CLEAN)])
    assert json.loads(result.stdout) == {
        "format_version": 1,
        "findings": [],
        "files": 1,
        "errors": [],
    }


def test_github_format(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "a,b:c.md", FRAMING)
    result = runner.invoke(app, ["check", "--format", "github", path])
    [line] = result.stdout.splitlines()
    escaped = path.replace(",", "%2C").replace(":", "%3A")
    assert line.startswith(
        f"::warning file={escaped},line=3,col=15,endLine=3,endColumn=21,title=kindlead buy-in::"
    )
    assert '::"buy-in": “Buy-in” asks' in line


def test_github_escapes_percent_and_newlines(runner: CliRunner, tmp_path: Path) -> None:
    rules = write(
        tmp_path,
        "r.yaml",
        "schema_version: 1\nrules:\n  - id: pct\n    severity: suggestion\n"
        '    message: "100% sure\\nnot"\n    suggestion: s\n    patterns: [rally]\n',
    )
    path = write(tmp_path, "a.md", "Let us rally.\n")
    result = runner.invoke(app, ["check", "--format", "github", "--rules", rules, path])
    [line] = result.stdout.splitlines()
    assert line.startswith("::notice ")
    assert "100%25 sure not" in line


def test_extra_rules_file(runner: CliRunner, tmp_path: Path) -> None:
    rules = write(
        tmp_path,
        "r.yaml",
        "schema_version: 1\nrules:\n  - id: rally\n    message: m\n    suggestion: s\n"
        "    patterns: ['rally the troops']\n",
    )
    path = write(tmp_path, "a.md", "Time to rally the troops.\n")
    result = runner.invoke(app, ["check", "--rules", rules, path])
    assert result.exit_code == 1
    assert " rally: " in result.stdout


def test_bad_rules_file_is_an_error_with_its_place(runner: CliRunner, tmp_path: Path) -> None:
    rules = write(tmp_path, "r.yaml", "schema_version: 1\nrules:\n  - id: Bad Id\n")
    result = runner.invoke(app, ["check", "--rules", rules, write(tmp_path, "a.md", CLEAN)])
    assert result.exit_code == 2
    assert f"kindlead: error: {rules}:3:" in result.stderr


@pytest.mark.parametrize(
    ("allow", "rules"),
    [
        ([], ["buy-in", "convince"]),
        (["--allow", "buy-in"], ["convince"]),
        (["--allow", "convince the team"], ["buy-in"]),
        (["--allow", "buy-in", "--allow", "convince"], []),
    ],
)
def test_allow(runner: CliRunner, tmp_path: Path, allow: list[str], rules: list[str]) -> None:
    path = write(tmp_path, "a.md", "We need buy-in, so convince the team.\n")
    result = runner.invoke(app, ["check", *allow, path])
    assert [rule_of(line) for line in findings(result.stdout)] == rules


def test_bad_allow_phrase_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", "--allow", "(oops", write(tmp_path, "a.md", CLEAN)])
    assert result.exit_code == 2
    assert result.stderr.startswith("kindlead: error: --allow '(oops'")


def test_help_lists_formats(runner: CliRunner) -> None:
    result = runner.invoke(app, ["check", "-h"])
    assert result.exit_code == 0
    assert "--format" in result.stdout and "--allow" in result.stdout


# -- real processes --------------------------------------------------------------


def kindlead(*args: str, **kw: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "kindlead", *args], capture_output=True, timeout=120, **kw
    )


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    path = write(tmp_path, "big.md", "We need their buy-in.\n\n" * 20_000)
    proc = subprocess.run(
        f"{sys.executable} -m kindlead check {path} | head -1; exit ${{PIPESTATUS[0]}}",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        timeout=120,
    )
    assert proc.stdout.count(b"\n") == 1
    assert proc.stderr == b""
    assert proc.returncode == 1  # findings were found before the reader left


def test_real_process_exit_code_and_stdin(tmp_path: Path) -> None:
    proc = kindlead("check", "-", input=b"Convince the team.\n")
    assert proc.returncode == 1
    assert proc.stdout.startswith(b"<stdin>:1:1: warning convince:")


def test_real_process_missing_file(tmp_path: Path) -> None:
    proc = kindlead("check", str(tmp_path / "nope.md"))
    assert proc.returncode == 2
    assert proc.stderr.startswith(
        f"kindlead: error: {tmp_path / 'nope.md'}: no such file\n".encode()
    )


@pytest.mark.pty
def test_one_ctrl_d_ends_input_typed_at_a_terminal() -> None:
    import pexpect

    child = pexpect.spawn(
        sys.executable,
        ["-m", "kindlead", "check"],
        env={**os.environ, "NO_COLOR": "1", "TERM": "dumb"},
        timeout=30,
        dimensions=(24, 100),
    )
    child.expect("end with Ctrl-D")
    child.sendline("We need buy-in from the team.")
    child.sendeof()
    child.expect("<stdin>:1:9: warning buy-in")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
