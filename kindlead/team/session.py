"""`team start` and `team idea` with a person at the terminal.

What the options gave is not asked again. The target and each idea are coached as
they are typed — kindly: the wording is talked about, never the idea — and can be
written again or kept as they are. Ctrl-C, Ctrl-D, SIGTERM or SIGHUP end the session
with `Interrupted`, and nothing is written: the files are written at the end, by the
command.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from kindlead.interview.talk import Talk
from kindlead.team.coach import coach, coach_idea
from kindlead.team.store import DEFAULT_ASK
from kindlead.textsafe import one_line

if TYPE_CHECKING:
    from rich.console import Console

    from kindlead.interview.editor import Reader
    from kindlead.lint.engine import Finding
    from kindlead.team.model import Space


class TeamSession(Talk):
    def __init__(
        self, console: Console, *, reader: Reader | None = None, plain: bool = False
    ) -> None:
        super().__init__(console, reader=reader, plain=plain)

    # -- team start ----------------------------------------------------------------------

    def start(self, topic: str, target: str | None, ask: str | None) -> tuple[str, str]:
        """The target and the question to the team: what the options left open, asked;
        both coached."""
        return self.guarded(lambda: self._start(topic, target, ask))

    def _start(self, topic: str, target: str | None, ask: str | None) -> tuple[str, str]:
        self.say((f"Start the team topic {topic}", "bold"))
        self.say(("Share the target — what should be happening — and ask the team how to "
                  "reach it. Ctrl-C stops; nothing is written until the end.", "dim"))  # fmt: skip
        if target is None:
            self.say("")
            self.say(("What should be happening once this works?", "bold"))
            self.say(("The target, not the route: the result people will see, so the team "
                      "can work out the way together.", "dim"))  # fmt: skip
            target = self._required("target")
        target = self._coached(target, "target", hear=coach)
        if ask is None:
            self.say("")
            self.say(("What do you ask the team?", "bold"))
            self.say(("Press Enter for: ", "dim"), DEFAULT_ASK)
            ask = self.prompt("> ", key="team-ask").strip()
            if not ask:
                ask = DEFAULT_ASK
                self.say((self.mark("ok"), "green"), ("Using: ", "dim"), ask, indent=2)
        ask = self._coached(ask, "question", hear=lambda s: coach(s, target=target))
        return target, ask

    # -- team idea -----------------------------------------------------------------------

    def idea(
        self, space: Space, by: str, text: str | None, builds_on: tuple[str, ...] | None
    ) -> tuple[str, tuple[str, ...]]:
        """The idea and the ideas it builds on: what the options left open, asked."""
        return self.guarded(lambda: self._idea(space, by, text, builds_on))

    def _idea(
        self, space: Space, by: str, text: str | None, builds_on: tuple[str, ...] | None
    ) -> tuple[str, tuple[str, ...]]:
        from kindlead.team.render import tree

        t = space.target
        self.say((one_line(t.target), "bold"))
        self.say((f"{space.topic} · shared by {t.by} on {t.created[:10]}", "dim"))
        self.say((f"{t.by} asks: ", "bold"), one_line(t.ask))
        self.say("")
        if space.ideas and self.plain:  # a screen reader reads a line as it is written
            self.say(f"{len(space.ideas)} ideas so far:")
            number = {idea.id: n for n, idea in enumerate(space.ideas, start=1)}
            for p in space.tree:
                on = [str(number[i]) for i in p.idea.builds_on if i in number]
                also = f" (builds on {', '.join(on)})" if on else ""
                self.say(f"{p.number}. {p.idea.by}: {one_line(p.idea.text)}{also}")
        elif space.ideas:
            self.console.print(tree(space))
        else:
            self.say(("No ideas yet: yours is the first.", "dim"))
        self.say("")
        self.say((f"Adding as {by} (--by NAME to change). Ctrl-C stops; nothing is written "
                  "until the end.", "dim"))  # fmt: skip
        if text is None:
            self.say("")
            self.say(("Your idea", "bold"))
            self.say(("How could we get there? A sentence or a few; a pasted text stays one "
                      "idea.", "dim"))  # fmt: skip
            text = self._required("idea")
        text = self._coached(text, "idea", hear=lambda s: coach_idea(s, space))
        if builds_on is None and space.ideas:
            self.say("")
            self.say(("Does it build on any of the ideas above?", "bold"))
            self.say(("Their numbers, such as 2 or 1 3; press Enter for none.", "dim"))
            builds_on = self._choose(space)
        return text, builds_on or ()

    def _choose(self, space: Space) -> tuple[str, ...]:
        n = len(space.ideas)
        while True:
            typed = self.prompt("> ", key="team-builds-on").strip()
            words = [w for w in re.split(r"[\s,;]+", typed) if w]
            numbers = [int(w) for w in words if w.isascii() and w.isdecimal() and len(w) < 7]
            if len(numbers) == len(words) and all(1 <= k <= n for k in numbers):
                chosen = tuple(dict.fromkeys(space.ideas[k - 1].id for k in numbers))
                if chosen:
                    names = ", ".join(f"{k} ({space.ideas[k - 1].by})" for k in
                                      dict.fromkeys(numbers))  # fmt: skip
                    self.say((self.mark("ok"), "green"), ("Building on ", "dim"), names,
                             indent=2)  # fmt: skip
                return chosen
            self.say((self.mark("no"), "red"), f"Numbers from 1 to {n}, apart by spaces; "
                     "or press Enter for none.", indent=2)  # fmt: skip

    # -- both ----------------------------------------------------------------------------

    def _required(self, key: str) -> str:
        while True:
            typed = self.prompt("> ", key=f"team-{key}").strip()
            if typed:
                return typed
            self.say((self.mark("no"), "red"), "A few words, please (or Ctrl-C to stop).",
                     indent=2)  # fmt: skip

    def _coached(self, text: str, what: str, *, hear: Callable[[str], list[Finding]]) -> str:
        """`text` after its coaching: kept as it is, or written again (and heard again)."""
        while True:
            findings = hear(text)
            if not findings:
                return text
            self.show_coaching(findings, what)
            if self.reader.prefills:
                self.say(("Change it here, or press Enter to keep it as it is.", "dim"),
                         indent=2)  # fmt: skip
            else:
                self.say(("Press Enter to keep it as it is, or write it again.", "dim"),
                         indent=2)  # fmt: skip
            again = self.prompt("> ", default=text, key=f"team-{what}").strip()
            if not again or again == text:
                self.say((self.mark("ok"), "green"), ("Kept as it is.", "dim"), indent=2)
                return text
            text = again

    def show_coaching(self, findings: list[Finding], what: str) -> None:
        """Each phrase, what people may hear in it, and a wording to try; each kind of
        phrase explained once. About the words, never about the person or the idea."""
        self.say("")
        if what == "idea":
            opening = "Thank you. One thought on the wording, if it helps:"
        else:
            opening = f"A word on the wording of the {what}, before the team reads it:"
        self.say((opening, "bold yellow"), indent=2)
        explained: set[str] = set()
        for f in findings:
            words = one_line(f.matched)
            quoted = f'"{words}"' if self.plain else f"“{words}”"
            self.say("")
            self.say(self.mark("item"), (quoted, "yellow"), indent=2)
            if f.rule not in explained:
                self.say((one_line(f.message), "dim"), indent=4)
                explained.add(f.rule)
            self.say("You could say: ", (one_line(f.suggestion), "green"), indent=4)
        self.say("")
