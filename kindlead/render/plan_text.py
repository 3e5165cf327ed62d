"""A plan as plain text, with ``[ ]`` boxes for the checklist."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kindlead.plan import MORE_REFRAMES
from kindlead.textsafe import one_line, printable

if TYPE_CHECKING:
    from kindlead.plan import Entry, Plan, Reframe
    from kindlead.render import Options


def where(r: Reframe) -> str:
    f = r.finding
    item = f", item {r.item + 1}" if r.item is not None else ""
    return f"in {r.question}{item}, line {f.line}, column {f.column}"


def render(plan: Plan, options: Options) -> str:
    p = printable
    out = [p(plan.title), "=" * min(len(plan.title), options.width), ""]
    for e in plan.entries:
        out.append(p(e.label))
        # the leader's own words, quoted (Markdown's "> "), as `kindlead check` reads them
        out += [f"  > {line}".rstrip() for line in value_lines(e)]
        out.append("")
    if plan.reframes:
        out.append("Reframed language")
        for r in plan.reframes:
            f = r.finding
            out.append(f"  “{p(one_line(f.matched))}” ({where(r)})")
            out.append(f"    → {p(f.suggestion)}")
            out.append(f"    {p(f.message)}")
        if plan.more_reframes:
            out.append(f"  {MORE_REFRAMES.format(len(plan.reframes))}")
        out.append("")
    out.append("Checklist")
    out += [f"  [ ] {p(one_line(item))}" for item in plan.checklist]
    return "\n".join(out) + "\n"


def value_lines(e: Entry) -> list[str]:
    v = e.value
    if isinstance(v, tuple):
        return [f"- {printable(one_line(item))}" for item in v]
    if isinstance(v, bool):
        return ["yes" if v else "no"]
    return printable(v or "", keep_newlines=True).splitlines()
