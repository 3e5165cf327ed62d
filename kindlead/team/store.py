"""The team space's files: where they are, reading them (validated), writing them.

    .kindlead/team/            the team folder: found from the current folder upwards to
      weekly-releases/         the repository's top (the folder holding .git), or --dir
        target.md              front matter: topic, target, ask, by, created
        ideas/
          20261130-094112-pair-on-the-release-checklist-3f2a.md
                               front matter: id, by, created, builds_on; body: the idea

Each idea is its own file, named by the time it was added (UTC), a few words of it and
four random hex digits, so that people adding ideas at the same moment, in their own
clones, never write the same file: their commits merge without a conflict.

Files are read like prompt sets: every problem of every file at once, each at its
``FILE:LINE:COL``; unknown keys are errors (with a "did you mean"). Files are written
atomically and never replaced (the target only with ``force``), 0644 whatever the
umask: unlike the journal, a team space is meant to be committed and shared.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kindlead.errors import InputFileError, KindleadError, Mark, Problem, ValidationError
from kindlead.team.model import Idea, Space, Target, Topic
from kindlead.textsafe import normalise_newlines, one_line

if TYPE_CHECKING:
    from kindlead.files.schema import Problems, Reader
    from kindlead.files.yamlload import Map

TEAM_DIR = Path(".kindlead", "team")
TARGET = "target.md"
IDEAS = "ideas"
SCHEMA_VERSION = 1
TARGET_KEYS = ("schema_version", "topic", "target", "ask", "by", "created")
IDEA_KEYS = ("schema_version", "id", "by", "created", "builds_on")
DEFAULT_ASK = "How could we get there? Add your ideas, and build on each other's."
FILE_MODE = 0o644
FOLDER_MODE = 0o755
MAX_FILE_BYTES = 256 * 1024
MAX_IDEAS = 10_000
MAX_NAME = 200
MAX_TEXT = 20_000
#: A topic is a folder name that reads the same on every system and in every shell.
TOPIC = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")
IDEA_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
_FENCE = "---"


# -- where ---------------------------------------------------------------------------------


def find_team_dir(start: Path | None = None) -> tuple[Path | None, Path]:
    """The team folder found from `start` (the current folder) upwards to the
    repository's top, or None; and where a new one goes (the repository's top, or
    `start` outside a repository)."""
    try:
        here = (start or Path.cwd()).absolute()
    except OSError as e:
        raise KindleadError(f"cannot read the current folder: {e.strerror}") from None
    for folder in (here, *here.parents):
        candidate = folder / TEAM_DIR
        if candidate.is_dir():
            return candidate, candidate
        if (folder / ".git").exists():
            return None, candidate
    return None, here / TEAM_DIR


def repo_top(start: Path) -> Path | None:
    """The top of the git repository `start` is in (the folder holding ``.git``)."""
    here = start.absolute()
    return next((f for f in (here, *here.parents) if (f / ".git").exists()), None)


def team_dir(chosen: Path | None = None, *, create: bool = False) -> Path:
    """`chosen` (``--dir``), or the team folder found here; with `create`, where a new
    one goes. Raises `KindleadError` when there is none and none is to be made."""
    if chosen is not None:
        if not create and not chosen.is_dir():
            raise KindleadError(Problem("is not a folder (--dir)", Mark(str(chosen))))
        return chosen
    found, new = find_team_dir()
    if found is not None or create:
        return _relative(found or new)
    raise KindleadError(
        f"no team space here ({TEAM_DIR} in this folder or above it, up to the "
        "repository's top); start one with: kindlead team start TOPIC"
    )


def _relative(path: Path) -> Path:
    """`path` from the current folder (``.kindlead/team``, ``../.kindlead/team``): the
    paths in messages are then the ones a person types, and an editor opens."""
    try:
        return Path(os.path.relpath(path))
    except (OSError, ValueError):  # another drive (Windows), no current folder
        return path


def check_topic(topic: str) -> str:
    if TOPIC.fullmatch(topic):
        return topic
    from kindlead.journal.store import slug

    try_it = slug(topic, 64)
    hint = f" (try: {try_it})" if TOPIC.fullmatch(try_it) and try_it != "plan" else ""
    raise KindleadError(
        f"topic {topic!r}: a short name of lower-case letters, digits and hyphens, such as "
        f"weekly-releases{hint}"
    )


def topic_folder(folder: Path, topic: str) -> Path:
    """The folder of an existing topic; a clear error (with the topics there) if none."""
    path = folder / check_topic(topic)
    if (path / TARGET).exists() or (path / TARGET).is_symlink():
        return path
    known = [t for t in _topic_names(folder) if t != topic]
    if known:
        import difflib

        close = difflib.get_close_matches(topic, known, n=1)
        also = f"did you mean {close[0]!r}? " if close else ""
        hint = f"{also}the topics here are {', '.join(known)}"
    else:
        hint = "start it with: kindlead team start " + topic
    raise KindleadError(Problem(f"no team topic {topic!r} here; {hint}", Mark(str(folder))))


def _topic_names(folder: Path) -> list[str]:
    try:
        names = sorted(os.listdir(folder))
    except FileNotFoundError:
        return []
    except OSError as e:
        raise KindleadError(Problem(f"cannot read: {e.strerror}", Mark(str(folder)))) from None
    return [n for n in names if TOPIC.fullmatch(n) and (folder / n / TARGET).exists()]


# -- reading -------------------------------------------------------------------------------


def _read(path: Path, what: str) -> tuple[Map, str, int]:
    """A file's front matter (located nodes), its body, and the body's first line."""
    from kindlead.files.yamlload import Map, kind_name, parse, read_text

    name = str(path)
    if path.is_symlink():
        raise InputFileError(
            Problem("is a link; kindlead does not follow links in a team space", Mark(name))
        )
    text = normalise_newlines(read_text(path, max_bytes=MAX_FILE_BYTES, what=what))
    if not text.startswith(_FENCE + "\n"):
        raise InputFileError(
            Problem("no front matter: the file must start with a line of ---", Mark(name, 1, 1))
        )
    end = re.search(r"^---[ \t]*$", text[4:], flags=re.M)
    if end is None:
        raise InputFileError(Problem("the front matter has no closing ---", Mark(name, 1, 1)))
    # an empty line in place of the opening fence: the parser's lines are the file's
    node = parse("\n" + text[4 : 4 + end.start()], name)
    if not isinstance(node, Map):
        what_ = "nothing" if node is None else kind_name(node)
        raise InputFileError(
            Problem(f"the front matter must be a mapping of keys to values, not {what_}",
                    Mark(name, 2, 1))
        )  # fmt: skip
    body_line = text.count("\n", 0, 4 + end.end()) + 2
    return node, text[4 + end.end() :].strip("\n"), body_line


def _text(r: Reader, key: str, problems: Problems, *, limit: int = MAX_TEXT) -> str:
    """A required text that is not empty (nor absurdly long)."""
    before = len(problems.items)
    value = r.text(key, required=True)
    node = r.raw(key)
    if node is not None and not value.strip() and len(problems.items) == before:
        problems.add(f"{key!r} is empty", node)
    elif len(value) > limit:
        problems.add(f"{key!r} is too long (over {limit:,} characters)", node)
    return value.strip()


def _created(r: Reader, problems: Problems) -> str:
    value = r.text("created", required=True)
    if value and _when(value) is None:
        problems.add(
            f"'created' must be a date and time such as 2026-11-30T09:41:12+01:00, not {value!r}",
            r.raw("created"),
        )
    return value


def _version(r: Reader, root: Map, problems: Problems) -> None:
    """``schema_version`` may be left out; when given it is the one this kindlead reads."""
    if root.get("schema_version") is not None:
        from kindlead.files.schema import check_version

        check_version(r, root, problems, SCHEMA_VERSION)


def read_target(folder: Path, topic: str) -> Target:
    """``target.md`` of `topic`, validated: every problem at once (`KindleadError`)."""
    from kindlead.files.schema import Problems, Reader

    path = folder / TARGET
    root, _, _ = _read(path, "target file")
    problems = Problems()
    r = Reader(root, problems, "the target file", TARGET_KEYS)
    _version(r, root, problems)
    written = r.text("topic", required=True)
    if written and written != topic:
        problems.add(
            f"topic {written!r} is not the name of its folder ({topic!r}): make them the same",
            r.raw("topic"),
        )
    target = _text(r, "target", problems)
    ask = r.text("ask").strip() or DEFAULT_ASK
    by = _text(r, "by", problems, limit=MAX_NAME)
    created = _created(r, problems)
    if problems:
        raise ValidationError(problems.in_order())
    return Target(topic, target, ask, one_line(by), created, path)


def read_idea(path: Path) -> Idea:
    """One idea file, validated: every problem at once (`KindleadError`)."""
    from kindlead.files.schema import Problems, Reader

    root, body, body_line = _read(path, "idea file")
    problems = Problems()
    r = Reader(root, problems, "the idea", IDEA_KEYS)
    _version(r, root, problems)
    idea_id = r.text("id", required=True)
    if idea_id and idea_id != path.stem:
        problems.add(
            f"id {idea_id!r} is not the file's name without .md ({path.stem!r}): an idea "
            "copied from another needs its own id",
            r.raw("id"),
        )
    by = _text(r, "by", problems, limit=MAX_NAME)
    created = _created(r, problems)
    builds_on = r.texts("builds_on")
    if not body.strip():
        problems.add("the idea is empty: write it below the front matter", Mark(str(path),
                     body_line, 1))  # fmt: skip
    elif len(body) > MAX_TEXT:
        problems.add(f"the idea is too long (over {MAX_TEXT:,} characters)",
                     Mark(str(path), body_line, 1))  # fmt: skip
    if problems:
        raise ValidationError(problems.in_order())
    seen: dict[str, Mark | None] = {}
    for node in builds_on:
        seen.setdefault(node.value.strip(), node.mark)
    return Idea(path.stem, one_line(by), created, tuple(seen), body.strip(), path,
                tuple(seen.values()))  # fmt: skip


def read_ideas(folder: Path) -> tuple[list[Idea], list[Problem]]:
    """Every idea of a topic, in the order they were added, and every problem of the
    files that cannot be read. Files not ending in ``.md`` (and hidden ones) are not
    ideas: a ``.gitkeep`` is left alone."""
    ideas_dir = folder / IDEAS
    try:
        names = sorted(
            n for n in os.listdir(ideas_dir) if n.endswith(".md") and not n.startswith(".")
        )
    except (FileNotFoundError, NotADirectoryError):
        return [], []
    except OSError as e:
        raise KindleadError(Problem(f"cannot read: {e.strerror}", Mark(str(ideas_dir)))) from None
    if len(names) > MAX_IDEAS:
        raise KindleadError(
            Problem(f"more than {MAX_IDEAS:,} ideas; kindlead reads up to that many",
                    Mark(str(ideas_dir)))
        )  # fmt: skip
    ideas: list[Idea] = []
    problems: list[Problem] = []
    for name in names:
        path = ideas_dir / name
        if not IDEA_ID.fullmatch(path.stem):
            problems.append(Problem(
                "an idea's file name is letters, digits, '.', '_' and '-', ending in .md",
                Mark(str(path)),
            ))  # fmt: skip
            continue
        try:
            ideas.append(read_idea(path))
        except KindleadError as e:
            problems.extend(e.problems)
    ideas.sort(key=order)
    return ideas, problems


def order(idea: Idea) -> tuple[float, str]:
    """When an idea was added (any offset), then its id: the order of `Space.ideas`."""
    when = _when(idea.created)
    return (when.timestamp() if when is not None else 0.0, idea.id)


def _when(value: str) -> datetime | None:
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.astimezone()


def load_space(folder: Path, topic: str) -> Space:
    """A topic's target and ideas, the tree of who built on whom, and what is wrong.

    A target that cannot be read is an error; ideas that cannot be read are in
    `Space.problems` (the caller decides: `show` and `plan` refuse, `idea` warns).
    """
    from kindlead.team.tree import arrange

    path = topic_folder(folder, topic)
    target = read_target(path, topic)
    ideas, problems = read_ideas(path)
    tree, warnings = arrange(ideas)
    return Space(topic, path, target, tuple(ideas), tree, warnings, tuple(problems))


def topics(folder: Path) -> tuple[list[Topic], list[Problem]]:
    """Every topic in the team folder, and every problem reading them."""
    found: list[Topic] = []
    problems: list[Problem] = []
    for name in _topic_names(folder):
        path = folder / name
        target: Target | None = None
        try:
            target = read_target(path, name)
        except KindleadError as e:
            problems.extend(e.problems)
        ideas, idea_problems = read_ideas(path)
        problems.extend(idea_problems)
        found.append(Topic(name, path, target, len(ideas), len({i.by for i in ideas})))
    return found, problems


# -- writing -------------------------------------------------------------------------------


def who(by: str | None, where: Path | None = None) -> str:
    """The name an idea or target is written under: `by`, else ``git config user.name``
    (as git sees it in `where`), else the login name."""
    for name in (by, _git_user(where), _login()):
        if name is not None and one_line(name):
            name = one_line(name)
            if len(name) > MAX_NAME:
                raise KindleadError(f"the name is too long (over {MAX_NAME} characters)")
            return name
    raise KindleadError("who are you? Say it with --by NAME (no git user.name or login found)")


def _git_user(where: Path | None) -> str | None:
    import subprocess

    folder = where if where is not None and where.is_dir() else None
    try:
        done = subprocess.run(
            ["git", "config", "user.name"], cwd=folder, capture_output=True, timeout=10,
            check=False, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "replace").strip() or None


def _login() -> str | None:
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return None


def _folder(path: Path) -> Path:
    """`path` as a folder, each folder made for it 0755 (shared, like the files)."""
    from kindlead.files.atomic import make_folder

    return make_folder(path, FOLDER_MODE)


def _write(path: Path, meta: dict[str, Any], body: str, *, force: bool) -> None:
    from kindlead.files.atomic import write_atomically
    from kindlead.journal.store import render_entry

    write_atomically(path, render_entry(meta, body), force=force)
    try:
        os.chmod(path, FILE_MODE)  # shared: not the umask's, not the replaced file's
    except OSError as e:
        raise KindleadError(Problem(f"cannot write: {e.strerror}", Mark(str(path)))) from None


def _now() -> datetime:
    return datetime.now().astimezone()


def check_new(folder: Path, topic: str) -> None:
    """Refuse to start a topic that is started already."""
    path = folder / check_topic(topic) / TARGET
    if path.exists() or path.is_symlink():
        raise KindleadError(Problem(
            f"topic {topic!r} is started already; add ideas with: kindlead team idea {topic} "
            "(--force replaces the target, and keeps the ideas)", Mark(str(path)),
        ))  # fmt: skip


def write_target(
    folder: Path,
    topic: str,
    *,
    target: str,
    ask: str,
    by: str,
    force: bool = False,
    when: datetime | None = None,
    command: str = "",
) -> Target:
    """Write ``target.md`` of a new topic (`force`: replace an existing one; its ideas
    stay). `command` is how teammates add an idea, written into the file's body."""
    if not force:
        check_new(folder, topic)
    path = _folder(folder / check_topic(topic)) / TARGET
    target, ask = _plain(target, "the target"), _plain(ask, "the question")
    if not target:
        raise KindleadError("the target is empty: say what should be happening")
    created = (when or _now()).isoformat(timespec="seconds")
    meta = {
        "schema_version": SCHEMA_VERSION,
        "topic": topic,
        "target": target,
        "ask": ask or DEFAULT_ASK,
        "by": by,
        "created": created,
    }
    body = (
        f"# {one_line(target)}\n\n{ask or DEFAULT_ASK}\n\n"
        f"Add your idea with `{command or f'kindlead team idea {topic}'}`, and build on "
        "each other's: each idea is a file in `ideas/`."
    )
    _write(path, meta, body, force=force)
    return Target(topic, target, ask or DEFAULT_ASK, by, created, path)


