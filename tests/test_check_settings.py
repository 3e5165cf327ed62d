"""`kindlead check` settings: `.kindlead.toml` and `[tool.kindlead]`, found upwards, joined
with the command line; `--fail-on`, severities, `--show-settings`, the summary line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kindlead.cli import app

BUY_IN = "We need their buy-in before Friday.\n"  # buy-in: a warning
CONVINCE = "We must convince the team.\n"  # convince: a warning
TELLING = "This is decided. No exceptions.\n"  # telling: a suggestion


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project folder, the current folder (so messages name files shortly)."""
    root = tmp_path / "repo"
    root.mkdir()
    monkeypatch.chdir(root)
    return root


def put(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def rules_found(runner: CliRunner, *args: str) -> list[str]:
    """The rule of each finding `check` reports, from its JSON."""
    result = runner.invoke(app, ["check", "--format", "json", *args])
    assert result.exit_code in (0, 1), result.stderr
    return [f["rule"] for f in json.loads(result.stdout)["findings"]]


# -- where the settings come from ---------------------------------------------------------


def test_a_kindlead_toml_in_the_files_folder_applies(runner: CliRunner, repo: Path) -> None:
    put(repo / "a.md", BUY_IN + CONVINCE)
    assert rules_found(runner, "a.md") == ["buy-in", "convince"]
    put(repo / ".kindlead.toml", 'allow = ["convince"]\n')
    assert rules_found(runner, "a.md") == ["buy-in"]


def test_settings_are_found_from_the_files_folder_upwards(runner: CliRunner, repo: Path) -> None:
    put(repo / ".kindlead.toml", 'allow = ["convince"]\n')
    put(repo / "docs" / "deep" / "a.md", BUY_IN + CONVINCE)
    assert rules_found(runner, "docs/deep/a.md") == ["buy-in"]


def test_the_nearest_settings_file_wins_and_nothing_is_merged(
    runner: CliRunner, repo: Path
) -> None:
    put(repo / ".kindlead.toml", 'allow = ["convince"]\n')
    put(repo / "docs" / ".kindlead.toml", 'allow = ["buy-in"]\n')
    put(repo / "docs" / "a.md", BUY_IN + CONVINCE)
    put(repo / "b.md", BUY_IN + CONVINCE)
    assert rules_found(runner, "docs/a.md", "b.md") == ["convince", "buy-in"]


def test_an_empty_kindlead_toml_counts_and_stops_the_search(runner: CliRunner, repo: Path) -> None:
    put(repo / ".kindlead.toml", 'allow = ["convince"]\n')
    put(repo / "docs" / ".kindlead.toml", "")
    put(repo / "docs" / "a.md", CONVINCE)
    assert rules_found(runner, "docs/a.md") == ["convince"]


def test_a_pyproject_without_tool_kindlead_is_passed_over(runner: CliRunner, repo: Path) -> None:
    put(repo / ".kindlead.toml", 'allow = ["convince"]\n')
    put(repo / "pkg" / "pyproject.toml", '[project]\nname = "kindlead-notes"\n[tool.ruff]\n')
    put(repo / "pkg" / "a.md", CONVINCE)
    assert rules_found(runner, "pkg/a.md") == []


@pytest.mark.parametrize(
    "pyproject",
    [
        '[tool.kindlead]\nallow = ["convince"]\n',
        '[tool . "kindlead"]\nallow = ["convince"]\n',
        'tool.kindlead.allow = ["convince"]\n',
        '[tool]\nkindlead = { allow = ["convince"] }\n',
        '[tool.kindlead.severity]\nconvince = "off"\n',
        '[project]\nname = "x"\n\n[tool.kindlead]\nallow = ["convince"]\n\n[tool.ruff]\nx = 1\n',
    ],
    ids=["table", "spaced-quoted", "dotted", "tool-table", "sub-table", "among-others"],
)
def test_tool_kindlead_in_pyproject_in_any_toml_spelling(
    runner: CliRunner, repo: Path, pyproject: str
) -> None:
    put(repo / "pyproject.toml", pyproject)
    put(repo / "a.md", BUY_IN + CONVINCE)
    assert rules_found(runner, "a.md") == ["buy-in"]


def test_kindlead_toml_wins_over_pyproject_in_the_same_folder(
    runner: CliRunner, repo: Path
) -> None:
    put(repo / "pyproject.toml", '[tool.kindlead]\nallow = ["buy-in"]\n')
    put(repo / ".kindlead.toml", 'allow = ["convince"]\n')
    put(repo / "a.md", BUY_IN + CONVINCE)
    assert rules_found(runner, "a.md") == ["buy-in"]


def test_standard_input_takes_the_settings_of_the_current_folder(
    runner: CliRunner, repo: Path
) -> None:
    put(repo / ".kindlead.toml", 'allow = ["convince"]\n')
    result = runner.invoke(app, ["check", "--format", "json", "-"], input=BUY_IN + CONVINCE)
    assert [f["rule"] for f in json.loads(result.stdout)["findings"]] == ["buy-in"]


def test_no_config_leaves_the_settings_out(runner: CliRunner, repo: Path) -> None:
    put(repo / ".kindlead.toml", 'allow = ["convince"]\nfail-on = "error"\n')
    put(repo / "a.md", CONVINCE)
    assert runner.invoke(app, ["check", "a.md"]).exit_code == 0
    result = runner.invoke(app, ["check", "--no-config", "a.md"])
    assert result.exit_code == 1 and " convince: " in result.stdout


def test_no_config_does_not_even_read_a_broken_settings_file(runner: CliRunner, repo: Path) -> None:
    put(repo / ".kindlead.toml", "allow = [\n")
    put(repo / "a.md", CONVINCE)
    assert runner.invoke(app, ["check", "a.md"]).exit_code == 2
    assert runner.invoke(app, ["check", "--no-config", "a.md"]).exit_code == 1


# -- the command line joins in ------------------------------------------------------------


def test_allow_on_the_command_line_adds_to_the_settings(runner: CliRunner, repo: Path) -> None:
    put(repo / ".kindlead.toml", 'allow = ["convince"]\n')
    put(repo / "a.md", BUY_IN + CONVINCE + TELLING)
    assert rules_found(runner, "a.md") == ["buy-in", "telling"]
    assert rules_found(runner, "--allow", "telling", "a.md") == ["buy-in"]


RALLY = (
    "schema_version: 1\nrules:\n  - id: rally\n    severity: {severity}\n"
    "    message: m\n    suggestion: s\n    patterns: ['rally the troops']\n"
)


def test_settings_rules_are_relative_to_the_settings_file(runner: CliRunner, repo: Path) -> None:
    put(repo / "style" / "team.yaml", RALLY.format(severity="warning"))
    put(repo / ".kindlead.toml", 'rules = ["style/team.yaml"]\n')
    put(repo / "docs" / "a.md", "Time to rally the troops.\n")
    assert rules_found(runner, "docs/a.md") == ["rally"]


def test_command_line_rules_add_to_the_settings_and_win_on_the_same_id(
    runner: CliRunner, repo: Path
) -> None:
    put(repo / "team.yaml", RALLY.format(severity="warning"))
    put(repo / "mine.yaml", RALLY.format(severity="error"))
    put(repo / ".kindlead.toml", 'rules = ["team.yaml"]\n')
    put(repo / "a.md", "Time to rally the troops.\n")
    result = runner.invoke(app, ["check", "--format", "json", "--rules", "mine.yaml", "a.md"])
    [finding] = json.loads(result.stdout)["findings"]
    assert (finding["rule"], finding["severity"]) == ("rally", "error")


# -- severity and --fail-on ---------------------------------------------------------------


def severities(runner: CliRunner, *args: str) -> list[tuple[str, str]]:
    result = runner.invoke(app, ["check", "--format", "json", *args])
    return [(f["rule"], f["severity"]) for f in json.loads(result.stdout)["findings"]]


def test_severity_changes_what_a_rule_reports(runner: CliRunner, repo: Path) -> None:
    put(repo / "a.md", BUY_IN + TELLING)
    assert severities(runner, "a.md") == [("buy-in", "warning"), ("telling", "suggestion")]
    put(repo / ".kindlead.toml", '[severity]\nbuy-in = "error"\ntelling = "warning"\n')
    assert severities(runner, "a.md") == [("buy-in", "error"), ("telling", "warning")]


def test_severity_off_turns_a_rule_off(runner: CliRunner, repo: Path) -> None:
    put(repo / "a.md", BUY_IN + TELLING)
    put(repo / ".kindlead.toml", '[severity]\ntelling = "off"\n')
    assert severities(runner, "a.md") == [("buy-in", "warning")]


def test_severity_applies_to_a_settings_rule_file_rule(runner: CliRunner, repo: Path) -> None:
    put(repo / "team.yaml", RALLY.format(severity="warning"))
    put(repo / ".kindlead.toml", 'rules = ["team.yaml"]\n[severity]\nrally = "suggestion"\n')
    put(repo / "a.md", "Time to rally the troops.\n")
    assert severities(runner, "a.md") == [("rally", "suggestion")]


@pytest.mark.parametrize(
    ("text", "fail_on", "code"),
    [
        (BUY_IN + TELLING, None, 1),  # the default: any finding fails
        (BUY_IN + TELLING, "suggestion", 1),
        (BUY_IN + TELLING, "warning", 1),
        (BUY_IN + TELLING, "error", 0),
        (TELLING, "warning", 0),
        (TELLING, "suggestion", 1),
        ("Nothing to see.\n", "suggestion", 0),
    ],
)
@pytest.mark.parametrize("where", ["command line", "settings"])
def test_fail_on_exits_1_only_at_or_above_its_level(
    runner: CliRunner, repo: Path, text: str, fail_on: str | None, code: int, where: str
) -> None:
    put(repo / "a.md", text)
    args = ["check", "a.md"]
    if fail_on and where == "settings":
        put(repo / ".kindlead.toml", f'fail-on = "{fail_on}"\n')
    elif fail_on:
        args.append(f"--fail-on={fail_on}")
    result = runner.invoke(app, args)
    assert result.exit_code == code, result.stderr
    if text != "Nothing to see.\n":
        assert result.stdout, "findings are shown whether or not they fail"


def test_fail_on_on_the_command_line_wins(runner: CliRunner, repo: Path) -> None:
    put(repo / ".kindlead.toml", 'fail-on = "error"\n')
    put(repo / "a.md", BUY_IN)
    assert runner.invoke(app, ["check", "a.md"]).exit_code == 0
    assert runner.invoke(app, ["check", "--fail-on", "warning", "a.md"]).exit_code == 1


def test_a_severity_raised_to_error_fails_at_fail_on_error(runner: CliRunner, repo: Path) -> None:
    put(repo / ".kindlead.toml", 'fail-on = "error"\n[severity]\nbuy-in = "error"\n')
    put(repo / "a.md", BUY_IN + CONVINCE)
    assert runner.invoke(app, ["check", "a.md"]).exit_code == 1


def test_each_file_fails_at_its_own_settings_level(runner: CliRunner, repo: Path) -> None:
    put(repo / "lax" / ".kindlead.toml", 'fail-on = "error"\n')
    put(repo / "lax" / "a.md", BUY_IN)
    put(repo / "strict" / "a.md", TELLING)
    assert runner.invoke(app, ["check", "lax/a.md"]).exit_code == 0
    assert runner.invoke(app, ["check", "lax/a.md", "strict/a.md"]).exit_code == 1


def test_an_unknown_fail_on_is_a_usage_error(runner: CliRunner, repo: Path) -> None:
    result = runner.invoke(app, ["check", "--fail-on", "warn", "-"], input="")
    assert result.exit_code == 2
    assert result.stderr.startswith("kindlead: error: Invalid value for '--fail-on'")


# -- problems in a settings file ----------------------------------------------------------

PROBLEMS = [
    (
        'alow = ["convince"]\n',
        ".kindlead.toml:1:1: unknown setting 'alow' (did you mean 'allow'?)",
    ),
    (
        'fail_on = "warning"\n',
        ".kindlead.toml:1:1: unknown setting 'fail_on' (did you mean 'fail-on'?)",
    ),
    (
        "\n\nwhatever = 1\n",
        ".kindlead.toml:3:1: unknown setting 'whatever' "
        "(known: allow, rules, exclude, severity, fail-on)",
    ),
    (
        'allow = "convince"\n',
        ".kindlead.toml:1:1: 'allow' must be a list of strings (rule ids or phrases), not a string",
    ),
    (
        'allow = ["convince", 3]\n',
        ".kindlead.toml:1:1: 'allow' must be a list of strings (rule ids or phrases); "
        "item 2 is a number",
    ),
    (
        'allow = ["  "]\n',
        ".kindlead.toml:1:1: 'allow': item 1 is empty",
    ),
    (
        'allow = ["win-suport"]\n',
        ".kindlead.toml:1:1: allow 'win-suport': no rule has this id (did you mean "
        "'win-support'?); to allow it as a phrase, write it with a capital letter "
        "('Win-suport')",
    ),
    (
        'allow = ["convnce"]\n',
        ".kindlead.toml:1:1: allow 'convnce': no rule has this id (did you mean "
        "'convince'?); to allow it as a phrase, write it with a capital letter ('Convnce')",
    ),
    (
        'allow = ["(oops"]\n',
        ".kindlead.toml:1:1: allow '(oops': bad phrase: unclosed '(': missing ')'",
    ),
    (
        'rules = "team.yaml"\n',
        ".kindlead.toml:1:1: 'rules' must be a list of strings (rule files), not a string",
    ),
    (
        'rules = ["team.yaml"]\n',
        ".kindlead.toml:1:1: rules: 'team.yaml': no such file",
    ),
    (
        'exclude = ["../other"]\n',
        ".kindlead.toml:1:1: exclude: '../other' goes out of the settings file's folder; "
        "patterns are relative to it",
    ),
    ('exclude = ["//"]\n', ".kindlead.toml:1:1: exclude: '//' names no file or folder"),
    (
        "exclude = true\n",
        ".kindlead.toml:1:1: 'exclude' must be a list of strings (globs), not true or false",
    ),
    (
        '[severity]\nbuy-inn = "off"\n',
        ".kindlead.toml:2:1: severity: no rule has the id 'buy-inn' (did you mean 'buy-in'?)",
    ),
    (
        '[severity]\n  telling = "warn"\n',
        ".kindlead.toml:2:3: severity of 'telling' must be off, suggestion, warning or "
        "error, not 'warn' (did you mean 'warning'?)",
    ),
    (
        "[severity]\ntelling = 2\n",
        ".kindlead.toml:2:1: severity of 'telling' must be off, suggestion, warning or "
        "error, not a number",
    ),
    (
        '[severity]\nteam.jargon = "off"\n',
        ".kindlead.toml:1:1: severity of 'team' must be off, suggestion, warning or error, "
        'not a table (quote an id with a dot in it: "team.…" = …)',
    ),
    (
        'severity = ["telling"]\n',
        ".kindlead.toml:1:1: 'severity' must be a table of rule ids, each off, suggestion, "
        "warning or error, not a list",
    ),
    (
        'fail-on = "warn"\n',
        ".kindlead.toml:1:1: 'fail-on' must be one of error, warning, suggestion, not "
        "'warn' (did you mean 'warning'?)",
    ),
    (
        "fail-on = 2\n",
        ".kindlead.toml:1:1: 'fail-on' must be one of error, warning, suggestion, not a number",
    ),
    (
        "fail-on = 1979-05-27\n",
        ".kindlead.toml:1:1: 'fail-on' must be one of error, warning, suggestion, "
        "not a date or time",
    ),
    (
        'allow = ["convince"]\nfail-on = warning\n',
        ".kindlead.toml:2:11: not valid TOML: Invalid value",
    ),
    ("allow = [\n", ".kindlead.toml:2:1: not valid TOML: Invalid value"),
    (
        'allow = []\nallow = ["x"]\n',
        ".kindlead.toml:2:14: not valid TOML: Cannot overwrite a value",
    ),
    (b"allow = ['caf\xe9']\n", ".kindlead.toml:1:14: is not UTF-8 text (byte 0xe9)"),
]


@pytest.mark.parametrize(("text", "error"), PROBLEMS)
def test_a_bad_settings_file_is_an_error_at_its_place(
    runner: CliRunner, repo: Path, text: str | bytes, error: str
) -> None:
    put(repo / ".kindlead.toml", text)
    put(repo / "a.md", BUY_IN)
    result = runner.invoke(app, ["check", "a.md"])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == f"kindlead: error: {error}"
    assert lines[1:] == ["kindlead: no file checked; 1 file could not be checked"]


def test_every_problem_of_a_settings_file_is_said_at_once_in_order(
    runner: CliRunner, repo: Path
) -> None:
    put(
        repo / ".kindlead.toml",
        'allow = ["win-suport"]\nalow = 1\n[severity]\nbuy-inn = "off"\ntelling = "of"\n',
    )
    result = runner.invoke(app, ["check", "-"], input=BUY_IN)
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert [e.split(":")[3] for e in errors] == ["1", "2", "4", "5"]


@pytest.mark.parametrize(
    ("pyproject", "error"),
    [
        (
            '[project]\nname = "x"\n\n[tool.kindlead]\nalow = []\n',
            "pyproject.toml:5:1: unknown setting 'alow' (did you mean 'allow'?)",
        ),
        (
            '[tool.kindlead]\nallow = []\n[tool.kindlead.severity]\ntelling = "loud"\n',
            "pyproject.toml:4:1: severity of 'telling' must be off, suggestion, warning or "
            "error, not 'loud'",
        ),
        ('[tool]\nkindlead = "yes"\n', "pyproject.toml:2:1: [tool.kindlead] must be a table"),
        (
            "[tool.kindlead\n",
            "pyproject.toml:1:15: not valid TOML: Expected ']' at the end of a table declaration",
        ),
    ],
)
def test_a_bad_tool_kindlead_table_is_an_error_at_its_place(
    runner: CliRunner, repo: Path, pyproject: str, error: str
) -> None:
    put(repo / "pyproject.toml", pyproject)
    result = runner.invoke(app, ["check", "-"], input=BUY_IN)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"kindlead: error: {error}"


def test_a_bad_rule_file_named_in_the_settings_is_reported_at_its_own_place(
    runner: CliRunner, repo: Path
) -> None:
    put(repo / "team.yaml", "schema_version: 1\nrules:\n  - id: Bad Id\n")
    put(repo / ".kindlead.toml", 'rules = ["team.yaml"]\n')
    result = runner.invoke(app, ["check", "-"], input=BUY_IN)
    assert result.exit_code == 2
    assert "kindlead: error: team.yaml:3:" in result.stderr


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda p: p.mkdir(), ".kindlead.toml: is a directory, expected a settings file"),
        (lambda p: os.mkfifo(p), ".kindlead.toml: is not a settings file"),
        (
            lambda p: p.write_bytes(b"#" * (1024 * 1024 + 1)),
            ".kindlead.toml: settings file is too large (over 1 MiB)",
        ),
    ],
    ids=["directory", "fifo", "huge"],
)
def test_a_settings_file_that_is_not_one_is_an_error_not_a_hang(
    runner: CliRunner, repo: Path, make: object, error: str
) -> None:
    make(repo / ".kindlead.toml")  # type: ignore[operator]
    result = runner.invoke(app, ["check", "-"], input=BUY_IN)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"kindlead: error: {error}"


