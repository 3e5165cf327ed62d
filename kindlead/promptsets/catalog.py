"""Finding prompt sets and rule files: the search path and the built-in data.

Search order, first match wins: ``--prompts-dir`` (each, in order), the
``KINDLEAD_PROMPTS_PATH`` entries, the user's config folder
(``$KINDLEAD_HOME/prompts``, else ``~/.config/kindlead/prompts`` or the platform's
equivalent: `kindlead.files.paths`), then the built-in sets (``prompts/``, shipped
inside the package). A set's name is its file name without ``.yaml``/``.yml``; the
file's ``id`` must match it, so that ``--set NAME`` and the plan's ``set`` agree.
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
    try:
        children = sorted(directory.iterdir())
    except OSError:  # a missing or unreadable folder on the path is simply empty
        return []
    return [
        p
        for p in children
        if p.suffix in SUFFIXES and p.stem != "rules" and not p.name.startswith(".")
    ]


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


def resolve(name_or_path: str, prompts_dirs: Sequence[Path] = ()) -> Path:
    """The file for ``--set NAME|PATH``. A value with a slash or suffix is a path."""
    if os.sep in name_or_path or "/" in name_or_path or name_or_path.endswith(SUFFIXES):
        return Path(name_or_path)
    for loc in search_path(prompts_dirs):
        for suffix in SUFFIXES:
            candidate = loc.path / f"{name_or_path}{suffix}"
            if candidate.is_file():
                return candidate
    raise UnknownPromptSet(name_or_path, [e.name for e in discover(prompts_dirs)])


def builtin_rules() -> Path:
    return builtin_dir() / RULES_FILE


def prompt_set_schema() -> Path:
    """The JSON Schema of prompt sets, shipped inside the package."""
    return Path(__file__).resolve().parent.parent / "schemas" / "prompt-set.schema.json"
