"""What kindlead hears: buy-in framing, telling, other senses, and mentions.

The sense model's quality is measured on the corpus (benchmarks/hearing.py); these
tests hold the behaviour a user relies on: plain uses are heard, plain other senses
and mentions are left alone, `--explain` says why, and what kindlead writes passes
its own check.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from kindlead.cli import app
from kindlead.lint import scan_text
from kindlead.rules.loader import load_rules

RULES = load_rules()
ROOT = Path(__file__).resolve().parent.parent
PLAIN = yaml.safe_load((Path(__file__).parent / "data" / "plain_usage.yaml").read_text("utf-8"))


def heard(text: str) -> list[str]:
    return [f.rule for f in scan_text(text, RULES)]


def why_left_alone(text: str) -> list[str]:
    return [f.cue for f in scan_text(text, RULES, explain=True) if not f.reported]


@pytest.mark.parametrize(
    "text",
    [
        "We need their buy-in.",
        "I need to get buy-in from the team before we start.",
        "Getting stakeholder buy-in is the hardest part.",
        "How do I get my team on board with the new rota?",
        "We have to convince the engineers that pairing is worth it.",
        "How can I persuade my manager to try a four-day week?",
        "We must overcome their resistance to change.",
        "We need to gain the support of senior leadership.",
        "I'll push the reorg through at the steering committee.",
    ],
)
def test_plain_buy_in_framing_is_heard(text: str) -> None:
    assert heard(text), f"not heard: {text}"
    assert "telling" not in heard(text)


@pytest.mark.parametrize(
    "text",
    [
        "The poker night has a $20 buy-in.",
        "The fund's minimum buy-in is $10,000.",
        "Everyone was on board the ship by eight.",
        "The evidence was convincing.",
        "Antibiotic resistance is rising.",
        "We sell our products to small businesses.",
        "Our onboarding guide welcomes new hires.",
        "The defence persuaded the jury.",
        "The buy-in for new partners at the firm is $250,000.",
        "Contact customer support for help.",
        "Here is the target; how could we get there together?",
    ],
)
def test_plain_other_senses_are_left_alone(text: str) -> None:
    assert heard(text) == []


def test_the_plain_usage_examples_are_heard_as_labelled() -> None:
    """tests/data/plain_usage.yaml, all of it: a few may be missed, most must not be."""
    right = 0
    total = 0
    for kind, texts in PLAIN.items():
        for text in texts:
            rules = set(heard(text))
            kinds = {"telling" if r == "telling" else "framing" for r in rules}
            right += (kind in kinds) if kind != "other" else not kinds
            total += 1
    assert right >= total - 2


def test_telling_is_its_own_family_with_severity_suggestion() -> None:
    found = scan_text("This is decided. No exceptions.", RULES)
    assert found and {f.rule for f in found} == {"telling"}
    assert {f.severity for f in found} == {"suggestion"}
    assert "ideas" in found[0].suggestion


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("> We need their buy-in.\n", "in a block quote"),
        ("Read [How to get buy-in](https://example.com/a) first.\n", "link text"),
        ('Stop saying "buy-in" and share the target.\n', "in quotation marks"),
        ("Instead of “get their buy-in”, try: “Here is what should be happening.”\n", "quotation"),
        ("'I just need them to buy in,' the director told us.\n", "someone's words"),
    ],
)
def test_a_mention_is_not_a_use(text: str, why: str) -> None:
    assert heard(text) == []
    assert any(why in cue for cue in why_left_alone(text))


def test_link_text_inside_the_repository_is_still_read() -> None:
    """A task link is the writer's own words; only a link to another site is a title."""
    text = "Next: [get buy-in from the ops team](tickets/412) before Friday.\n"
    assert not any("link text" in cue for cue in why_left_alone(text))


def test_a_suppressed_phrase_says_so_when_explained() -> None:
    text = "<!-- kindlead-disable-next-line -->\nWe need their buy-in.\n"
    assert heard(text) == []
    assert why_left_alone(text) == ["silenced by a kindlead-disable comment"]


