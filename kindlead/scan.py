"""The scanner shared by `kindlead check` and `reframe`'s coaching.

It reads Markdown (plain text is Markdown too) a line at a time and groups the
lines into paragraphs, so a phrase wrapped onto the next line is still found. A
paragraph ends at a blank line, a heading, a list item, a fence, a table row, an
HTML block or a comment on its own line. What is not prose is never flagged:

- fenced (``` and ~~~) and indented code blocks, ``<pre>``, ``<script>``, ``<style>``;
- inline code spans, bare URLs, e-mail addresses, autolinks ``<https://…>``, link
  targets ``[text](target "title")`` and reference labels (the link *text* is prose);
- HTML comments and tags.

Suppression, in the text itself (ids are optional; without them every rule)::

    <!-- kindlead-disable-next-line buy-in -->   the next line
    Text <!-- kindlead-disable-line -->          this line
    <!-- kindlead-disable convince win-over -->  from here …
    <!-- kindlead-enable -->                      … to here

A finding belongs to the line where it starts. A rule's `exceptions` cancel a
finding that one of their matches overlaps ("minimum buy-in", "I'm convinced");
its `contexts` cancel every finding of the rule in the same sentence ("poker",
"passengers"). Sentences end at ``.``, ``!``, ``?`` or ``…`` followed by a space,
or at the end of the paragraph.
An *allow* entry is a rule id (the whole rule is off) or a phrase in the phrase
language: a finding overlapped by a match of an allowed phrase is not reported.

Streaming: memory holds one paragraph, capped at `MAX_PARAGRAPH` characters (a
longer one is scanned in pieces). Speed: a paragraph is lower-cased once and each
rule's required words (`kindlead.phrases.required_words`) are looked up with
substring tests; masking and the rule regexes run only where a rule could match.

Lines end at ``\\n``; line and column numbers are 1-based and count characters
(code points), and end positions are exclusive.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from kindlead.errors import Problem, ValidationError
from kindlead.phrases import Needs, PhraseSyntaxError, compile_phrase, required_words
from kindlead.rules import RULE_ID, Rule, load_rule_file

MAX_PARAGRAPH = 64 * 1024

__all__ = [
    "MAX_PARAGRAPH",
    "Finding",
    "check_allow",
    "load_rules",
    "scan_stream",
    "scan_text",
]


@dataclass(frozen=True)
class Finding:
    """One piece of buy-in framing: where it is, what it says, what to try instead."""

    rule: str
    severity: str
    message: str
    suggestion: str
    matched: str
    """The text as it appears, line breaks included."""
    line: int
    column: int
    end_line: int
    end_column: int
    """1-based; columns count characters; the end is exclusive."""


# -- rules --------------------------------------------------------------------


@cache
def _builtin_rules() -> tuple[Rule, ...]:
    from kindlead.catalog import builtin_rules

    return load_rule_file(builtin_rules())


def load_rules(
    extra_files: Sequence[Path | str] = (), extra_rules: Sequence[Rule] = ()
) -> tuple[Rule, ...]:
    """The built-in rules, then those of `extra_files`, then `extra_rules`.

    A later rule with the id of an earlier one replaces it (keeping its place), so a
    team can reword a built-in rule without forking the whole file.
    """
    by_id: dict[str, Rule] = {rule.id: rule for rule in _builtin_rules()}
    for path in extra_files:
        by_id.update((rule.id, rule) for rule in load_rule_file(path))
    by_id.update((rule.id, rule) for rule in extra_rules)
    return tuple(by_id.values())


def check_allow(allow: Sequence[str], rules: Sequence[Rule]) -> None:
    """Raise `ValidationError` for an allow entry that is neither a rule id nor a phrase."""
    _compile(tuple(rules), tuple(allow))


@dataclass(frozen=True)
class _Pattern:
    """One phrase, compiled to run on lower-cased text (case-sensitive regexes are
    several times faster in `re`, which can then skip ahead to a literal first
    word), with the words it needs. The leading word-boundary check is done in
    Python, also for speed."""

    regex: re.Pattern[str]
    needs: Needs


@dataclass(frozen=True)
class _Compiled:
    rules: tuple[tuple[Rule, frozenset[str], tuple[_Pattern, ...]], ...]
    """Each rule with its gate (a text without any of these words cannot match)."""
    allow: re.Pattern[str] | None


def _gate(patterns: Sequence[_Pattern]) -> frozenset[str]:
    """The first (most telling) required group of each pattern, together."""
    if any(not p.needs for p in patterns):
        return frozenset()
    words = frozenset().union(*(p.needs[0] for p in patterns))
    return frozenset(w for w in words if not any(o != w and o in w for o in words))


_LEAD = r"(?<![\w'’])"


def _pattern(phrase: str) -> _Pattern:
    source = compile_phrase(phrase.lower())  # the phrase language has no cased syntax
    if source.startswith(_LEAD):
        source = source[len(_LEAD) :]
    return _Pattern(re.compile(source), required_words(phrase))


@lru_cache(maxsize=16)
def _compile(rules: tuple[Rule, ...], allow: tuple[str, ...]) -> _Compiled:
    ids = {rule.id for rule in rules}
    allowed_ids = {a for a in allow if a in ids}
    phrases, problems = [], []
    for entry in allow:
        if entry in allowed_ids:
            continue
        try:
            phrases.append(compile_phrase(entry))
        except PhraseSyntaxError as e:
            kind = "unknown rule id or bad phrase" if RULE_ID.fullmatch(entry) else "bad phrase"
            problems.append(Problem(f"--allow {entry!r}: {kind}: {e}"))
    if problems:
        raise ValidationError(problems)
    return _Compiled(
        rules=tuple(
            (rule, _gate(patterns), patterns)
            for rule in rules
            if rule.id not in allowed_ids
            for patterns in [tuple(_pattern(p) for p in rule.patterns)]
        ),
        allow=re.compile("|".join(phrases), re.IGNORECASE) if phrases else None,
    )


# -- Markdown, line by line ----------------------------------------------------

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
_QUOTE = re.compile(r"(?:[ ]{0,3}>[ ]?)+")
_RAW_END = re.compile(r"</(?:pre|script|style|textarea)>", re.IGNORECASE)
_COMMENT = re.compile(r"<!--(.*?)(?:-->|$)", re.DOTALL)
_DIRECTIVE = re.compile(
    r"\s*kindlead-(disable-next-line|disable-line|disable|enable)(?![\w-])(.*)", re.DOTALL
)

# inline: masked with a barrier (visible text that is not prose) or with spaces
_BARRIER = "\0"
_AUTOLINK = re.compile(r"<(?:[a-z][a-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>]+)>", re.I)
_URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]{1,31}://|\bwww\.|\bmailto:)[^\s<>]*", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_LINK_TARGET = re.compile(
    r"""\]\((?:<[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)"""
    r"""(?:\s+(?:"[^"]*"|'[^']*'|\([^()]*\)))?\s*\)"""
)
_REF_LABEL = re.compile(r"\]\[[^\]]*\]")
_TAG = re.compile(r"</?[a-z][a-z0-9-]*(?:\s[^<>]*)?/?>", re.I)
_EMPHASIS = re.compile(r"\*+|~~|(?<![^\W_])_+|_+(?![^\W_])")
_TICKS = re.compile(r"`+")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]*_]*(?=\s)")