def test_a_bad_settings_file_stops_only_the_files_it_applies_to(
    runner: CliRunner, repo: Path
) -> None:
    put(repo / "bad" / ".kindlead.toml", "alow = 1\n")
    for name in ("a.md", "b.md", "c.md"):
        put(repo / "bad" / name, BUY_IN)
    put(repo / "good.md", BUY_IN)
    result = runner.invoke(app, ["check", "bad", "good.md"])
    assert result.exit_code == 2  # an error wins over findings
    assert [line.split(":")[0] for line in result.stdout.splitlines()[:1]] == ["good.md"]
    assert result.stderr.count("unknown setting 'alow'") == 1  # said once, not per file
    assert result.stderr.splitlines()[-1] == (
        "kindlead: 1 finding (1 warning) in 1 of 4 files; 3 files could not be checked"
    )


@pytest.mark.parametrize(
    "make",
    [lambda p: p.mkdir(), lambda p: os.mkfifo(p), lambda p: p.write_bytes(b"#" * 2**21)],
    ids=["directory", "fifo", "huge"],
)
def test_a_pyproject_that_cannot_hold_kindlead_settings_is_passed_over(
    runner: CliRunner, repo: Path, make: object
) -> None:
    put(repo / ".kindlead.toml", 'allow = ["buy-in"]\n')
    put(repo / "sub" / "a.md", BUY_IN)
    make(repo / "sub" / "pyproject.toml")  # type: ignore[operator]
    result = runner.invoke(app, ["check", "sub/a.md"])
    assert result.exit_code == 0, result.stderr  # the settings above apply


