"""`kindlead reframe` without a terminal: sources, precedence, errors, formats, --output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner, Result

from kindlead.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_PLAN = ROOT / "examples" / "plan.md"
EXAMPLE_ANSWERS = ROOT / "examples" / "answers.yaml"

COMPLETE = [
    "--answer=plan=I want to get their buy-in for weekly releases.",
    "--answer=target=Weekly releases without weekend work",
    "--answer=people=the platform team",
    "--answer=team_ideas=Wei's checklist",
    "--answer=mutual_benefit=Calmer weeks for everyone",
]


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(app, ["reframe", *args], input=stdin)


def as_json(*args: str, stdin: str | None = None) -> dict:  # type: ignore[type-arg]
    result = run(*args, "--format", "json", stdin=stdin)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def errors(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("kindlead: error:")]


# -- the example a newcomer runs first ------------------------------------------------


def test_the_example_runs_with_no_typing() -> None:
    result = run(str(EXAMPLE_PLAN), "--answers", str(EXAMPLE_ANSWERS))
    assert result.exit_code == 0
    assert result.stderr == ""
    assert "Checklist" in result.stdout
    assert "[ ] Open with the target: Small changes reach customers every week" in result.stdout


def test_the_example_plan_is_coached() -> None:
    data = as_json(str(EXAMPLE_PLAN), "--answers", str(EXAMPLE_ANSWERS))
    assert any("buy-in" in f["matched"].lower() for f in data["findings"])
    assert all(f["question"] == "plan" for f in data["findings"])
    assert any(c["text"].startswith("Instead of") for c in data["checklist"])


def test_default_format_off_a_terminal_is_text() -> None:
    result = run(str(EXAMPLE_PLAN), "--answers", str(EXAMPLE_ANSWERS))
    assert "☐" not in result.stdout and "  [ ] " in result.stdout


# -- every source and their precedence -------------------------------------------------


def test_plan_argument_answers_the_plan_question(tmp_path: Path) -> None:
    plan = tmp_path / "plan.md"
    plan.write_text("We need buy-in from QA.\n", encoding="utf-8")
    data = as_json(str(plan), *COMPLETE[1:])
    assert data["answers"]["plan"] == "We need buy-in from QA."


def test_plan_from_stdin() -> None:
    data = as_json("-", *COMPLETE[1:], stdin="Plan from stdin\n")
    assert data["answers"]["plan"] == "Plan from stdin"


def test_answers_from_stdin() -> None:
    data = as_json("--answers", "-", *COMPLETE[:1], stdin="target: from stdin\n" + _rest())
    assert data["answers"]["target"] == "from stdin"


def _rest() -> str:
    return "people: [Ana]\nteam_ideas: [x]\nmutual_benefit: y\n"


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        (["PLAN"], "from PLAN"),
        (["PLAN", "FILE"], "from the file"),
        (["PLAN", "FILE", "OPTION"], "from --answer"),
        (["FILE", "OPTION"], "from --answer"),
    ],
)
def test_precedence_of_sources(tmp_path: Path, sources: list[str], expected: str) -> None:
    args = [*COMPLETE[1:]]
    if "PLAN" in sources:
        (tmp_path / "plan.md").write_text("from PLAN", encoding="utf-8")
        args.insert(0, str(tmp_path / "plan.md"))
    if "FILE" in sources:
        (tmp_path / "a.yaml").write_text("plan: from the file\n", encoding="utf-8")
        args += ["--answers", str(tmp_path / "a.yaml")]
    if "OPTION" in sources:
        args += ["--answer", "plan=from --answer"]
    assert as_json(*args)["answers"]["plan"] == expected


def test_an_option_beats_the_file_for_one_key_only(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("target: file target\nmutual_benefit: file mb\n")
    data = as_json(*COMPLETE[:3], *COMPLETE[3:4], "--answers", str(tmp_path / "a.yaml"))
    assert (data["answers"]["target"], data["answers"]["mutual_benefit"]) == (
        "Weekly releases without weekend work",
        "file mb",
    )


def test_repeated_list_answers_append() -> None:
    data = as_json(*COMPLETE, "--answer", "people=Ana", "--answer", "people=Raj")
    assert data["answers"]["people"] == ["the platform team", "Ana", "Raj"]


def test_defaults_fill_the_rest() -> None:
    data = as_json(*COMPLETE)
    assert data["answers"]["first_step"] == (
        "Share the target and ask the team how they would reach it."
    )
    assert data["answers"]["concerns"] == []


def test_file_answers_are_taken_as_written(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("target: no\nmutual_benefit: 1.10\n")
    data = as_json(*COMPLETE[:1], *COMPLETE[2:4], "--answers", str(tmp_path / "a.yaml"))
    assert (data["answers"]["target"], data["answers"]["mutual_benefit"]) == ("no", "1.10")


# -- errors -------------------------------------------------------------------------------


def test_every_missing_answer_is_named_at_once() -> None:
    result = run("--no-input", "--answer", "people=Ana")
    assert result.exit_code == 2
    assert result.stdout == ""
    named = [line.split("'")[1] for line in errors(result)]
    assert named == ["plan", "target", "team_ideas", "mutual_benefit"]


def test_no_terminal_means_no_prompting() -> None:
    result = run(stdin="")  # CliRunner's stdin is not a terminal
    assert result.exit_code == 2
    assert len(errors(result)) == 5  # plan, target, people, team_ideas, mutual_benefit
    assert "Question 1" not in result.stderr


def test_invalid_answers_are_all_reported_with_their_place(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("target: ''\nteam_ideas: ['']\ntypo_id: x\n")
    result = run(*COMPLETE[:1], "--answers", str(tmp_path / "a.yaml"))
    assert result.exit_code == 2
    found = errors(result)
    assert any("a.yaml:1:9: 'target' is required" in e for e in found)
    assert any("a.yaml:2:13: 'team_ideas' needs at least 1 item" in e for e in found)
    assert any("a.yaml:3:1: unknown question id 'typo_id'" in e for e in found)
    assert any("missing answer for 'mutual_benefit'" in e for e in found)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-", "--answers", "-"], "cannot both read stdin"),
        (["missing.md"], "missing.md: no such plan"),
        (["--set", "nope"], "no prompt set named 'nope'"),
        (["--answer", "kind=x"], "unknown question id 'kind'"),
        (["--answer", "novalue"], "write it as ID=VALUE"),
        (["--set", "one-on-one", "--answer", "kind=chat"], "'kind' takes one of: idea, feedback"),
    ],
)
def test_usage_errors(args: list[str], message: str) -> None:
    result = run(*args, "--no-input")
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_non_utf8_answers_file_is_a_clean_error(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_bytes(b"target: caf\xe9\n")
    result = run(*COMPLETE, "--answers", str(tmp_path / "a.yaml"))
    assert result.exit_code == 2
    assert "a.yaml:1:12: is not UTF-8 text" in result.stderr


def test_an_unknown_format_is_a_usage_error() -> None:
    result = run(*COMPLETE, "--format", "html")
    assert result.exit_code == 2


def test_an_answer_to_a_question_that_does_not_apply_is_noted(tmp_path: Path) -> None:
    result = run(*ONBOARDING, "--answer", "remote=no", "--answer", "remote_rituals=async")
    assert result.exit_code == 0
    assert "kindlead: warning: the answer to 'remote_rituals' from --answer is not used" in (
        result.stderr
    )


# -- formats ---------------------------------------------------------------------------------


def task_count(markdown: str) -> int:
    """GitHub task-list items, counted from a GFM parser's token stream."""
    tokens = MarkdownIt("gfm-like", {"linkify": False}).parse(markdown)  # no linkify-it-py
    return sum(
        1
        for i, t in enumerate(tokens)
        if t.type == "list_item_open"
        and tokens[i + 1].type == "paragraph_open"
        and tokens[i + 2].type == "inline"
        and tokens[i + 2].content.startswith("[ ] ")
    )


