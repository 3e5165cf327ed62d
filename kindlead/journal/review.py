"""The review after the meeting: what happened to each checklist item, whether the
target is happening, whose ideas shaped it, what people say or do now — the last
coached for buy-out signals (`buy-out` rules, the same engine as `check`).

A review is appended: the plan above it is never rewritten. Scripted answers use the
ids of SPEC: ``item.N``, ``target_status``, ``shaped_by`` (repeatable), ``heard`` and
``next`` (``YYYY-MM-DD`` or ``+Nw``/``+Nd``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from kindlead.errors import AnswerError, KindleadError, Problem
from kindlead.journal.store import Entry, next_follow_up, parse_date, replace_entry, title_of
from kindlead.textsafe import from_argv, one_line

if TYPE_CHECKING:
    from kindlead.lint.engine import Finding
    from kindlead.rules.model import Rule

ITEM_STATES = {"done": "done", "partly": "partly", "not_yet": "not yet", "dropped": "dropped"}
TARGET_STATES = {"yes": "yes", "partly": "partly", "not_yet": "not yet"}
SCRIPTED_KEYS = ("item.N", "item.all", "target_status", "shaped_by", "heard", "next")
_SPAN = re.compile(r"\+([0-9]{1,3})([dw])")


class Review(NamedTuple):
    on: date
    items: dict[int, str]
    """1-based checklist index → a key of `ITEM_STATES`."""
    target_status: str
    shaped_by: tuple[str, ...]
    heard: str
    next: date
    signals: tuple[tuple[str, str], ...] = ()
    """Buy-out signals in `heard`: (rule id, the words)."""

    def to_meta(self) -> dict[str, Any]:
        return {
            "date": self.on.isoformat(),
            "items": {str(n): state for n, state in sorted(self.items.items())},
            "target_status": self.target_status,
            "shaped_by": list(self.shaped_by),
            "heard": self.heard,
            "signals": [{"rule": rule, "text": words} for rule, words in self.signals],
            "next": self.next.isoformat(),
        }


@cache
def buyout_rules() -> tuple[Rule, ...]:
    """The buy-out family: going back to the old way, workarounds, quiet non-use,
    "we just comply" (``prompts/review/buy-out.yaml``)."""
    from kindlead.promptsets.catalog import builtin_dir
    from kindlead.rules.loader import load_rule_file

    return load_rule_file(builtin_dir() / "review" / "buy-out.yaml")


def buyout_signals(text: str) -> list[Finding]:
    from kindlead.lint import scan_text

    return scan_text(text, buyout_rules()) if text.strip() else []


def parse_next(value: str, today: date) -> date:
    """``YYYY-MM-DD``, or ``+Nw``/``+Nd`` from `today`. Raises ValueError."""
    value = value.strip()
    span = _SPAN.fullmatch(value)
    if span:
        n = int(span.group(1))
        return today + (timedelta(weeks=n) if span.group(2) == "w" else timedelta(days=n))
    parsed = parse_date(value)
    if parsed is None or len(value) != 10:
        raise ValueError("a date as YYYY-MM-DD, or +4w / +10d from today")
    return parsed


def state_for(typed: str, states: Mapping[str, str]) -> str | None:
    """The state key for `typed`: its key, its words (“not yet”), or its number."""
    word = typed.strip().lower().replace("-", "_").replace(" ", "_")
    if word in states:
        return word
    if word.isdecimal() and 1 <= int(word) <= len(states):
        return list(states)[int(word) - 1]
    return None


def scripted(options: Sequence[str], entry: Entry, today: date) -> dict[str, Any]:
    """``--answer KEY=VALUE`` for a review, checked: every problem at once
    (`AnswerError`). Returns the answers given, by key (``items`` a dict)."""
    problems: list[Problem] = []
    out: dict[str, Any] = {"items": {}, "shaped_by": []}
    count = len(entry.checklist)
    every: str | None = None
    for raw in options:
        option = from_argv(raw)
        if option is None:
            problems.append(Problem("--answer: not UTF-8 text (check the terminal's encoding)"))
            continue
        key, sep, value = option.partition("=")
        key = key.strip()
        if not sep:
            problems.append(Problem(f"--answer {option!r}: expected KEY=VALUE"))
        elif key.startswith("item."):
            n = key[5:]
            state = state_for(value, ITEM_STATES)
            if not (n == "all" or (n.isdecimal() and 1 <= int(n) <= count)):
                problems.append(
                    Problem(f"{key}: the plan's checklist has items 1 to {count} (or item.all)")
                )
            elif state is None:
                problems.append(Problem(f"{key}: one of {', '.join(ITEM_STATES)}, not {value!r}"))
            elif n == "all":
                every = state
            else:
                out["items"][int(n)] = state
        elif key == "target_status":
            state = state_for(value, TARGET_STATES)
            if state is None:
                problems.append(Problem(f"{key}: one of {', '.join(TARGET_STATES)}, not {value!r}"))
            else:
                out[key] = state
        elif key == "shaped_by":
            if value.strip():
                out["shaped_by"].append(value.strip())
        elif key == "heard":
            out[key] = value.strip()
        elif key == "next":
            try:
                out[key] = parse_next(value, today)
            except ValueError as e:
                problems.append(Problem(f"next: {e}, not {value!r}"))
        else:
            known = ", ".join(SCRIPTED_KEYS)
            problems.append(Problem(f"{key!r} is not a review answer (known: {known})"))
    if problems:
        raise AnswerError(problems)
    if every is not None:  # item.all: every item the other options leave open
        out["items"] = {n: out["items"].get(n, every) for n in range(1, count + 1)}
    return out


def missing(given: Mapping[str, Any], entry: Entry) -> list[Problem]:
    """What a review without a person lacks: every item's state and the target status."""
    problems = [
        Problem(f"item.{n}: missing (what happened to “{title_of(one_line(item), 60)}”?)")
        for n, item in enumerate(entry.checklist, start=1)
        if n not in given.get("items", {})
    ]
    if "target_status" not in given:
        problems.append(Problem(f"target_status: missing ({', '.join(TARGET_STATES)})"))
    return problems


