"""A team space shown: the target and the tree of who built on whom.

Four formats, as for plans: ``rich`` (a terminal), ``text`` (plain, one line an idea,
with its id for ``--builds-on``), ``markdown`` (nested lists) and ``json`` (for
scripts: flat, each idea with its place in the tree). Names and ideas are shown
literally: rich gets `Text`, never markup; control characters become visible
escapes; Markdown is escaped line by line. The tree is indented at most `MAX_DEPTH`
levels — deeper ideas say what they build on — so a long chain cannot make the output
grow as its square.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from kindlead.team.model import Placed, Space
from kindlead.textsafe import json_dumps, one_line, printable

if TYPE_CHECKING:
    from rich.text import Text

FORMATS = ("rich", "text", "markdown", "json")
JSON_FORMAT = "kindlead-team/1"
MAX_DEPTH = 6


class Options(NamedTuple):
    color: bool = False
    width: int = 80
    command: str = ""
    """How to add an idea here (``kindlead team idea TOPIC``), for the rich footer."""


def render(space: Space, fmt: str, options: Options | None = None) -> str:
    options = options or Options()
    if fmt == "json":
        return to_json(space) + "\n"
    if fmt == "markdown":
        return to_markdown(space)
    if fmt == "rich":
        return to_rich(space, options)
    return to_text(space)


class Line(NamedTuple):
    """An idea as shown: how deep, and what it builds on beyond the idea above it."""

    placed: Placed
    depth: int
    note: str


def lines(space: Space) -> list[Line]:
    """The tree, indented at most `MAX_DEPTH` levels."""
    out = []
    number = {p.idea.id: p.number for p in space.tree}
    for p in space.tree:
        depth = min(p.depth, MAX_DEPTH)
        on = list(p.also)
        if p.depth > MAX_DEPTH and p.parent is not None:
            on.insert(0, number[p.parent])
        note = ""
        if on:
            shown_under = p.parent is not None and p.depth <= MAX_DEPTH
            note = f"{'also ' if shown_under else ''}builds on {_numbers(on)}"
        out.append(Line(p, depth, note))
    return out


def _numbers(numbers: list[int]) -> str:
    shown = [str(n) for n in numbers]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"


def _people(space: Space) -> str:
    people = space.people
    n = len(space.ideas)
    if not n:
        return "No ideas yet."
    names = people[0] if len(people) == 1 else f"{', '.join(people[:-1])} and {people[-1]}"
    return f"{n} idea{'s' if n != 1 else ''} from {names}:"


def to_text(space: Space) -> str:
    t = space.target
    out = [
        f"{space.topic}: {one_line(t.target)}",
        f"{t.by} asks: {one_line(t.ask)}",
        "",
        _people(space),
    ]
    for line in lines(space):
        p = line.placed
        note = f" ({line.note})" if line.note else ""
        out.append(f"{'   ' * line.depth}{p.number}. {p.idea.by}: {one_line(p.idea.text)}{note}"
                   f"  [{p.idea.id}]")  # fmt: skip
    return "".join(f"{printable(s)}\n" for s in out)


def to_markdown(space: Space) -> str:
    from kindlead.render.plan_markdown import md

    t = space.target
    when = t.created[:10]
    out = [
        f"# {md(t.target)}",
        "",
        f"Topic `{space.topic}`, shared by {md(t.by)} on {md(when)}.",
        "",
        f"**{md(t.by)} asks:** {md(t.ask)}",
        "",
        "## Ideas",
        "",
    ]
    if not space.ideas:
        out.append("No ideas yet.")
    for line in lines(space):
        p = line.placed
        note = f" *({line.note})*" if line.note else ""
        out.append(f"{'  ' * line.depth}- **{p.number}. {md(p.idea.by)}:** "
                   f"{md(p.idea.text)}{note}")  # fmt: skip
    return "\n".join(out) + "\n"


def to_json(space: Space) -> str:
    from kindlead.team.tree import credit

    known = {i.id: i for i in space.ideas}
    t = space.target
    data: dict[str, Any] = {
        "format": JSON_FORMAT,
        "topic": space.topic,
        "folder": str(space.folder),
        "target": {
            "target": t.target, "ask": t.ask, "by": t.by, "created": t.created,
            "path": str(t.path),
        },
        "people": list(space.people),
        "ideas": [
            {
                "number": p.number, "id": p.idea.id, "by": p.idea.by,
                "created": p.idea.created, "idea": p.idea.text,
                "builds_on": [i for i in p.idea.builds_on if i in known],
                "unknown_builds_on": [i for i in p.idea.builds_on if i not in known],
                "parent": p.parent, "depth": p.depth, "credit": credit(space, p, known),
                "path": str(p.idea.path),
            }
            for p in space.tree
        ],
        "warnings": [str(w) for w in space.warnings],
    }  # fmt: skip
    return json_dumps(data, indent=2)


def to_rich(space: Space, options: Options) -> str:
    import io

    from rich.console import Console

    buffer = io.StringIO()
    console = Console(
        file=buffer, width=options.width, force_terminal=options.color,
        no_color=not options.color, color_system="standard" if options.color else None,
        highlight=False, markup=False, emoji=False,
    )  # fmt: skip
    for renderable in renderables(space, options.command):
        console.print(renderable)
    return buffer.getvalue()


def renderables(space: Space, command: str = "") -> list[Any]:
    """The space as rich renderables (for `to_rich`, and the session's terminal)."""
    from rich.text import Text

    t = space.target
    head = _t(one_line(t.target), "bold")
    about = _t(f"{space.topic} · shared by {t.by} on {t.created[:10]}", "dim")
    ask = _t(f"{t.by} asks: ", "bold") + _t(one_line(t.ask))
    out: list[Any] = [head, about, ask, Text("")]
    out.append(tree(space) if space.ideas else _t("No ideas yet.", "dim"))
    if command:
        out += [Text(""), _t("Add yours: ", "dim") + _t(command)]
    return out


def tree(space: Space) -> Any:
    """The ideas as a rich `Tree` (each idea's text wraps under its own guide)."""
    from rich.tree import Tree

    root = Tree(_t(_people(space), "bold"), guide_style="dim")
    at: list[Tree] = [root]
    for line in lines(space):
        p = line.placed
        label = _t(f"{p.number} ", "bold") + _t(p.idea.by, "cyan") + _t(": ")
        label += _t(one_line(p.idea.text))
        if line.note:
            label += _t(f" ({line.note})", "dim")
        del at[line.depth + 1 :]
        node = at[-1].add(label)
        at.append(node)
    return root


def _t(text: str, style: str = "") -> Text:
    from rich.text import Text

    return Text(printable(text), style=style)
