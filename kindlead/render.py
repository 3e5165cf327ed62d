"""Rendering a plan: one function per format, each `Plan` → the text to write.

- ``rich``: a styled checklist with a checkbox per item (colour only when asked for);
- ``text``: the same content, plain, with ``[ ]`` boxes;
- ``markdown``: headings, bullet lists and a GitHub task list (``- [ ] …``);
- ``json``: a stable, versioned document for scripts.

User and prompt-set text is always shown literally: control characters become
visible escapes (``\\x1b``), rich never parses markup (only `Text` objects), and
Markdown-significant characters are backslash-escaped so an answer cannot break the
list or smuggle in a link.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

from kindlead import recache
from kindlead.plan import FORMAT_VERSION, Entry, Plan, Reframe
from kindlead.promptset import Answer
from kindlead.record import Record
from kindlead.textsafe import json_dumps, one_line, printable

FORMATS = ("rich", "text", "markdown", "json")

CHECKBOX = "☐"


class Options(Record):
    __slots__ = ("color", "width")
    color: bool
    width: int

    def __init__(self, color: bool = False, width: int = 80) -> None:
        self._init(color, width)


Renderer = Callable[[Plan, Options], str]


def render(plan: Plan, fmt: str, options: Options | None = None) -> str:
    return RENDERERS[fmt](plan, options or Options())


#: ``--output`` file extensions and the format each implies (anything else: text).
EXTENSIONS = {".md": "markdown", ".markdown": "markdown", ".json": "json", ".txt": "text"}


def format_for(filename: str) -> str:
    """The format an output file's extension asks for: Markdown, JSON, or text."""
    _, ext = os.path.splitext(filename)
    return EXTENSIONS.get(ext.lower(), "text")


def use_colour(stream: object, environ: Mapping[str, str] | None = None) -> bool:
    """Whether output to `stream` is styled, by the conventions; one rule for every console.

    In order: ``NO_COLOR`` (non-empty) turns colour off — it wins over ``FORCE_COLOR``,
    as in rich; ``FORCE_COLOR`` (non-empty) turns it on, even in a pipe or with
    ``TERM=dumb`` (force-color.org); ``TERM=dumb`` turns it off; so does a stream
    that is not a terminal.
    """
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    if env.get("TERM", "") == "dumb":
        return False
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return False


def _where(r: Reframe) -> str:
    f = r.finding
    item = f", item {r.item + 1}" if r.item is not None else ""
    return f"in {r.question}{item}, line {f.line}, column {f.column}"


# -- text ----------------------------------------------------------------------------


def render_text(plan: Plan, options: Options) -> str:
    p = printable
    out = [p(plan.title), "=" * min(len(plan.title), options.width), ""]
    for e in plan.entries:
        out.append(p(e.label))
        out += [f"  {line}" for line in _value_lines(e)]
        out.append("")
    if plan.reframes:
        out.append("Reframed language")
        for r in plan.reframes:
            f = r.finding
            out.append(f"  “{p(one_line(f.matched))}” ({_where(r)})")
            out.append(f"    → {p(f.suggestion)}")
            out.append(f"    {p(f.message)}")
        out.append("")
    out.append("Checklist")
    out += [f"  [ ] {p(one_line(item))}" for item in plan.checklist]
    return "\n".join(out) + "\n"


def _value_lines(e: Entry) -> list[str]:
    v = e.value
    if isinstance(v, tuple):
        return [f"- {printable(one_line(item))}" for item in v]
    if isinstance(v, bool):
        return ["yes" if v else "no"]
    return printable(v or "", keep_newlines=True).splitlines()


# -- markdown ------------------------------------------------------------------------

_MD_INLINE = recache.compile(r"([\\`*_\[\]<>~|&!#])")
_MD_LINE_START = recache.compile(r"^(?:([-+=])|(\d+)([.)]))")


def md(text: str) -> str:
    """One line of user text, safe inside a Markdown paragraph, list or task item."""
    escaped = _MD_INLINE.sub(r"\\\1", printable(one_line(text)))
    # A line that would start a list, a setext heading underline or a numbered list.
    return _MD_LINE_START.sub(
        lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", escaped
    )


