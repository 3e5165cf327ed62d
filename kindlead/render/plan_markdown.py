"""A plan as Markdown: headings, lists and a GitHub task list (``- [ ] …``).

Every line of user text is escaped on its own, so an answer cannot break the list,
start a heading or smuggle in a link.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kindlead.plan import MORE_REFRAMES
from kindlead.render.plan_text import where
from kindlead.textsafe import one_line, printable

if TYPE_CHECKING:
    from kindlead.plan import Plan
    from kindlead.render import Options

_MD_INLINE = re.compile(r"([\\`*_\[\]<>~|&!#])")
_MD_LINE_START = re.compile(r"^(?:([-+=])|(\d+)([.)]))")


def md(text: str) -> str:
    """One line of user text, safe inside a Markdown paragraph, list or task item."""
    escaped = _MD_INLINE.sub(r"\\\1", printable(one_line(text)))
    # A line that would start a list, a setext heading underline or a numbered list.
    return _MD_LINE_START.sub(
        lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", escaped
    )


def render(plan: Plan, options: Options) -> str:
    out = [f"# {md(plan.title)}", ""]
    if plan.description:
        out += [md(plan.description), ""]
    for e in plan.entries:
        out += [f"## {md(e.label)}", ""]
        # The leader's own words, as a block quote: `kindlead check` hears them as a
        # quotation, not as buy-in framing of the plan itself.
        if isinstance(e.value, tuple):
            out += [f"> - {md(item)}" for item in e.value]
        elif isinstance(e.value, bool):
            out.append("yes" if e.value else "no")
        else:
            # Paragraph breaks stay; every line is escaped on its own.
            for line in (e.value or "").splitlines():
                out.append(f"> {md(line)}" if line.strip() else ">")
        out.append("")
    if plan.reframes:
        out += ["## Reframed language", ""]
        for r in plan.reframes:
            f = r.finding
            out.append(f"- “{md(f.matched)}” → {md(f.suggestion)} ({md(where(r))})")
        if plan.more_reframes:
            out += ["", MORE_REFRAMES.format(len(plan.reframes))]
        out.append("")
    out += ["## Checklist", ""]
    out += [f"- [ ] {md(item)}" for item in plan.checklist]
    return "\n".join(out) + "\n"