def test_a_broken_pyproject_that_cannot_hold_kindlead_settings_is_not_read(
    runner: CliRunner, repo: Path
) -> None:
    put(repo / "pyproject.toml", "[project\nname = \n")  # not ours to judge
    result = runner.invoke(app, ["check", "-"], input=BUY_IN)
    assert result.exit_code == 1


# -- --allow on the command line ----------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "error"),
    [
        (
            "win-suport",
            "--allow 'win-suport': no rule has this id (did you mean 'win-support'?); to "
            "allow it as a phrase, write it with a capital letter ('Win-suport')",
        ),
        (
            "telling.x",
            "--allow 'telling.x': no rule has this id (did you mean 'telling'?)",
        ),
        (
            "convnce",
            "--allow 'convnce': no rule has this id (did you mean 'convince'?); to allow it "
            "as a phrase, write it with a capital letter ('Convnce')",
        ),
    ],
)
def test_a_mistyped_allow_rule_id_is_an_error(
    runner: CliRunner, repo: Path, entry: str, error: str
) -> None:
    result = runner.invoke(app, ["check", "--allow", entry, "-"], input=CONVINCE)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"kindlead: error: {error}"


@pytest.mark.parametrize("entry", ["Convnce", "convincing", "must convince", "sold"])
def test_phrases_that_are_not_near_a_rule_id_stay_phrases(
    runner: CliRunner, repo: Path, entry: str
) -> None:
    result = runner.invoke(app, ["check", "--allow", entry, "-"], input=CONVINCE)
    assert result.exit_code in (0, 1), result.stderr