def _fill(text: str, spans: Iterable[tuple[int, int]], ch: str) -> str:
    """`text` with each span replaced by as many `ch` (positions are kept)."""
    out: list[str] = []
    last = 0
    for start, end in spans:
        if start < last:
            continue
        out += (text[last:start], ch * (end - start))
        last = end
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Backtick code spans: a run of n backticks up to the next run of exactly n."""
    runs = [(m.start(), m.end()) for m in _TICKS.finditer(text)]
    by_len: dict[int, list[int]] = {}
    for i, (s, e) in enumerate(runs):
        by_len.setdefault(e - s, []).append(i)
    spans, i = [], 0
    while i < len(runs):
        s, e = runs[i]
        same = by_len[e - s]
        k = bisect_right(same, i)
        if k < len(same):
            j = same[k]
            spans.append((s, runs[j][1]))
            i = j + 1
        else:
            i += 1
    return spans


def _mask_inline(text: str) -> str:
    """Hide what is not prose, keeping every position where it was."""
    if "`" in text:
        text = _fill(text, _code_spans(text), _BARRIER)
    if "<" in text:
        text = _fill(text, (m.span() for m in _AUTOLINK.finditer(text)), _BARRIER)
        text = _fill(text, (m.span() for m in _TAG.finditer(text)), " ")
    if "](" in text:
        text = _fill(
            text, ((m.start() + 1, m.end()) for m in _LINK_TARGET.finditer(text)), _BARRIER
        )
    if "][" in text:
        text = _fill(text, ((m.start() + 1, m.end()) for m in _REF_LABEL.finditer(text)), _BARRIER)
    if ":" in text or "www." in text:
        text = _fill(text, (m.span() for m in _URL.finditer(text)), _BARRIER)
    if "@" in text:
        text = _fill(text, (m.span() for m in _EMAIL.finditer(text)), _BARRIER)
    if "*" in text or "_" in text or "~~" in text:
        text = _fill(text, (m.span() for m in _EMPHASIS.finditer(text)), " ")
    return text


# -- the scanner ---------------------------------------------------------------

_ALL = frozenset({"*"})  # "every rule" in a suppression


def _ids(text: str) -> frozenset[str]:
    ids = frozenset(re.split(r"[\s,]+", text.strip())) - {""}
    return ids or _ALL


class _Scanner:
    def __init__(self, compiled: _Compiled) -> None:
        self.compiled = compiled
        self.out: list[Finding] = []
        self.line = 1  # the line the next piece belongs to
        self.column = 0  # characters of that line already seen
        self.kind = "para"  # what the rest of an unfinished line is: "para" or "skip"
        self.fence: str | None = None
        self.raw = False  # inside <pre>, <script>, …
        self.in_comment = False
        self.prev_blank = True
        self.single = False  # the paragraph is one line (a heading, a table row)
        self.quoted = False
        self.list_indent: int | None = None
        # suppression
        self.off: frozenset[str] = frozenset()  # disabled ids (or _ALL) from disable/enable
        self.events: list[tuple[int, int, str, frozenset[str]]] = []
        self.line_off: dict[int, frozenset[str]] = {}
        # the paragraph
        self.texts: list[str] = []
        self.masked: list[str] = []
        self.seg_off: list[int] = []
        self.seg_line: list[int] = []
        self.seg_col: list[int] = []
        self.length = 0

    # -- input -----------------------------------------------------------------

    def feed(self, piece: str) -> None:
        nl = piece.find("\n")
        if (0 <= nl < len(piece) - 1) or len(piece) > MAX_PARAGRAPH:
            for part in _pieces(piece):
                self._piece(part)
        elif piece:
            self._piece(piece)

    def _piece(self, piece: str) -> None:
        if self.column:
            self._continue(piece)
        else:
            self._line(piece)
        if piece[-1] == "\n":
            self.line += 1
            self.column = 0
        else:
            self.column += len(piece)

    def _continue(self, piece: str) -> None:
        """The rest of a line that came in pieces."""
        if self.kind == "para":
            masked = self._comments(piece) if self.in_comment or "<!--" in piece else piece
            self._add(piece, masked)
        elif self.fence is None and self.in_comment:
            self._comments(piece)

    def _line(self, line: str) -> None:
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
            if _RAW_END.search(line):
                self.raw = False
            self.kind = "skip"
            return
        masked = line
        if self.in_comment or "<!--" in line:
            masked = self._comments(line)
            if not masked.strip():
                # a comment on its own line is an HTML block: it ends the paragraph
                self.flush()
                self.prev_blank = True
                self.kind = "skip"
                return
        if masked[0] not in _SPECIAL_START:  # plain prose: the common case
            self._text_line(line, masked)
            return
        start = 0
        quote = _QUOTE.match(masked)
        if quote:
            if not self.quoted:
                self.flush()
            self.quoted = True
            start = quote.end()
            masked = masked[:start].replace(">", " ") + masked[start:]
        elif self.quoted and not self.texts:
            self.quoted = False
        rest = masked[start:]
        if not rest.strip():
            self.flush()
            self.prev_blank = True
            self.kind = "skip"
            return
        indent = len(rest) - len(rest.lstrip(" \t"))
        width = indent + 3 * rest.count("\t", 0, indent)
        if width >= 4 and not self.texts:
            base = self.list_indent if self.list_indent is not None else 0
            if width >= base + 4:  # an indented code block
                self.kind = "skip"
                return
        m = _BLOCK.match(masked, start)
        if m is None:
            self._text_line(line, masked, indent)
            return
        block = m.lastgroup
        self.flush()
        self.prev_blank = False
        if block == "fence":
            marker = m.group("fence").lstrip()
            self.fence = marker
            self.kind = "skip"
        elif block == "raw":
            self.raw = not _RAW_END.search(line)
            self.kind = "skip"
        elif block in ("rule", "refdef"):
            self.kind = "skip"
        else:
            if block == "item":
                self.list_indent = m.end() - start
            elif block == "heading" or block == "table":
                self.single = True
            # the marker itself is not prose: hide it, keep the line's text
            masked = masked[: m.start()] + " " * (m.end() - m.start()) + masked[m.end() :]
            self._add(line, masked)
            self.kind = "para"

    def _text_line(self, line: str, masked: str, indent: int = 0) -> None:
        if self.prev_blank and self.list_indent is not None and indent < self.list_indent:
            self.list_indent = None  # the text left the list
        self.prev_blank = False
        self._add(line, masked)
        self.kind = "para"

    def _add(self, text: str, masked: str) -> None:
        self.seg_off.append(self.length)
        self.seg_line.append(self.line)
        self.seg_col.append(self.column)
        self.texts.append(text)
        self.masked.append(masked)
        self.length += len(text)
        if self.length >= MAX_PARAGRAPH:
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
        for m in _COMMENT.finditer(text, pos):
            closed = m.group(0).endswith("-->")
            end = m.end() if closed else len(text.rstrip("\n"))
            spans.append((m.start(), end))
            if not closed:
                self.in_comment = True
            d = _DIRECTIVE.match(m.group(1))
            if d:
                self._directive(d.group(1), _ids(d.group(2)), self.column + m.start())
        return _fill(text, spans, " ")

    def _directive(self, kind: str, ids: frozenset[str], column: int) -> None:
        if kind == "disable-next-line":
            self.line_off[self.line + 1] = self.line_off.get(self.line + 1, frozenset()) | ids
        elif kind == "disable-line":
            self.line_off[self.line] = self.line_off.get(self.line, frozenset()) | ids
        else:
            self.events.append((self.line, column, kind, ids))

    # -- a paragraph -------------------------------------------------------------

    def flush(self) -> None:
        if not self.texts:
            return
        text = self.texts[0] if len(self.texts) == 1 else "".join(self.texts)
        try:
            self._scan(text)
        finally:
            self.texts.clear()
            self.masked.clear()
            self.seg_off.clear()
            self.seg_line.clear()
            self.seg_col.clear()
            self.length = 0
            if self.line_off:
                for line in [k for k in self.line_off if k < self.line]:
                    del self.line_off[line]

    def _scan(self, text: str) -> None:
        low = text.lower()
        candidates = []
        for rule, gate, patterns in self.compiled.rules:
            if gate and not any(word in low for word in gate):
                continue
            possible = [p for p in patterns if _possible(low, p.needs)]
            if possible:
                candidates.append((rule, possible))
        if not candidates:
            self._apply_events(self.seg_line[-1] + 1, 0)
            return
        masked = self.masked[0] if len(self.masked) == 1 else "".join(self.masked)
        masked = _mask_inline(masked)
        lowered = _lower(masked)
        hits = sorted(
            (start, end, rule)
            for rule, patterns in candidates
            for start, end in _matches(lowered, patterns)
        )
        ends: list[int] | None = None
        for start, end, rule in hits:
            if ends is None:
                ends = [m.end() for m in _SENTENCE_END.finditer(masked)]
            s = ends[bisect_right(ends, start) - 1] if bisect_right(ends, start) else 0
            k = bisect_left(ends, end)
            e = ends[k] if k < len(ends) else len(masked)
            exc = rule.exception_regex
            if exc is not None and any(
                x.start() < end and x.end() > start for x in exc.finditer(masked, s, e)
            ):
                continue
            context = rule.context_regex
            if context is not None and context.search(masked, s, e):
                continue
            allow = self.compiled.allow
            if allow is not None and any(
                a.start() < end and a.end() > start for a in allow.finditer(masked, s, e)
            ):
                continue
            line, column = self._position(start)
            end_line, end_column = self._position(end - 1)
            if self._suppressed(rule.id, line, column):
                continue
            self.out.append(
                Finding(
                    rule=rule.id,
                    severity=rule.severity,
                    message=rule.message,
                    suggestion=rule.suggestion,
                    matched=text[start:end],
                    line=line,
                    column=column,
                    end_line=end_line,
                    end_column=end_column + 1,
                )
            )
        self._apply_events(self.seg_line[-1] + 1, 0)

    def _position(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self.seg_off, offset) - 1
        return self.seg_line[i], self.seg_col[i] + offset - self.seg_off[i] + 1

    def _apply_events(self, line: int, column: int) -> None:
        """Apply the disable/enable comments placed before (line, column)."""
        events = self.events
        n = 0
        while n < len(events) and events[n][:2] < (line, column):
            _, _, kind, ids = events[n]
            if kind == "disable":
                self.off = _ALL if ids is _ALL or ids >= _ALL else self.off | ids
            elif ids is _ALL or ids >= _ALL:
                self.off = frozenset()
            else:
                self.off = self.off - ids
            n += 1
        if n:
            del events[:n]

    def _suppressed(self, rule_id: str, line: int, column: int) -> bool:
        if self.events:
            self._apply_events(line, column - 1)
        for ids in (self.off, self.line_off.get(line)):
            if ids and ("*" in ids or rule_id in ids):
                return True
        return False


def _possible(low: str, needs: Needs) -> bool:
    for group in needs:
        for word in group:
            if word in low:
                break
        else:
            return False  # no word of this group: the phrase cannot match
    return True


def _lower(text: str) -> str:
    """Lower case with every position kept (a few letters, like İ, lower to two)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch in "_'’"