@pytest.mark.parametrize("answer", ["plain", "[bold]x[/]", "\x1b[31mred", "- [ ] fake", "a\nb"])
def test_markdown_tasks_equal_the_json_checklist(answer: str) -> None:
    args = [*COMPLETE, "--answer", f"people={answer}", "--answer", f"concerns={answer}"]
    markdown = run(*args, "--format", "markdown")
    data = as_json(*args)
    assert markdown.exit_code == 0
    assert task_count(markdown.stdout) == len(data["checklist"]) > 5


@pytest.mark.parametrize("fmt", ["rich", "text", "markdown", "json"])
@pytest.mark.parametrize("answer", ["[bold]loud[/]", "[/]", "\x1b[31mred", "\x1b]0;title\x07"])
def test_markup_and_escapes_never_reach_the_output(fmt: str, answer: str) -> None:
    result = run(*COMPLETE, "--answer", f"target={answer}", "--format", fmt)
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    visible = {"json": answer.replace("\x1b", "\\u001b").replace("\x07", "\\u0007")}
    shown = visible.get(fmt, answer.replace("\x1b", "\\x1b").replace("\x07", "\\x07"))
    if fmt == "markdown":
        shown = shown.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    assert shown in result.stdout


def test_rich_format_has_checkboxes() -> None:
    result = run(*COMPLETE, "--format", "rich")
    assert "☐ Open with the target: Weekly releases without weekend work" in result.stdout


