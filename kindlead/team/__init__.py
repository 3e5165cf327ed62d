"""`kindlead team`: share the target, collect the team's ideas, build the plan on them.

The seed's practice made concrete: a leader shares the target (what should be
happening) and a question, teammates add their ideas — building on each other's — and
the cooperation plan is made from those ideas, each credited to the person who had it.

A team space is a folder in the team's repository, ``.kindlead/team/TOPIC/``:
``target.md`` and ``ideas/``, one Markdown file an idea, so that people who add ideas
at the same time and commit them never conflict. One module a job:

- `model`: the target, an idea, a space (NamedTuples);
- `store`: finding the folder, reading and validating the files (every problem at
  once, ``FILE:LINE:COL``), writing them (atomically, 0644: they are shared);
- `tree`: who built on whom, as a tree that no cycle can make loop; the credits and
  the people a plan is made from;
- `coach`: the wording of a target or an idea, heard with the built-in rules;
- `render`: a space shown as rich, text, Markdown or JSON;
- `session`: the questions for a person at a terminal (``start`` and ``idea``).

Nothing here but `session` (given its console) talks to a terminal.
"""
