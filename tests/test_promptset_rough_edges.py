"""Rough edges of writing and finding prompt sets, each found by trying to break them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kindlead.cli import app
from kindlead.promptsets.catalog import builtin_dir

ROOT = Path(__file__).resolve().parent.parent
BUILTINS = "cooperation, onboarding, one-on-one"

SET = """\
schema_version: 1
id: {id}
title: {title}
questions:
  - id: target
    prompt: What should be happening?
checklist:
  - "Share the target: {{target}}"
"""


def make_set(folder: Path, set_id: str, title: str = "A set") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{set_id}.yaml"
    path.write_text(SET.format(id=set_id, title=title), encoding="utf-8")
    return path


def write(folder: Path, text: str, name: str = "retro") -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# -- 1. `rules` is the rule file, never a set ------------------------------------------


def test_new_refuses_rules_as_a_set_name(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["prompts", "new", "rules", "--to", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == (
        "kindlead: error: 'rules' cannot be a set name: rules.yaml is where kindlead keeps "
        "language rules, so 'prompts list' and --set would never find the set; choose "
        "another name\n"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args", [["reframe", "--set", "rules", "--no-input"], ["prompts", "show", "rules"]]
)
def test_set_rules_is_no_such_set(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr == (
        f"kindlead: error: no prompt set named 'rules' (available: {BUILTINS})\n"
    )


def test_a_set_file_cannot_take_the_id_rules(runner: CliRunner, tmp_path: Path) -> None:
    path = make_set(tmp_path, "rules")
    result = runner.invoke(app, ["prompts", "validate", str(path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"kindlead: error: {path}:2:5: set id 'rules' is reserved: rules.yaml is where "
        "kindlead keeps language rules, so --set would never find this set; choose another id\n"
    )


# -- 2. one search for `prompts list` and `--set NAME`; say what is wrong --------------

NOT_A_FILE: dict[str, tuple[Callable[[Path], None], str]] = {
    "folder": (lambda p: p.mkdir(), "is a directory, expected a prompt set"),
    "fifo": (lambda p: os.mkfifo(p), "is not a regular file, expected a prompt set"),
    "dangling-link": (
        lambda p: p.symlink_to(p.parent / "gone.yaml"),
        "is a link to nothing ({gone} does not exist), expected a prompt set",
    ),
}


@pytest.mark.parametrize(("make", "message"), NOT_A_FILE.values(), ids=NOT_A_FILE.keys())
def test_set_names_what_is_wrong_with_its_file(
    runner: CliRunner, user_prompts: Path, make: Callable[[Path], None], message: str
) -> None:
    path = user_prompts / "retro.yaml"
    make(path)
    expected = message.format(gone=user_prompts / "gone.yaml")

    used = runner.invoke(app, ["reframe", "--set", "retro", "--no-input"])
    assert used.exit_code == 2
    assert used.stderr == f"kindlead: error: {path}: {expected}\n"

    listed = runner.invoke(app, ["prompts", "list"])
    assert listed.exit_code == 0
    assert listed.stderr == f"kindlead: warning: {path}: {expected}\n"


def test_list_and_set_agree_on_which_file_wins(
    runner: CliRunner, tmp_path: Path, user_prompts: Path
) -> None:
    first = tmp_path / "first"
    (first / "retro.yaml").mkdir(parents=True)  # broken, but first on the path
    make_set(user_prompts, "retro", "Retro from user")
    dirs = ["--prompts-dir", str(first)]

    listed = runner.invoke(app, ["prompts", "list", "--format", "json", *dirs])
    winner = next(s for s in json.loads(listed.stdout)["sets"] if s["id"] == "retro")
    assert winner["path"] == str(first / "retro.yaml")

    shown = runner.invoke(app, ["prompts", "show", "retro", *dirs])
    assert shown.exit_code == 2
    assert shown.stderr == (
        f"kindlead: error: {first / 'retro.yaml'}: is a directory, expected a prompt set\n"
    )


def test_a_hidden_file_is_no_set_for_list_or_set(runner: CliRunner, user_prompts: Path) -> None:
    make_set(user_prompts, "retro").rename(user_prompts / ".retro.yaml")
    result = runner.invoke(app, ["prompts", "show", ".retro"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"kindlead: error: no prompt set named '.retro' (available: {BUILTINS})\n"
    )


def test_new_refuses_to_write_into_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "retro.yaml"
    os.mkfifo(fifo)
    proc = subprocess.run(
        [sys.executable, "-m", "kindlead", "prompts", "new", "retro", "--to", str(tmp_path)],
        capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr == f"kindlead: error: {fifo}: is not a regular file; not written\n"


# -- 3. spaces inside placeholder braces -----------------------------------------------


def test_placeholders_may_have_spaces_inside_the_braces(
    runner: CliRunner, user_prompts: Path
) -> None:
    write(
        user_prompts,
        """\
        schema_version: 1
        id: retro
        title: Retro
        questions:
          - id: target
            prompt: What should be happening?
          - id: who
            prompt: "Who needs to know about { target }?"
        checklist:
          - "Share the target: { target }"
          - text: "Tell {  who}"
        """,
    )
    result = runner.invoke(
        app,
        ["reframe", "--set", "retro", "--answer", "target=Calm Fridays", "--answer", "who=Ana",
         "--no-input", "--format", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    plan = json.loads(result.stdout)
    assert "Share the target: Calm Fridays" in json.dumps(plan)
    assert "Tell Ana" in json.dumps(plan)


def test_a_spaced_unknown_placeholder_names_the_bare_name(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        """\
        schema_version: 1
        id: retro
        title: Retro
        questions:
          - id: target
            prompt: What?
        checklist:
          - "Share { tagret }"
        """,
    )
    result = runner.invoke(app, ["prompts", "validate", str(path)])
    assert result.stderr == (
        f"kindlead: error: {path}:8:12: unknown placeholder {{tagret}} in checklist item "
        "(known here: target)\n"
    )


# -- 4. `prompts new` says what it shadows, and `--from` copies a set ------------------


def test_new_says_it_shadows_the_builtin_default(runner: CliRunner, isolated_env: Path) -> None:
    path = isolated_env / "prompts" / "cooperation.yaml"
    builtin = builtin_dir() / "cooperation.yaml"
    result = runner.invoke(app, ["prompts", "new", "cooperation"])
    assert result.exit_code == 0
    assert result.stdout == f"{path}\n"
    assert result.stderr.splitlines()[1:] == [
        f"kindlead: warning: {path} shadows the built-in set 'cooperation' ({builtin}): "
        "--set cooperation, and reframe without --set, now use this file",
        "To start from a copy of it instead: kindlead prompts new cooperation --from "
        f"{builtin} --force",
    ]


def test_new_in_a_folder_that_comes_later_says_it_is_not_used(
    runner: CliRunner, tmp_path: Path, isolated_env: Path
) -> None:
    first = make_set(tmp_path / "team", "retro")
    result = runner.invoke(app, ["prompts", "new", "retro", "--prompts-dir", str(first.parent)])
    assert result.exit_code == 0
    mine = isolated_env / "prompts" / "retro.yaml"
    assert result.stderr.splitlines()[1:] == [
        f"kindlead: warning: {first} (--prompts-dir) comes first on the search path, so "
        f"--set retro will not use this file; use --set {mine}",
    ]


def test_new_elsewhere_says_how_to_use_it(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["prompts", "new", "retro", "--to", str(tmp_path)])
    path = tmp_path / "retro.yaml"
    assert result.stderr.splitlines() == [
        f"Created {path}. Edit it, then: kindlead prompts validate {path}",
        f"Its folder is not on the search path: use it with --set {path}",
    ]


@pytest.mark.parametrize("source", ["one-on-one", str(builtin_dir() / "one-on-one.yaml")])
def test_new_from_copies_a_set_with_only_its_id_changed(
    runner: CliRunner, isolated_env: Path, source: str
) -> None:
    result = runner.invoke(app, ["prompts", "new", "weekly", "--from", source])
    assert result.exit_code == 0, result.stderr
    path = isolated_env / "prompts" / "weekly.yaml"
    original = (builtin_dir() / "one-on-one.yaml").read_text(encoding="utf-8")
    assert path.read_text(encoding="utf-8") == original.replace(
        "\nid: one-on-one", "\nid: weekly", 1
    )
    shown = runner.invoke(app, ["prompts", "show", "weekly"])
    assert shown.exit_code == 0, shown.stderr
    assert "id: weekly" in shown.stdout


def test_new_from_keeps_quotes_and_comments(runner: CliRunner, tmp_path: Path) -> None:
    source = write(tmp_path, SET.format(id="'retro'  # the name", title="Retro"))
    result = runner.invoke(app, ["prompts", "new", "sprint", "--from", str(source),
                                 "--to", str(tmp_path)])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    copy = (tmp_path / "sprint.yaml").read_text(encoding="utf-8")
    assert "\nid: 'sprint'  # the name\n" in copy


def test_new_from_an_invalid_set_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    source = write(tmp_path, "schema_version: 1\nid: retro\n")
    out = tmp_path / "out"
    result = runner.invoke(app, ["prompts", "new", "sprint", "--from", str(source),
                                 "--to", str(out)])  # fmt: skip
    assert result.exit_code == 2
    assert f"kindlead: error: {source}:1:1: prompt set needs 'title'" in result.stderr
    assert not out.exists()


def test_new_from_copying_the_default_says_it_shadows_it_without_the_hint(
    runner: CliRunner,
) -> None:
    result = runner.invoke(app, ["prompts", "new", "cooperation", "--from", "cooperation"])
    assert result.exit_code == 0
    assert "shadows the built-in set 'cooperation'" in result.stderr
    assert "To start from a copy" not in result.stderr


# -- 5. what usually causes a YAML error; did you mean ---------------------------------


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("title: Retro: the sequel\n", "1:13",
         "invalid YAML: mapping values are not allowed in this context — a value with ': ' "
         "in it needs quotes, or the indentation is off"),
        ("questions:\n  - id: a\n     prompt: x\n", "3:12",
         "invalid YAML: mapping values are not allowed in this context — a value with ': ' "
         "in it needs quotes, or the indentation is off"),
        ("questions:\n  - id: a\n   prompt: x\n", "3:4",
         "invalid YAML: did not find expected '-' indicator — the indentation is off, or a "
         "value that starts with a quote, '[' or '{' goes on after it closes (quote all of it)"),
        ("prompt: {target} is it\n", "1:18",
         "invalid YAML: did not find expected key — the indentation is off, or a value that "
         "starts with a quote, '[' or '{' goes on after it closes (quote all of it)"),
        ("questions:\n\t- id: a\n", "2:1",
         "invalid YAML: found character that cannot start any token — indent with spaces, "
         "not tabs"),
        ("title: 'Retro\n", "2:1",
         "invalid YAML: found unexpected end of stream — a quote, '[' or '{' is not closed"),
        ("title: *retro\n", "1:8",
         "unknown alias *retro — a value that starts with * needs quotes"),
        ("title: *retro*\n", "1:14",
         "invalid YAML: did not find expected alphabetic or numeric character — a value "
         "that starts with * or & needs quotes"),
    ],
    ids=["colon", "indent-deeper", "indent-shallower", "brace", "tab", "quote", "alias",
         "star"],
)  # fmt: skip
def test_yaml_errors_say_the_usual_cause(
    runner: CliRunner, tmp_path: Path, text: str, where: str, message: str
) -> None:
    path = tmp_path / "retro.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["prompts", "validate", str(path)])
    assert result.exit_code == 2
    assert result.stderr == f"kindlead: error: {path}:{where}: {message}\n"


@pytest.mark.parametrize(
    ("key_line", "where", "message"),
    [
        ("titel: Retro", "3:1", "unknown key 'titel' in prompt set (did you mean 'title'?)"),
        ("    promt: Why?", "6:5", "unknown key 'promt' in question (did you mean 'prompt'?)"),
        ("    when: {question: target, equal: x}", "6:30",
         "unknown key 'equal' in 'when' (did you mean 'equals'?)"),
        ("  - {txt: Later, for_each: findings}", "10:6",
         "unknown key 'txt' in checklist item (did you mean 'text'?)"),
    ],
    ids=["set", "question", "condition", "checklist-item"],
)  # fmt: skip
def test_misspelled_keys_get_a_did_you_mean(
    runner: CliRunner, tmp_path: Path, key_line: str, where: str, message: str
) -> None:
    lines = [
        "schema_version: 1",
        "id: retro",
        "title: Retro",
        "questions:",
        "  - id: target",
        "    prompt: What?",
        "  - id: why",
        "    prompt: Why?",
        "checklist:",
        "  - Share {target}",
    ]
    at = int(where.split(":")[0]) - 1
    lines[at] = key_line
    path = tmp_path / "retro.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["prompts", "validate", str(path)])
    assert result.exit_code == 2
    assert f"kindlead: error: {path}:{where}: {message}\n" in result.stderr


def test_a_key_far_from_any_gets_no_guess(runner: CliRunner, tmp_path: Path) -> None:
    path = make_set(tmp_path, "retro")
    path.write_text(path.read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")
    result = runner.invoke(app, ["prompts", "validate", str(path)])
    assert result.stderr == f"kindlead: error: {path}:9:1: unknown key 'colour' in prompt set\n"


def test_a_value_read_as_a_mapping_says_to_quote_it(runner: CliRunner, tmp_path: Path) -> None:
    path = make_set(tmp_path, "retro")
    text = path.read_text(encoding="utf-8").replace("What should be happening?", "{ target }")
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["prompts", "validate", str(path)])
    assert result.stderr == (
        f"kindlead: error: {path}:6:13: 'prompt' must be text, not a mapping "
        "(a value that starts with '{' or '[' needs quotes)\n"
    )


# -- 6. checklist items that name an unanswered question -------------------------------


def test_show_marks_items_left_out_when_a_question_is_unanswered(
    runner: CliRunner, user_prompts: Path
) -> None:
    write(
        user_prompts,
        """\
        schema_version: 1
        id: retro
        title: Retro
        questions:
          - id: target
            prompt: What?
          - id: guest
            prompt: Who else?
          - id: voices
            prompt: Whose ideas?
            type: list
        checklist:
          - "Open with the target"
          - "Brief {guest} on {target}"
          - text: "Build on {item} with {guest}"
            for_each: voices
          - text: "Reword {item}: {suggestion}"
            for_each: findings
        """,
    )
    result = runner.invoke(app, ["prompts", "show", "retro"])
    assert result.exit_code == 0, result.stderr
    checklist = result.stdout.split("Checklist:\n")[1].splitlines()
    assert checklist == [
        "  - [ ] Open with the target",
        "  - [ ] Brief {guest} on {target}  (shown only when guest and target are answered)",
        "  - [ ] Build on {item} with {guest}  (for each voices)  "
        "(shown only when guest is answered)",
        "  - [ ] Reword {item}: {suggestion}  (for each findings)",
    ]


def test_the_docs_say_such_items_are_left_out() -> None:
    docs = (ROOT / "docs" / "prompt-sets.md").read_text(encoding="utf-8")
    assert "names a question that was left unanswered" in docs
    assert "(shown only when guest is answered)" in docs
    assert "`{ target }` is `{target}`" in docs