def test_a_capital_letter_makes_an_id_like_entry_a_phrase(runner: CliRunner, repo: Path) -> None:
    result = runner.invoke(app, ["check", "--allow", "Must-convince", "-"], input=CONVINCE)
    assert result.exit_code == 0  # "must convince" matched, ignoring case: allowed


def test_an_allow_id_from_a_settings_rule_file_is_known(runner: CliRunner, repo: Path) -> None:
    put(repo / "team.yaml", RALLY.format(severity="warning"))
    put(repo / ".kindlead.toml", 'rules = ["team.yaml"]\n')
    put(repo / "a.md", "Time to rally the troops.\n")
    result = runner.invoke(app, ["check", "--allow", "rally", "a.md"])
    assert result.exit_code == 0, result.stderr


# -- check --show-settings ----------------------------------------------------------------


def test_show_settings_without_a_settings_file(runner: CliRunner, repo: Path) -> None:
    result = runner.invoke(app, ["check", "--show-settings"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:2] == ["# settings for .", "# settings file: none"]
    assert lines[2].startswith("allow = [] ") and lines[2].endswith("  # default")
    assert 'buy-in = "warning"' in result.stdout


def test_show_settings_says_where_each_value_came_from(runner: CliRunner, repo: Path) -> None:
    put(repo / "team.yaml", RALLY.format(severity="warning"))
    put(
        repo / ".kindlead.toml",
        'allow = ["convince"]\nrules = ["team.yaml"]\nexclude = ["drafts/"]\n'
        '[severity]\ntelling = "off"\n',
    )
    result = runner.invoke(
        app, ["check", "--show-settings", "--allow", "on board with", "--fail-on", "error", "docs"]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "# settings for docs",
        "# settings file: .kindlead.toml",
        'allow = ["convince", "on board with"]  # .kindlead.toml, command line',
        'rules = ["team.yaml"]                  # .kindlead.toml',
        'exclude = ["drafts/"]                  # .kindlead.toml',
        'fail-on = "error"                      # command line',
        "",
        "[severity]",
        'buy-in = "warning"                     # default',
        'win-support = "warning"                # default',
        'sell-to-people = "warning"             # default',
        'convince = "warning"                   # default',
        'on-board = "warning"                   # default',
        'win-over = "warning"                   # default',
        'overcome-resistance = "warning"        # default',
        'push-through = "warning"               # default',
        'get-them-to-agree = "warning"          # default',
        'telling = "off"                        # .kindlead.toml',
        'rally = "warning"                      # default',
    ]


def test_show_settings_as_json(runner: CliRunner, repo: Path) -> None:
    put(repo / "pyproject.toml", '[tool.kindlead]\nexclude = ["CHANGELOG.md"]\n')
    result = runner.invoke(
        app, ["check", "--show-settings", "--format", "json", "--no-config", "CHANGELOG.md"]
    )
    doc = json.loads(result.stdout)
    assert doc["settings_file"] is None and doc["excluded_by"] is None
    assert doc["settings"]["exclude"] == {"value": [], "from": ["default"]}
    result = runner.invoke(app, ["check", "--show-settings", "--format", "json", "CHANGELOG.md"])
    doc = json.loads(result.stdout)
    assert doc["path"] == "CHANGELOG.md" and doc["settings_file"] == "pyproject.toml"
    assert doc["excluded_by"] == "CHANGELOG.md"
    assert doc["settings"]["exclude"] == {"value": ["CHANGELOG.md"], "from": ["pyproject.toml"]}
    assert doc["severity"]["buy-in"] == {"value": "warning", "from": ["default"]}


def test_show_settings_says_when_the_path_is_excluded(runner: CliRunner, repo: Path) -> None:
    put(repo / ".kindlead.toml", 'exclude = ["vendor"]\n')
    result = runner.invoke(app, ["check", "--show-settings", "vendor/lib/README.md"])
    assert '# vendor/lib/README.md is excluded by "vendor"' in result.stdout.splitlines()


def test_show_settings_with_no_config(runner: CliRunner, repo: Path) -> None:
    put(repo / ".kindlead.toml", "alow = 1\n")  # left out, so not even read
    result = runner.invoke(app, ["check", "--show-settings", "--no-config"])
    assert result.exit_code == 0
    assert "# settings file: none (--no-config)" in result.stdout


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["a.md", "b.md"], "--show-settings takes one PATH"),
        (["--format", "github"], "--show-settings writes text or json, not github"),
    ],
)
def test_show_settings_usage_errors(
    runner: CliRunner, repo: Path, args: list[str], error: str
) -> None:
    result = runner.invoke(app, ["check", "--show-settings", *args])
    assert result.exit_code == 2
    assert result.stderr == f"kindlead: error: {error}\n"


