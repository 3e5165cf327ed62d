"""`kindlead team` without a person: the target and ideas written (shared, never
replaced), found from any folder of the repository, shown as a tree in every format,
validated like prompt sets, and made into a plan that credits everyone."""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from kindlead.cli import app
from kindlead.errors import KindleadError
from kindlead.journal.store import entries, journal_dir
from kindlead.team.model import Idea
from kindlead.team.render import MAX_DEPTH, render
from kindlead.team.store import add_idea, load_space, read_idea, write_target
from kindlead.team.tree import arrange

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "kindlead" / "schemas"
TARGET = "Weekly releases without weekend work"
ID = re.compile(r"[0-9]{8}-[0-9]{6}-[a-z0-9-]+-[0-9a-f]{4}")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder that looks like the top of a repository, as the current folder; git
    sees no user name in it, and the login name is known."""
    top = tmp_path / "repo"
    (top / ".git").mkdir(parents=True)
    monkeypatch.chdir(top)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("LOGNAME", "ana-login")
    yield top


def team(runner: CliRunner, *args: str, input: str | None = None) -> Result:
    return runner.invoke(app, ["team", *args], input=input)


def started(runner: CliRunner, topic: str = "releases", *extra: str) -> Path:
    result = team(runner, "start", topic, "--target", TARGET, "--by", "Ana", "--no-input", *extra)
    assert result.exit_code == 0, result.output
    return Path(".kindlead/team") / topic


def idea(runner: CliRunner, text: str, by: str, *builds_on: str, topic: str = "releases") -> str:
    options = [x for b in builds_on for x in ("--builds-on", b)]
    result = team(runner, "idea", topic, "--idea", text, "--by", by, "--no-input", *options)
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def front(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text.split("---\n")[1])
    assert isinstance(data, dict)
    return data


def schema(name: str) -> dict[str, object]:
    data: dict[str, object] = json.loads((SCHEMAS / f"{name}.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(data)
    return data


# -- start -----------------------------------------------------------------------------------


def test_start_writes_the_target_and_prints_the_command_teammates_run(
    runner: CliRunner, repo: Path
) -> None:
    result = team(runner, "start", "releases", "--target", TARGET, "--by", "Ana", "--no-input")
    assert result.exit_code == 0, result.output
    assert result.stdout == "kindlead team idea releases\n"
    path = repo / ".kindlead" / "team" / "releases" / "target.md"
    assert result.stderr.splitlines() == [
        "kindlead: the target is in .kindlead/team/releases/target.md",
        "kindlead: share it with: git add .kindlead/team/releases && git commit -m 'Share the "
        "target for releases' && git push",
        "kindlead: then teammates add their ideas with:",
    ]
    meta = front(path)
    assert meta["topic"] == "releases" and meta["target"] == TARGET and meta["by"] == "Ana"
    assert meta["ask"] == "How could we get there? Add your ideas, and build on each other's."
    assert datetime.fromisoformat(str(meta["created"])).tzinfo is not None
    assert "kindlead team idea releases" in path.read_text(encoding="utf-8")
    jsonschema.validate(meta, schema("team-target"))


def test_team_files_are_shared_0644_whatever_the_umask(runner: CliRunner, repo: Path) -> None:
    old = os.umask(0o077)
    try:
        folder = started(runner)
        ideas = folder / "ideas"
        idea(runner, "Release on Tuesdays", "Wei")
    finally:
        os.umask(old)
    for path in [folder / "target.md", *ideas.iterdir()]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path
    for path in [repo / ".kindlead", repo / ".kindlead/team", folder, ideas]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o755, path


def test_the_team_folder_is_at_the_top_of_the_repository_and_found_from_below(
    runner: CliRunner, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    below = repo / "src" / "deep"
    below.mkdir(parents=True)
    monkeypatch.chdir(below)
    started(runner)
    assert (repo / ".kindlead/team/releases/target.md").is_file()
    listed = team(runner, "list")
    assert listed.stdout.startswith("releases  0 ideas")
    monkeypatch.chdir(repo)
    assert team(runner, "show", "releases").exit_code == 0


def test_outside_a_repository_the_team_folder_is_made_here(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    started(runner)
    assert (tmp_path / ".kindlead/team/releases/target.md").is_file()


def test_dir_names_the_folder_of_topics_and_goes_into_the_command(
    runner: CliRunner, repo: Path
) -> None:
    result = team(runner, "start", "releases", "--target", TARGET, "--by", "Ana",
                  "--no-input", "--dir", "shared/team")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == "kindlead team idea releases --dir shared/team\n"
    assert (repo / "shared/team/releases/target.md").is_file()
    assert team(runner, "show", "releases").exit_code == 2  # not in .kindlead/team
    shown = team(runner, "show", "releases", "--dir", "shared/team")
    assert shown.exit_code == 0 and TARGET in shown.stdout


def test_a_topic_is_started_once_and_force_keeps_its_ideas(runner: CliRunner, repo: Path) -> None:
    folder = started(runner)
    idea(runner, "Release on Tuesdays", "Wei")
    again = team(runner, "start", "releases", "--target", "Other", "--no-input")
    assert again.exit_code == 2
    assert "topic 'releases' is started already; add ideas with: kindlead team idea releases" in (
        again.stderr
    )
    assert front(folder / "target.md")["target"] == TARGET
    forced = team(runner, "start", "releases", "--target", "Other", "--no-input", "--force")
    assert forced.exit_code == 0, forced.output
    assert front(folder / "target.md")["target"] == "Other"
    assert len(list((folder / "ideas").iterdir())) == 1


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["start", "Weekly Releases", "--target", "x"], "(try: weekly-releases)"),
        (["start", "../up", "--target", "x"], "a short name of lower-case letters"),
        (["start", "releases"], "--target is needed when no one is asked"),
        (["start", "releases", "--target", "  "], "--target is needed"),
        (["idea", "releases", "--idea", "x"], "no team space here"),
        (["show", "releases"], "no team space here"),
    ],
)
def test_command_line_mistakes_are_one_clear_line(
    runner: CliRunner, repo: Path, args: list[str], said: str
) -> None:
    result = team(runner, *args, "--no-input") if args[0] != "show" else team(runner, *args)
    assert result.exit_code == 2
    assert said in result.stderr and result.stdout == ""
    assert "Traceback" not in result.output


def test_an_unknown_topic_names_the_topics_there(runner: CliRunner, repo: Path) -> None:
    started(runner)
    result = team(runner, "show", "release")
    assert result.exit_code == 2
    assert "no team topic 'release' here; did you mean 'releases'?" in result.stderr


def test_the_target_is_coached_for_telling_and_still_written(runner: CliRunner, repo: Path) -> None:
    result = team(runner, "start", "releases", "--target", "Weekly releases. This is decided.",
                  "--ask", "How do we get buy-in from the others?", "--by", "Ana",
                  "--no-input")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "a word on the wording of the target: “This is decided” (telling" in result.stderr
    assert "a word on the wording of the question: “buy-in” (buy-in" in (result.stderr)
    # the suggestion for the question names the target
    assert "Weekly releases. This is decided" in result.stderr.split("question:")[1]
    assert (repo / ".kindlead/team/releases/target.md").is_file()


def test_a_plain_target_gets_no_coaching(runner: CliRunner, repo: Path) -> None:
    result = team(runner, "start", "releases", "--target", TARGET, "--no-input")
    assert "wording" not in result.stderr


# -- idea ------------------------------------------------------------------------------------


def test_an_idea_is_a_file_of_its_own_and_its_id_is_printed(runner: CliRunner, repo: Path) -> None:
    folder = started(runner)
    first = idea(runner, "Release on Tuesdays", "Wei")
    second = idea(runner, "Pair on the release checklist", "Raj", first)
    assert ID.fullmatch(first) and ID.fullmatch(second), (first, second)
    assert "release-on-tuesdays" in first
    path = folder / "ideas" / f"{second}.md"
    meta = front(path)
    assert meta["id"] == second and meta["by"] == "Raj" and meta["builds_on"] == [first]
    assert path.read_text(encoding="utf-8").endswith("---\n\nPair on the release checklist\n")
    jsonschema.validate(meta, schema("team-idea"))
    stamp = datetime.strptime(second[:15], "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
    assert abs((stamp - datetime.now(UTC)).total_seconds()) < 120  # the time in UTC


def test_adding_an_idea_thanks_by_name_and_says_how_to_share_it(
    runner: CliRunner, repo: Path
) -> None:
    started(runner)
    result = team(runner, "idea", "releases", "--idea", "Tuesdays", "--by", "Wei", "--no-input")
    path = Path(".kindlead/team/releases/ideas") / f"{result.stdout.strip()}.md"
    assert result.stderr.splitlines() == [
        f"kindlead: thank you, Wei: your idea is in {path}",
        f"kindlead: share it with: git add {path.parent.parent} && git commit -m 'An idea for "
        "releases' && git push",
    ]


def test_the_name_comes_from_git_config_then_the_login(
    runner: CliRunner, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = started(runner)
    login = idea_by_default(runner)
    assert front(folder / "ideas" / f"{login}.md")["by"] == "ana-login"
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = Ana Lima\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    from_git = idea_by_default(runner)
    assert front(folder / "ideas" / f"{from_git}.md")["by"] == "Ana Lima"


def idea_by_default(runner: CliRunner) -> str:
    result = team(runner, "idea", "releases", "--idea", "An idea", "--no-input")
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def test_an_idea_can_come_from_stdin(runner: CliRunner, repo: Path) -> None:
    folder = started(runner)
    result = team(runner, "idea", "releases", "--idea", "-", "--by", "Wei",
                  input="Release on Tuesdays.\n\nAnd pair on it.\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    path = folder / "ideas" / f"{result.stdout.strip()}.md"
    assert path.read_text(encoding="utf-8").endswith("\nRelease on Tuesdays.\n\nAnd pair on it.\n")


def test_builds_on_takes_an_id_a_file_name_or_a_path(runner: CliRunner, repo: Path) -> None:
    folder = started(runner)
    first = idea(runner, "Release on Tuesdays", "Wei")
    for given_as in (first, f"{first}.md", str(folder / "ideas" / f"{first}.md")):
        new = idea(runner, "More", "Raj", given_as)
        assert front(folder / "ideas" / f"{new}.md")["builds_on"] == [first]


def test_an_unknown_builds_on_is_refused_with_a_hint_and_nothing_is_written(
    runner: CliRunner, repo: Path
) -> None:
    folder = started(runner)
    first = idea(runner, "Release on Tuesdays", "Wei")
    typo = first[:-1] + ("0" if first[-1] != "0" else "1")
    result = team(runner, "idea", "releases", "--idea", "x", "--builds-on", typo, "--no-input")
    assert result.exit_code == 2
    assert f"no such idea in releases (did you mean {first}?" in result.stderr
    assert "git pull brings your teammates' ideas" in result.stderr
    assert len(list((folder / "ideas").iterdir())) == 1


def test_an_idea_is_coached_kindly_and_still_added(runner: CliRunner, repo: Path) -> None:
    started(runner)
    first = idea(runner, "Release on Tuesdays", "Wei")
    result = team(runner, "idea", "releases", "--idea", "First we get buy-in from QA.",
                  "--by", "Raj", "--no-input")  # fmt: skip
    assert result.exit_code == 0
    assert "a word on the wording of your idea: “buy-in” (buy-in, line 1)" in result.stderr
    assert f"Try: “Here is what should be happening: {TARGET}." in result.stderr
    assert "like Release on Tuesdays" in result.stderr  # the team's first idea
    assert ID.fullmatch(result.stdout.strip()) and result.stdout.strip() != first


def test_an_empty_idea_is_refused(runner: CliRunner, repo: Path) -> None:
    started(runner)
    result = team(runner, "idea", "releases", "--idea", " ", "--no-input")
    assert result.exit_code == 2 and "--idea is empty" in result.stderr


def test_ideas_added_in_the_same_second_never_share_a_file(repo: Path) -> None:
    folder = repo / "space"
    write_target(folder, "t", target=TARGET, ask="", by="Ana")
    when = datetime(2026, 11, 30, 9, 41, 12, tzinfo=UTC)
    ids = {add_idea(folder / "t", "Same words", by=f"P{n}", when=when).id for n in range(40)}
    assert len(ids) == 40 and len(list((folder / "t/ideas").iterdir())) == 40


def test_a_name_taken_meanwhile_is_never_replaced(repo: Path) -> None:
    folder = repo / "space"
    write_target(folder, "t", target=TARGET, ask="", by="Ana")
    when = datetime(2026, 11, 30, 9, 41, 12, tzinfo=UTC)
    tokens = iter(["abcd", "abcd", "ef01"])
    first = add_idea(folder / "t", "Words", by="Wei", when=when, token=lambda: next(tokens))
    second = add_idea(folder / "t", "Words", by="Raj", when=when, token=lambda: next(tokens))
    assert first.id.endswith("-abcd") and second.id.endswith("-ef01")
    assert read_idea(first.path).by == "Wei" and read_idea(second.path).by == "Raj"


def test_a_broken_idea_file_is_a_warning_when_adding_one(runner: CliRunner, repo: Path) -> None:
    folder = started(runner)
    broken = folder / "ideas" / "broken.md"
    broken.parent.mkdir()
    broken.write_text("---\nid: broken\nby: [Eve\n---\n\nx\n", encoding="utf-8")
    result = team(runner, "idea", "releases", "--idea", "Tuesdays", "--by", "Wei", "--no-input")
    assert result.exit_code == 0
    assert f"kindlead: warning: {broken}:4:1: invalid YAML" in result.stderr


# -- show ------------------------------------------------------------------------------------


@pytest.fixture
def three(runner: CliRunner, repo: Path) -> list[str]:
    """Wei's idea, Raj's on it, Dana's on both, and Priya's on none."""
    started(runner)
    wei = idea(runner, "Release on Tuesdays.", "Wei")
    raj = idea(runner, "Pair on the release checklist", "Raj", wei)
    dana = idea(runner, "A shared checklist in the repo", "Dana", raj, wei)
    priya = idea(runner, "Feature flags for unfinished work", "Priya")
    return [wei, raj, dana, priya]


def test_show_text_is_the_target_and_the_tree_with_ids(runner: CliRunner, three: list[str]) -> None:
    wei, raj, dana, priya = three
    result = team(runner, "show", "releases")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout == (
        f"releases: {TARGET}\n"
        "Ana asks: How could we get there? Add your ideas, and build on each other's.\n"
        "\n"
        "4 ideas from Wei, Raj, Dana and Priya:\n"
        f"1. Wei: Release on Tuesdays.  [{wei}]\n"
        f"   2. Raj: Pair on the release checklist  [{raj}]\n"
        f"      3. Dana: A shared checklist in the repo (also builds on 1)  [{dana}]\n"
        f"4. Priya: Feature flags for unfinished work  [{priya}]\n"
    )


def test_show_markdown_nests_the_ideas(runner: CliRunner, three: list[str]) -> None:
    result = team(runner, "show", "releases", "--format", "markdown")
    assert result.stdout.startswith(f"# {TARGET}\n")
    assert "\n- **1. Wei:** Release on Tuesdays.\n  - **2. Raj:** Pair on" in result.stdout
    assert "\n    - **3. Dana:** A shared checklist in the repo *(also builds on 1)*\n" in (
        result.stdout
    )


def test_show_rich_draws_the_tree(runner: CliRunner, three: list[str]) -> None:
    result = team(runner, "show", "releases", "--format", "rich")
    assert "4 ideas from Wei, Raj, Dana and Priya:\n├── 1 Wei: Release on Tuesdays." in (
        result.stdout
    )
    assert "│       └── 3 Dana: A shared checklist in the repo (also builds on 1)" in result.stdout
    assert "Add yours: kindlead team idea releases" in result.stdout
    assert "\x1b" not in result.stdout  # NO_COLOR


def test_show_json_is_flat_with_each_ideas_place_and_credit(
    runner: CliRunner, three: list[str]
) -> None:
    wei, raj, dana, priya = three
    data = json.loads(team(runner, "show", "releases", "--format", "json").stdout)
    assert data["format"] == "kindlead-team/1" and data["topic"] == "releases"
    assert data["target"]["target"] == TARGET and data["target"]["by"] == "Ana"
    assert data["people"] == ["Wei", "Raj", "Dana", "Priya"]
    ideas = {i["id"]: i for i in data["ideas"]}
    assert [i["id"] for i in data["ideas"]] == [wei, raj, dana, priya]
    assert ideas[dana]["parent"] == raj and ideas[dana]["depth"] == 2
    assert ideas[dana]["builds_on"] == [raj, wei] and ideas[priya]["parent"] is None
    assert ideas[dana]["credit"] == (
        "Dana's idea: A shared checklist in the repo (building on Raj's “Pair on the release "
        "checklist” and Wei's “Release on Tuesdays.”)"
    )
    assert data["warnings"] == []


def test_show_with_no_ideas_yet(runner: CliRunner, repo: Path) -> None:
    started(runner)
    assert "No ideas yet." in team(runner, "show", "releases").stdout


# -- files that are not right ----------------------------------------------------------------


def put(folder: Path, name: str, text: str) -> Path:
    path = folder / "ideas" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


OK = "id: {id}\nby: Eve\ncreated: 2026-11-30T10:00:00+01:00\n"

BAD_IDEAS = {
    "broken YAML": ("---\nid: x\nby: [Eve\ncreated: x\n---\n\nIdea\n", "4:8: invalid YAML"),
    "no front matter": (
        "An idea\n",
        "1:1: no front matter: the file must start with a line of ---",
    ),
    "no closing fence": ("---\nid: x\n", "1:1: the front matter has no closing ---"),
    "not a mapping": ("---\n- a\n---\n\nIdea\n", "2:1: the front matter must be a mapping"),
    "missing by": (
        "---\nid: x\ncreated: 2026-11-30T10:00:00Z\n---\n\nIdea\n",
        "2:1: the idea needs 'by'",
    ),
    "unknown key": (
        "---\n" + OK.format(id="x") + "built_on: []\n---\n\nIdea\n",
        "5:1: unknown key 'built_on' in the idea (did you mean 'builds_on'?)",
    ),
    "bad created": (
        "---\nid: x\nby: Eve\ncreated: last tuesday\n---\n\nIdea\n",
        "4:10: 'created' must be a date and time",
    ),
    "id not the file": (
        "---\n" + OK.format(id="y") + "---\n\nIdea\n",
        "2:5: id 'y' is not the file's name without .md ('x')",
    ),
    "empty idea": ("---\n" + OK.format(id="x") + "---\n\n\n", "6:1: the idea is empty"),
    "empty name": (
        "---\nid: x\nby: ''\ncreated: 2026-11-30T10:00:00Z\n---\n\nIdea\n",
        "3:5: 'by' is empty",
    ),
    "builds_on text": (
        "---\n" + OK.format(id="x") + "builds_on: y\n---\n\nIdea\n",
        "5:12: 'builds_on' must be a list, not text",
    ),
    "a tag": (
        "---\nid: !!python/object:os.system x\nby: Eve\n---\n\nIdea\n",
        "2:5: YAML tags are not allowed",
    ),
    "future version": (
        "---\nschema_version: 2\n" + OK.format(id="x") + "---\n\nIdea\n",
        "2:17: unsupported schema_version 2",
    ),
    "not UTF-8": ("---\nid: x\nby: \udcff\n---\n", "is not UTF-8 text"),
}


@pytest.mark.parametrize("name", BAD_IDEAS, ids=list(BAD_IDEAS))
def test_a_bad_idea_file_is_an_error_at_its_place(runner: CliRunner, repo: Path, name: str) -> None:
    folder = started(runner)
    content, said = BAD_IDEAS[name]
    path = folder / "ideas" / "x.md"
    path.parent.mkdir()
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    result = team(runner, "show", "releases")
    assert result.exit_code == 2 and result.stdout == ""
    assert f"kindlead: error: {path}:" in result.stderr and said in result.stderr, result.stderr
    assert "Traceback" not in result.output


def test_every_problem_of_every_file_is_reported_at_once(runner: CliRunner, repo: Path) -> None:
    folder = started(runner)
    a = put(folder, "a.md", "---\nid: a\nbuilt_on: []\n---\n\n")
    b = put(folder, "b.md", "---\nid: b\nby: [x\ncreated: y\n---\n\nIdea\n")
    result = team(runner, "plan", "releases", "--no-input")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines == [
        f"kindlead: error: {a}:2:1: the idea needs 'by'",
        f"kindlead: error: {a}:2:1: the idea needs 'created'",
        f"kindlead: error: {a}:3:1: unknown key 'built_on' in the idea (did you mean 'builds_on'?)",
        f"kindlead: error: {a}:5:1: the idea is empty: write it below the front matter",
        f"kindlead: error: {b}:4:8: invalid YAML: did not find expected ',' or ']' — a '[' or "
        "'{' is not closed, or a value in it needs quotes",
    ]


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (
            "---\ntopic: releases\nby: Ana\ncreated: 2026-11-30T10:00:00Z\n---\n",
            "2:1: the target file needs 'target'",
        ),
        (
            "---\ntopic: other\ntarget: x\nby: Ana\ncreated: 2026-11-30T10:00:00Z\n---\n",
            "2:8: topic 'other' is not the name of its folder ('releases')",
        ),
        (
            "---\ntopic: releases\ntarget: x\nby: Ana\ncreated: 2026-11-30T10:00:00Z\n"
            "goal: y\n---\n",
            "6:1: unknown key 'goal' in the target file",
        ),
    ],
)
def test_a_bad_target_file_is_an_error_everywhere(
    runner: CliRunner, repo: Path, content: str, said: str
) -> None:
    folder = started(runner)
    (folder / "target.md").write_text(content, encoding="utf-8")
    for args in (["show", "releases"], ["idea", "releases", "--idea", "x", "--no-input"]):
        result = team(runner, *args)
        assert result.exit_code == 2 and f"{folder / 'target.md'}:{said}" in result.stderr
    listed = team(runner, "list")
    assert listed.exit_code == 0 and "warning:" in listed.stderr
    assert "(target.md cannot be read: see above)" in listed.stdout


def test_a_link_in_the_space_is_not_followed(runner: CliRunner, repo: Path, tmp_path: Path) -> None:
    folder = started(runner)
    secret = tmp_path / "secret.md"
    secret.write_text("---\n" + OK.format(id="x") + "---\n\nsecret\n", encoding="utf-8")
    (folder / "ideas").mkdir()
    (folder / "ideas" / "x.md").symlink_to(secret)
    result = team(runner, "show", "releases")
    assert result.exit_code == 2 and "is a link; kindlead does not follow links" in result.stderr
    assert "secret" not in result.stdout


def test_other_files_in_ideas_are_left_alone(runner: CliRunner, repo: Path) -> None:
    folder = started(runner)
    put(folder, ".gitkeep", "")
    put(folder, "README.txt", "not an idea")
    assert team(runner, "show", "releases").exit_code == 0


def test_an_unknown_builds_on_is_a_warning(runner: CliRunner, repo: Path) -> None:
    folder = started(runner)
    path = put(folder, "x.md", "---\n" + OK.format(id="x") + "builds_on: [gone]\n---\n\nIdea\n")
    result = team(runner, "show", "releases")
    assert result.exit_code == 0
    assert result.stderr == (
        f"kindlead: warning: {path}:5:13: builds_on 'gone': no such idea in this topic (not "
        "pulled yet, or removed?)\n"
    )
    assert "1. Eve: Idea  [x]" in result.stdout
    data = json.loads(team(runner, "show", "releases", "-f", "json").stdout)
    assert data["ideas"][0]["unknown_builds_on"] == ["gone"] and len(data["warnings"]) == 1


def test_a_cycle_cannot_make_show_loop(runner: CliRunner, repo: Path) -> None:
    folder = started(runner)
    for name, on, minute in (("a", "c", 1), ("b", "a", 2), ("c", "b", 3), ("d", "d", 4)):
        put(folder, f"{name}.md", f"---\nid: {name}\nby: P{name}\ncreated: 2026-11-30T10:0{minute}"
            f":00Z\nbuilds_on: [{on}]\n---\n\nIdea {name}\n")  # fmt: skip
    result = team(runner, "show", "releases")
    assert result.exit_code == 0
    assert "ideas that build on each other in a circle (1 → 3 → 2 → 1: a, c, b)" in result.stderr
    assert "the idea builds on itself; that is left out" in result.stderr
    shown = [line.split(":")[0].strip() for line in result.stdout.splitlines()[4:]]
    assert shown == ["4. Pd", "1. Pa", "2. Pb", "3. Pc"]  # the root first, then the circle
    assert "1. Pa: Idea a (builds on 3)" in result.stdout
    for fmt in ("rich", "markdown", "json"):
        assert team(runner, "show", "releases", "-f", fmt).exit_code == 0


def test_a_long_chain_is_shown_at_a_bounded_depth(tmp_path: Path) -> None:
    ideas = [
        Idea(f"i{n:05d}", "P", f"2026-11-30T10:00:00.{n:06d}+00:00",
             (f"i{n - 1:05d}",) if n else (), f"Idea {n}", tmp_path / f"i{n:05d}.md")
        for n in range(3000)
    ]  # fmt: skip
    tree, warnings = arrange(ideas)
    assert not warnings and [p.depth for p in tree] == list(range(3000))
    from kindlead.team.model import Space, Target

    target = Target("t", TARGET, "?", "Ana", "2026-11-30", tmp_path / "target.md")
    space = Space("t", tmp_path, target, tuple(ideas), tree)
    for fmt in ("text", "markdown", "rich", "json"):
        out = render(space, fmt)
        assert len(out) < 3000 * (400 + 2 * len(str(tmp_path))), fmt  # linear, not square
    text = render(space, "text").splitlines()
    assert text[4 + MAX_DEPTH + 1].startswith(" " * 3 * MAX_DEPTH + f"{MAX_DEPTH + 2}. P: Idea")
    assert text[-1].startswith(" " * 3 * MAX_DEPTH + "3000. P: Idea 2999 (builds on 2999)")


HOSTILE_NAME = "[bold red]Eve[/] \x1b[31mred\x1b]8;;http://x\x07 \u202eevil"


def test_names_and_ideas_with_markup_and_escapes_are_shown_literally(
    runner: CliRunner, repo: Path
) -> None:
    started(runner)
    first = idea(runner, "[link](http://x) \x1b[2J [bold]now[/]", HOSTILE_NAME)
    idea(runner, "On it", "Raj", first)
    for fmt in ("text", "rich", "markdown", "json"):
        result = team(runner, "show", "releases", "--format", fmt)
        assert result.exit_code == 0, fmt
        out = result.stdout
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out, fmt
        if fmt in ("text", "rich"):
            assert "[bold red]Eve[/] \\x1b[31mred\\x1b]8;;http://x\\x07 \\u202eevil" in out, fmt
            assert "\\x1b[2J" in out and "[bold]now[/]" in out, fmt
    markdown = team(runner, "show", "releases", "--format", "markdown").stdout
    assert "\\[bold red\\]Eve\\[/\\]" in markdown and "\\[link\\](http://x)" in markdown
    data = json.loads(team(runner, "show", "releases", "--format", "json").stdout)
    assert data["ideas"][0]["by"] == HOSTILE_NAME  # the name itself, escaped only in JSON


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.text(min_size=1, max_size=40).filter(lambda s: " ".join(s.split()) != ""),
    text=st.text(min_size=1, max_size=200).filter(lambda s: s.strip() != ""),
)
def test_any_name_and_idea_are_read_back_as_written(
    tmp_path_factory: pytest.TempPathFactory, name: str, text: str
) -> None:
    folder = tmp_path_factory.mktemp("space")
    write_target(folder, "t", target=TARGET, ask="", by="Ana")
    try:
        added = add_idea(folder / "t", text, by=" ".join(name.split()))
    except KindleadError:  # a NUL is refused: it would make the file unreadable
        assert "\0" in text
        return
    back = read_idea(added.path)
    assert back.by == " ".join(name.split())
    assert back.text == text.replace("\r\n", "\n").replace("\r", "\n").strip()


# -- list ------------------------------------------------------------------------------------


def test_list_shows_each_topic(runner: CliRunner, three: list[str]) -> None:
    started(runner, "onboarding")
    result = team(runner, "list")
    assert result.stdout == (
        "onboarding  0 ideas    Weekly releases without weekend work\n"
        "releases    4 ideas    Weekly releases without weekend work\n"
    )
    data = json.loads(team(runner, "list", "--format", "json").stdout)
    assert [(t["topic"], t["ideas"], t["people"]) for t in data["topics"]] == [
        ("onboarding", 0, 0), ("releases", 4, 4)
    ]  # fmt: skip


def test_list_with_no_team_space_says_how_to_start(runner: CliRunner, repo: Path) -> None:
    result = team(runner, "list")
    assert result.exit_code == 0 and result.stdout == ""
    assert "start one with: kindlead team start TOPIC" in result.stderr
    assert json.loads(team(runner, "list", "-f", "json").stdout) == {"folder": None, "topics": []}


# -- plan ------------------------------------------------------------------------------------

PLAN = ["--no-input", "-a", "plan=We need their buy-in for weekly releases.",
        "-a", "mutual_benefit=Calmer weeks"]  # fmt: skip


def test_plan_credits_each_idea_and_everyone_who_added_one(
    runner: CliRunner, three: list[str]
) -> None:
    result = team(runner, "plan", "releases", *PLAN, "--format", "json")
    assert result.exit_code == 0, result.output
    answers = json.loads(result.stdout)["answers"]
    assert answers["target"] == TARGET
    assert answers["people"] == ["Wei", "Raj", "Dana", "Priya"]
    assert answers["team_ideas"] == [
        "Wei's idea: Release on Tuesdays",
        "Raj's idea: Pair on the release checklist (building on Wei's “Release on Tuesdays.”)",
        "Dana's idea: A shared checklist in the repo (building on Raj's “Pair on the release "
        "checklist” and Wei's “Release on Tuesdays.”)",
        "Priya's idea: Feature flags for unfinished work",
    ]


def test_plan_options_replace_the_target_and_add_people_and_ideas(
    runner: CliRunner, three: list[str]
) -> None:
    result = team(runner, "plan", "releases", *PLAN, "-a", "target=Calm releases",
                  "-a", "people=Sam", "-a", "team_ideas=Sam's retro notes",
                  "-f", "json")  # fmt: skip
    answers = json.loads(result.stdout)["answers"]
    assert answers["target"] == "Calm releases"
    assert answers["people"][-1] == "Sam" and len(answers["people"]) == 5
    assert answers["team_ideas"][-1] == "Sam's retro notes"


def test_plan_asks_for_what_the_team_leaves_open(runner: CliRunner, three: list[str]) -> None:
    result = team(runner, "plan", "releases", "--no-input")
    assert result.exit_code == 2
    assert "plan" in result.stderr and "mutual_benefit" in result.stderr
    assert "team_ideas" not in result.stderr and "people" not in result.stderr


def test_plan_takes_the_plan_as_reframe_does(
    runner: CliRunner, three: list[str], tmp_path: Path
) -> None:
    plan = tmp_path / "plan.md"
    plan.write_text("We need to win them over.\n", encoding="utf-8")
    result = team(runner, "plan", "releases", str(plan), "--no-input", "-a", "mutual_benefit=x",
                  "-o", str(tmp_path / "out.md"))  # fmt: skip
    assert result.exit_code == 0, result.output
    out = (tmp_path / "out.md").read_text(encoding="utf-8")
    assert "> We need to win them over." in out
    assert "- [ ] Build on this idea from the team: Dana's idea: A shared checklist" in out


def test_plan_is_kept_in_the_journal_like_any_plan(runner: CliRunner, three: list[str]) -> None:
    result = team(runner, "plan", "releases", *PLAN, "--save", "-f", "json")
    assert result.exit_code == 0, result.output
    folder = journal_dir()
    assert folder is not None
    (entry,) = entries(folder)[0]
    assert entry.meta["target"] == TARGET and entry.people == ["Wei", "Raj", "Dana", "Priya"]
    assert any(item.startswith("Build on this idea from the team: Priya's idea") for item in
               entry.checklist)  # fmt: skip
    assert os.stat(entry.path).st_mode & 0o077 == 0  # the journal stays private


def test_plan_with_no_ideas_yet_says_who_to_ask(runner: CliRunner, repo: Path) -> None:
    started(runner)
    result = team(runner, "plan", "releases", *PLAN)
    assert result.exit_code == 2
    assert "no ideas in releases yet; teammates add them with: kindlead team idea releases" in (
        result.stderr
    )
    assert "team_ideas" in result.stderr


def test_plan_refuses_a_set_without_the_teams_questions(
    runner: CliRunner, three: list[str]
) -> None:
    result = team(runner, "plan", "releases", "--set", "onboarding", "--no-input")
    assert result.exit_code == 2
    assert "the 'onboarding' set cannot take the team's answers" in result.stderr


def test_the_plan_made_from_the_team_passes_check(
    runner: CliRunner, three: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "plan.md"
    assert team(runner, "plan", "releases", *PLAN, "-o", str(out)).exit_code == 0
    checked = runner.invoke(app, ["check", str(out)])
    assert checked.exit_code == 0, checked.output


# -- the example and the schemas -------------------------------------------------------------


def test_the_example_team_space_reads_cleanly(runner: CliRunner) -> None:
    folder = ROOT / "examples" / "team"
    space = load_space(folder, "weekly-releases")
    assert not space.problems and not space.warnings
    assert len(space.people) >= 3 and any(len(i.builds_on) > 1 for i in space.ideas)
    jsonschema.validate(front(space.target.path), schema("team-target"))
    for i in space.ideas:
        jsonschema.validate(front(i.path), schema("team-idea"))


def test_the_schemas_reject_what_kindlead_rejects() -> None:
    idea_schema, target_schema = schema("team-idea"), schema("team-target")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"id": "x", "created": "2026-11-30T10:00:00Z"}, idea_schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"id": "x", "by": "E", "created": "c", "built_on": []}, idea_schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"topic": "Bad Name", "target": "t", "by": "A", "created": "c"},
                            target_schema)  # fmt: skip


def test_names_and_credits_survive_an_ascii_locale(runner: CliRunner, repo: Path) -> None:
    import subprocess
    import sys

    started(runner)
    first = idea(runner, "Release on Tuesdays", "Wei")
    env = {**os.environ, "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "kindlead", "team", *args], capture_output=True,
            env=env, cwd=repo, check=False, timeout=60, encoding="utf-8", errors="replace",
        )  # fmt: skip

    added = run("idea", "releases", "--idea", "Café talk", "--by", "Zoë", "--builds-on", first)
    assert added.returncode == 0, added.stderr
    plan = run("plan", "releases", *PLAN, "--format", "json")
    assert plan.returncode == 0, plan.stderr
    ideas = json.loads(plan.stdout)["answers"]["team_ideas"]
    assert ideas[-1] == "Zoë's idea: Café talk (building on Wei's “Release on Tuesdays”)"


def test_scripted_team_commands_stay_light(runner: CliRunner, repo: Path) -> None:
    import subprocess
    import sys

    started(runner)
    probe = (
        "from kindlead.cli import app\n"
        "for argv in (['team', 'idea', 'releases', '--idea', 'x', '--by', 'W', '--no-input'],\n"
        "             ['team', 'show', 'releases', '--format', 'json']):\n"
        "    try:\n"
        "        app(argv, prog_name='kindlead')\n"
        "    except SystemExit as e:\n"
        "        assert not e.code, e.code\n"
        "import sys\nprint('\\n'.join(sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=repo, check=True, timeout=60)  # fmt: skip
    modules = set(done.stdout.split())
    assert "prompt_toolkit" not in modules and "rich" not in modules
    assert "kindlead.cli.reframe" not in modules and "kindlead.interview.session" not in modules