def test_check_explain_says_what_decided(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text(
        "We need their buy-in.\n\nThe poker night has a $20 buy-in.\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["check", "--explain", str(path)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{path}:1:15: warning buy-in:")
    assert lines[1].startswith("    heard as buy-in: ")
    assert lines[2].startswith(f'{path}:3:27: left alone: buy-in: "buy-in": another sense: ')
    assert "games and bets" in lines[2]


def test_check_explain_in_json(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("We need their buy-in.\n\n> We need their buy-in.\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "--explain", "--format", "json", str(path)])
    doc = json.loads(result.stdout)
    assert [f["line"] for f in doc["findings"]] == [1]
    assert doc["findings"][0]["cue"]
    assert doc["left_alone"] == [
        {"path": str(path), "line": 3, "column": 17, "rule": "buy-in", "matched": "buy-in",
         "why": "in a block quote: quoted, not said here"}
    ]  # fmt: skip


def test_without_explain_the_json_has_no_cues(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("We need their buy-in.\n", encoding="utf-8")
    doc = json.loads(runner.invoke(app, ["check", "--format", "json", str(path)]).stdout)
    assert "cue" not in doc["findings"][0] and "left_alone" not in doc


@pytest.mark.parametrize("fmt", ["markdown", "text"])
def test_the_plans_kindlead_writes_pass_its_own_check(
    runner: CliRunner, tmp_path: Path, fmt: str
) -> None:
    """The leader's words are shown as a quotation, the reframed phrases as mentions."""
    out = tmp_path / f"plan.{'md' if fmt == 'markdown' else 'txt'}"
    made = runner.invoke(
        app,
        [
            "reframe", str(ROOT / "examples" / "plan.md"), "--answers",
            str(ROOT / "examples" / "answers.yaml"), "--no-input", "--format", fmt,
            "--output", str(out),
        ],
    )  # fmt: skip
    assert made.exit_code == 0, made.stderr
    text = out.read_text(encoding="utf-8")
    assert "buy-in" in text and "Reframed language" in text  # the plan does talk about it
    checked = runner.invoke(app, ["check", str(out)])
    assert checked.exit_code == 0, checked.stdout


def test_a_plan_with_framing_in_every_answer_passes_its_own_check(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "plan.md"
    answers = [
        "target=Get buy-in from the team for weekly releases",
        "people=the sceptics we need to win over",
        "team_ideas=Sell the idea to QA first",
        "mutual_benefit=They will finally be on board",
        "first_step=Convince the leads before the all-hands",
    ]
    made = runner.invoke(
        app,
        ["reframe", "-", "--no-input", "--format", "markdown", "--output", str(out),
         *[x for a in answers for x in ("--answer", a)]],
        input="We need their buy-in, so I will push it through.\n",
    )  # fmt: skip
    assert made.exit_code == 0, made.stderr
    checked = runner.invoke(app, ["check", str(out)])
    assert checked.exit_code == 0, checked.stdout


def test_reframes_name_the_leaders_target_and_idea(runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        ["reframe", "-", "--no-input", "--format", "json",
         "--answer", "target=Releases ship every Tuesday",
         "--answer", "people=Ana", "--answer", "team_ideas=Wei's release checklist",
         "--answer", "mutual_benefit=Calmer Fridays"],
        input="I need to get buy-in from the team.\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    [finding] = json.loads(result.stdout)["findings"]
    assert "Releases ship every Tuesday" in finding["suggestion"]
    assert "Wei's release checklist" in finding["suggestion"]
    assert "<target>" not in finding["suggestion"]


def test_a_reframe_never_repeats_the_framing_it_replaces(runner: CliRunner) -> None:
    """A target that is itself buy-in framing is not put into the suggestion."""
    result = runner.invoke(
        app,
        ["reframe", "-", "--no-input", "--format", "json",
         "--answer", "target=We need their buy-in for Tuesday releases",
         "--answer", "people=Ana", "--answer", "team_ideas=Wei's release checklist",
         "--answer", "mutual_benefit=Calmer Fridays"],
        input="I need to get buy-in from the team.\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert findings and all("buy-in" not in f["suggestion"] for f in findings)
    (first,) = [f for f in findings if f["question"] == "plan"]
    assert "<target>" in first["suggestion"]
    assert "Wei's release checklist" in first["suggestion"]  # the idea is fine


def test_check_suggestions_say_what_is_not_known_yet(tmp_path: Path) -> None:
    [f] = scan_text("I need to get buy-in from the team.", RULES)
    assert "<target>" in f.suggestion and "{" not in f.suggestion


def test_a_quotation_that_wraps_to_the_next_line_is_still_a_mention() -> None:
    text = 'Phrases like "This is decided" or "effective Monday\neveryone will" close the talk.\n'
    assert [f.matched for f in scan_text(text, RULES)] == []


def test_one_stretch_of_words_is_one_finding() -> None:
    """Where the candidates of two rules overlap, the first reported stands; with
    --explain, the other says whose finding holds its words."""
    text = "We want to onboard them to an idea they did not choose.\n"
    found = scan_text(text, RULES, explain=True)
    assert [f.rule for f in found if f.reported] == ["on-board"]
    assert any("part of the finding of on-board" in f.cue for f in found if not f.reported)


def test_the_projects_own_docs_pass_its_check(runner: CliRunner) -> None:
    """The docs list the phrases as mentions, so a team can lint them in a hook."""
    docs = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    result = runner.invoke(app, ["check", *map(str, docs)])
    assert result.exit_code == 0, result.stdout
