"""The journal: each plan kept as a Markdown file, reviewed after the meeting.

`store` reads and writes the files; `review` is what a review after the meeting
records and how it is coached for buy-out; `export` and `stats` read the journal
for calendars, notes and a look back over the months.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kindlead.journal.store import Entry
    from kindlead.plan import Plan


def keep_plan(plan: Plan, markdown: str) -> Entry:
    """Add `plan` (already without private answers) to the journal, as `markdown`."""
    from kindlead.journal.store import add_entry, title_of
    from kindlead.promptsets.model import Answer

    answers: dict[str, Answer] = dict(plan.answers)
    target = answers.get("target")
    people = answers.get("people")
    first = next((v for v in answers.values() if isinstance(v, str) and v.strip()), "")
    title = title_of(target if isinstance(target, str) and target.strip() else first) or plan.title
    meta = {
        "title": title,
        "set": plan.set_id,
        "target": target if isinstance(target, str) else None,
        "people": list(people) if isinstance(people, tuple) else [],
        "checklist": list(plan.checklist),
        "phrases": len(plan.reframes),
    }
    return add_entry(meta, markdown)