# -- --output ----------------------------------------------------------------------------------


def test_output_writes_the_file_and_nothing_to_stdout(tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    result = run(*COMPLETE, "--format", "markdown", "--output", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("# From “buy-in” to cooperation")
    assert [p.name for p in tmp_path.iterdir()] == ["plan.md"]  # no temporary file left


def test_output_keeps_an_existing_file(tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    out.write_text("keep me")
    result = run(*COMPLETE, "--output", str(out))
    assert result.exit_code == 2
    assert "plan.md: already exists; use --force to replace it" in result.stderr
    assert out.read_text() == "keep me"


def test_output_with_force_replaces_it(tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    out.write_text("old")
    result = run(*COMPLETE, "--output", str(out), "--force")
    assert result.exit_code == 0
    assert "Checklist" in out.read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.md"]


def test_output_into_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    result = run(*COMPLETE, "--output", str(tmp_path / "nope" / "plan.md"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_an_input_error_writes_no_output(tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    result = run("--no-input", "--output", str(out))
    assert result.exit_code == 2
    assert not out.exists()


# -- the other built-in sets end to end --------------------------------------------------------

ONBOARDING = [
    "--set=onboarding",
    "--answer=newcomer=Sam",
    "--answer=team_targets=Reviews within a day",
    "--answer=ideas_we_build_on=Priya's review rota",
    "--answer=how_we_cooperate=We get buy-in from the leads, then announce.",
    "--answer=first_week=Pair on a small fix",
]


def test_onboarding_end_to_end() -> None:
    data = as_json(*ONBOARDING, "--answer", "remote=yes", "--answer", "remote_rituals=Demos")
    assert data["set"] == "onboarding"
    assert data["answers"]["remote"] is True
    texts = [c["text"] for c in data["checklist"]]
    assert "Share the team's targets with Sam on day one." in texts
    assert "Set up these remote habits before day one: Demos" in texts
    assert any(f["question"] == "how_we_cooperate" for f in data["findings"])


def test_onboarding_takes_the_plan_argument(tmp_path: Path) -> None:
    (tmp_path / "how.md").write_text("We decide together on Mondays.")
    data = as_json(str(tmp_path / "how.md"), *ONBOARDING[:4], ONBOARDING[5])
    assert data["answers"]["how_we_cooperate"] == "We decide together on Mondays."


ONE_ON_ONE = [
    "--set=one-on-one",
    "--answer=person=Ana",
    "--answer=topic=I need to get Ana on board with the new rota.",
    "--answer=target=A rota that works for both of us",
    "--answer=kind=Feedback",
]


def test_one_on_one_end_to_end() -> None:
    data = as_json(*ONE_ON_ONE)
    assert data["set"] == "one-on-one"
    assert data["answers"]["kind"] == "feedback"  # matched case-insensitively
    assert data["answers"]["questions_to_ask"] == [
        "How would you approach this?",
        "What would make this work well for you?",
    ]
    assert "Ask: How would you approach this?" in [c["text"] for c in data["checklist"]]


def test_one_on_one_markdown_is_a_task_list() -> None:
    result = run(*ONE_ON_ONE, "--format", "markdown")
    assert task_count(result.stdout) == len(as_json(*ONE_ON_ONE)["checklist"])


# -- --output picks the format from the file name ---------------------------------------------


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("plan.md", "# From “buy-in” to cooperation"),
        ("plan.markdown", "# From “buy-in” to cooperation"),
        ("plan.json", "{"),
        ("plan.txt", "From “buy-in” to cooperation\n====="),
        ("plan.out", "From “buy-in” to cooperation\n====="),
    ],
)
def test_output_format_follows_the_extension(tmp_path: Path, name: str, start: str) -> None:
    out = tmp_path / name
    result = run(*COMPLETE, "--output", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith(start)


def test_an_explicit_format_wins_over_the_extension(tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    assert run(*COMPLETE, "--format", "json", "--output", str(out)).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["set"] == "cooperation"


def test_help_explains_the_format_from_the_extension() -> None:
    result = CliRunner().invoke(app, ["reframe", "--help"], env={"COLUMNS": "200"})
    assert ".md" in result.stdout and ".json" in result.stdout and "extension" in result.stdout


# -- colour ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "styled"),
    [
        ({"FORCE_COLOR": "1"}, True),  # piped, but forced
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),  # NO_COLOR wins
        ({}, False),  # piped
    ],
)
def test_force_color_styles_the_plan_even_in_a_pipe(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], styled: bool
) -> None:
    monkeypatch.delenv("NO_COLOR")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    result = run(*COMPLETE, "--format", "rich")
    assert result.exit_code == 0
    assert ("\x1b[" in result.stdout) is styled


def test_force_color_never_styles_an_output_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    out = tmp_path / "plan.txt"
    assert run(*COMPLETE, "--format", "rich", "--output", str(out)).exit_code == 0
    assert "\x1b" not in out.read_text(encoding="utf-8")


# -- line endings, empty input, an ASCII-only terminal -----------------------------------------


@pytest.mark.parametrize("fmt", ["rich", "text", "markdown", "json"])
def test_a_crlf_plan_file_shows_no_carriage_returns(tmp_path: Path, fmt: str) -> None:
    plan = tmp_path / "plan.md"
    plan.write_bytes(b"# Weekly releases\r\n\r\nI need their buy-in\r\nfor this.\r\n")
    result = run(str(plan), *COMPLETE[1:], "--format", fmt)
    assert result.exit_code == 0
    assert "\\x0d" not in result.stdout and "\\r" not in result.stdout
    assert "\r" not in result.stdout


def test_a_crlf_plan_on_stdin_is_normalised() -> None:
    data = as_json("-", *COMPLETE[1:], stdin="one\r\ntwo\r\n")
    assert data["answers"]["plan"] == "one\ntwo"


def test_crlf_answers_file_and_options_are_normalised(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_bytes(b'target: "line one\\r\\nline two"\r\npeople:\r\n  - "a\\rb"\r\n')
    data = as_json(
        "--answers", str(answers), COMPLETE[0], COMPLETE[3], "--answer=mutual_benefit=x\r\ny"
    )
    assert data["answers"]["target"] == "line one\nline two"
    assert data["answers"]["people"] == ["a\nb"]
    assert data["answers"]["mutual_benefit"] == "x\ny"


def test_an_empty_stdin_plan_says_so() -> None:
    result = run("-", "--answers", str(EXAMPLE_ANSWERS), stdin="")
    assert result.exit_code == 2
    assert errors(result) == [
        "kindlead: error: standard input was empty: expected the text of your plan"
    ]


def test_an_empty_plan_file_says_so(tmp_path: Path) -> None:
    (tmp_path / "plan.md").write_text("\n \n")
    result = run(str(tmp_path / "plan.md"), "--answers", str(EXAMPLE_ANSWERS))
    assert errors(result) == [
        f"kindlead: error: {tmp_path / 'plan.md'}: the plan file is empty: "
        "expected the text of your plan"
    ]


@pytest.mark.parametrize("fmt", ["text", "rich", "markdown", "json"])
def test_an_ascii_only_stdout_gets_escapes_not_a_crash(fmt: str) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    args = [str(EXAMPLE_PLAN), "--answers", str(EXAMPLE_ANSWERS), "--format", fmt]
    done = subprocess.run(
        [sys.executable, "-m", "kindlead", "reframe", *args],
        capture_output=True, env=env, cwd=ROOT, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode("ascii", "replace")
    assert done.stderr == b""
    done.stdout.decode("ascii")  # every byte is ASCII
    if fmt == "json":  # still valid JSON, the same text
        assert json.loads(done.stdout)["title"] == "From “buy-in” to cooperation"
    else:
        assert b"Checklist" in done.stdout


def test_json_on_an_ascii_only_stdout_escapes_any_character() -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    args = [*COMPLETE, "--answer", "target=caf\u00e9 \U0001f680 \u201cq\u201d", "--format=json"]
    done = subprocess.run(
        [sys.executable, "-m", "kindlead", "reframe", *args],
        capture_output=True, env=env, cwd=ROOT, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0
    assert json.loads(done.stdout)["answers"]["target"] == "caf\u00e9 \U0001f680 \u201cq\u201d"
