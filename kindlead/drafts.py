"""Never lose a typed answer: an interview that ends early is kept as a draft.

A draft is a JSON file in ``drafts/`` of the user data folder, readable by its owner
alone: how the run was started (set, prompt folders, rule files, PLAN, output and
format), the answers so far, and the answer that was being typed. ``kindlead reframe
--resume [ID]`` starts from it, and the draft is removed once its plan is finished.
Answers to questions marked ``private`` are never written.

JSON, not YAML: a draft is written and read by kindlead only, and JSON keeps answers as
they were typed (``no`` stays the text no) without a second set of quoting rules.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from kindlead.errors import KindleadError, Mark, Problem
from kindlead.files.atomic import private_folder, write_atomically
from kindlead.files.paths import data_dir
from kindlead.promptsets.model import Answer, PromptSet

FORMAT = "kindlead-draft/1"
LATEST = "latest"
_ID = re.compile(r"[0-9]{8}-[0-9]{6}-[a-z0-9_-]{1,64}(?:-[0-9]{1,2})?")


class Draft(NamedTuple):
    id: str
    created: str
    """When the interview ended, ISO 8601 with the local offset."""
    set_name: str
    """The set as the run named it (a name or a path)."""
    set_id: str
    answers: dict[str, Answer]
    typing: tuple[str, Answer] | None = None
    """The question being answered when it ended, and what was typed of it."""
    prompts_dirs: tuple[str, ...] = ()
    rule_files: tuple[str, ...] = ()
    plan: str | None = None
    output: str | None = None
    format: str | None = None
    reason: str = ""
    journal: bool = True
    """Whether the finished plan goes to the journal (not with --no-journal)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "id": self.id,
            "created": self.created,
            "reason": self.reason,
            "set": self.set_name,
            "set_id": self.set_id,
            "prompts_dirs": list(self.prompts_dirs),
            "rules": list(self.rule_files),
            "plan": self.plan,
            "output": self.output,
            "format_of_output": self.format,
            "journal": self.journal,
            "answers": {k: _jsonable(v) for k, v in self.answers.items()},
            "typing": None
            if self.typing is None
            else {"question": self.typing[0], "value": _jsonable(self.typing[1])},
        }


def drafts_dir() -> Path:
    return data_dir() / "drafts"


def keepable(
    prompt_set: PromptSet, answers: Mapping[str, Answer], typing: tuple[str, Answer] | None
) -> tuple[dict[str, Answer], tuple[str, Answer] | None]:
    """The answers a draft may hold: none to a question marked private."""
    private = {q.id for q in prompt_set.questions if q.private}
    kept: dict[str, Answer] = {k: v for k, v in answers.items() if k not in private}
    return kept, (typing if typing is not None and typing[0] not in private else None)


def save_draft(draft: Draft) -> Draft:
    """Write `draft` under a new id (its `id` is ignored); return it with the id.

    Raises `KindleadError` when it cannot be written (a read-only or full home, a file
    where the folder should be): the caller then shows the answers instead.
    """
    folder = private_folder(drafts_dir())
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    slug = re.sub(r"[^a-z0-9_-]+", "-", draft.set_id.lower()).strip("-")[:64] or "answers"
    for n in range(1, 100):
        draft_id = f"{stamp}-{slug}" + (f"-{n}" if n > 1 else "")
        path = folder / f"{draft_id}.json"
        kept = draft._replace(id=draft_id)
        content = json.dumps(kept.to_json(), ensure_ascii=False, indent=2) + "\n"
        try:
            write_atomically(path, content, force=False, private=True)
        except KindleadError:
            if path.exists() or path.is_symlink():
                continue  # two interviews ended in the same second
            raise
        return kept
    raise KindleadError(Problem("too many drafts at this time", Mark(str(folder))))


def list_drafts() -> tuple[list[Draft], list[Problem]]:
    """Every draft, newest first, and a problem for each file that cannot be read."""
    folder = drafts_dir()
    drafts: list[Draft] = []
    problems: list[Problem] = []
    try:
        paths = sorted(folder.glob("*.json"), reverse=True)
    except OSError:
        return [], []
    for path in paths:
        try:
            drafts.append(read_draft(path))
        except KindleadError as e:
            problems.extend(e.problems)
    return drafts, problems


def find_draft(draft_id: str) -> Draft:
    """The draft named `draft_id`, or the newest for `LATEST`."""
    if draft_id == LATEST:
        drafts, problems = list_drafts()
        if not drafts:
            why = f" ({problems[0]})" if problems else ""
            raise KindleadError(f"there is no draft to continue{why}")
        return drafts[0]
    if not _ID.fullmatch(draft_id):
        raise KindleadError(f"no draft named {draft_id!r} (see 'kindlead journal drafts')")
    path = drafts_dir() / f"{draft_id}.json"
    if not path.is_file():
        raise KindleadError(f"no draft named {draft_id!r} (see 'kindlead journal drafts')")
    return read_draft(path)


def read_draft(path: Path) -> Draft:
    where = Mark(str(path))
    try:
        if path.is_symlink():
            raise KindleadError(Problem("is a link; drafts are never links", where))
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise KindleadError(Problem(f"cannot read: {e}", where)) from None
    except json.JSONDecodeError as e:
        raise KindleadError(Problem(e.msg, Mark(str(path), e.lineno, e.colno))) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise KindleadError(Problem(f"not a kindlead draft (format {FORMAT})", where))
    try:
        typing = data.get("typing")
        return Draft(
            id=path.stem,
            created=str(data["created"]),
            set_name=str(data["set"]),
            set_id=str(data["set_id"]),
            answers={str(k): _answer(v) for k, v in dict(data["answers"]).items()},
            typing=None if not typing else (str(typing["question"]), _answer(typing["value"])),
            prompts_dirs=_texts(data.get("prompts_dirs")),
            rule_files=_texts(data.get("rules")),
            plan=_optional(data.get("plan")),
            output=_optional(data.get("output")),
            format=_optional(data.get("format_of_output")),
            reason=str(data.get("reason") or ""),
            journal=data.get("journal") is not False,
        )
    except (KeyError, TypeError, ValueError) as e:
        raise KindleadError(
            Problem(f"a draft with a missing or wrong entry ({e})", where)
        ) from None


def remove_draft(draft_id: str) -> None:
    """Forget a finished draft (gone already is fine)."""
    path = drafts_dir() / f"{draft_id}.json"
    try:
        if path.is_file() and not path.is_symlink():
            path.unlink()
    except OSError:
        pass  # a draft left behind is listed, not lost: no reason to fail a finished plan


def _jsonable(value: Answer) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _answer(value: Any) -> Answer:
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    if value is None or isinstance(value, bool | str):
        return value
    raise ValueError(f"an answer of type {type(value).__name__}")


def _texts(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ValueError("a list was expected")
    return tuple(str(v) for v in value)


def _optional(value: Any) -> str | None:
    return None if value is None else str(value)


def as_given(answers: Mapping[str, Answer]) -> dict[str, str | tuple[str, ...]]:
    """A draft's answers as scripted values (`kindlead.answers.Given`)."""
    out: dict[str, str | tuple[str, ...]] = {}
    for qid, value in answers.items():
        if isinstance(value, bool):
            out[qid] = "yes" if value else "no"
        elif value is not None:
            out[qid] = value
    return out
