"""Inline Markdown: hiding what is not prose, keeping every position where it was.

Code spans, autolinks, link targets and reference labels, bare URLs and e-mail
addresses become a *barrier* (a character no phrase matches, so a phrase cannot
reach across them); HTML tags and emphasis markers become spaces (so
``**buy-in**`` is still found). The link *text* stays: it is prose.

Every regex here runs on untrusted text, so each is linear: a match can start only
at the start of a run it scans (a lookbehind rejects the other starts at once), or
the run it scans ends at a character that starts the next attempt; repeats that are
followed by something they cannot match are possessive.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import cache

#: What hidden text that is not prose becomes: no phrase matches across it.
BARRIER = "\0"


@cache
def _regex(which: str) -> re.Pattern[str]:
    """Compiled on first use: most paragraphs need only a few of them."""
    sources = {
        "autolink": (r"<(?:[a-z][a-z0-9+.-]{1,31}:[^\s<>]*+|[^\s<>@]++@[^\s<>]++)>", re.I),
        "url": (r"(?:\b[a-z][a-z0-9+.-]{1,31}://|\bwww\.|\bmailto:)[^\s<>]*+", re.I),
        "email": (r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)++", 0),
        "link target": (
            r"""\]\((?:<[^<>\n]*+>|[^()\s]*+(?:\([^()\s]*+\)[^()\s]*+)*+)"""
            r"""(?:\s++(?:"[^"]*+"|'[^']*+'|\([^()]*+\)))?\s*+\)""",
            0,
        ),
        "reference label": (r"\]\[[^\]]*+\]", 0),
        "tag": (r"</?[a-z][a-z0-9-]*+(?:\s[^<>]*+)?/?>", re.I),
        "emphasis": (r"\*++|~~|(?<![^\W_])_++|_+(?![^\W_])", 0),
        "ticks": (r"`+", 0),
    }
    source, flags = sources[which]
    return re.compile(source, flags)


def fill(text: str, spans: Iterable[tuple[int, int]], ch: str) -> str:
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


def code_spans(text: str) -> list[tuple[int, int]]:
    """Backtick code spans: a run of n backticks up to the next run of exactly n."""
    runs = [(m.start(), m.end()) for m in _regex("ticks").finditer(text)]
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


def mask_inline(text: str) -> str:
    """Hide what is not prose, keeping every position where it was."""
    if "`" in text:
        text = fill(text, code_spans(text), BARRIER)
    if "<" in text:
        text = fill(text, (m.span() for m in _regex("autolink").finditer(text)), BARRIER)
        text = fill(text, (m.span() for m in _regex("tag").finditer(text)), " ")
    if "](" in text:
        text = fill(
            text, ((m.start() + 1, m.end()) for m in _regex("link target").finditer(text)), BARRIER
        )
    if "][" in text:
        text = fill(
            text,
            ((m.start() + 1, m.end()) for m in _regex("reference label").finditer(text)),
            BARRIER,
        )
    if ":" in text or "www." in text:
        text = fill(text, (m.span() for m in _regex("url").finditer(text)), BARRIER)
    if "@" in text:
        text = fill(text, (m.span() for m in _regex("email").finditer(text)), BARRIER)
    if "*" in text or "_" in text or "~~" in text:
        text = fill(text, (m.span() for m in _regex("emphasis").finditer(text)), " ")
    return text
