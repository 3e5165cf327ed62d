"""The journal, exported: Markdown notes, JSON for scripts, a calendar of follow-ups.

Every function here is pure: it takes entries (`kindlead.journal.store.entries`) and
returns text; the command line writes it. `redact` gives the same entries with people's
names replaced, ready for any of the formats.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from kindlead.journal.store import Entry
from kindlead.textsafe import json_dumps, normalise_newlines, printable

EXPORT_FORMAT = "kindlead-journal-export/1"
PRODID = "-//kindlead//journal//EN"
PLACEHOLDER = "Person {}"
#: Hex digits of the hash in a placeholder; more only when two names in one export share
#: a prefix. 6 digits keep two of a few hundred names apart with near certainty.
PLACEHOLDER_DIGITS = 6

# -- redaction ----------------------------------------------------------------------------

#: Front-matter keys whose values are kindlead's own words (ids, dates, states, rule
#: ids), never a person's: left as they are. Every other text value is redacted, keys
#: kindlead does not know included.
_NOT_PROSE = frozenset(
    {"schema", "id", "created", "next_review", "status", "set", "phrases", "date", "next"}
    | {"items", "target_status", "rule"}
)
_NAME_KEYS = ("people", "shaped_by")


def normalise_name(name: str) -> str:
    """The form a name is hashed and compared in: NFKC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _digest(name: str, key: bytes | None) -> str:
    data = normalise_name(name).encode("utf-8")
    if key is None:
        return hashlib.sha256(data).hexdigest()
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def placeholders(names: Sequence[str], key: bytes | None = None) -> dict[str, str]:
    """Each distinct normalised name in `names` and its placeholder (``Person 3f2a1b``).

    The placeholder depends on the name alone, so it is the same in every export and run;
    only if two different names share the first digits are both given more of theirs.
    """
    digests = {n: _digest(n, key) for n in {normalise_name(x) for x in names} if n}
    out: dict[str, str] = {}
    for name, digest in digests.items():
        digits = PLACEHOLDER_DIGITS
        while any(d[:digits] == digest[:digits] for o, d in digests.items() if o != name):
            digits += 2
        out[name] = PLACEHOLDER.format(digest[:digits])
    return out


def _names_in(entry: Entry) -> list[str]:
    names = list(entry.people)
    for review in entry.reviews:
        shaped = review.get("shaped_by")
        if isinstance(shaped, list):
            names += [str(n) for n in shaped if n is not None]
        elif isinstance(shaped, str):
            names.append(shaped)
    return names


def _name_pattern(names: Sequence[str]) -> re.Pattern[str] | None:
    """Any of `names` as a whole word, any case, any run of spaces between its words;
    longest first, so "Ana Lima" is replaced before "Ana"."""
    alternatives = [
        r"\s+".join(re.escape(part) for part in name.split())
        for name in sorted(set(names), key=lambda n: (-len(n), n))
        if name.strip()
    ]
    if not alternatives:
        return None
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)


def _spellings(name: str) -> set[str]:
    """The forms a listed name is searched for in text (composed and decomposed accents,
    as listed and case-folded)."""
    forms = {name, normalise_name(name)}
    return {unicodedata.normalize(nf, f) for f in forms for nf in ("NFC", "NFD")}


