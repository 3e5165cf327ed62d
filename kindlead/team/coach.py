"""The wording of a target or an idea, heard with the built-in rules (buy-in framing,
and telling instead of sharing the target), with suggestions that name this target.

The same engine as `kindlead check` and the coaching in `reframe`; nothing here
decides whether a text may be written — coaching is an offer, never a gate.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kindlead.textsafe import one_line

if TYPE_CHECKING:
    from kindlead.lint.engine import Finding
    from kindlead.team.model import Space

#: The most phrases shown for one text: past this many, more of the same adds nothing.
MAX_FINDINGS = 10


def coach(text: str, *, target: str = "", idea: str = "") -> list[Finding]:
    """The buy-in and telling phrases in `text`, each suggestion naming `target` (and
    the idea built on) where the rule's suggestion has room for them."""
    if not text.strip():
        return []
    from itertools import islice

    from kindlead.lint.engine import blocks, scan_stream
    from kindlead.rules.loader import load_rules
    from kindlead.rules.model import suggestion_for

    rules = load_rules()
    by_id = {rule.id: rule for rule in rules}
    values = {"target": one_line(target).rstrip("."), "idea": one_line(idea)}
    found = islice(scan_stream(blocks(text), rules), MAX_FINDINGS)
    return [
        f._replace(suggestion=suggestion_for(by_id[f.rule], values)) if f.rule in by_id else f
        for f in found
    ]


def coach_idea(text: str, space: Space) -> list[Finding]:
    """`coach` for an idea: suggestions name the target, and the team's first idea."""
    from kindlead.team.tree import quoted

    first = quoted(space.ideas[0]) if space.ideas else ""
    return coach(text, target=space.target.target, idea=first)


def notes(findings: list[Finding], what: str) -> list[str]:
    """The coaching as lines for a script's stderr: each phrase with a suggestion, each
    kind of phrase explained once."""
    out = []
    explained: set[str] = set()
    for f in findings:
        why = "" if f.rule in explained else f" {one_line(f.message)}"
        explained.add(f.rule)
        out.append(
            f"a word on the wording of {what}: “{one_line(f.matched)}” ({f.rule}, line "
            f"{f.line}).{why} Try: {one_line(f.suggestion)}"
        )
    return out
