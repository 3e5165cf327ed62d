"""A plan as a stable, versioned JSON document for scripts
(kindlead/schemas/reframe-output.schema.json)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kindlead.plan import FORMAT_VERSION
from kindlead.textsafe import json_dumps

if TYPE_CHECKING:
    from kindlead.plan import Plan
    from kindlead.promptsets.model import Answer
    from kindlead.render import Options


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
        "findings_complete": not plan.more_reframes,
        "checklist": [{"text": item, "done": False} for item in plan.checklist],
    }


def _json_answer(v: Answer) -> Any:
    return list(v) if isinstance(v, tuple) else v


def render(plan: Plan, options: Options) -> str:
    return json_dumps(to_json(plan), indent=2) + "\n"