def _ascii_words(text: str) -> str:
    """`text` as an id's slug spells it (`store.slug`), words joined by spaces."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.findall(r"[a-z0-9]+", folded.lower()))


_ID_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}-")


def redact(entries: Sequence[Entry], *, key: bytes | None = None) -> list[Entry]:
    """The entries with people's names replaced by stable placeholders.

    Every distinct name listed in any entry's ``people`` or in any review's ``shaped_by``
    becomes ``Person <hex>``, from the SHA-256 of the normalised name (NFKC, case-folded,
    single spaces), so a person has the same placeholder in every entry, export and run.
    Names are replaced in the people and shaped_by lists, in every text value of the
    front matter but kindlead's own (ids, dates, states, rule ids) — title, target,
    checklist, heard, signals, keys kindlead does not know — and in the body: as whole
    words, in any case, longest names first. The id (and so the file name, which is not
    exported) is a slug of the title, so a name in it is replaced by the placeholder's
    slug; the command in an ics to-do then names the redacted id.

    Only names as listed are found: a name never listed as people or shaped_by (a
    colleague mentioned only in the text), a nickname, a first name alone when the list
    has the full name, or a misspelling stays as it is. A listed name that is also a
    common word ("Will", "May") is replaced wherever that word stands alone.

    An unkeyed hash can be undone by anyone who guesses the name and hashes it (a team
    list is enough); give a secret `key` (HMAC-SHA-256) when that matters. The entries
    returned are for exporting only: never write them back to the journal.
    """
    listed = [n for e in entries for n in _names_in(e)]
    mapping = placeholders(listed, key)
    spellings: dict[str, set[str]] = {}
    for n in listed:
        spellings.setdefault(normalise_name(n), set()).update(_spellings(n))
    pattern = _name_pattern([form for forms in spellings.values() for form in forms])

    def placeholder(m: re.Match[str]) -> str:
        found = mapping.get(normalise_name(m.group(0)))
        if found is None:  # a case-insensitive match that case-folds differently
            for listed_name, candidate in mapping.items():
                alone = _name_pattern(sorted(spellings[listed_name]))
                if alone and alone.fullmatch(m.group(0)):
                    return candidate
            return PLACEHOLDER.format("unknown")  # never the name itself
        return found

    def text(value: str) -> str:
        return pattern.sub(placeholder, value) if pattern else value

    def name(value: Any) -> Any:
        return mapping.get(normalise_name(value), text(value)) if isinstance(value, str) else value

    in_ids = {_ascii_words(n): _ascii_words(p) for n, p in mapping.items() if _ascii_words(n)}
    id_pattern = _name_pattern(list(in_ids))

    def redact_id(entry_id: str) -> str:
        # the slug after the date: words joined by hyphens, as `store.slug` makes it
        dated = _ID_DATE.match(entry_id)
        stem = dated.group(0) if dated else ""
        rest = entry_id[len(stem) :].replace("-", " ")
        if id_pattern is not None:
            rest = id_pattern.sub(lambda hit: in_ids[" ".join(hit.group(0).lower().split())], rest)
        return stem + rest.replace(" ", "-")

    out = []
    for entry in entries:
        meta = _walk(entry.meta, text, name)
        new_id = redact_id(entry.id)
        if "id" in meta:
            meta["id"] = redact_id(str(meta["id"]))
        path = entry.path.with_name(f"{new_id}.md") if new_id != entry.id else entry.path
        out.append(Entry(new_id, path, meta, text(entry.body)))
    return out


def _walk(value: Any, text: Callable[[str], str], name: Callable[[Any], Any], key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: v if k in _NOT_PROSE else _walk(v, text, name, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        if key in _NAME_KEYS:
            return [name(v) for v in value]
        return [_walk(v, text, name) for v in value]
    if isinstance(value, str):
        return name(value) if key in _NAME_KEYS else text(value)
    return value


# -- Markdown -----------------------------------------------------------------------------

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
# a line that cannot be the text of a setext heading: blank, a list item, a quote, a
# heading, indented code, a table row
_NOT_PARAGRAPH = re.compile(r"^(?:\s*$| {4,}|\t| {0,3}(?:[-+*](?:\s|$)|[>#|]|\d+[.)](?:\s|$)))")


def _md_inline(text: str) -> str:
    from kindlead.render.plan_markdown import md

    return md(text)


def _headings(body: str) -> list[tuple[int, int, str]]:
    """(line index, level, text) for every heading outside code fences; a setext
    heading's index is its text line's."""
    found: list[tuple[int, int, str]] = []
    fence = ""
    lines = body.splitlines()
    for i, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            continue
        atx = _ATX.match(line)
        if atx:
            found.append((i, len(atx.group(2)), line))
        elif (
            i > 0
            and _SETEXT.match(line)
            and not _NOT_PARAGRAPH.match(lines[i - 1])
            and not _SETEXT.match(lines[i - 1])
            and not (found and found[-1][0] == i - 1)
        ):
            found.append((i - 1, 1 if line.strip()[0] == "=" else 2, lines[i - 1]))
    return found


def demote_headings(body: str, top: int) -> str:
    """`body` with its headings moved down so the highest sits at level `top` (at most
    6; deeper ones stay at 6). Setext headings become ATX; fenced code is left alone."""
    found = _headings(body)
    if not found:
        return body
    shift = max(0, top - min(level for _, level, _ in found))
    lines = body.splitlines()
    for i, level, line in reversed(found):
        hashes = "#" * min(6, level + shift)
        atx = _ATX.match(line)
        if atx:
            lines[i] = f"{atx.group(1)}{hashes}{line[atx.end() :]}"
        else:  # setext: text line, then the underline
            lines[i : i + 2] = [f"{hashes} {line.strip()}"]
    return "\n".join(lines)


def to_markdown(entries: Sequence[Entry]) -> str:
    """One Markdown document: a ``## title (id)`` section an entry, with when it was
    kept, its next follow-up and its body, the body's headings nested under it."""
    out = ["# kindlead journal", ""]
    if not entries:
        out += ["No plans yet.", ""]
    for entry in entries:
        due = entry.next_review
        if entry.status == "closed":
            follow_up = "none (closed)"
        else:
            follow_up = due.isoformat() if due else "none"
        out += [
            f"## {_md_inline(entry.title)} ({_md_inline(entry.id)})",
            "",
            f"- Kept: {_md_inline(entry.created[:10] or 'unknown')}",
            f"- Next follow-up: {follow_up}",
            "",
        ]
        body = printable(normalise_newlines(entry.body), keep_newlines=True).strip("\n")
        if body:
            out += [demote_headings(body, 3), ""]
    return "\n".join(out).rstrip("\n") + "\n"


