"""A language rule as data: what it matches, what it says, and how sure it must be.

A rule file is YAML (see docs/rules.md and `kindlead.rules.loader`)::

    schema_version: 1
    rules:
      - id: buy-in
        severity: warning          # error | warning | suggestion
        message: "Buy-in asks people to accept an idea that isn't theirs."
        suggestion: "share the target and work out the way together"
        patterns: ["[get|win] buy-in", "buy into"]
        exceptions: ["(minimum|entry) buy~in"]   # cancel a finding they overlap
        contexts: ["(poker|tournament)"]          # cancel findings in their sentence

Patterns use the phrase language of `kindlead.rules.phrases`, never raw regexes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from kindlead.errors import Mark

SCHEMA_VERSION = 1
SEVERITIES = ("error", "warning", "suggestion")
RULE_ID = re.compile(r"[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)*")


class Rule(NamedTuple):
    id: str
    message: str
    suggestion: str
    patterns: tuple[str, ...]
    exceptions: tuple[str, ...] = ()
    """Phrases naming another sense: a finding they overlap is not reported."""
    contexts: tuple[str, ...] = ()
    """Words that show the sentence is not about people: no finding in that sentence."""
    severity: str = "warning"
    source: Mark | None = None


#: What a suggestion can name, and how it reads when that is not known (in `check`).
PLACEHOLDERS = {"target": "<target>", "idea": "<their idea>", "people": "<the people involved>"}


def suggestion_for(rule: Rule, values: Mapping[str, str] | None = None) -> str:
    """The rule's suggestion, naming what this leader is working toward where known."""
    if "{" not in rule.suggestion:
        return rule.suggestion
    from kindlead.promptsets.template import parse_template

    known = {k: (values or {}).get(k) or generic for k, generic in PLACEHOLDERS.items()}
    return parse_template(rule.suggestion).render(known)
