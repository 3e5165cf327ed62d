"""A team space as data: its target, its ideas, and the ideas arranged as a tree."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from kindlead.errors import Mark, Problem


class Target(NamedTuple):
    """``target.md``: what should be happening, and the question to the team."""

    topic: str
    target: str
    ask: str
    by: str
    created: str
    path: Path


class Idea(NamedTuple):
    """One file in ``ideas/``: an idea, who had it, and the ideas it builds on."""

    id: str
    """The file's name without ``.md``."""
    by: str
    created: str
    builds_on: tuple[str, ...]
    text: str
    path: Path
    builds_on_marks: tuple[Mark | None, ...] = ()
    """Where each of `builds_on` is written, for warnings."""


class Placed(NamedTuple):
    """An idea in the tree of who built on whom."""

    idea: Idea
    number: int
    """1-based, in the order the ideas were added."""
    depth: int
    parent: str | None
    """The id of the idea it is shown under (the first it builds on that is known)."""
    also: tuple[int, ...] = ()
    """The numbers of the other known ideas it builds on."""


class Space(NamedTuple):
    topic: str
    folder: Path
    target: Target
    ideas: tuple[Idea, ...]
    """In the order they were added."""
    tree: tuple[Placed, ...]
    """Every idea once, parents before the ideas that build on them."""
    warnings: tuple[Problem, ...] = ()
    """What does not stop a plan: an unknown ``builds_on``, a circle of ideas."""
    problems: tuple[Problem, ...] = ()
    """Idea files that cannot be read (``FILE:LINE:COL``): `show` and `plan` refuse
    them, `idea` warns."""

    def idea(self, idea_id: str) -> Idea | None:
        return next((i for i in self.ideas if i.id == idea_id), None)

    @property
    def people(self) -> tuple[str, ...]:
        """Everyone who added an idea, in the order of their first one."""
        return tuple(dict.fromkeys(i.by for i in self.ideas))


class Topic(NamedTuple):
    """A topic of `kindlead team list`."""

    topic: str
    folder: Path
    target: Target | None
    """None when ``target.md`` cannot be read (see the problems)."""
    ideas: int
    people: int
