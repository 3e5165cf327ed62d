"""The Markdown block reader: text in, prose paragraphs out, with every position kept.

It reads Markdown (plain text is Markdown too) a line at a time and groups the lines
into paragraphs, so a phrase wrapped onto the next line is still found. A paragraph
ends at a blank line, a heading, a list item, a fence, a table row, an HTML block or
a comment on its own line. Never prose: fenced (``` and ~~~) and indented code
blocks, ``<pre>``, ``<script>``, ``<style>``, ``<textarea>``, thematic breaks,
reference definitions, HTML comments (their suppression directives go to
`kindlead.lint.suppress`). A paragraph's *masked* text hides the block markers
(``#``, ``>``, ``-``, ``1.``) and comments with spaces, so positions stay true.

Lines end at ``\\n``, ``\\r\\n`` or a lone ``\\r`` (as with Python's universal
newlines); line and column numbers are 1-based and count characters (code points).
Text comes in pieces of any size: whole lines are read a block at a time, and the
start of a line that is not complete waits for the next piece, unless it grows past
`MAX_PARAGRAPH` (a runaway line is read as it comes, in pieces). Memory holds one
paragraph, and a paragraph longer than `MAX_PARAGRAPH` is handed on in pieces.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Protocol

from kindlead.lint.inline import fill
from kindlead.lint.suppress import Suppressions

MAX_PARAGRAPH = 64 * 1024

_SPECIAL_START = frozenset(" \t#>-*+0123456789`~|<[=_\r\n")
_BLOCK = re.compile(
    r"""
    (?P<fence>[ ]{0,3}(?:`{3,}(?=[^`]*$)|~{3,}))
  | (?P<heading>[ ]{0,3}\#{1,6}(?:[ \t]|$))
  | (?P<rule>[ ]{0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|=+[ \t]*|-+[ \t]*)$)
  | (?P<item>[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+(?:\[[ xX]\][ \t]+)?|$))
  | (?P<table>[ \t]*\|)
  | (?P<raw>[ ]{0,3}<(?:pre|script|style|textarea)(?:[ \t>]|$))
  | (?P<refdef>[ ]{0,3}\[[^\]]+\]:[ \t]*\S)
  """,
    re.VERBOSE | re.IGNORECASE,
)
# (compiled on first use, by `re`: most texts have no quote, raw HTML or comment)
_QUOTE = r"(?:[ ]{0,3}>[ ]?)+"
_RAW_END = r"(?i)</(?:pre|script|style|textarea)>"
_COMMENT = r"(?s)<!--(.*?)(?:-->|$)"
_LINES = re.compile(r"[^\r\n]*+(?:\r\n?|\n)|[^\r\n]++")


class Paragraph:
    """The lines of one prose paragraph (or of a piece of a long one), as read."""

    __slots__ = ("blind", "kind", "length", "masked", "quoted", "start", "starts", "texts")

    def __init__(self, start: int, kind: str, quoted: bool) -> None:
        self.start = start
        """Where it starts in the whole text (characters)."""
        self.kind = kind
        """"text", "item" (a list item), "heading" or "table" (a row)."""
        self.quoted = quoted
        """In a block quote."""
        self.texts: list[str] = []
        self.masked: list[str] = []
        """The texts with block markers and comments as spaces (same lengths)."""
        self.starts: list[tuple[int, int, int]] = []
        """For each text: (offset in the paragraph, line, 0-based column)."""
        self.length = 0
        self.blind = False
        """Part of it came without its gate words (a runaway line)."""

    def text(self) -> str:
        return self.texts[0] if len(self.texts) == 1 else "".join(self.texts)

    def masked_text(self) -> str:
        return self.masked[0] if len(self.masked) == 1 else "".join(self.masked)

    @property
    def last_line(self) -> int:
        return self.starts[-1][1]


class Listener(Protocol):
    """What the reader tells: each block of whole lines before reading it, and each
    paragraph once it ends."""

    def block(self, text: str, start: int) -> None: ...

    def paragraph(self, para: Paragraph) -> None: ...


class MarkdownReader:
    def __init__(self, listener: Listener, suppressions: Suppressions) -> None:
        self.listener = listener
        self.suppressions = suppressions
        self.line = 1  # the line the next piece belongs to
        self.column = 0  # characters of that line already read
        self.cr = False  # the last piece ended in \r (a \n may follow in the next)
        self.offset = 0  # characters of the text taken into lines so far
        self.at = 0  # where the piece being read starts in the text
        self.pending = ""  # the start of a line still to come
        self.unseen = False  # the piece being read came without its gate words
        # the Markdown around the line being read
        self.kind = "para"  # what the rest of an unfinished line is: "para" or "skip"
        self.fence: str | None = None
        self.raw = False  # inside <pre>, <script>, …
        self.in_comment = False
        self.prev_blank = True
        self.single = False  # the paragraph is one line (a heading, a table row)
        self.quote = False  # in a block quote
        self.list_indent: int | None = None
        self.para: Paragraph | None = None

    # -- text in ---------------------------------------------------------------------

    def feed(self, piece: str) -> None:
        """The next piece of the text, of any size; lines need not be whole."""
        if self.pending:
            piece = self.pending + piece
            self.pending = ""
        stop = len(piece) - (piece[-1:] == "\r")  # a "\n" may follow a final "\r"
        cut = max(piece.rfind("\n", 0, stop), piece.rfind("\r", 0, stop)) + 1
        if cut:
            self._block(piece[:cut] if cut < len(piece) else piece)
        if cut < len(piece):
            rest = piece[cut:]
            if len(rest) <= MAX_PARAGRAPH:
                self.pending = rest
            else:
                self._runaway(rest)

    def finish(self) -> None:
        """The end of the text."""
        if self.pending:
            rest, self.pending = self.pending, ""
            self._block(rest)
        self.flush()

    def _block(self, block: str) -> None:
        """Whole lines (the last one may lack its line end only at the end of the text)."""
        if self.cr:  # the last piece of a runaway line ended in "\r"
            self.cr = False
            if block[0] == "\n":
                self.offset += 1
                block = block[1:]
                if not block:
                    return
        self.listener.block(block, self.offset)
        lines = block.splitlines(True)
        # str.splitlines also breaks at \v, \f, \x1c-\x1e, \x85, \u2028 and \u2029, and
        # keeps a line longer than MAX_PARAGRAPH whole: then cut the block as kindlead does
        ends = block.count("\n") + block.count("\r") - block.count("\r\n")
        if len(lines) != ends + (block[-1] not in "\n\r") or max(map(len, lines)) > MAX_PARAGRAPH:
            lines = list(pieces(block))
        for line in lines:
            self.at = self.offset
            self.offset += len(line)
            if self.column or self.cr or line[-1] not in "\n\r":
                self._piece(line)
            else:  # a whole line, the common case
                self._line(line)
                self.line += 1
        self.cr = False  # a block ends in "\r" only at the end of the text

    def _runaway(self, text: str) -> None:
        """Part of a line longer than `MAX_PARAGRAPH`, read in pieces as it comes. A gate
        word may straddle two pieces, so its paragraph is searched whole (`blind`)."""
        self.unseen = True
        for part in pieces(text):
            self.at = self.offset
            self.offset += len(part)
            self._piece(part)
        self.unseen = False

    def _piece(self, piece: str) -> None:
        """A line, or a piece of one (no piece holds more than one line end)."""
        if self.cr:  # the last piece ended in \r: a \n now belongs to that line end
            self.cr = False
            if piece[0] == "\n":
                piece = piece[1:]
                self.at += 1
                if not piece:
                    return
        if self.column:
            self._continue(piece)
        else:
            self._line(piece)
        end = piece[-1]
        if end == "\n" or end == "\r":
            self.line += 1
            self.column = 0
            self.cr = end == "\r"
        else:
            self.column += len(piece)

    def _continue(self, piece: str) -> None:
        """The rest of a line that came in pieces."""
        if self.kind == "para":
            masked = self._comments(piece) if self.in_comment or "<!--" in piece else piece
            self._add(piece, masked, "text")
        elif self.fence is None and self.in_comment:
            self._comments(piece)

    # -- one line ----------------------------------------------------------------------

    def _line(self, line: str) -> None:
        if (  # plain prose: the common case
            line[0] not in _SPECIAL_START
            and not (self.single or self.raw or self.in_comment or self.fence is not None)
            and "<!--" not in line
        ):
            self._text_line(line, line)
            return
        if self.single:
            self.flush()
            self.single = False
        if self.fence is not None:
            stripped = line.strip()
            if stripped.startswith(self.fence) and stripped.strip(self.fence[0]) == "":
                self.fence = None
            self.kind = "skip"
            return
        if self.raw:
            if re.search(_RAW_END, line):
                self.raw = False
            self.kind = "skip"
            return
        masked = line
        if self.in_comment or "<!--" in line:
            masked = self._comments(line)
            if not masked.strip():
                # a comment on its own line is an HTML block: it ends the paragraph
                self._end_block()
                return
        if masked[0] not in _SPECIAL_START:  # plain prose: the common case
            self._text_line(line, masked)
            return
        start = 0
        quote = re.match(_QUOTE, masked)
        if quote:
            if not self.quote:
                self.flush()
            self.quote = True
            start = quote.end()
            masked = masked[:start].replace(">", " ") + masked[start:]
        elif self.quote and self.para is None:
            self.quote = False
        rest = masked[start:]
        if not rest.strip():
            self._end_block()
            return
        indent = len(rest) - len(rest.lstrip(" \t"))
        width = indent + 3 * rest.count("\t", 0, indent)
        if width >= 4 and self.para is None:
            base = self.list_indent if self.list_indent is not None else 0
            if width >= base + 4:  # an indented code block
                self.kind = "skip"
                return
        end = len(masked)  # blocks are matched on the line without its line end
        if masked[-1] == "\n":
            end -= 1
        if end and masked[end - 1] == "\r":
            end -= 1
        m = _BLOCK.match(masked, start, end)
        if m is None:
            self._text_line(line, masked, indent, quoted=quote is not None)
            return
        block = m.lastgroup
        self.flush()
        self.prev_blank = False
        if block == "fence":
            self.fence = m.group("fence").lstrip()
            self.kind = "skip"
        elif block == "raw":
            self.raw = not re.search(_RAW_END, line)
            self.kind = "skip"
        elif block in ("rule", "refdef"):
            self.kind = "skip"
        else:
            kind = "item" if block == "item" else str(block)
            if block == "item":
                self.list_indent = m.end() - start
            else:  # a heading or a table row
                self.single = True
            # the marker itself is not prose: hide it, keep the line's text
            masked = masked[: m.start()] + " " * (m.end() - m.start()) + masked[m.end() :]
            self._add(line, masked, kind)
            self.kind = "para"

    def _end_block(self) -> None:
        """A blank line, or a comment on its own line."""
        self.flush()
        self.quote = False
        self.prev_blank = True
        self.kind = "skip"

    def _text_line(self, line: str, masked: str, indent: int = 0, quoted: bool = False) -> None:
        if self.prev_blank and self.list_indent is not None and indent < self.list_indent:
            self.list_indent = None  # the text left the list
        if self.quote and self.para is None and not quoted:
            self.quote = False  # not a lazy continuation of a quoted paragraph
        self.prev_blank = False
        self._add(line, masked, "text")
        self.kind = "para"

    def _add(self, text: str, masked: str, kind: str) -> None:
        para = self.para
        if para is None:
            para = self.para = Paragraph(self.at, kind, self.quote)
        if self.unseen:
            para.blind = True
        para.starts.append((para.length, self.line, self.column))
        para.texts.append(text)
        para.masked.append(masked)
        para.length += len(text)
        if para.length >= MAX_PARAGRAPH:
            self.flush()

    def _comments(self, text: str) -> str:
        """`text` with HTML comments blanked out; directives in them recorded."""
        spans = []
        pos = 0
        if self.in_comment:
            end = text.find("-->")
            if end < 0:
                return " " * len(text) if text[-1] != "\n" else " " * (len(text) - 1) + "\n"
            spans.append((0, end + 3))
            self.in_comment = False
            pos = end + 3
        for m in re.compile(_COMMENT).finditer(text, pos):
            closed = m.group(0).endswith("-->")
            end = m.end() if closed else len(text.rstrip("\n"))
            spans.append((m.start(), end))
            if not closed:
                self.in_comment = True
            self.suppressions.comment(m.group(1), self.line, self.column + m.start())
        return fill(text, spans, " ")

    def flush(self) -> None:
        """End the paragraph being read, if any, and hand it on."""
        para = self.para
        if para is None:
            return
        self.para = None
        self.listener.paragraph(para)


def pieces(text: str) -> Iterator[str]:
    """`text` as lines with their line ends, no piece longer than `MAX_PARAGRAPH`."""
    for m in _LINES.finditer(text):
        line = m.group(0)
        for i in range(0, len(line), MAX_PARAGRAPH):
            yield line[i : i + MAX_PARAGRAPH]
