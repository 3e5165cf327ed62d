"""`kindlead prompts` as a service: listing, loading, describing, validating, scaffolding.

Returns results and raises `KindleadError`; the command module prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kindlead.errors import KindleadError, Mark, Problem, ValidationError
from kindlead.files.atomic import write_atomically
from kindlead.files.paths import config_dir
from kindlead.promptsets.catalog import (
    RESERVED_NAMES,
    Entry,
    discover,
    find,
    resolve,
)
from kindlead.promptsets.loader import SET_ID, load_prompt_set, load_yaml_set
from kindlead.promptsets.model import RESERVED_IDS, ChecklistItem, PromptSet, is_answered


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
        named = named_questions(item)
        if named:
            extra += (
                f"  (shown only when {_and(named)} {'is' if len(named) == 1 else 'are'} answered)"
            )
        lines.append(f"  - [ ] {item.text.source}{extra}")
    if ps.rules:
        lines += ["", "Extra language rules: " + ", ".join(r.id for r in ps.rules)]
    return "\n".join(lines)


def named_questions(item: ChecklistItem) -> list[str]:
    """The questions a checklist item's text names, in order: the item is left out of
    the plan when any of them is unanswered (see `kindlead.plan.build_checklist`)."""
    names = [text for text, is_name in item.text.parts if is_name and text not in RESERVED_IDS]
    return list(dict.fromkeys(names))


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


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


def check_new_name(name: str) -> None:
    """Refuse a name `prompts new` cannot give a set that --set would then find."""
    if not SET_ID.fullmatch(name):
        raise KindleadError(
            f"{name!r} is not a valid set id: use lower-case letters, digits, '-' or '_', "
            "starting with a letter"
        )
    if name in RESERVED_NAMES:
        raise KindleadError(
            f"{name!r} cannot be a set name: {name}.yaml is where kindlead keeps language "
            "rules, so 'prompts list' and --set would never find the set; choose another name"
        )


def _new_file(name: str, folder: Path | None) -> Path:
    """Where `prompts new` writes NAME.yaml (the folder made if need be)."""
    folder = folder if folder is not None else config_dir() / "prompts"
    path = folder / f"{name}.yaml"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise KindleadError(Problem(f"{folder}: cannot create folder: {e.strerror}")) from None
    if path.exists() and not path.is_file():  # a folder, or a FIFO that would block
        raise KindleadError(Problem("is not a regular file; not written", Mark(str(path))))
    return path


def scaffold(name: str, folder: Path | None, *, force: bool = False) -> Path:
    """Write NAME.yaml, a starter set that validates as written."""
    check_new_name(name)
    path = _new_file(name, folder)
    title = name.replace("-", " ").replace("_", " ").capitalize()
    text = SCAFFOLD.format(name=name, filename=path.name, title=title)
    write_atomically(path, text, force=force)
    try:
        load_prompt_set(path)
    except ValidationError as e:  # pragma: no cover - guarded by a test of the template
        raise AssertionError(f"scaffold does not validate: {e}") from e
    return path


def copy_set(
    name: str,
    source: str,
    folder: Path | None,
    prompts_dirs: Sequence[Path] = (),
    *,
    force: bool = False,
) -> Path:
    """Write NAME.yaml as a copy of the set `source` (a name or a path): its YAML text,
    comments and all, with only the id changed. The source must validate, and so must
    the copy once written."""
    from kindlead.files.yamlload import read_text

    check_new_name(name)
    _, source_path = load_set(source, prompts_dirs)
    text = with_id(read_text(source_path, what="prompt set"), str(source_path), name)
    path = _new_file(name, folder)
    write_atomically(path, text, force=force)
    load_yaml_set(path)  # raises ValidationError, naming the new file
    return path


def with_id(text: str, name: str, new_id: str) -> str:
    """`text`, the YAML of a valid prompt set, with its ``id`` value replaced in place."""
    from kindlead.files.yamlload import Map, Scalar, parse

    root = parse(text, name)
    node = root.get("id") if isinstance(root, Map) else None
    assert isinstance(node, Scalar) and node.mark.line and node.mark.column  # it validated
    lines = text.splitlines(keepends=True)
    start = sum(len(line) for line in lines[: node.mark.line - 1]) + node.mark.column - 1
    written = node.value if node.plain else text[start] + node.value + text[start]
    if text[start : start + len(written)] != written:  # an alias, an escape: leave it be
        raise KindleadError(
            Problem("cannot change this set's id in place; copy the file by hand", node.mark)
        )
    quote = "" if node.plain else text[start]
    return text[:start] + quote + new_id + quote + text[start + len(written) :]


@dataclass(frozen=True)
class Placement:
    """How a new set's file stands on the search path, for `prompts new` to say."""

    shadows: tuple[Entry, ...] = ()
    """Sets of the same name that this file now hides (a built-in one, say)."""
    hidden_by: Entry | None = None
    """A set of the same name earlier on the path, which --set NAME uses instead."""
    on_path: bool = True
    """Whether the file's folder is on the search path at all."""


def placement(path: Path, prompts_dirs: Sequence[Path] = ()) -> Placement:
    entry = find(path.stem, prompts_dirs)
    files = [entry, *entry.shadows] if entry is not None else []
    mine = next((n for n, e in enumerate(files) if _same(e.path, path)), None)
    if mine is None:
        return Placement(on_path=False)
    if mine > 0:
        return Placement(hidden_by=files[0])
    return Placement(shadows=tuple(e for e in files[1:] if not _same(e.path, path)))


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False
