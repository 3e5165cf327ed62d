"""The interactive interview: questions, the coaching moment, and the review step.

Everything is written to a rich `Console` on stderr (as `Text`, never markup), and
answers are read with an injected `read_line`, so the interview can be driven in
tests and the plan can still go to stdout: ``kindlead reframe > plan.md`` works.

Validation is `kindlead.answers.coerce`, the same as for scripted answers; a typed
answer that does not fit is explained and asked again. Ctrl-C and Ctrl-D (end of
input at a prompt) end the session with `Interrupted`, carrying the answers so far.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from kindlead.answers import (
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
from kindlead.interview.console import read_stdin_line
from kindlead.plan import Reframe, about_this_leader, coach_answer, personal
from kindlead.promptsets.model import Answer, PromptSet, Question, is_answered
from kindlead.textsafe import normalise_newlines, one_line, printable

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from kindlead.rules.model import Rule

ReadLine = Callable[[], str]

ENDED = "session ended (Ctrl-D); nothing was written"
INTERRUPTED = "interrupted; nothing was written"
NOT_UTF8 = "that was not UTF-8 text; please type it again"


def _is_text(line: str) -> bool:
    """Whether a typed line is real text (no undecodable bytes smuggled in)."""
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _number(typed: str, count: int) -> int | None:
    """The 1-based number typed for one of `count` things, or None (also for "²")."""
    if typed.isascii() and typed.isdecimal() and len(typed) <= 6 and 1 <= int(typed) <= count:
        return int(typed)
    return None


class Interview:
    def __init__(
        self,
        prompt_set: PromptSet,
        rules: Sequence[Rule],
        console: Console,
        read_line: ReadLine | None = None,
        plan_name: str = "PLAN",
        finish: str = "see your plan",
    ) -> None:
        self.set = prompt_set
        self.rules = rules
        self.console = console
        self.read_line = read_line or read_stdin_line
        self.plan_name = plan_name
        self.finish = finish  # what pressing Enter at the review step does
        self.answers: dict[str, Answer] = {}
        self.typed: set[str] = set()  # ids the user answered (or edited) at a prompt
        self.explained: set[str] = set()  # rules whose message was shown this session

    # -- the whole session ---------------------------------------------------------

    def run(self, checked: Checked) -> Gathered:
        """Intro, questions (skipping scripted ones), then review until the user is done."""
        try:
            self.intro()
            gathered = walk(self.set, checked.known, ask=self.ask, tell=self.tell)
            while (pick := self.review(gathered)) is not None:
                self.answers = dict(gathered.answers)
                known = {
                    qid: Known(v, gathered.sources.get(qid, "interview"))
                    for qid, v in gathered.answers.items()
                }
                number = self.set.questions.index(pick) + 1
                known[pick.id] = Known(
                    self.ask(pick, number, len(self.set.questions), gathered.answers, edit=True),
                    "interview",
                )
                # Walk again: an edit can make later questions apply (they are asked) or not.
                gathered = walk(self.set, known, ask=self.ask)
            return gathered
        except KeyboardInterrupt:
            self._end_line()
            raise Interrupted(self.answers, INTERRUPTED) from None
        except EOFError:
            self._end_line()
            raise Interrupted(self.answers, ENDED) from None

    def _end_line(self) -> None:
        """Leave the prompt's line, so the closing message starts on its own."""
        with contextlib.suppress(OSError, ValueError):
            self.console.file.write("\n")
            self.console.file.flush()

    # -- output helpers ------------------------------------------------------------

    def say(self, *parts: tuple[str, str] | str, end: str = "\n", indent: int = 0) -> None:
        """One line of literal text (styled parts), wrapped under a hanging indent."""
        from rich.padding import Padding
        from rich.text import Text

        line = Text()
        for part in parts:
            content, style = (part, "") if isinstance(part, str) else part
            line.append(printable(content, keep_newlines=True), style=style)
        if end == "":  # a prompt: the cursor stays on this line
            self.console.print(line, end="", soft_wrap=True)
        elif indent:
            self.console.print(Padding(line, (0, 0, 0, indent), expand=False))
        else:
            self.console.print(line)
        self.console.file.flush()

    def prompt(self, marker: str = "> ") -> str:
        """One typed line; a line that is not UTF-8 text is refused and asked again."""
        while True:
            self.say((marker, "bold cyan"), end="")
            line = normalise_newlines(self.read_line())
            if _is_text(line):
                return line
            self.say(("✗ ", "red"), NOT_UTF8, indent=2)

    def _values(self, answers: Mapping[str, Answer]) -> dict[str, str]:
        return {qid: text(v) for qid, v in answers.items()}

    def _text(self, s: str, style: str = "") -> Text:
        from rich.text import Text

        return Text(printable(s, keep_newlines=True), style=style)

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
        self.say((f"Question {number} of {total}", "dim"))
        self.say((q.prompt.render(values), "bold"))

    def tell(self, q: Question, number: int, total: int, known: Known) -> None:
        """A question answered by a script or the PLAN argument: say so, and coach it."""
        self.answers[q.id] = known.value
        values = self._values(self.answers)
        self._heading(q, number, total, values)
        where = {FROM_PLAN: self.plan_name, FROM_FILE: "--answers", FROM_OPTION: "--answer"}
        label = f"from {where.get(known.source, known.source)}: "
        self.say(("✓ ", "green"), (label, "dim"), self._preview(known.value, len(label)), indent=2)
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
        first = True
        while True:
            raw, kept = self._read_answer(q, current, edit=edit, first=first)
            value, problem = coerce(q, raw)
            if problem is None:
                break
            if q.type == "choice" and raw:
                n, names = len(q.choices), ", ".join(q.choices)
                self.say(
                    ("✗ ", "red"), f"Enter a number from 1 to {n}, or one of: {names}.", indent=2
                )
            else:
                self.say(("✗ ", "red"), f"This question {problem}. Please try again.", indent=2)
            first = False
        self.answers[q.id] = value
        if not (edit and kept):
            self.typed.add(q.id)
        if kept:  # Enter took the value shown: say what was taken
            label = "Kept: " if edit else "Using the default: "
            self.say(("✓ ", "green"), (label, "dim"), self._preview(value, len(label)), indent=2)
        if q.coach and not (edit and kept):  # an unchanged answer was coached already
            self.coach(q, value)
        return value

    def _preview(self, value: Answer, used: int = 0) -> str:
        """An answer on one line (list items apart by " · "), cut to fit the terminal."""
        room = max(20, self.console.width - used - 6)
        items = value if isinstance(value, tuple) else (text(value),)
        preview = " · ".join(one_line(item) for item in items)
        return preview if len(preview) <= room else preview[: room - 1] + "…"

    def _read_answer(
        self, q: Question, current: Answer, *, edit: bool = False, first: bool = True
    ) -> tuple[str | tuple[str, ...], bool]:
        """What was typed (or the value kept by pressing Enter), and whether it was kept.

        The choices and hints are shown on the `first` try only, not again after an error.
        """
        keep = is_answered(current)
        if q.type in ("list", "multiline"):
            if keep and first:
                self.say(("Current answer:" if edit else "Default:", "dim"))
                shown = current if isinstance(current, tuple) else text(current).splitlines()
                for item in shown:
                    self.say(("  - " if q.is_list else "  | ", "dim"), item)
                self.say(("Press Enter on the first line to keep it.", "dim"))
            how = "One item per line" if q.is_list else "Type as many lines as you like"
            if first:
                self.say((f"{how}; an empty line finishes.", "dim"))
            lines: list[str] = []
            while (line := self.prompt("  - " if q.is_list else "  | ")).strip():
                lines.append(line)
            if not lines and keep:
                return (current if isinstance(current, tuple) else text(current)), True
            return (tuple(lines) if q.is_list else "\n".join(lines)), False
        if first:
            self._hint(q, current, keep=keep, edit=edit)
        typed = self.prompt().strip()
        if not typed and keep:
            return text(current), True
        if q.type == "choice" and typed not in q.choices:
            n = _number(typed, len(q.choices))
            if n is not None:
                return q.choices[n - 1], False
        return typed, False

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
            coach_answer(q.id, value, self.rules), self.rules, about_this_leader(self.answers)
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
                phrases += [", " if i else "", ("“" + one_line(f.matched) + "”", "yellow"),
                            (f" ({where}line {f.line})", "dim")]  # fmt: skip
            self.say("")
            self.say("• ", *phrases, indent=2)
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
        self.say("")
        self.say(("Your answers", "bold"))
        for i, q in enumerate(shown, start=1):
            answer = self._preview(gathered.answers[q.id], 2) or "(no answer)"
            self.say(f"  {i:>2}. ", (q.prompt.render(values), "dim"))
            self.say("      ", answer)
        self.say("")
        if self.typed:
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
                ("✗ ", "red"), f"Enter a number from 1 to {len(shown)}, or just Enter.", indent=2
            )
