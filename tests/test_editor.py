"""How a person's typing becomes an answer without a terminal: plain lines, the
editor of ``$VISUAL``, and the private history files."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kindlead.interview.editor import Lines, _private_file, in_editor


def typed(*lines: str, then: type[BaseException] | None = None) -> Callable[[], str]:
    it: Iterator[str] = iter(lines)

    def read() -> str:
        try:
            return next(it)
        except StopIteration:
            raise (then or EOFError)() from None

    return read


def test_a_text_runs_until_a_line_of_a_full_stop_blank_lines_and_all() -> None:
    shown: list[str] = []
    lines = Lines(shown.append, typed("First.", "", "Second.", " . ", "not read"))
    assert lines.text("> ") == "First.\n\nSecond."
    assert shown == ["> "]


def test_an_empty_first_line_is_an_empty_text() -> None:
    assert Lines(lambda _: None, typed("", "not read")).text("> ") == ""


@pytest.mark.parametrize("stop", [KeyboardInterrupt, EOFError])
def test_a_text_ended_early_keeps_its_lines_as_partial(stop: type[BaseException]) -> None:
    lines = Lines(lambda _: None, typed("One.", "Two.", then=stop))
    with pytest.raises(stop):
        lines.text("> ")
    assert lines.partial == "One.\nTwo."


def test_arrow_keys_a_plain_line_cannot_act_on_are_left_out_of_the_answer() -> None:
    lines = Lines(lambda _: None, typed("We plan\x1b[D\x1b[D\x1bOH releases\x1b[3~"))
    assert lines.line("> ") == "We plan releases"


def test_windows_line_ends_in_a_line_become_plain_newlines() -> None:
    assert Lines(lambda _: None, typed("a\r\nb")).line("> ") == "a\nb"


def test_history_files_are_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        path = _private_file(tmp_path / "history", "cooperation.target")
    finally:
        os.umask(old)
    assert (tmp_path / "history").stat().st_mode & 0o777 == 0o700
    assert path.stat().st_mode & 0o777 == 0o600


def test_an_older_history_file_made_readable_is_made_private_again(tmp_path: Path) -> None:
    (tmp_path / "h").mkdir(mode=0o755)
    (tmp_path / "h" / "s.q").write_text("kept\n")
    (tmp_path / "h" / "s.q").chmod(0o644)
    path = _private_file(tmp_path / "h", "s.q")
    assert path.read_text() == "kept\n"
    assert path.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "h").stat().st_mode & 0o777 == 0o700


def test_a_link_in_a_history_files_place_is_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_text("someone else's\n")
    elsewhere.chmod(0o644)
    (tmp_path / "h").mkdir()
    (tmp_path / "h" / "s.q").symlink_to(elsewhere)
    with pytest.raises(OSError):
        _private_file(tmp_path / "h", "s.q")
    assert elsewhere.stat().st_mode & 0o777 == 0o644


def editor_script(tmp_path: Path, body: str) -> str:
    script = tmp_path / "edit.py"
    script.write_text(f"import sys\npath = sys.argv[1]\n{body}\n", encoding="utf-8")
    return f"{sys.executable} {script}"


def test_in_editor_returns_the_text_as_the_editor_left_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = "text = open(path).read()\nopen(path, 'w').write(text.upper() + '\\r\\n\\n')"
    monkeypatch.setenv("VISUAL", editor_script(tmp_path, body))
    assert in_editor("a plan\n\nin two paragraphs") == "A PLAN\n\nIN TWO PARAGRAPHS"


def test_in_editor_fails_when_the_editor_does_and_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    body = "print(path)\nsys.exit(3)"
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, body))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(OSError, match="status 3"):
        in_editor("draft")
    assert Path(capfd.readouterr().out.strip()).parent == tmp_path  # the editor was given it
    assert not list(tmp_path.glob("kindlead-*")), "the draft's file is removed"
