"""A plan stays in proportion to what went into it: at most MAX_REFRAMES phrases are
listed (and the scan of a huge answer stops there), and a set whose checklist would
multiply the answers into gigabytes is refused before it is rendered."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from kindlead.cli import app
from kindlead.plan import MAX_REFRAMES

REST = ["-a", "target=Calm weeks", "-a", "people=Ana", "-a", "team_ideas=x",
        "-a", "mutual_benefit=y", "-a", "first_step=z", "--no-input"]  # fmt: skip


def test_a_plan_lists_the_first_phrases_and_says_there_were_more(
    runner: CliRunner, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.md"
    plan.write_text("We need their buy-in. " * (MAX_REFRAMES * 3), encoding="utf-8")
    result = runner.invoke(app, ["reframe", str(plan), *REST, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["findings"]) == MAX_REFRAMES and data["findings_complete"] is False
    result = runner.invoke(app, ["reframe", str(plan), *REST, "--format", "markdown"])
    assert f"the first {MAX_REFRAMES} are listed" in result.stdout


def test_a_plan_with_few_phrases_lists_them_all(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.md"
    plan.write_text("We need their buy-in. " * 3, encoding="utf-8")
    data = json.loads(runner.invoke(app, ["reframe", str(plan), *REST, "-f", "json"]).stdout)
    assert len(data["findings"]) == 3 and data["findings_complete"] is True


def test_a_checklist_that_multiplies_the_plan_is_refused_before_it_is_rendered(
    runner: CliRunner, tmp_path: Path
) -> None:
    item = "{plan} " * 40_000
    prompt_set = tmp_path / "echo.yaml"
    prompt_set.write_text(
        "schema_version: 1\nid: echo\ntitle: Echo\ndescription: x\n"
        "questions:\n  - id: plan\n    prompt: Plan?\n    type: multiline\n"
        f'checklist:\n  - text: "{item}"\n',
        encoding="utf-8",
    )
    plan = tmp_path / "plan.md"
    plan.write_text("x" * 1024, encoding="utf-8")
    result = runner.invoke(app, ["reframe", str(plan), "--set", str(prompt_set), "--no-input"])
    assert result.exit_code == 2
    assert "would make a plan of more than 4 MB" in result.stderr
    assert "{plan}" in result.stderr
    assert result.stdout == ""


def test_a_checklist_that_repeats_a_placeholder_a_few_times_is_fine(
    runner: CliRunner, tmp_path: Path
) -> None:
    prompt_set = tmp_path / "echo.yaml"
    prompt_set.write_text(
        "schema_version: 1\nid: echo\ntitle: Echo\ndescription: x\n"
        "questions:\n  - id: plan\n    prompt: Plan?\n    type: multiline\n"
        'checklist:\n  - text: "{plan} and again {plan}"\n',
        encoding="utf-8",
    )
    plan = tmp_path / "plan.md"
    plan.write_text("y" * 200_000, encoding="utf-8")
    result = runner.invoke(app, ["reframe", str(plan), "--set", str(prompt_set), "--no-input",
                                 "-f", "json"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
