"""The journal's files: one Markdown file a plan, YAML front matter above the plan.

Where: ``$KINDLEAD_JOURNAL`` (``off`` keeps nothing), else ``journal/`` in the user
data folder. Each entry is ``YYYY-MM-DD-SLUG.md``; its id is the name without ``.md``.
Files are 0600 and the folders kindlead makes 0700, whatever the umask; every write is
atomic and refuses a link or anything but a regular file in its place. A file that
does not parse is reported at FILE:LINE:COL and never written to. Keys kindlead does
not know, in the front matter, are kept as they are when a review is added.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from kindlead.errors import InputFileError, KindleadError, Mark, Problem
from kindlead.files.atomic import private_folder, write_atomically
from kindlead.files.paths import data_dir

ENV = "KINDLEAD_JOURNAL"
SCHEMA = "kindlead-journal/1"
FENCE = "---"
#: Follow-ups after a plan is kept, and after each review unless it says otherwise.
FIRST_FOLLOW_UP = timedelta(weeks=1)
LATER_FOLLOW_UPS = (timedelta(weeks=4), timedelta(weeks=12))
STATUSES = ("open", "closed")
MAX_ENTRY_BYTES = 4 * 1024 * 1024
_INT = re.compile(r"-?[0-9]{1,18}")
_ID = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}-[a-z0-9-]{1,64}")


class Entry(NamedTuple):
    """One plan in the journal: its front matter (every key, known or not) and body."""

    id: str
    path: Path
    meta: dict[str, Any]
    body: str

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.id)

    @property
    def created(self) -> str:
        return str(self.meta.get("created") or "")

    @property
    def next_review(self) -> date | None:
        return parse_date(self.meta.get("next_review"))

    @property
    def status(self) -> str:
        return str(self.meta.get("status") or "open")

    @property
    def reviews(self) -> list[dict[str, Any]]:
        reviews = self.meta.get("reviews")
        return [r for r in reviews if isinstance(r, dict)] if isinstance(reviews, list) else []

    @property
    def people(self) -> list[str]:
        people = self.meta.get("people")
        return [str(p) for p in people] if isinstance(people, list) else []

    @property
    def checklist(self) -> list[str]:
        items = self.meta.get("checklist")
        return [str(i) for i in items] if isinstance(items, list) else []

    def is_due(self, today: date) -> bool:
        due = self.next_review
        return self.status == "open" and due is not None and due <= today


def journal_dir() -> Path | None:
    """The journal's folder, or None when ``KINDLEAD_JOURNAL=off``."""
    chosen = os.environ.get(ENV, "").strip()
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen).expanduser()
    return data_dir() / "journal"


def require_journal() -> Path:
    folder = journal_dir()
    if folder is None:
        raise KindleadError(f"the journal is off ({ENV}=off)")
    return folder


