"""Text reaches terminals and files literally; files are never half-written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kindlead.errors import KindleadError
from kindlead.files.atomic import write_atomically
from kindlead.textsafe import json_dumps, normalise_newlines, one_line, printable

DANGEROUS = "\x1b[31m\x1b]0;title\x07\x9b2J\u202eevil\x7f\r\x00"


def test_printable_shows_escapes() -> None:
    assert printable("a\x1b[31mb\tc") == "a\\x1b[31mb\tc"
    assert printable("line\nnext") == "line\\x0anext"
    assert printable("line\nnext", keep_newlines=True) == "line\nnext"
    assert printable("\u202e") == "\\u202e"
    assert printable("emoji 👩‍💻 and café") == "emoji 👩‍💻 and café"


@given(st.text())
def test_printable_output_never_holds_control_characters(text: str) -> None:
    shown = printable(text, keep_newlines=True)
    assert not any((ord(ch) < 0x20 and ch not in "\t\n") or 0x7F <= ord(ch) <= 0x9F for ch in shown)
    shown.encode("utf-8")  # lone surrogates are replaced, so it always encodes


@given(st.text())
def test_json_dumps_round_trips_and_is_terminal_safe(text: str) -> None:
    out = json_dumps({"t": text})
    assert not any(0x7F <= ord(ch) <= 0x9F or ord(ch) < 0x20 for ch in out)
    if not any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        assert json.loads(out) == {"t": text}


def test_one_line_and_newlines() -> None:
    assert one_line("buy-\n  in\tnow ") == "buy- in now"
    assert normalise_newlines("a\r\nb\rc\n") == "a\nb\nc\n"


def test_write_atomically_keeps_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(KindleadError, match="already exists"):
        write_atomically(path, "new", force=False)
    assert path.read_text(encoding="utf-8") == "old"
    write_atomically(path, "new", force=True)
    assert path.read_text(encoding="utf-8") == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.md"]  # no temporary left


def test_write_atomically_read_only_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A read-only folder (simulated: tests run as root in CI, where chmod is ignored)."""
    import tempfile

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(KindleadError, match="cannot write: Permission denied"):
        write_atomically(tmp_path / "plan.md", "x", force=False)
    assert list(tmp_path.iterdir()) == []


def test_write_atomically_full_disk_leaves_the_old_file(tmp_path: Path) -> None:
    """/dev/full fails every write, as a full disk does."""
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    path = tmp_path / "plan.md"
    path.write_text("old", encoding="utf-8")
    code = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "import kindlead.files.atomic as f\n"
        "real = os.fdopen\n"
        "def full(fd, *a, **k):\n"
        "    os.dup2(os.open('/dev/full', os.O_WRONLY), fd)\n"
        "    return real(fd, *a, **k)\n"
        "f.os.fdopen = full\n"
        "try:\n"
        f"    f.write_atomically(Path({str(path)!r}), 'new' * 100000, force=True)\n"
        "except Exception as e:\n"
        "    print(type(e).__name__, e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "KindleadError" in out.stdout and "cannot write" in out.stdout
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.md"]


@pytest.mark.parametrize("command", [["check"], ["reframe", "-", "--no-input"]])
def test_a_closed_stdin_is_a_clean_error(command: list[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "kindlead", *command],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=lambda: os.close(0),
    )
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[0] == "kindlead: error: <stdin>: standard input is closed"


def test_json_dumps_escapes_del_in_otherwise_ascii_text() -> None:
    assert json_dumps({"a": "x\x7fy"}) == '{"a": "x\\u007fy"}'