def add_idea(
    folder: Path,
    text: str,
    *,
    by: str,
    builds_on: tuple[str, ...] = (),
    when: datetime | None = None,
    token: Callable[[], str] = lambda: secrets.token_hex(2),
) -> Idea:
    """Add an idea to the topic in `folder`, as a new file no one else can be writing."""
    text = _plain(text, "the idea")
    if not text:
        raise KindleadError("the idea is empty")
    if len(text) > MAX_TEXT:
        raise KindleadError(f"the idea is too long (over {MAX_TEXT:,} characters)")
    when = when or _now()
    ideas = _folder(folder / IDEAS)
    stamp = when.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    for _ in range(50):
        idea_id = f"{stamp}-{_words(text)}-{token()}"
        path = ideas / f"{idea_id}.md"
        if path.exists() or path.is_symlink():
            continue
        meta = {
            "schema_version": SCHEMA_VERSION,
            "id": idea_id,
            "by": by,
            # milliseconds: ideas added in the same second keep their order
            "created": when.isoformat(timespec="milliseconds"),
            "builds_on": list(builds_on),
        }
        try:
            _write(path, meta, text, force=False)
        except KindleadError:
            if path.exists() or path.is_symlink():
                continue  # taken between the look and the write
            raise
        return Idea(idea_id, by, str(meta["created"]), builds_on, text, path)
    raise KindleadError(Problem("no free name for the idea; try again", Mark(str(ideas))))


def _plain(text: str, what: str) -> str:
    """`text` as it goes into a file's body: a NUL would make it a binary file no one
    could read again, so it is refused (other control characters are kept, and shown
    as escapes)."""
    if "\0" in text:
        raise KindleadError(f"{what} holds a NUL character, which a text file cannot")
    return normalise_newlines(text).strip()


def _words(text: str) -> str:
    """A few words of the idea for its file name (``idea`` when none are ASCII)."""
    from kindlead.journal.store import slug

    words = slug(text, 32)
    return "idea" if words == "plan" and "plan" not in text.lower() else words