def render_markdown(plan: Plan, options: Options) -> str:
    out = [f"# {md(plan.title)}", ""]
    if plan.description:
        out += [md(plan.description), ""]
    for e in plan.entries:
        out += [f"## {md(e.label)}", ""]
        if isinstance(e.value, tuple):
            out += [f"- {md(item)}" for item in e.value]
        elif isinstance(e.value, bool):
            out.append("yes" if e.value else "no")
        else:
            # Paragraph breaks stay; every line is escaped on its own.
            for line in (e.value or "").splitlines():
                out.append(md(line) if line.strip() else "")
        out.append("")
    if plan.reframes:
        out += ["## Reframed language", ""]
        for r in plan.reframes:
            f = r.finding
            out.append(f"- “{md(f.matched)}” → {md(f.suggestion)} ({md(_where(r))})")
        out.append("")
    out += ["## Checklist", ""]
    out += [f"- [ ] {md(item)}" for item in plan.checklist]
    return "\n".join(out) + "\n"


# -- json ----------------------------------------------------------------------------


def to_json(plan: Plan) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "set": plan.set_id,
        "title": plan.title,
        "answers": {qid: _json_answer(v) for qid, v in plan.answers},
        "findings": [
            {
                "question": r.question,
                "item": r.item,
                "rule": r.finding.rule,
                "severity": r.finding.severity,
                "matched": r.finding.matched,
                "message": r.finding.message,
                "suggestion": r.finding.suggestion,
                "line": r.finding.line,
                "column": r.finding.column,
                "end_line": r.finding.end_line,
                "end_column": r.finding.end_column,
            }
            for r in plan.reframes
        ],
        "checklist": [{"text": item, "done": False} for item in plan.checklist],
    }


def _json_answer(v: Answer) -> Any:
    return list(v) if isinstance(v, tuple) else v


def render_json(plan: Plan, options: Options) -> str:
    return json_dumps(to_json(plan), indent=2) + "\n"


# -- rich ----------------------------------------------------------------------------


def render_rich(plan: Plan, options: Options) -> str:
    import io

    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=options.width,
        force_terminal=options.color,
        no_color=not options.color,
        color_system="standard" if options.color else None,  # the caller decided
        highlight=False,
        markup=False,
        emoji=False,
    )

    def block(text: Text, first: str = "  ", rest: str = "  ", style: str = "") -> None:
        """Print `text` wrapped under a hanging indent, with no padding to the right."""
        width = max(20, options.width - len(rest))
        for paragraph in text.split("\n"):
            if not paragraph.plain.strip():
                console.print()
                continue
            for i, line in enumerate(paragraph.wrap(console, width)):
                line.rstrip()
                console.print(Text(first if i == 0 else rest, style=style) + line, soft_wrap=True)
            first = rest

    def t(s: str, style: str = "") -> Text:
        return Text(printable(s, keep_newlines=True), style=style)

    console.print(t(plan.title, "bold underline"), soft_wrap=True)
    for e in plan.entries:
        console.print()
        console.print(t(e.label, "bold"), soft_wrap=True)
        for line in _reflow(_value_lines(e)):  # already printable
            bullet = line.startswith("- ")
            block(Text(line[2:] if bullet else line), "  • " if bullet else "  ",
                  "    " if bullet else "  ")  # fmt: skip
    if plan.reframes:
        console.print()
        console.print(Text("Reframed language", style="bold"), soft_wrap=True)
        for r in plan.reframes:
            f = r.finding
            found = Text.assemble(
                ("“", ""),
                (printable(one_line(f.matched)), "yellow"),
                ("” → ", ""),
                (printable(f.suggestion), "green"),
                (f"  ({_where(r)})", "dim"),
            )
            block(found, "  • ", "    ")
            block(Text(printable(f.message), style="dim"), "    ", "    ")
    console.print()
    console.print(Text("Checklist", style="bold"), soft_wrap=True)
    for item in plan.checklist:
        block(Text(printable(one_line(item))), f"  {CHECKBOX} ", "    ", style="cyan")
    return buffer.getvalue()


_STRUCTURE = recache.compile(r"\s*(?:[-*+#>|]|\d+[.)])")


def _reflow(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines of a paragraph so rich can wrap them to the terminal."""
    out: list[str] = []
    for line in lines:
        joinable = out and out[-1].strip() and line.strip() and not _STRUCTURE.match(line)
        if joinable and not _STRUCTURE.match(out[-1]):
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"
        else:
            out.append(line)
    return out


RENDERERS: dict[str, Renderer] = {
    "rich": render_rich,
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
}