def make_review(given: Mapping[str, Any], entry: Entry, today: date) -> Review:
    heard = str(given.get("heard") or "")
    signals = tuple((f.rule, one_line(f.matched)) for f in buyout_signals(heard))
    return Review(
        on=today,
        items=dict(given.get("items") or {}),
        target_status=str(given["target_status"]),
        shaped_by=tuple(given.get("shaped_by") or ()),
        heard=heard,
        next=given.get("next") or next_follow_up(entry, today),
        signals=signals,
    )


def append_review(entry: Entry, review: Review) -> Entry:
    """The entry with `review` appended (front matter and a dated section below the
    plan); the plan itself is not changed."""
    if review.next <= review.on:
        raise KindleadError("the next follow-up must be after today")
    meta = dict(entry.meta)
    meta["reviews"] = [*entry.reviews, review.to_meta()]
    meta["next_review"] = review.next.isoformat()
    return replace_entry(entry, meta, entry.body.rstrip() + "\n\n" + review_markdown(entry, review))


def review_markdown(entry: Entry, review: Review) -> str:
    lines = [f"## Review, {review.on.isoformat()}", ""]
    for n, item in enumerate(entry.checklist, start=1):
        state = review.items.get(n)
        if state is None:
            continue
        box = "x" if state == "done" else " "
        lines.append(f"- [{box}] {one_line(item)} ({ITEM_STATES[state]})")
    lines += ["", f"Is the target happening? {TARGET_STATES[review.target_status]}."]
    if review.shaped_by:
        lines.append(f"Whose ideas shaped it: {', '.join(review.shaped_by)}.")
    if review.heard:
        lines += [
            "",
            "What people say or do now:",
            "",
            *(f"> {ln}" for ln in review.heard.splitlines()),
        ]
    if review.signals:
        lines += ["", "Signs of buy-out to talk about with the team:"]
        lines += [f"- “{words}” ({rule})" for rule, words in review.signals]
    lines += ["", f"Next follow-up: {review.next.isoformat()}."]
    return "\n".join(lines) + "\n"
