"""Who built on whom: the ideas as a tree, and the credits a plan is made from.

An idea may build on several others, so the ideas form a graph, not a tree. Each idea
is shown once, under the first idea it builds on that is known (its other ones are
named beside it). A ``builds_on`` naming no idea of the topic is a warning — the idea
may not be pulled yet — and a circle of ideas (edited by hand) is a warning too: the
walk visits each idea once, so nothing can make it loop, however the files are
written. The walk keeps its own stack: a chain of thousands of ideas is no deeper
for Python than one.
"""

from __future__ import annotations

from collections.abc import Sequence

from kindlead.errors import Mark, Problem
from kindlead.team.model import Idea, Placed, Space
from kindlead.textsafe import one_line

#: How much of an idea a credit quotes when another idea builds on it.
QUOTED = 50


def arrange(ideas: Sequence[Idea]) -> tuple[tuple[Placed, ...], tuple[Problem, ...]]:
    """`ideas` (in the order they were added) as a tree, parents first; and warnings."""
    number = {idea.id: n for n, idea in enumerate(ideas, start=1)}
    warnings: list[Problem] = []
    parents: dict[str, list[str]] = {}
    children: dict[str | None, list[Idea]] = {}
    for idea in ideas:
        known: list[str] = []
        for parent, mark in zip(idea.builds_on, _marks(idea), strict=True):
            if parent == idea.id:
                warnings.append(Problem("the idea builds on itself; that is left out", mark))
            elif parent not in number:
                warnings.append(Problem(
                    f"builds_on {parent!r}: no such idea in this topic (not pulled yet, or "
                    "removed?)", mark,
                ))  # fmt: skip
            else:
                known.append(parent)
        parents[idea.id] = known
        children.setdefault(known[0] if known else None, []).append(idea)

    placed: list[Placed] = []
    seen: set[str] = set()

    def walk(start: Idea) -> None:
        stack = [(start, 0)]
        while stack:
            idea, depth = stack.pop()
            if idea.id in seen:
                continue
            seen.add(idea.id)
            known = parents[idea.id]
            first: str | None = known[0] if known else None
            also = tuple(number[p] for p in known[1:])
            if depth == 0 and first is not None:  # the way into a circle: say what it is on
                also = (number[first], *also)
                first = None
            placed.append(Placed(idea, number[idea.id], depth, first, also))
            later = [c for c in children.get(idea.id, ()) if c.id not in seen]
            stack.extend((c, depth + 1) for c in reversed(later))

    for root in children.get(None, ()):
        walk(root)
    for idea in ideas:  # what no root leads to is in, or after, a circle
        if idea.id not in seen:
            warnings.append(_circle(idea, parents, number))
            walk(idea)
    return tuple(placed), tuple(warnings)


def _marks(idea: Idea) -> tuple[Mark | None, ...]:
    marks = idea.builds_on_marks
    return (
        marks
        if len(marks) == len(idea.builds_on)
        else (Mark(str(idea.path)),) * len(idea.builds_on)
    )


def _circle(idea: Idea, parents: dict[str, list[str]], number: dict[str, int]) -> Problem:
    """The circle that `idea` leads into, following the first idea each builds on."""
    path: list[str] = []
    at: str | None = idea.id
    while at is not None and at not in path:
        path.append(at)
        at = parents[at][0] if parents[at] else None
    circle = path[path.index(at) :] if at is not None else path
    shown = " → ".join(str(number[i]) for i in [*circle, circle[0]])
    ids = ", ".join(circle)
    return Problem(
        f"ideas that build on each other in a circle ({shown}: {ids}); each is shown once",
        Mark(str(idea.path)),
    )


# -- what a plan is made from --------------------------------------------------------------


def possessive(name: str) -> str:
    return f"{name}'" if name.endswith("'") else f"{name}'s"


def quoted(idea: Idea) -> str:
    """The start of an idea, to name it when another builds on it."""
    from kindlead.journal.store import title_of

    return title_of(one_line(idea.text), QUOTED)


def credit(space: Space, placed: Placed, by_id: dict[str, Idea] | None = None) -> str:
    """``Wei's idea: … (building on Ana's “…”)``: the idea, with its author and the
    authors of the ideas it built on. (`by_id`: the space's ideas by id, when many
    credits are made.)"""
    idea = placed.idea
    by_id = by_id if by_id is not None else {i.id: i for i in space.ideas}
    built_on = [by_id[i] for i in idea.builds_on if i in by_id and i != idea.id]
    # (no full stop at the end: it is an item of a list, and a suggestion may quote it)
    line = f"{possessive(idea.by)} idea: {one_line(idea.text).rstrip('.')}"
    if not built_on:
        return line
    names = [f"{possessive(p.by)} “{quoted(p)}”" for p in built_on]
    joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"{line} (building on {joined})"


def credits(space: Space) -> list[str]:
    """Every idea, credited, in the order of the tree (an idea after those it built on)."""
    by_id = {i.id: i for i in space.ideas}
    return [credit(space, p, by_id) for p in space.tree]
