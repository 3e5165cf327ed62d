"""What `team plan` answers before `reframe` asks the rest: the target, the people
(everyone who added an idea) and the team's ideas, each credited.

They are handed to `reframe` as ``--answer ID=VALUE`` options, ahead of the user's own:
a user's ``--answer target=…`` replaces the team's target, and ``--answer people=…``
or ``--answer team_ideas=…`` adds to the team's lists (as repeated options do).
"""

from __future__ import annotations

from pathlib import Path

from kindlead.errors import KindleadError
from kindlead.team.model import Space
from kindlead.team.tree import credits
from kindlead.textsafe import one_line

#: The questions a set must have for `team plan`, and whether each takes a list.
QUESTIONS = {"target": False, "people": True, "team_ideas": True}


def team_answers(space: Space) -> list[str]:
    """The team's answers as ``--answer`` values, in the order `reframe` takes them."""
    out = [f"target={one_line(space.target.target)}"]
    out += [f"people={name}" for name in space.people]
    out += [f"team_ideas={line}" for line in credits(space)]
    return out


def check_set(set_name: str, prompts_dirs: tuple[Path, ...]) -> None:
    """The set must ask for the target, the people and the team's ideas (as lists)."""
    from kindlead.promptsets.catalog import resolve
    from kindlead.promptsets.loader import load_prompt_set

    prompt_set = load_prompt_set(resolve(set_name, prompts_dirs))
    wrong = []
    for qid, is_list in QUESTIONS.items():
        q = prompt_set.question(qid)
        if q is None or q.is_list != is_list:
            wrong.append(f"{qid} ({'a list' if is_list else 'text'})")
    if wrong:
        raise KindleadError(
            f"the {prompt_set.id!r} set cannot take the team's answers: team plan needs "
            f"the questions {', '.join(wrong)}, as the cooperation set has"
        )