def _matches(low: str, patterns: Sequence[_Pattern]) -> list[tuple[int, int]]:
    """Non-overlapping matches of any of `patterns` (leftmost, then longest first)."""
    spans = []
    for pattern in patterns:
        search = pattern.regex.search
        m = search(low)
        while m is not None:
            start, end = m.span()
            if start and _is_word(low[start - 1]):  # not at the start of a word
                m = search(low, start + 1)
                continue
            spans.append((start, end))
            m = search(low, max(end, start + 1))
    if len(spans) < 2:
        return spans
    spans.sort(key=lambda s: (s[0], -s[1]))
    kept = [spans[0]]
    for span in spans[1:]:
        if span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def _pieces(text: str) -> Iterator[str]:
    """`text` as lines ending in ``\\n``, no piece longer than `MAX_PARAGRAPH`."""
    for m in re.finditer(r"[^\n]*\n|[^\n]+", text):
        line = m.group(0)
        for i in range(0, len(line), MAX_PARAGRAPH):
            yield line[i : i + MAX_PARAGRAPH]


def scan_stream(
    lines: Iterable[str], rules: Sequence[Rule], *, allow: Sequence[str] = ()
) -> Iterator[Finding]:
    """Findings in `lines` (pieces of text, normally one line each), as they are found.

    Pieces need not be whole lines: numbering follows the ``\\n`` characters. Raises
    `ValidationError` (on the first `next`) for a bad `allow` entry.
    """
    scanner = _Scanner(_compile(tuple(rules), tuple(allow)))
    out = scanner.out
    for piece in lines:
        scanner.feed(piece)
        if out:
            yield from out
            out.clear()
    scanner.flush()
    yield from out


def scan_text(text: str, rules: Sequence[Rule], *, allow: Sequence[str] = ()) -> list[Finding]:
    """Every finding in `text` (a whole answer or file), in order."""
    return list(scan_stream(_pieces(text), rules, allow=allow))
