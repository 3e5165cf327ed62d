"""Finding prompt sets and rule files: the search path and the built-in data.

Search order, first match wins: ``--prompts-dir`` (each, in order), the
``KINDLEAD_PROMPTS_PATH`` entries, the user's config folder
(``$KINDLEAD_HOME/prompts``, else ``~/.config/kindlead/prompts`` or the platform's
equivalent: `kindlead.files.paths`), then the built-in sets (``prompts/``, shipped
inside the package). A set's name is its file name without ``.yaml``/``.yml``; the
file's ``id`` must match it, so that ``--set NAME`` and the plan's ``set`` agree.

`discover` is the one search: ``prompts list``, ``--set NAME`` and completion all
read it, so they agree on which file wins. Whatever is there under a set's file name
wins, even a folder or a link to nothing, and loading it then says what is wrong with
it rather than quietly using a set further down the path. ``rules`` is never a set:
``rules.yaml`` is the name of the built-in rule file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from kindlead.errors import UnknownPromptSet
from kindlead.files.paths import config_dir

ENV_PATH = "KINDLEAD_PROMPTS_PATH"
RULES_FILE = "rules.yaml"
SUFFIXES = (".yaml", ".yml")
#: Names that are never prompt sets (``rules.yaml`` holds language rules).
RESERVED_NAMES = frozenset({"rules"})


def env_path_list(value: str | None) -> list[Path]:
    """Split a PATH-like environment value, dropping empty entries."""
    if not value:
        return []
    return [Path(p).expanduser() for p in value.split(os.pathsep) if p]


def builtin_dir() -> Path:
    """The built-in `prompts/`: inside the wheel, or beside the package in a checkout."""
    here = Path(__file__).resolve().parent.parent  # the kindlead package
    packaged = here / "_prompts"
    return packaged if packaged.is_dir() else here.parent / "prompts"


class Location(NamedTuple):
    path: Path
    origin: str  # "--prompts-dir", "KINDLEAD_PROMPTS_PATH", "user", "built-in"


class Entry(NamedTuple):
    """A prompt-set file found on the search path."""

    name: str
    path: Path
    origin: str
    shadows: tuple[Entry, ...] = ()


def search_path(prompts_dirs: Sequence[Path] = ()) -> list[Location]:
    locations = [Location(Path(d), "--prompts-dir") for d in prompts_dirs]
    locations += [Location(d, ENV_PATH) for d in env_path_list(os.environ.get(ENV_PATH))]
    locations.append(Location(config_dir() / "prompts", "user"))
    locations.append(Location(builtin_dir(), "built-in"))
    return locations


def _set_files(directory: Path) -> Iterable[Path]:
    """The set files of one folder, by name, ``.yaml`` before ``.yml``."""
    try:
        children = list(directory.iterdir())
    except OSError:  # a missing or unreadable folder on the path is simply empty
        return []
    return sorted(
        (
            p
            for p in children
            if p.suffix in SUFFIXES and p.stem not in RESERVED_NAMES and not p.name.startswith(".")
        ),
        key=lambda p: (p.stem, SUFFIXES.index(p.suffix)),
    )


def discover(prompts_dirs: Sequence[Path] = ()) -> list[Entry]:
    """Every prompt set on the path, winners first-come, each with what it shadows."""
    found: dict[str, list[Entry]] = {}
    for loc in search_path(prompts_dirs):
        for path in _set_files(loc.path):
            found.setdefault(path.stem, []).append(Entry(path.stem, path, loc.origin))
    return [
        Entry(e[0].name, e[0].path, e[0].origin, tuple(e[1:]))
        for e in sorted(found.values(), key=lambda es: es[0].name)
    ]


def find(name: str, prompts_dirs: Sequence[Path] = ()) -> Entry | None:
    """The set named `name` as `discover` finds it (with what it shadows), or None."""
    return next((e for e in discover(prompts_dirs) if e.name == name), None)


def is_path(name_or_path: str) -> bool:
    """Whether ``--set`` was given a file rather than a name: a slash or a suffix."""
    return os.sep in name_or_path or "/" in name_or_path or name_or_path.endswith(SUFFIXES)


def resolve(name_or_path: str, prompts_dirs: Sequence[Path] = ()) -> Path:
    """The file for ``--set NAME|PATH``. A value with a slash or suffix is a path.

    A name is looked up exactly as `discover` lists it, so what ``prompts list`` shows
    as the winner is what is used, even when it is broken (loading it says how).
    """
    if is_path(name_or_path):
        return Path(name_or_path)
    entries = discover(prompts_dirs)
    for entry in entries:
        if entry.name == name_or_path:
            return entry.path
    raise UnknownPromptSet(name_or_path, [e.name for e in entries])


def builtin_rules() -> Path:
    return builtin_dir() / RULES_FILE


def prompt_set_schema() -> Path:
    """The JSON Schema of prompt sets, shipped inside the package."""
    return Path(__file__).resolve().parent.parent / "schemas" / "prompt-set.schema.json"