def test_show_settings_of_a_bad_settings_file_is_its_error(runner: CliRunner, repo: Path) -> None:
    put(repo / ".kindlead.toml", "alow = 1\n")
    result = runner.invoke(app, ["check", "--show-settings"])
    assert result.exit_code == 2
    assert result.stderr == (
        "kindlead: error: .kindlead.toml:1:1: unknown setting 'alow' (did you mean 'allow'?)\n"
    )


# -- lookups are cached ---------------------------------------------------------------------


def test_each_folder_is_looked_up_once_and_each_settings_file_read_once(
    runner: CliRunner, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kindlead.settings as settings

    put(repo / ".kindlead.toml", 'allow = ["convince"]\n')
    for d in range(3):
        for f in range(4):
            put(repo / "docs" / f"part{d}" / f"page{f}.md", BUY_IN)
    looked: list[str] = []
    read: list[str] = []
    look, parse = settings._settings_in, settings.read_settings

    def counting_look(folder: str) -> object:
        looked.append(folder)
        return look(folder)

    def counting_parse(path: str, *args: object) -> object:
        read.append(path)
        return parse(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(settings, "_settings_in", counting_look)
    monkeypatch.setattr(settings, "read_settings", counting_parse)
    result = runner.invoke(app, ["check", "docs", "docs/part1/page1.md"])
    assert result.exit_code == 1
    assert sorted(looked) == sorted(
        [str(repo / "docs"), *(str(repo / "docs" / f"part{d}") for d in range(3)), str(repo)]
    )
    assert read == [str(repo / ".kindlead.toml")]


# -- the summary line and the text form ------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "args", "summary"),
    [
        ({"a.md": BUY_IN}, ["a.md"], "1 finding (1 warning) in 1 file"),
        (
            {"a.md": BUY_IN + TELLING, "b.md": "Nothing.\n", "c.md": CONVINCE},
            ["."],
            "3 findings (2 warnings, 1 suggestion) in 2 of 3 files",
        ),
        (
            {"a.md": "Nothing.\n", "b.md": "Nor here.\n"},
            ["."],
            "no buy-in framing found in 2 files",
        ),
        (
            {"a.md": "Nothing.\n"},
            ["a.md", "missing.md"],
            "no buy-in framing found in 1 file; 1 file could not be checked",
        ),
        (
            {"a.md": TELLING},
            ["--fail-on", "warning", "a.md"],
            "1 finding (1 suggestion) in 1 file; none at or above the fail-on level (warning)",
        ),
        (
            {"a.md": BUY_IN, "b.md": BUY_IN, ".kindlead.toml": 'exclude = ["b.md"]\n'},
            ["a.md", "b.md"],
            "1 finding (1 warning) in 1 file; 1 named path excluded by the settings",
        ),
        (
            {"b.md": BUY_IN, ".kindlead.toml": 'exclude = ["b.md"]\n'},
            ["b.md"],
            "no file checked; 1 named path excluded by the settings",
        ),
    ],
)
def test_the_summary_line_on_stderr(
    runner: CliRunner, repo: Path, files: dict[str, str], args: list[str], summary: str
) -> None:
    for name, text in files.items():
        put(repo / name, text)
    result = runner.invoke(app, ["check", *args])
    assert result.stderr.splitlines()[-1] == f"kindlead: {summary}"


@pytest.mark.parametrize("fmt", ["json", "github"])
def test_no_summary_for_machine_formats(runner: CliRunner, repo: Path, fmt: str) -> None:
    put(repo / "a.md", BUY_IN)
    result = runner.invoke(app, ["check", "--format", fmt, "a.md"])
    assert result.exit_code == 1 and result.stderr == ""


def test_verbose_is_the_long_form(runner: CliRunner, repo: Path) -> None:
    put(repo / "a.md", BUY_IN)
    short = runner.invoke(app, ["check", "a.md"]).stdout
    long = runner.invoke(app, ["check", "--verbose", "a.md"]).stdout
    assert "(try: " in long and "(try: " not in short
    assert long.startswith('a.md:1:15: warning: buy-in: "buy-in": ')


def test_in_a_pipe_lines_are_not_wrapped(runner: CliRunner, repo: Path) -> None:
    put(repo / "a.md", BUY_IN)
    result = runner.invoke(app, ["check", "a.md"], env={"COLUMNS": "40"})
    assert max(len(line) for line in result.stdout.splitlines()) > 40


# -- real processes ---------------------------------------------------------------------------


def kindlead(*args: str, cwd: Path, stdin: bytes = b"") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "KINDLEAD_DEBUG"}
    return subprocess.run(
        [sys.executable, "-m", "kindlead", *args],
        input=stdin.decode(), capture_output=True, text=True, timeout=60, cwd=cwd,
        env={**env, "NO_COLOR": "1"},
    )  # fmt: skip


