"""A plan styled for a terminal by rich: a checkbox per checklist item.

Colour only when the caller asks for it (`kindlead.render.use_colour`); text is
always given to rich as `Text`, never as markup.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kindlead.plan import MORE_REFRAMES
from kindlead.render.plan_text import value_lines, where
from kindlead.textsafe import one_line, printable

if TYPE_CHECKING:
    from kindlead.plan import Plan
    from kindlead.render import Options

CHECKBOX = "☐"


def render(plan: Plan, options: Options) -> str:
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
        for line in _reflow(value_lines(e)):  # already printable
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
                (f"  ({where(r)})", "dim"),
            )
            block(found, "  • ", "    ")
            block(Text(printable(f.message), style="dim"), "    ", "    ")
        if plan.more_reframes:
            block(Text(MORE_REFRAMES.format(len(plan.reframes)), style="dim"), "  ", "  ")
    console.print()
    console.print(Text("Checklist", style="bold"), soft_wrap=True)
    for item in plan.checklist:
        block(Text(printable(one_line(item))), f"  {CHECKBOX} ", "    ", style="cyan")
    return buffer.getvalue()


_STRUCTURE = re.compile(r"\s*(?:[-*+#>|]|\d+[.)])")


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