def parse_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value if not isinstance(value, datetime) else value.date()
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def slug(title: str, limit: int = 40) -> str:
    """Lower-case ASCII words of `title`, joined by hyphens, cut at a word."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > limit:
            break
        out = f"{out}-{word}" if out else word
    return out or "plan"


def title_of(text: str, limit: int = 70) -> str:
    """The first line of `text`, cut at a word to `limit` characters."""
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    if len(line) <= limit:
        return line
    cut = line[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


# -- reading ------------------------------------------------------------------------------


def split_front_matter(text: str, name: str) -> tuple[dict[str, Any], str]:
    """The front matter as plain data (every scalar is text) and the body below it."""
    from kindlead.files.yamlload import Map, Node, Scalar, Seq, parse

    if not text.startswith(FENCE + "\n"):
        raise InputFileError(
            Problem("no front matter: the file must start with ---", Mark(name, 1, 1))
        )
    end = re.search(r"^---[ \t]*$", text[4:], flags=re.M)
    if end is None:
        raise InputFileError(Problem("the front matter has no closing ---", Mark(name, 1, 1)))
    # one empty line in place of the opening fence: the parser's lines are the file's
    node = parse("\n" + text[4 : 4 + end.start()], name)
    body = text[4 + end.end() :].lstrip("\n")

    def plain(n: Node) -> Any:
        if isinstance(n, Scalar):
            if n.plain and n.value in ("", "~", "null", "Null", "NULL"):
                return None
            if n.plain and _INT.fullmatch(n.value):
                return int(n.value)  # written back as a number, as it was (phrases: 3)
            return n.value
        if isinstance(n, Seq):
            return [plain(i) for i in n.items]
        assert isinstance(n, Map)
        return {k.value: plain(v) for k, v in n.items}

    if not isinstance(node, Map):
        raise InputFileError(
            Problem("the front matter must be a mapping of keys to values", Mark(name, 2, 1))
        )
    meta = plain(node)
    for key in ("id", "created"):
        if not meta.get(key):
            where = Mark(name, 2, 1)
            raise InputFileError(Problem(f"the front matter has no {key!r}", where))
    return meta, body


def read_entry(path: Path) -> Entry:
    from kindlead.files.yamlload import read_text

    if path.is_symlink():
        raise InputFileError(Problem("is a link; the journal never follows links", Mark(str(path))))
    text = read_text(path, max_bytes=MAX_ENTRY_BYTES, what="journal entry")
    meta, body = split_front_matter(text, str(path))
    return Entry(path.stem, path, meta, body)


def entries(folder: Path | None = None) -> tuple[list[Entry], list[Problem]]:
    """Every entry, oldest first, and one problem for each file that cannot be read."""
    folder = folder or require_journal()
    found: list[Entry] = []
    problems: list[Problem] = []
    for path in _entry_paths(folder):
        try:
            found.append(read_entry(path))
        except KindleadError as e:
            problems.extend(e.problems)
    found.sort(key=lambda e: (e.created, e.id))
    return found, problems


def _entry_paths(folder: Path) -> Iterator[Path]:
    try:
        names = sorted(os.listdir(folder))
    except FileNotFoundError:
        return
    except OSError as e:
        raise KindleadError(Problem(f"cannot read: {e.strerror}", Mark(str(folder)))) from None
    for name in names:
        if name.endswith(".md") and _ID.fullmatch(name[:-3]):
            yield folder / name


def find_entry(
    which: str, folder: Path | None = None, *, on_problem: Callable[[Problem], None] | None = None
) -> Entry:
    """The entry named `which` (its id, or its file), or the newest for ``latest``.

    A file that cannot be read might be the newest: for ``latest``, each such file is
    passed to `on_problem` (a warning), or without it makes ``latest`` an error — a
    review must not land on another plan than the one the person means.
    """
    folder = folder or require_journal()
    if which == "latest":
        found, problems = entries(folder)
        if problems and on_problem is None:
            why = "'latest' is not certain while a plan cannot be read: fix it, or name a plan"
            raise KindleadError([*problems, Problem(why)])
        for problem in problems:
            assert on_problem is not None
            on_problem(problem)
        if not found:
            raise KindleadError(f"the journal at {folder} has no plans yet")
        return found[-1]
    name = Path(which).name
    entry_id = name[:-3] if name.endswith(".md") else name
    path = folder / f"{entry_id}.md"
    if not _ID.fullmatch(entry_id) or not (path.exists() or path.is_symlink()):
        raise KindleadError(f"no plan {which!r} in the journal (see 'kindlead journal list')")
    return read_entry(path)


# -- writing ------------------------------------------------------------------------------


def render_entry(meta: Mapping[str, Any], body: str) -> str:
    import yaml

    front = yaml.safe_dump(
        dict(meta), sort_keys=False, allow_unicode=True, default_flow_style=False, width=88
    )
    return f"{FENCE}\n{front}{FENCE}\n\n{body.rstrip()}\n"


def add_entry(meta: dict[str, Any], body: str, when: datetime | None = None) -> Entry:
    """Keep a new plan; two processes adding at once both keep theirs (each file is
    created once, never replaced: a name taken meanwhile makes the next one)."""
    folder = private_folder(require_journal())
    when = when or datetime.now().astimezone()
    stem = f"{when.date().isoformat()}-{slug(str(meta.get('title') or 'plan'))}"
    for n in range(1, 1000):
        entry_id = stem if n == 1 else f"{stem}-{n}"
        path = folder / f"{entry_id}.md"
        if path.exists() or path.is_symlink():
            continue
        full = {
            "schema": SCHEMA,
            "id": entry_id,
            "created": when.isoformat(timespec="seconds"),
            **meta,
            "next_review": (when.date() + FIRST_FOLLOW_UP).isoformat(),
            "status": "open",
            "reviews": [],
        }
        try:
            write_atomically(path, render_entry(full, body), force=False, private=True)
        except KindleadError:
            if path.exists() or path.is_symlink():
                continue  # taken between the look and the write
            raise
        return Entry(entry_id, path, full, body)
    raise KindleadError(Problem("too many plans with this title today", Mark(str(folder))))


def replace_entry(entry: Entry, meta: dict[str, Any], body: str) -> Entry:
    """Write `entry` again with new front matter and body (a review appended)."""
    if entry.path.is_symlink() or not entry.path.is_file():
        raise KindleadError(Problem("is not a regular file; not written", Mark(str(entry.path))))
    write_atomically(entry.path, render_entry(meta, body), force=True, private=True)
    return entry._replace(meta=meta, body=body)


def next_follow_up(entry: Entry, on: date) -> date:
    """The default next follow-up after a review on `on`: +4 weeks, then +12."""
    n = len(entry.reviews)
    return on + LATER_FOLLOW_UPS[min(n, len(LATER_FOLLOW_UPS) - 1)]


def doubts(entry: Entry) -> list[Problem]:
    """What in a hand-edited entry would quietly stop its reminders."""
    where = Mark(str(entry.path))
    out = []
    if entry.status not in STATUSES:
        out.append(Problem(f"status {entry.status!r} is neither open nor closed: the plan is "
                           "never due", where))  # fmt: skip
    raw = entry.meta.get("next_review")
    if raw is not None and parse_date(raw) is None:
        out.append(Problem(f"next_review {raw!r} is not a date (YYYY-MM-DD): the plan is "
                           "never due", where))  # fmt: skip
    return out
