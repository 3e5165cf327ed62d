"""`kindlead prompts` as a service: listing, loading, describing, validating, scaffolding.

Returns results and raises `KindleadError`; the command module prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kindlead.errors import KindleadError, Problem, ValidationError
from kindlead.files.atomic import write_atomically
from kindlead.files.paths import config_dir
from kindlead.promptsets.catalog import Entry, discover, resolve
from kindlead.promptsets.loader import SET_ID, load_prompt_set
from kindlead.promptsets.model import PromptSet, is_answered


@dataclass(frozen=True)
class SetInfo:
    name: str
    title: str
    path: Path
    origin: str
    valid: bool
    shadows: tuple[Entry, ...] = ()


@dataclass(frozen=True)
class Listing:
    sets: tuple[SetInfo, ...]
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        return {
            "format_version": 1,
            "sets": [
                {
                    "id": s.name,
                    "title": s.title,
                    "path": str(s.path),
                    "origin": s.origin,
                    "valid": s.valid,
                    "shadows": [{"path": str(e.path), "origin": e.origin} for e in s.shadows],
                }
                for s in self.sets
            ],
        }


def list_sets(prompts_dirs: Sequence[Path] = ()) -> Listing:
    """Every set on the search path. Broken files are listed, with their problems."""
    infos: list[SetInfo] = []
    problems: list[Problem] = []
    for entry in discover(prompts_dirs):
        try:
            ps = load_prompt_set(entry.path)
        except KindleadError as e:
            problems.extend(e.problems)
            infos.append(SetInfo(entry.name, "", entry.path, entry.origin, False, entry.shadows))
        else:
            infos.append(
                SetInfo(entry.name, ps.title, entry.path, entry.origin, True, entry.shadows)
            )
    return Listing(tuple(infos), tuple(problems))


def load_set(name_or_path: str, prompts_dirs: Sequence[Path] = ()) -> tuple[PromptSet, Path]:
    path = resolve(name_or_path, prompts_dirs)
    return load_prompt_set(path), path


def describe(ps: PromptSet) -> str:
    """A plain-text overview of a prompt set."""
    lines = [ps.title, "=" * len(ps.title)]
    if ps.description:
        lines += [ps.description]
    lines += ["", f"id: {ps.id}", f"file: {ps.path}", "", "Questions:"]
    for n, q in enumerate(ps.questions, 1):
        flags = [q.type]
        if q.required:
            flags.append("required")
        if q.min_items:
            flags.append(f"at least {q.min_items}")
        if q.coach:
            flags.append("coached")
        if q.when:
            flags.append(f"when {q.when}")
        lines.append(f"  {n}. {q.id} ({', '.join(flags)}): {q.prompt.source}")
        if q.choices:
            lines.append(f"     choices: {', '.join(q.choices)}")
        if is_answered(q.default):
            shown = ", ".join(q.default) if isinstance(q.default, tuple) else q.default
            lines.append(
                f"     default: {'yes' if shown is True else 'no' if shown is False else shown}"
            )
    lines += ["", "Checklist:"]
    for item in ps.checklist:
        extra = f"  (for each {item.for_each})" if item.for_each else ""
        extra += f"  (when {item.when})" if item.when else ""
        lines.append(f"  - [ ] {item.text.source}{extra}")
    if ps.rules:
        lines += ["", "Extra language rules: " + ", ".join(r.id for r in ps.rules)]
    return "\n".join(lines)


def validate_file(path: Path) -> str:
    """Validate a prompt set or a rule file; returns which it was."""
    from kindlead.files.yamlload import Map, load
    from kindlead.rules.loader import load_rule_file

    node = load(path, what="file")
    if isinstance(node, Map) and node.get("rules") is not None and node.get("questions") is None:
        load_rule_file(path)
        return "rule file"
    load_prompt_set(path)
    return "prompt set"


SCAFFOLD = """\
# A kindlead prompt set. Reference: docs/prompt-sets.md
# Check it with:  kindlead prompts validate {filename}
# Use it with:    kindlead reframe --set {name}
schema_version: 1
id: {name}          # must match the file name
title: {title}
description: >-
  One or two sentences shown at the start of the interview: what this
  reflection is for, in a kind and concrete voice.

questions:
  # Each question: id (lower_case), prompt, and optionally help, type
  # (text | multiline | list | choice | confirm), required, default,
  # choices (choice), min_items (list), when (a condition), coach (scan the
  # answer for buy-in language and offer cooperative wording).
  - id: plan
    prompt: What do you want to bring to the team?
    help: Write it as you would say it today.
    type: multiline
    required: true
    coach: true

  - id: target
    prompt: What should be happening once this works?
    help: The target, not the solution.
    required: true

  - id: team_ideas
    prompt: Which of the team's ideas can you build on?
    type: list
    min_items: 1

  - id: check_in
    prompt: Will you check back with the team afterwards?
    type: confirm
    default: yes

  - id: check_in_when
    prompt: When will you check back?
    when:             # asked only if the condition holds
      question: check_in
      equals: yes

# Optional: extra language rules, in the format of docs/rules.md.
# rules:
#   - id: {name}.example
#     message: Why this wording works against cooperation.
#     suggestion: A cooperative way to say it.
#     patterns: ["make them agree"]

checklist:
  # Text with {{placeholders}} naming question ids. An item can repeat over a
  # list answer (for_each: QUESTION, {{item}} is the entry) or over the buy-in
  # phrases found (for_each: findings, with {{item}} and {{suggestion}}), and
  # can have a `when` condition like a question.
  - "Share the target: {{target}}"
  - text: "Build on: {{item}}"
    for_each: team_ideas
  - text: "Instead of \\"{{item}}\\", try: {{suggestion}}"
    for_each: findings
  - text: "Check back with the team: {{check_in_when}}"
    when:
      question: check_in
      equals: yes
"""


def scaffold(name: str, folder: Path | None, *, force: bool = False) -> Path:
    """Write NAME.yaml, a starter set that validates as written."""
    if not SET_ID.fullmatch(name):
        raise KindleadError(
            f"{name!r} is not a valid set id: use lower-case letters, digits, '-' or '_', "
            "starting with a letter"
        )
    folder = folder if folder is not None else config_dir() / "prompts"
    path = folder / f"{name}.yaml"
    title = name.replace("-", " ").replace("_", " ").capitalize()
    text = SCAFFOLD.format(name=name, filename=path.name, title=title)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise KindleadError(Problem(f"{folder}: cannot create folder: {e.strerror}")) from None
    write_atomically(path, text, force=force)
    try:
        load_prompt_set(path)
    except ValidationError as e:  # pragma: no cover - guarded by a test of the template
        raise AssertionError(f"scaffold does not validate: {e}") from e
    return path
