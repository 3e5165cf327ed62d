"""`kindlead check FOLDER`: which files a folder is walked for, in what order, what is
skipped (hidden, symbolic links to folders, `exclude`), and the glob rules of `exclude`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kindlead.cli import app
from kindlead.settings import Exclude

BUY_IN = "We need their buy-in before Friday.\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    monkeypatch.chdir(root)
    return root


def put(path: Path, text: str = BUY_IN) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def checked(runner: CliRunner, *args: str) -> list[str]:
    """The files `check` reported a finding in, in order (every test file has one)."""
    result = runner.invoke(app, ["check", "--format", "json", *args])
    assert result.exit_code in (0, 1), result.stderr
    return [f["path"] for f in json.loads(result.stdout)["findings"]]


def test_a_folder_is_walked_for_markdown_and_text_files(runner: CliRunner, repo: Path) -> None:
    for name in ("a.md", "b.markdown", "c.txt", "D.MD", "e.rst", "f.html", "g.mdx", "md", "h.py"):
        put(repo / "docs" / name)
    assert checked(runner, "docs") == ["docs/D.MD", "docs/a.md", "docs/b.markdown", "docs/c.txt"]


def test_the_order_is_stable_the_paths_sorted_as_text(runner: CliRunner, repo: Path) -> None:
    for name in ("b.md", "a/z.md", "a/b/y.md", "a.md", "c/x.md", "a/a.md"):
        put(repo / "docs" / name)
    expected = ["a.md", "a/a.md", "a/b/y.md", "a/z.md", "b.md", "c/x.md"]  # as `sort` has it
    assert checked(runner, "docs") == [f"docs/{p}" for p in expected]


def test_the_current_folder_is_named_without_dot_slash(runner: CliRunner, repo: Path) -> None:
    put(repo / "README.md")
    put(repo / "docs" / "a.md")
    assert checked(runner, ".") == ["README.md", "docs/a.md"]
    assert checked(runner, "./") == ["README.md", "docs/a.md"]
    assert checked(runner, "./docs") == ["./docs/a.md"]


def test_hidden_files_and_folders_are_skipped_unless_named(runner: CliRunner, repo: Path) -> None:
    put(repo / "a.md")
    put(repo / ".notes.md")
    put(repo / ".github" / "PULL_REQUEST_TEMPLATE.md")
    put(repo / "docs" / ".draft" / "x.md")
    assert checked(runner, ".") == ["a.md"]
    assert checked(runner, ".notes.md", ".github") == [
        ".notes.md",
        ".github/PULL_REQUEST_TEMPLATE.md",
    ]


def test_a_symlinked_folder_is_not_followed_so_a_loop_ends(runner: CliRunner, repo: Path) -> None:
    put(repo / "docs" / "a.md")
    put(repo / "elsewhere" / "b.md")
    (repo / "docs" / "loop").symlink_to(repo / "docs", target_is_directory=True)
    (repo / "docs" / "other").symlink_to(repo / "elsewhere", target_is_directory=True)
    assert checked(runner, "docs") == ["docs/a.md"]
    assert checked(runner, "docs/other") == ["docs/other/b.md"]  # named: followed


def test_a_symlinked_file_is_read_and_a_dangling_one_passed_over(
    runner: CliRunner, repo: Path
) -> None:
    put(repo / "shared" / "policy.txt")
    (repo / "docs").mkdir()
    (repo / "docs" / "policy.md").symlink_to(repo / "shared" / "policy.txt")
    (repo / "docs" / "gone.md").symlink_to(repo / "nowhere.md")
    result = runner.invoke(app, ["check", "docs"])
    assert result.exit_code == 1
    assert result.stdout.startswith("docs/policy.md:1:15: ")


def test_a_fifo_in_a_folder_is_passed_over_not_waited_for(runner: CliRunner, repo: Path) -> None:
    put(repo / "docs" / "a.md")
    os.mkfifo(repo / "docs" / "pipe.md")
    assert checked(runner, "docs") == ["docs/a.md"]


def test_a_file_named_and_found_in_a_folder_is_checked_once(runner: CliRunner, repo: Path) -> None:
    put(repo / "docs" / "a.md")
    assert checked(runner, "docs/a.md", "docs", "./docs/a.md") == ["docs/a.md"]


def test_files_and_folders_mix_in_the_order_given(runner: CliRunner, repo: Path) -> None:
    put(repo / "z.md")
    put(repo / "docs" / "a.md")
    assert checked(runner, "z.md", "docs") == ["z.md", "docs/a.md"]


def test_a_folder_without_text_files_is_a_warning_not_an_error(
    runner: CliRunner, repo: Path
) -> None:
    (repo / "empty").mkdir()
    put(repo / "code" / "main.py")
    result = runner.invoke(app, ["check", "empty", "code"])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "kindlead: warning: empty: no Markdown or text files to check here (.md, .markdown, .txt)",
        "kindlead: warning: code: no Markdown or text files to check here (.md, .markdown, .txt)",
        "kindlead: no file checked",
    ]


def test_json_counts_the_files_of_a_folder(runner: CliRunner, repo: Path) -> None:
    put(repo / "docs" / "a.md")
    put(repo / "docs" / "b.md", "Nothing here.\n")
    result = runner.invoke(app, ["check", "--format", "json", "docs"])
    assert json.loads(result.stdout)["files"] == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
def test_a_folder_that_cannot_be_read_is_an_error_and_the_rest_is_checked(
    runner: CliRunner, repo: Path
) -> None:
    put(repo / "docs" / "a.md")
    put(repo / "docs" / "secret" / "b.md")
    (repo / "docs" / "secret").chmod(0)
    try:
        result = runner.invoke(app, ["check", "docs"])
    finally:
        (repo / "docs" / "secret").chmod(0o755)
    assert result.exit_code == 2
    assert "kindlead: error: docs/secret: cannot read folder: Permission denied" in result.stderr
    assert result.stdout.startswith("docs/a.md:")


def test_a_folder_that_cannot_be_listed_is_an_error_and_the_rest_is_checked(
    runner: CliRunner, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    put(repo / "docs" / "a.md")
    put(repo / "docs" / "secret" / "b.md")
    scandir = os.scandir

    def refusing(path: str) -> object:
        if str(path).endswith("secret"):
            raise PermissionError(13, "Permission denied", path)
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    result = runner.invoke(app, ["check", "docs"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "kindlead: error: docs/secret: cannot read folder: Permission denied",
        "kindlead: 1 finding (1 warning) in 1 file; 1 file could not be checked",
    ]
    assert result.stdout.startswith("docs/a.md:")


def test_a_deep_tree_is_walked_without_recursion(runner: CliRunner, repo: Path) -> None:
    deep = repo.joinpath(*["d"] * 400)
    put(deep / "a.md")
    assert checked(runner, ".") == ["/".join(["d"] * 400) + "/a.md"]


# -- exclude --------------------------------------------------------------------------------


def layout(repo: Path, settings: str) -> None:
    put(repo / ".kindlead.toml", settings)
    for name in (
        "README.md", "CHANGELOG.md", "notes.txt",
        "docs/guide.md", "docs/CHANGELOG.md", "docs/drafts/idea.md", "docs/api/drafts.md",
        "vendor/lib/README.md", "drafts/top.md",
    ):  # fmt: skip
        put(repo / name)


ALL = [
    "CHANGELOG.md", "README.md", "docs/CHANGELOG.md", "docs/api/drafts.md",
    "docs/drafts/idea.md", "docs/guide.md", "drafts/top.md", "notes.txt",
    "vendor/lib/README.md",
]  # fmt: skip


@pytest.mark.parametrize(
    ("patterns", "left_out"),
    [
        ([], []),
        (["CHANGELOG.md"], ["CHANGELOG.md", "docs/CHANGELOG.md"]),  # a name, at any depth
        (["/CHANGELOG.md"], ["CHANGELOG.md"]),  # from the settings file's folder
        (["docs/CHANGELOG.md"], ["docs/CHANGELOG.md"]),
        (["*.txt"], ["notes.txt"]),
        (["vendor"], ["vendor/lib/README.md"]),  # a folder: not walked
        (["drafts"], ["docs/drafts/idea.md", "drafts/top.md"]),
        (["drafts/"], ["docs/drafts/idea.md", "drafts/top.md"]),  # folders only
        (["drafts*"], ["docs/api/drafts.md", "docs/drafts/idea.md", "drafts/top.md"]),
        (
            ["docs/*"],
            ["docs/CHANGELOG.md", "docs/api/drafts.md", "docs/drafts/idea.md", "docs/guide.md"],
        ),
        (["docs/*.md"], ["docs/CHANGELOG.md", "docs/guide.md"]),  # `*` stays in a folder
        (
            ["docs/**/*.md"],
            ["docs/CHANGELOG.md", "docs/api/drafts.md", "docs/drafts/idea.md", "docs/guide.md"],
        ),
        (["**/README.md"], ["README.md", "vendor/lib/README.md"]),
        (["docs/[a-c]*"], ["docs/api/drafts.md"]),
        (["docs/?uide.md"], ["docs/guide.md"]),
    ],
)
def test_exclude_globs(
    runner: CliRunner, repo: Path, patterns: list[str], left_out: list[str]
) -> None:
    layout(repo, f"exclude = {json.dumps(patterns)}\n")
    assert checked(runner, ".") == [p for p in ALL if p not in left_out]


def test_exclude_is_relative_to_the_settings_file_not_the_current_folder(
    runner: CliRunner, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    layout(repo, 'exclude = ["docs/guide.md"]\n')
    monkeypatch.chdir(repo / "docs")
    assert "guide.md" not in checked(runner, ".")


def test_a_nested_settings_file_has_its_own_exclude(runner: CliRunner, repo: Path) -> None:
    layout(repo, 'exclude = ["CHANGELOG.md"]\n')
    put(repo / "docs" / ".kindlead.toml", 'exclude = ["guide.md"]\n')
    found = checked(runner, ".")
    assert "CHANGELOG.md" not in found and "docs/guide.md" not in found
    assert "docs/CHANGELOG.md" in found  # the nearest settings decide, and say nothing of it


@pytest.mark.parametrize(
    "named",
    ["CHANGELOG.md", "vendor/lib/README.md", "vendor", "vendor/lib"],
)
def test_a_named_path_that_is_excluded_is_not_checked(
    runner: CliRunner, repo: Path, named: str
) -> None:
    layout(repo, 'exclude = ["CHANGELOG.md", "vendor"]\n')
    result = runner.invoke(app, ["check", named])
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == "kindlead: no file checked; 1 named path excluded by the settings\n"


def test_no_config_checks_an_excluded_path(runner: CliRunner, repo: Path) -> None:
    layout(repo, 'exclude = ["CHANGELOG.md"]\n')
    assert checked(runner, "--no-config", "CHANGELOG.md") == ["CHANGELOG.md"]


@pytest.mark.parametrize(
    ("pattern", "path", "is_dir", "match"),
    [
        ("a.md", "a.md", False, True),
        ("a.md", "x/y/a.md", False, True),
        ("a.md", "x/a.md.bak", False, False),
        ("build/", "build", True, True),
        ("build/", "build", False, False),
        ("/build", "x/build", True, False),
        ("x/**", "x/y/z.md", False, True),
        ("x/**/z.md", "x/z.md", False, True),
        ("**", "anything/at/all.md", False, True),
        ("x/*/z.md", "x/a/b/z.md", False, False),
        ("X.md", "x.md", False, False),  # case matters, as in git
    ],
)
def test_exclude_match(pattern: str, path: str, is_dir: bool, match: bool) -> None:
    exclude = Exclude.of("/repo", ".kindlead.toml", [pattern])
    assert (exclude.match(f"/repo/{path}", is_dir) is not None) is match


@settings(max_examples=300, deadline=None)
@given(
    pattern=st.lists(st.sampled_from(["a", "b", "*", "?", "a*", "*b", "**", "?b"]), min_size=1,
                     max_size=4),
    path=st.lists(st.sampled_from(["a", "b", "ab", "ba", "bb"]), min_size=1, max_size=5),
)  # fmt: skip
def test_anchored_globs_match_as_a_regex_of_them_would(pattern: list[str], path: list[str]) -> None:
    rx = ""
    for part in pattern:
        if part == "**":
            rx += "(?:[^/]+/)*"
        else:
            rx += "".join({"*": "[^/]*", "?": "[^/]"}.get(c, re.escape(c)) for c in part) + "/"
    expected = re.fullmatch(rx, "/".join(path) + "/") is not None
    exclude = Exclude.of("/repo", ".kindlead.toml", ["/" + "/".join(pattern)])
    assert (exclude.match("/repo/" + "/".join(path), False) is not None) is expected


def test_exclude_matching_stays_linear_for_many_double_stars() -> None:
    exclude = Exclude.of("/repo", ".kindlead.toml", ["/".join(["**", "a*"] * 60) + "/z"])
    deep = "/repo/" + "/".join(["ab"] * 200)
    start = time.perf_counter()
    assert exclude.match(deep, False) is None
    assert time.perf_counter() - start < 1.0


# -- real processes ------------------------------------------------------------------------


def test_real_process_walks_a_folder_with_spaces_in_names(repo: Path) -> None:
    put(repo / "my docs" / "a plan.md")
    put(repo / "my docs" / "clean.md", "Nothing here.\n")
    proc = subprocess.run(
        [sys.executable, "-m", "kindlead", "check", "my docs"],
        capture_output=True, text=True, timeout=60, cwd=repo,
    )  # fmt: skip
    assert proc.returncode == 1
    assert proc.stdout.startswith("my docs/a plan.md:1:15: warning buy-in:")
    assert proc.stderr == "kindlead: 1 finding (1 warning) in 1 of 2 files\n"
