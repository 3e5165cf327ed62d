"""Showing user and YAML text literally: the one place that makes text safe to print.

Answers, plans and prompt sets can hold terminal escape sequences, control
characters and bidirectional overrides. Everything that reaches a terminal or a
file goes through `printable` (or `json_dumps` for JSON), so such text is shown,
never obeyed. No typer, no rich: the core and the renderers both use this.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

# C0 and C1 control characters (ESC starts every terminal escape sequence), DEL, and
# the bidirectional overrides that can make text read differently than it is.
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
_SURROGATES = "\ud800-\udfff"


@cache
def _pattern(which: str) -> re.Pattern[str]:
    """Compiled on first use: most text is printable as it is."""
    return re.compile(
        {
            "control": f"[{_CONTROLS}]",
            "control+newline": f"[{_CONTROLS}\n]",
            # json.dumps escapes C0 controls; these it would write raw (DEL, C1, bidi
            # overrides, and the line/paragraph separators some JSON consumers choke on).
            "json": "[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]",
            "surrogate": f"[{_SURROGATES}]",
        }[which]
    )


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """Text with control characters (escape sequences included) shown, never obeyed.

    Tabs stay; line feeds stay with `keep_newlines`; a carriage return is always shown
    (normalise CRLF before calling). Lone surrogates (undecodable bytes that slipped
    through) become U+FFFD so the text can always be encoded.
    """
    if text.isascii() and text.isprintable():
        return text
    text = _pattern("control" if keep_newlines else "control+newline").sub(_visible, text)
    return text if text.isascii() else _pattern("surrogate").sub("\ufffd", text)


def one_line(text: str) -> str:
    """Runs of white space, line breaks included, as one space."""
    return " ".join(text.split())


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR line endings as LF, as the rest of kindlead expects."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def json_dumps(data: Any, *, indent: int | None = None) -> str:
    """JSON with every character that could act on a terminal escaped."""
    import json

    text = json.dumps(data, indent=indent, ensure_ascii=False)
    if text.isascii() and "\x7f" not in text:  # json.dumps leaves DEL as it is
        return text
    text = _pattern("json").sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
    return _pattern("surrogate").sub("\ufffd", text)


def from_argv(text: str) -> str | None:
    """A command-line argument as the UTF-8 text that was typed, or None if it is not
    UTF-8. Python decodes arguments with the file system encoding and keeps the bytes
    it cannot decode as lone surrogates (so under ``LC_ALL=C PYTHONUTF8=0``, "café"
    arrives as four characters and two surrogates); those bytes are recovered and
    decoded as UTF-8 here, which every terminal kindlead supports sends."""
    import os

    if text.isascii():
        return text
    try:
        return os.fsencode(text).decode("utf-8")
    except (UnicodeError, ValueError):
        return None
