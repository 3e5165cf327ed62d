"""The review after the meeting, with a person: the checklist item by item, whether
the target is happening, whose ideas shaped it, and what people say or do now — the
last coached for signs of buy-out, kindly, as `check` coaches buy-in.

What `--answer` gave is not asked again. Ctrl-C, Ctrl-D, SIGTERM or SIGHUP end it
with `Interrupted` and nothing is written: the plan's file is only written once, at
the end (`kindlead.journal.review.append_review`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from kindlead.interview.talk import Talk
from kindlead.journal.review import (
    ITEM_STATES,
    TARGET_STATES,
    buyout_signals,
    parse_next,
    state_for,
)
from kindlead.journal.store import Entry, next_follow_up
from kindlead.textsafe import one_line

if TYPE_CHECKING:
    from rich.console import Console

    from kindlead.interview.editor import Reader

NOTHING_WRITTEN = "the review was not saved"


class ReviewSession(Talk):
    def __init__(
        self,
        entry: Entry,
        console: Console,
        today: date,
        *,
        reader: Reader | None = None,
        plain: bool = False,
    ) -> None:
        super().__init__(console, reader=reader, plain=plain)
        self.entry = entry
        self.today = today

    def run(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """The review's answers: `given` (from ``--answer``) and what the person says."""
        answers: dict[str, Any] = {
            "items": dict(given.get("items") or {}),
            "shaped_by": list(given.get("shaped_by") or []),
            **{k: v for k, v in given.items() if k not in ("items", "shaped_by")},
        }
        self.guarded(lambda: self._run(answers), not_done=NOTHING_WRITTEN)
        return answers

    def _run(self, answers: dict[str, Any]) -> None:
        entry = self.entry
        self.say((f"After the meeting: {entry.title}", "bold"))
        created = entry.created[:10]
        self.say(
            (f"Kept on {created}. ", "dim"),
            ("Target: ", "dim"),
            str(entry.meta.get("target") or "(none)"),
        )
        self.say(("Ctrl-C stops at any time; nothing is saved until the end.", "dim"))
        items = entry.checklist
        asked = [n for n in range(1, len(items) + 1) if n not in answers["items"]]
        if asked:
            self.say("")
            self.say(("The checklist", "bold"))
            self._choices(ITEM_STATES)
            for n in asked:
                self.say("")
                self.say((f"{n} of {len(items)}  ", "dim"), one_line(items[n - 1]))
                answers["items"][n] = self._choose(ITEM_STATES)
        if "target_status" not in answers:
            self.say("")
            self.say(("Is the target happening?", "bold"))
            self._choices(TARGET_STATES)
            answers["target_status"] = self._choose(TARGET_STATES)
        if not answers["shaped_by"]:
            self.say("")
            self.say(("Whose ideas shaped what happened?", "bold"))
            people = ", ".join(entry.people)
            hint = (
                f"Names, one a line (the plan named: {people}); "
                if people
                else "Names, one a line; "
            )
            self.say(((hint or "Names, one a line; ") + "an empty line finishes.", "dim"))
            while name := self.prompt("  - ").strip():
                answers["shaped_by"].append(name)
        if "heard" not in answers:
            self.say("")
            self.say(("What do people say or do now?", "bold"))
            self.say(
                ("What you heard and saw since, in their words if you can. "
                 "An empty line finishes.", "dim")
            )  # fmt: skip
            lines: list[str] = []
            while line := self.prompt("  | ").rstrip():
                lines.append(line)
            answers["heard"] = "\n".join(lines)
        self._coach(answers["heard"])
        if "next" not in answers:
            default = next_follow_up(entry, self.today)
            self.say("")
            self.say(("When shall we look again?", "bold"))
            self.say((f"Press Enter for {default.isoformat()}, or type a date (YYYY-MM-DD) "
                      "or +2w, +10d.", "dim"))  # fmt: skip
            while True:
                typed = self.prompt().strip()
                if not typed:
                    answers["next"] = default
                    break
                try:
                    answers["next"] = parse_next(typed, self.today)
                except ValueError as e:
                    self.say((self.mark("no"), "red"), f"{str(e).capitalize()}.", indent=2)
                    continue
                if answers["next"] > self.today:
                    break
                self.say((self.mark("no"), "red"), "A day after today, please.", indent=2)

    def _choices(self, states: Mapping[str, str]) -> None:
        numbered = "  ".join(f"{i}) {word}" for i, word in enumerate(states.values(), start=1))
        self.say((f"Answer with a number or a word: {numbered}", "dim"))

    def _choose(self, states: Mapping[str, str]) -> str:
        while True:
            state = state_for(self.prompt(), states)
            if state is not None:
                return state
            words = ", ".join(states.values())
            self.say((self.mark("no"), "red"), f"A number from 1 to {len(states)}, or a word: "
                     f"{words}.", indent=2)  # fmt: skip

    def _coach(self, heard: str) -> None:
        """Signs of buy-out in what people say or do now, each with a question to ask."""
        findings = buyout_signals(heard)
        if not heard.strip():
            return
        if not findings:
            self.say(("  No signs of buy-out in what you wrote.", "dim"))
            return
        self.say("")
        self.say(
            ("Worth a conversation. ", "bold yellow"),
            "What you heard may mean people have quietly stepped back from the plan:",
            indent=2,
        )
        seen: set[str] = set()
        for f in findings:
            quoted = f'"{one_line(f.matched)}"' if self.plain else f"“{one_line(f.matched)}”"
            self.say("")
            self.say(self.mark("item"), (quoted, "yellow"), indent=2)
            if f.rule not in seen:
                self.say((f.message, "dim"), indent=4)
                seen.add(f.rule)
            self.say("You could ask: ", (f.suggestion, "green"), indent=4)
        self.say("")
        self.say(("These go into the review, to talk about with the team.", "dim"), indent=2)
