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
import sys
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
from kindlead.commands.common import printable
from kindlead.errors import Interrupted
from kindlead.plan import Reframe, coach_answer
from kindlead.promptset import Answer, PromptSet, Question

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from kindlead.rules import Rule

ReadLine = Callable[[], str]

ENDED = "session ended (Ctrl-D); nothing was written"
INTERRUPTED = "interrupted; nothing was written"


def make_console() -> Console:
    """The console for questions and coaching: stderr, colour by the usual conventions."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, markup=False, emoji=False)


def read_stdin_line() -> str:
    """One line typed at the terminal, without its newline; EOFError on Ctrl-D."""
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.rstrip("\r\n")


class Interview:
    def __init__(
        self,
        prompt_set: PromptSet,
        rules: Sequence[Rule],
        console: Console,
        read_line: ReadLine = read_stdin_line,
        plan_name: str = "PLAN",
    ) -> None:
        self.set = prompt_set
        self.rules = rules
        self.console = console
        self.read_line = read_line
        self.plan_name = plan_name
        self.answers: dict[str, Answer] = {}

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
        self.say((marker, "bold cyan"), end="")
        return self.read_line()

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
            ("Ctrl-C stops at any time; nothing is written until the end.", "dim"),
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
        room = max(20, self.console.width - len(label) - 6)
        preview = " ".join(text(known.value).split())
        if len(preview) > room:
            preview = preview[: room - 1] + "…"
        self.say(("✓ ", "green"), (label, "dim"), preview, indent=2)
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
        while True:
            value, problem = coerce(q, self._read_answer(q, current))
            if problem is None:
                break
            self.say(("✗ ", "red"), f"This question {problem}. Please try again.", indent=2)
        self.answers[q.id] = value
        if q.coach:
            self.coach(q, value)
        return value

    def _read_answer(self, q: Question, current: Answer) -> str | tuple[str, ...]:
        keep = current not in (None, "", ())
        if q.type in ("list", "multiline"):
            if keep:
                label = "Current" if q.is_list else "Current answer"
                self.say((f"{label}: ", "dim"), text(current))
                self.say(("Press Enter on the first line to keep it.", "dim"))
            how = "One item per line" if q.is_list else "Type as many lines as you like"
            self.say((f"{how}; an empty line finishes.", "dim"))
            lines: list[str] = []
            while (line := self.prompt("  - " if q.is_list else "  | ")).strip():
                lines.append(line)
            if not lines and keep:
                return current if isinstance(current, tuple) else text(current)
            return tuple(lines) if q.is_list else "\n".join(lines)
        if q.type == "choice":
            for i, choice in enumerate(q.choices, start=1):
                mark = " (default)" if choice == current else ""
                self.say(f"  {i}) ", choice, (mark, "dim"))
            self.say(("Enter a number or the choice itself.", "dim"))
        elif q.type == "confirm":
            hint = {True: "[Y/n]", False: "[y/N]"}.get(current, "[y/n]")  # type: ignore[arg-type]
            self.say((f"Answer yes or no {hint}.", "dim"))
        elif keep:
            self.say(("Press Enter for: ", "dim"), text(current))
        typed = self.prompt().strip()
        if not typed and keep:
            return text(current)
        if q.type == "choice" and typed.isdigit() and 1 <= int(typed) <= len(q.choices):
            return q.choices[int(typed) - 1]
        return typed

    def coach(self, q: Question, value: Answer) -> None:
        """The coaching moment: the buy-in phrases in this answer, and a reframe for each."""
        reframes = coach_answer(q.id, value, self.rules)
        if not reframes:
            if value not in (None, "", ()) and q.type == "multiline":
                self.say(("  ✓ ", "green"), ("No buy-in framing here: this already invites "
                                             "cooperation.", "dim"))  # fmt: skip
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
        for group in by_rule.values():
            phrases: list[tuple[str, str] | str] = []
            for i, r in enumerate(group):
                f = r.finding
                where = f"item {r.item + 1}, " if r.item is not None else ""
                phrases += [", " if i else "", ("“" + " ".join(f.matched.split()) + "”", "yellow"),
                            (f" ({where}line {f.line})", "dim")]  # fmt: skip
            self.say("")
            self.say("• ", *phrases, indent=2)
            self.say((group[0].finding.message, "dim"), indent=4)
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
        room = max(20, self.console.width - 8)
        self.say("")
        self.say(("Your answers", "bold"))
        for i, q in enumerate(shown, start=1):
            answer = " ".join(text(gathered.answers[q.id]).split()) or "(no answer)"
            if len(answer) > room:
                answer = answer[: room - 1] + "…"
            self.say(f"  {i:>2}. ", (q.prompt.render(values), "dim"))
            self.say("      ", answer)
        while True:
            typed = self.prompt(
                "Change an answer? Enter its number, or press Enter to continue: "
            ).strip()
            if not typed:
                return None
            if typed.isdigit() and 1 <= int(typed) <= len(shown):
                return shown[int(typed) - 1]
            self.say(
                ("✗ ", "red"), f"Enter a number from 1 to {len(shown)}, or just Enter.", indent=2
            )