# -- JSON ---------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """Front matter as JSON can hold it (dates as ISO text; anything odd as text)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def to_json(entries: Sequence[Entry]) -> str:
    """``{"format": "kindlead-journal-export/1", "entries": [{"id", "meta", "body"}]}``."""
    data = {
        "format": EXPORT_FORMAT,
        "entries": [{"id": e.id, "meta": _plain(e.meta), "body": e.body} for e in entries],
    }
    return json_dumps(data, indent=2) + "\n"


# -- iCalendar (RFC 5545) -----------------------------------------------------------------

_ICS_LINE_OCTETS = 75


def ics_text(value: str) -> str:
    """A TEXT value escaped (RFC 5545 3.3.11): backslash, semicolon, comma, newline;
    control characters shown as visible escapes, never written raw."""
    value = printable(normalise_newlines(value), keep_newlines=True)
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line folded at 75 octets (RFC 5545 3.1): CRLF and a space before each
    continuation, never inside a UTF-8 character."""
    parts: list[str] = []
    current: list[str] = []
    size, limit = 0, _ICS_LINE_OCTETS
    for char in line:
        n = len(char.encode("utf-8"))
        if size + n > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, _ICS_LINE_OCTETS - 1  # the space counts
        current.append(char)
        size += n
    parts.append("".join(current))
    return "\r\n ".join(parts)


def to_ics(entries: Sequence[Entry], now: datetime) -> str:
    """An iCalendar with one VTODO for the next follow-up of each open entry.

    UID ``<id>-<date>@kindlead``: the same follow-up exported again keeps its UID, so a
    calendar updates it rather than adding a copy; a follow-up moved by a review is a new
    to-do. DTSTAMP is `now` in UTC (a naive `now` is local time), DUE a date. Entries
    that are closed or have no next follow-up give none. A calendar with no to-do is
    still written, with no component in it.
    """
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    todos = sorted(
        ((e.next_review, e) for e in entries if e.status == "open" and e.next_review),
        key=lambda pair: (pair[0], pair[1].id),
    )
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}"]
    for due, entry in todos:
        assert due is not None
        target = str(entry.meta.get("target") or "").strip()
        description = f"Target: {target}\n" if target else ""
        description += f"After the meeting, run: kindlead journal review {entry.id}"
        lines += [
            "BEGIN:VTODO",
            f"UID:{ics_text(f'{entry.id}-{due.isoformat()}@kindlead')}",
            f"DTSTAMP:{stamp}",
            f"DUE;VALUE=DATE:{due.strftime('%Y%m%d')}",
            f"SUMMARY:{ics_text(f'Review: {entry.title}')}",
            f"DESCRIPTION:{ics_text(description)}",
            "STATUS:NEEDS-ACTION",
            "END:VTODO",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
