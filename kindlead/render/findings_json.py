"""`kindlead check --format json`: one JSON document, written as findings arrive
(kindlead/schemas/check-output.schema.json). With ``--explain``, each finding has a
``cue`` and the phrases left alone are listed in ``left_alone``, each with ``why``."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from kindlead.render import FindingsWriter
from kindlead.textsafe import json_dumps

if TYPE_CHECKING:
    from kindlead.errors import Problem
    from kindlead.lint import Finding


class Writer(FindingsWriter):
    def __init__(
        self, out: IO[str], explain: bool = False, *, verbose: bool = False, width: int = 0
    ) -> None:
        super().__init__(out, explain, verbose=verbose, width=width)
        self.count = 0
        self.errors: list[dict[str, object]] = []
        self.left_alone: list[dict[str, object]] = []

    def start(self) -> None:
        self.out.write('{"format_version": 1, "findings": [')

    def finding(self, path: str, f: Finding) -> None:
        if not f.reported:
            self.left_alone.append(
                {
                    "path": path,
                    "line": f.line,
                    "column": f.column,
                    "rule": f.rule,
                    "matched": f.matched,
                    "why": f.cue,
                }
            )
            return
        item = {
            "path": path,
            "line": f.line,
            "column": f.column,
            "end_line": f.end_line,
            "end_column": f.end_column,
            "severity": f.severity,
            "rule": f.rule,
            "matched": f.matched,
            "message": f.message,
            "suggestion": f.suggestion,
        }
        if self.explain:
            item["cue"] = f.cue
        self.out.write(("\n  " if not self.count else ",\n  ") + json_dumps(item))
        self.count += 1

    def error(self, problem: Problem) -> None:
        m = problem.mark
        self.errors.append(
            {
                "path": m.path if m else None,
                "line": m.line if m else None,
                "column": m.column if m else None,
                "message": problem.message,
            }
        )

    def end(self, files: int) -> None:
        errors = json_dumps(self.errors)
        close = "\n]" if self.count else "]"
        left = f', "left_alone": {json_dumps(self.left_alone)}' if self.explain else ""
        self.out.write(f'{close}, "files": {files}, "errors": {errors}{left}}}\n')