def test_real_process_pyproject_settings_fail_on_and_summary(repo: Path) -> None:
    put(repo / "pyproject.toml", '[tool.kindlead]\nfail-on = "error"\n')
    put(repo / "docs" / "a.md", BUY_IN)
    proc = kindlead("check", "docs", cwd=repo)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("docs/a.md:1:15: warning buy-in: ")
    assert proc.stderr == (
        "kindlead: 1 finding (1 warning) in 1 file; none at or above the fail-on level (error)\n"
    )


def test_real_process_bad_settings_file(repo: Path) -> None:
    put(repo / ".kindlead.toml", "[severity]\nbuy-in = 'loud'\n")
    proc = kindlead("check", "-", cwd=repo / ".", stdin=BUY_IN.encode())
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[0] == (
        "kindlead: error: .kindlead.toml:2:1: severity of 'buy-in' must be off, suggestion, "
        "warning or error, not 'loud'"
    )
    assert "Traceback" not in proc.stderr


def test_real_process_show_settings(repo: Path) -> None:
    put(repo / ".kindlead.toml", 'fail-on = "warning"\n')
    proc = kindlead("check", "--show-settings", cwd=repo)
    assert proc.returncode == 0
    assert 'fail-on = "warning"' in proc.stdout and "# .kindlead.toml" in proc.stdout


@pytest.mark.pty
def test_on_a_terminal_lines_wrap_at_its_width(repo: Path) -> None:
    import pexpect

    put(repo / "a.md", BUY_IN)
    child = pexpect.spawn(
        sys.executable, ["-m", "kindlead", "check", "a.md"], cwd=str(repo),
        env={**{k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")},
             "NO_COLOR": "1", "TERM": "dumb"}, timeout=30, dimensions=(24, 60),
    )  # fmt: skip
    output = child.read().decode()
    child.close()
    lines = [line for line in output.replace("\r", "").split("\n") if line]
    assert lines[0].startswith("a.md:1:15: warning buy-in:")
    assert all(len(line) <= 60 for line in lines), lines
    assert child.exitstatus == 1
