"""The interactive interview: questions, the coaching moment, and the review step.

Everything is written to a rich `Console` on stderr (as `Text`, never markup), and
answers are read with an injected `read_line`, so the interview can be driven in
tests and the plan can still go to stdout: ``kindlead reframe > plan.md`` works.

Answers are typed through a `Reader` (`kindlead.interview.editor`): a line editor,
or plain lines. Validation is `kindlead.answers.coerce`, the same as for scripted
answers; a typed answer that does not fit is explained and asked again. Ctrl-C,
Ctrl-D (end of input at a prompt), SIGTERM and SIGHUP end the session with
`Interrupted`, carrying the answers so far and the one being typed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from kindlead.answers import (
    FROM_DRAFT,
    FROM_FILE,
    FROM_OPTION,
    FROM_PLAN,
    Checked,
    Gathered,
    Known,
    coerce,
    text,
    walk,
)
from kindlead.errors import Interrupted
from kindlead.interview.editor import END_OF_TEXT, Reader
from kindlead.interview.talk import (
    ReadLine,
    Talk,
    _number,
)
from kindlead.plan import Reframe, about_this_leader, coach_answer, personal
from kindlead.promptsets.model import Answer, PromptSet, Question, is_answered
from kindlead.textsafe import one_line

if TYPE_CHECKING:
    from rich.console import Console

    from kindlead.rules.model import Rule


class Interview(Talk):
    def __init__(
        self,
        prompt_set: PromptSet,
        rules: Sequence[Rule],
        console: Console,
        read_line: ReadLine | None = None,
        plan_name: str = "PLAN",
        finish: str = "see your plan",
        *,
        reader: Reader | None = None,
        plain: bool = False,
        use_editor: bool = False,
        started: Mapping[str, Answer] | None = None,
    ) -> None:
        super().__init__(console, read_line, reader=reader, plain=plain)
        self.set = prompt_set
        self.rules = rules
        self.use_editor = use_editor  # the plan question is written in $EDITOR
        self.started = dict(started or {})
        """Answers begun in an earlier session (a draft): asked again, starting from them."""
        self.plan_name = plan_name
        self.finish = finish  # what pressing Enter at the review step does
        self.answers: dict[str, Answer] = {}
        self.typed: set[str] = set()  # ids the user answered (or edited) at a prompt
        self.explained: set[str] = set()  # rules whose message was shown this session
        self.current: tuple[Question, tuple[str, ...]] | None = None
        """The question being answered, and the items of a list typed so far."""

    # -- the whole session ---------------------------------------------------------

    def run(self, checked: Checked) -> Gathered:
        """Intro, questions (skipping scripted ones), then review until the user is done."""
        return self.guarded(lambda: self._run(checked), keep=self._keep_typed)

    def interrupted(self, reason: str) -> Interrupted:
        """The answers so far, and the one being typed (`kindlead.drafts` keeps them)."""
        return Interrupted(dict(self.answers), reason, typing=self._typing())

    def _run(self, checked: Checked) -> Gathered:
        self.intro()
        gathered = walk(self.set, checked.known, ask=self.ask, tell=self.tell)
        while (pick := self.review(gathered)) is not None:
            self.answers = dict(gathered.answers)
            known = {
                qid: Known(v, gathered.sources.get(qid, "interview"))
                for qid, v in gathered.answers.items()
            }
            shown = [q for q in self.set.questions if q.id in gathered.answers]
            known[pick.id] = Known(
                self.ask(pick, shown.index(pick) + 1, len(shown), gathered.answers, edit=True),
                "interview",
            )
            # Walk again: an edit can make later questions apply (they are asked) or not.
            gathered = walk(self.set, known, ask=self.ask)
        return gathered

    def _keep_typed(self) -> None:
        """Keep what the line editor holds (a signal ends the session mid-answer)."""
        buffer_text = getattr(self.reader, "buffer_text", None)
        if buffer_text is not None:
            with contextlib.suppress(Exception):  # whatever the editor's state, stop
                self.reader.partial = buffer_text()

    def _typing(self) -> tuple[str, Answer] | None:
        """The question being answered, with what was typed of it (list items and the
        line in progress), if anything was."""
        if self.current is None:
            return None
        q, items = self.current
        partial = self.reader.partial
        if q.is_list:
            typed = tuple(i for i in (*items, *partial.splitlines()) if i.strip())
            if not typed:
                return None
            self.typed.add(q.id)
            return q.id, typed
        if not partial.strip():
            return None
        self.typed.add(q.id)
        return q.id, partial

    def _values(self, answers: Mapping[str, Answer]) -> dict[str, str]:
        return {qid: text(v) for qid, v in answers.items()}

    # -- steps ---------------------------------------------------------------------

    def intro(self) -> None:
        self.console.print(self._text(self.set.title, "bold"))
        if self.set.description:
            self.console.print(self._text(self.set.description, "dim"))
        self.say(
            (
                "Ctrl-C stops at any time; what you have typed is saved so you can go on later.",
                "dim",
            ),
        )

    def _heading(self, q: Question, number: int, total: int, values: dict[str, str]) -> None:
        self.say("")
        if self.plain:  # one line a question: a screen reader reads it at once
            self.say(f"Question {number} of {total}: ", (q.prompt.render(values), "bold"))
            return
        self.say((f"Question {number} of {total}", "dim"))
        self.say((q.prompt.render(values), "bold"))

    def tell(self, q: Question, number: int, total: int, known: Known) -> None:
        """A question answered by a script or the PLAN argument: say so, and coach it."""
        self.answers[q.id] = known.value
        values = self._values(self.answers)
        self._heading(q, number, total, values)
        where = {
            FROM_PLAN: self.plan_name, FROM_FILE: "--answers", FROM_OPTION: "--answer",
            FROM_DRAFT: "your draft",
        }  # fmt: skip
        label = f"from {where.get(known.source, known.source)}: "
        preview = self._preview(known.value, len(label)) or "(no answer)"
        self.say((self.mark("ok"), "green"), (label, "dim"), preview, indent=2)
        if q.coach:
            self.coach(q, known.value)

    def ask(
        self,
        q: Question,
        number: int,
        total: int,
        answers: Mapping[str, Answer],
        *,
        edit: bool = False,
    ) -> Answer:
        values = self._values(answers)
        current = answers.get(q.id) if edit else q.default
        self._heading(q, number, total, values)
        if q.help is not None:
            self.say((q.help.render(values), "dim"))
        if not edit and q.id in self.started:
            current, edit = self.started.pop(q.id), True
            self.say(("You were typing this when the interview stopped; it is back to finish.",
                      "dim"))  # fmt: skip
        first = True
        while True:
            self.current = (q, ())
            raw, kept = self._read_answer(q, current, edit=edit, first=first)
            value, problem = coerce(q, raw)
            if problem is None:
                break
            no = (self.mark("no"), "red")
            if q.type == "choice" and raw:
                n, names = len(q.choices), ", ".join(q.choices)
                self.say(no, f"Enter a number from 1 to {n}, or one of: {names}.", indent=2)
            else:
                self.say(no, f"This question {problem}. Please try again.", indent=2)
            first = False
        self.current = None
        self.answers[q.id] = value
        if not (edit and kept):
            self.typed.add(q.id)
        if kept:  # Enter took the value shown: say what was taken
            label = "Kept: " if edit else "Using the default: "
            self.say(
                (self.mark("ok"), "green"), (label, "dim"), self._preview(value, len(label)),
                indent=2,
            )  # fmt: skip
        if q.coach and not (edit and kept):  # an unchanged answer was coached already
            self.coach(q, value)
        return value

    def _preview(self, value: Answer, used: int = 0, lines: int = 1) -> str:
        """An answer on one line (list items apart by " · "), cut to fit `lines` lines
        of the terminal. Plain: items apart by commas, and never cut (a screen reader
        reads it all; nothing is hidden behind a symbol)."""
        items = value if isinstance(value, tuple) else (text(value),)
        if self.plain:
            return "; ".join(one_line(item) for item in items)
        room = max(20, self.console.width - used - 6) * lines
        preview = " · ".join(one_line(item) for item in items)
        return preview if len(preview) <= room else preview[: room - 1] + "…"

    def _key(self, q: Question) -> str:
        """The name of a question's history of earlier answers (none for a private one)."""
        return "" if q.private else f"{self.set.id}.{q.id}"

    def _read_answer(
        self, q: Question, current: Answer, *, edit: bool = False, first: bool = True
    ) -> tuple[str | tuple[str, ...], bool]:
        """What was typed (or the value kept by pressing Enter), and whether it was kept.

        The choices and hints are shown on the `first` try only, not again after an error.
        """
        keep = is_answered(current)
        if q.is_list:
            return self._read_list(q, current, edit=edit, first=first)
        if q.type == "multiline":
            return self._read_text(q, current, edit=edit, first=first)
        if first:
            self._hint(q, current, keep=keep, edit=edit)
        prefill = text(current) if edit and keep and self.reader.prefills else ""
        typed = self.prompt(default=prefill, key=self._key(q)).strip()
        if not typed and keep and not prefill:
            return text(current), True
        if prefill and typed == prefill.strip():
            return text(current), True
        if q.type == "choice" and typed not in q.choices:
            n = _number(typed, len(q.choices))
            if n is not None:
                return q.choices[n - 1], False
        return typed, False

    def _read_text(
        self, q: Question, current: Answer, *, edit: bool, first: bool
    ) -> tuple[str, bool]:
        """A text of many lines: a pasted plan stays whole, blank lines and all."""
        keep = is_answered(current)
        prefill = text(current) if edit and keep and self.reader.prefills else ""
        if first:
            if keep and not prefill:
                self.say(("Current answer:" if edit else "Default:", "dim"))
                for line in text(current).splitlines():
                    self.say(("  | ", "dim"), line)
                self.say(("Press Enter on the first line to keep it.", "dim"))
            if self.reader.prefills:
                self.say(
                    ("Paste or type as many lines as you like; Alt-Enter (or Esc, then Enter) "
                     "finishes, Ctrl-X Ctrl-E opens your editor.", "dim")
                )  # fmt: skip
            else:
                self.say(
                    ("Type or paste as many lines as you like; a line with just "
                     f"{END_OF_TEXT} finishes.", "dim")
                )  # fmt: skip
        typed = self._in_editor(q, current) if self.use_editor and q.coach else None
        if typed is None:
            typed = self.prompt("  | ", default=prefill, key=self._key(q), many=True)
        typed = typed.strip("\n")
        if not typed.strip() and keep and not prefill:
            return text(current), True
        if prefill and typed == prefill.strip("\n"):
            return text(current), True
        return typed, False

    def _in_editor(self, q: Question, current: Answer) -> str | None:
        """The answer written in $EDITOR (--editor), or None to type it here instead."""
        from kindlead.interview.editor import in_editor

        self.say(("Waiting for your editor to close…", "dim"))
        try:
            return in_editor(text(current) if is_answered(current) else "")
        except OSError as e:
            self.say((self.mark("no"), "red"), f"The editor did not work ({e}); type it here.")
            return None

    def _read_list(
        self, q: Question, current: Answer, *, edit: bool, first: bool
    ) -> tuple[tuple[str, ...], bool]:
        """Items one per line (a pasted list: one item a line). Changing a list goes
        entry by entry, where the editor can start from each item's text."""
        keep = is_answered(current)
        items = current if isinstance(current, tuple) else tuple(text(current).splitlines())
        if edit and keep and self.reader.prefills:
            return self._edit_list(q, items, first=first)
        if keep and first:
            self.say(("Current answer:" if edit else "Default:", "dim"))
            for item in items:
                self.say(("  - ", "dim"), item)
            self.say(("Press Enter on the first line to keep it.", "dim"))
        if first:
            self.say(("One item per line; an empty line finishes.", "dim"))
        typed = self._more_items(q, "  - ", ())
        if not typed and keep:
            return items, True
        return typed, False

    def _more_items(self, q: Question, marker: str, items: tuple[str, ...]) -> tuple[str, ...]:
        """Items typed after `items` until an empty line."""
        while True:
            self.current = (q, items)
            line = self.prompt(marker, key=self._key(q))
            if not line.strip():
                return items
            items = (*items, *(i for i in line.splitlines() if i.strip()))

    def _edit_list(
        self, q: Question, items: tuple[str, ...], *, first: bool
    ) -> tuple[tuple[str, ...], bool]:
        """Each item shown as it is: Enter keeps it, an edit changes it, clearing it
        removes it; then new items, until an empty line."""
        if first:
            self.say(
                ("Each item comes back as it is: press Enter to keep it, change it, or clear "
                 "it to remove it. Then add new ones; an empty line finishes.", "dim")
            )  # fmt: skip
        kept: list[str] = []
        for n, item in enumerate(items):
            self.current = (q, (*kept, *items[n + 1 :]))
            line = self.prompt("  - ", default=item, key=self._key(q))
            kept += [i for i in line.splitlines() if i.strip()]
        typed = self._more_items(q, "  + ", tuple(kept))
        return typed, typed == items

    def _hint(self, q: Question, current: Answer, *, keep: bool, edit: bool) -> None:
        """What to type for a one-line answer: the numbered choices, yes/no, or the default."""
        if q.type == "choice":
            for i, choice in enumerate(q.choices, start=1):
                mark = " (current)" if edit else " (default)"
                self.say(f"  {i}) ", choice, (mark if choice == current else "", "dim"))
            self.say((f"Enter a number from 1 to {len(q.choices)}, or the choice itself.", "dim"))
        elif q.type == "confirm":
            hint = {True: "[Y/n]", False: "[y/N]"}.get(current, "[y/n]")  # type: ignore[arg-type]
            self.say((f"Answer yes or no {hint}.", "dim"))
        elif keep and edit and self.reader.prefills:
            self.say(("Change it, or press Enter to keep it.", "dim"))
        elif keep:
            hint = "Press Enter to keep: " if edit else "Press Enter for: "
            self.say((hint, "dim"), text(current))

    def coach(self, q: Question, value: Answer) -> None:
        """The coaching moment: the buy-in phrases in this answer, and a reframe for each.

        A reframe names what the leader is working toward once it is known (the
        target, an idea of the team's); a kind of phrase is explained the first time
        it comes up and only named after that. When nothing is found, it says so
        plainly: an absent phrase is not a sign of a cooperative plan.
        """
        reframes = personal(
            coach_answer(q.id, value, self.rules),
            self.rules,
            about_this_leader(self.answers, self.rules),
        )
        if not reframes:
            if is_answered(value) and q.type == "multiline":
                self.say(("  No buy-in phrases in this answer.", "dim"))
            return
        n = len(reframes)
        self.say("")
        self.say(
            ("A word on the wording. ", "bold yellow"),
            f"I noticed {n} phrase{'s' if n != 1 else ''} that "
            f"frame{'' if n != 1 else 's'} this as buy-in:",
            indent=2,
        )
        by_rule: dict[str, list[Reframe]] = {}
        for r in reframes:
            by_rule.setdefault(r.finding.rule, []).append(r)
        for rule_id, group in by_rule.items():
            phrases: list[tuple[str, str] | str] = []
            for i, r in enumerate(group):
                f = r.finding
                where = f"item {r.item + 1}, " if r.item is not None else ""
                quoted = f'"{one_line(f.matched)}"' if self.plain else f"“{one_line(f.matched)}”"
                phrases += [", " if i else "", (quoted, "yellow"),
                            (f" ({where}line {f.line})", "dim")]  # fmt: skip
            self.say("")
            self.say(self.mark("item"), *phrases, indent=2)
            if rule_id in self.explained:
                self.say(("The same kind of phrase as before.", "dim"), indent=4)
            else:
                self.say((group[0].finding.message, "dim"), indent=4)
                self.explained.add(rule_id)
            self.say("Try instead: ", (group[0].finding.suggestion, "green"), indent=4)
        self.say("")
        self.say(
            ("Nothing to fix right now: these reframes go into your plan and checklist.", "dim"),
            indent=2,
        )

    def review(self, gathered: Gathered) -> Question | None:
        """Show the answers; return the question the user wants to change, or None."""
        shown = [q for q in self.set.questions if q.id in gathered.answers]
        values = self._values(gathered.answers)
        from rich.table import Table

        self.say("")
        self.say(("Your answers", "bold"))
        # a grid, so that a long question or answer wraps under its own start
        grid = Table.grid(padding=(0, 1))
        grid.add_column(justify="right", width=4, no_wrap=True)
        grid.add_column()
        for i, q in enumerate(shown, start=1):
            answer = self._preview(gathered.answers[q.id], 7, lines=3) or "(no answer)"
            grid.add_row(f"{i}.", self._text(q.prompt.render(values), "dim"))
            grid.add_row("", self._text(answer))
        self.console.print(grid)
        self.say("")
        if self.typed or FROM_DRAFT in gathered.sources.values():
            line = f"Change an answer? Enter its number, or press Enter to {self.finish}: "
        else:  # nothing typed yet: the README's first run, say plainly what Enter does
            self.say(("Every question already has an answer (--no-input skips this step).", "dim"))
            line = f"Press Enter to {self.finish}, or enter a number to change that answer: "
        while True:
            typed = self.prompt(line).strip()
            if not typed:
                self.say("")  # the plan starts on a line of its own
                return None
            n = _number(typed, len(shown))
            if n is not None:
                return shown[n - 1]
            self.say(
                (self.mark("no"), "red"),
                f"Enter a number from 1 to {len(shown)}, or just Enter.",
                indent=2,
            )
