"""The journal without a person: plans kept by `--save`, listed, shown, reviewed by
script, due; every file private; broken and hostile files reported, never written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kindlead.cli import app
from kindlead.journal.store import entries, journal_dir, read_entry

ROOT = Path(__file__).resolve().parent.parent
SCRIPTED = ["examples/plan.md", "--answers", "examples/answers.yaml", "--no-input"]


def keep(runner: CliRunner, *extra: str) -> Path:
    result = runner.invoke(app, ["reframe", *SCRIPTED, "--save", "--format", "json", *extra])
    assert result.exit_code == 0, result.output
    folder = journal_dir()
    assert folder is not None
    return max(folder.glob("*.md"), key=lambda p: p.stat().st_mtime_ns)


def kindlead(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kindlead", *args],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, **env}, timeout=60,
        check=False,
    )  # fmt: skip


def test_a_scripted_run_keeps_nothing_unless_asked(runner: CliRunner, isolated_env: Path) -> None:
    result = runner.invoke(app, ["reframe", *SCRIPTED, "--format", "json"])
    assert result.exit_code == 0
    assert not (isolated_env / "journal").exists()


def test_save_keeps_the_plan_as_markdown_with_front_matter(runner: CliRunner) -> None:
    path = keep(runner)
    entry = read_entry(path)
    assert entry.id == path.stem and path.name.startswith(entry.created[:10])
    assert entry.meta["set"] == "cooperation"
    assert entry.meta["target"].startswith("Small changes reach customers every week")
    assert "QA (Dana and Wei)" in entry.people
    assert entry.status == "open" and entry.reviews == []
    assert entry.next_review is not None
    created = entry.created[:10]
    assert (entry.next_review.toordinal() - int(_ordinal(created))) == 7
    assert "## Checklist" in entry.body and "- [ ] " in entry.body
    assert entry.checklist and entry.checklist[0].startswith("Open with the target")


def _ordinal(day: str) -> int:
    from datetime import date

    return date.fromisoformat(day).toordinal()


def test_files_are_private_whatever_the_umask(runner: CliRunner, isolated_env: Path) -> None:
    old = os.umask(0)
    try:
        path = keep(runner)
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


def test_kindlead_journal_off_keeps_nothing_and_says_so(
    runner: CliRunner, isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KINDLEAD_JOURNAL", "off")
    result = runner.invoke(app, ["reframe", *SCRIPTED, "--save", "--format", "json"])
    assert result.exit_code == 0
    assert not (isolated_env / "journal").exists()
    listed = runner.invoke(app, ["journal", "list"])
    assert listed.exit_code == 2 and "the journal is off" in listed.output
    assert "the journal is off (KINDLEAD_JOURNAL=off): the plan was not kept" in result.stderr


def test_kindlead_journal_points_anywhere(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = tmp_path / "notes" / "kindlead"
    monkeypatch.setenv("KINDLEAD_JOURNAL", str(vault))
    path = keep(runner)
    assert path.parent == vault


def test_twenty_processes_saving_at_once_all_keep_their_plan(tmp_path: Path) -> None:
    env = {**os.environ, "KINDLEAD_JOURNAL": str(tmp_path / "j")}
    command = [sys.executable, "-m", "kindlead", "reframe", *SCRIPTED, "--save", "-f", "json"]
    procs = []
    for _ in range(20):
        options = {"stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE, "text": True}
        procs.append(subprocess.Popen(command, cwd=ROOT, env=env, **options))
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 20, errors
    found, problems = entries(tmp_path / "j")
    assert problems == [] and len(found) == 20
    assert len({e.id for e in found}) == 20
    assert not list((tmp_path / "j").glob(".*")), "no temporary file left"


def test_list_show_and_due(runner: CliRunner) -> None:
    path = keep(runner)
    listed = runner.invoke(app, ["journal", "list", "--format", "json"])
    assert listed.exit_code == 0
    (item,) = json.loads(listed.stdout)["entries"]
    assert item["id"] == path.stem and item["reviews"] == 0
    shown = runner.invoke(app, ["journal", "show", "latest", "--format", "markdown"])
    assert shown.exit_code == 0 and "## Checklist" in shown.stdout
    as_json = json.loads(runner.invoke(app, ["journal", "show", path.stem, "-f", "json"]).stdout)
    assert as_json["meta"]["id"] == path.stem
    soon = runner.invoke(app, ["journal", "due", "--format", "json", "--as-of", "2000-01-01"])
    assert json.loads(soon.stdout)["due"] == []
    later = runner.invoke(app, ["journal", "due", "--as-of", "2999-01-01"])
    assert later.exit_code == 0 and path.stem in later.stdout


def test_show_of_an_unknown_plan_says_how_to_find_one(runner: CliRunner) -> None:
    keep(runner)
    result = runner.invoke(app, ["journal", "show", "2020-01-01-nothing"])
    assert result.exit_code == 2 and "kindlead journal list" in result.output
    result = runner.invoke(app, ["journal", "show", "../../etc/passwd"])
    assert result.exit_code == 2


REVIEW = ["-a", "item.all=done", "-a", "item.2=partly", "-a", "target_status=partly",
          "-a", "shaped_by=Wei", "-a", "shaped_by=Dana"]  # fmt: skip


def test_a_scripted_review_is_appended_and_the_plan_is_kept_as_it_was(runner: CliRunner) -> None:
    path = keep(runner)
    before = read_entry(path)
    heard = "heard=Half the team went back to the old release calendar after a week."
    result = runner.invoke(app, ["journal", "review", "latest", "--no-input", *REVIEW, "-a", heard,
                                 "-a", "next=+2w", "--as-of", "2030-05-01"])  # fmt: skip
    assert result.exit_code == 0, result.output
    after = read_entry(path)
    assert after.body.startswith(before.body.rstrip())  # the plan is not rewritten
    assert "## Review, 2030-05-01" in after.body
    (review,) = after.reviews
    assert review["items"]["2"] == "partly" and review["items"]["1"] == "done"
    assert review["target_status"] == "partly" and review["shaped_by"] == ["Wei", "Dana"]
    assert review["next"] == "2030-05-15" and after.meta["next_review"] == "2030-05-15"
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_review_without_a_person_reports_every_missing_answer_at_once(
    runner: CliRunner,
) -> None:
    path = keep(runner)
    before = path.read_bytes()
    result = runner.invoke(app, ["journal", "review", "latest", "--no-input", "-a", "item.1=done",
                                 "-a", "item.99=done", "-a", "next=soon"])  # fmt: skip
    assert result.exit_code == 2
    assert "item.99" in result.output and "next: " in result.output
    result = runner.invoke(app, ["journal", "review", "latest", "--no-input", "-a", "item.1=done"])
    assert result.exit_code == 2
    assert "item.2: missing" in result.output and "target_status: missing" in result.output
    assert path.read_bytes() == before


def test_the_next_follow_up_defaults_to_four_then_twelve_weeks(runner: CliRunner) -> None:
    path = keep(runner)
    for day in ("2030-01-01", "2030-02-01", "2030-06-01"):
        result = runner.invoke(app, ["journal", "review", path.stem, "--no-input", *REVIEW,
                                     "--as-of", day])  # fmt: skip
        assert result.exit_code == 0, result.output
    nexts = [r["next"] for r in read_entry(path).reviews]
    assert nexts == ["2030-01-29", "2030-04-26", "2030-08-24"]


def test_a_hand_edited_file_keeps_its_unknown_keys(runner: CliRunner) -> None:
    path = keep(runner)
    text = path.read_text(encoding="utf-8")
    text = text.replace("set: cooperation\n", "set: cooperation\nvault_tags: [work, releases]\n")
    path.write_text(text.replace("## Checklist", "My own note.\n\n## Checklist"), encoding="utf-8")
    result = runner.invoke(app, ["journal", "review", "latest", "--no-input", *REVIEW])
    assert result.exit_code == 0, result.output
    after = read_entry(path)
    assert after.meta["vault_tags"] == ["work", "releases"] and "My own note." in after.body


BROKEN = {
    "no-front-matter": ("# Just a note\n", "must start with ---"),
    "unclosed": ("---\nid: x\ncreated: 2026-01-01\n", "no closing ---"),
    "bad-yaml": ("---\nid: x\ncreated: [2026\n---\nbody\n", ":4:1"),
    "not-a-mapping": ("---\n- a list\n---\nbody\n", "must be a mapping"),
    "no-id": ("---\ntitle: x\ncreated: 2026-01-01\n---\nbody\n", "no 'id'"),
    "not-utf8": (b"---\nid: \xff\n---\n", "UTF-8"),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_a_broken_file_is_a_warning_in_list_an_error_for_show_and_never_written(
    runner: CliRunner, case: str
) -> None:
    good = keep(runner)
    content, said = BROKEN[case]
    broken = good.parent / f"2026-01-01-{case}.md"
    data = content if isinstance(content, bytes) else content.encode()
    broken.write_bytes(data)
    listed = runner.invoke(app, ["journal", "list"])
    assert listed.exit_code == 0
    assert good.stem in listed.stdout
    assert f"warning: {broken}" in listed.stderr and said in listed.stderr
    shown = runner.invoke(app, ["journal", "show", broken.stem])
    assert shown.exit_code == 2 and str(broken) in shown.stderr
    reviewed = runner.invoke(app, ["journal", "review", broken.stem, "--no-input", *REVIEW])
    assert reviewed.exit_code == 2
    assert broken.read_bytes() == data


def test_a_link_in_the_journal_is_not_followed(runner: CliRunner, tmp_path: Path) -> None:
    good = keep(runner)
    elsewhere = tmp_path / "elsewhere.md"
    elsewhere.write_bytes(good.read_bytes())
    link = good.parent / "2026-01-02-link.md"
    link.symlink_to(elsewhere)
    before = elsewhere.read_bytes()
    listed = runner.invoke(app, ["journal", "list"])
    assert "is a link" in listed.stderr
    reviewed = runner.invoke(app, ["journal", "review", link.stem, "--no-input", *REVIEW])
    assert reviewed.exit_code == 2
    assert elsewhere.read_bytes() == before


def test_a_file_in_place_of_the_journal_folder_is_a_warning_not_a_lost_plan(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "journal"
    blocker.write_text("not a folder")
    monkeypatch.setenv("KINDLEAD_JOURNAL", str(blocker))
    result = runner.invoke(app, ["reframe", *SCRIPTED, "--save", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["set"] == "cooperation"
    assert "not kept in the journal" in result.stderr


def test_drafts_list_is_empty_and_resume_without_one_is_a_clear_error(runner: CliRunner) -> None:
    assert runner.invoke(app, ["journal", "drafts"]).stdout == ""
    result = runner.invoke(app, ["reframe", "--resume", "--no-input"])
    assert result.exit_code == 2 and "no draft to continue" in result.stderr
    result = runner.invoke(app, ["reframe", "--resume", "nonsense", "--no-input"])
    assert result.exit_code == 2 and "kindlead journal drafts" in result.stderr


def test_front_matter_matches_the_shipped_schema_before_and_after_a_review(
    runner: CliRunner,
) -> None:
    import jsonschema
    import yaml

    schema = json.loads((ROOT / "kindlead" / "schemas" / "journal-entry.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    path = keep(runner)
    heard = "heard=We just comply with the new calendar."
    for step in range(2):
        text = path.read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))
        jsonschema.validate(front, schema, format_checker=jsonschema.FormatChecker())
        if step == 0:
            result = runner.invoke(app, ["journal", "review", "latest", "--no-input", *REVIEW,
                                         "-a", heard])  # fmt: skip
            assert result.exit_code == 0, result.output
    assert read_entry(path).reviews[0]["signals"], "we just comply: a sign of buy-out"


PRIVATE_SET = """\
schema_version: 1
id: private-notes
title: Private notes
description: A set with a private question.
questions:
  - id: plan
    prompt: What is the plan?
    type: multiline
    coach: true
  - id: target
    prompt: What should be happening?
  - id: worry
    prompt: What worries you about Sam, privately?
    private: true
checklist:
  - text: "Open with the target: {target}"
  - text: "Keep in mind: {worry}"
"""


def test_a_private_answer_is_never_kept(runner: CliRunner, tmp_path: Path) -> None:
    from kindlead.drafts import keepable
    from kindlead.promptsets.loader import load_prompt_set

    path = tmp_path / "private-notes.yaml"
    path.write_text(PRIVATE_SET, encoding="utf-8")
    secret = "Sam seems checked out"
    args = ["reframe", "--set", str(path), "--no-input", "--save", "--format", "markdown",
            "-a", "plan=Weekly releases", "-a", "target=Calm weeks",
            "-a", f"worry={secret}"]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert secret in result.stdout  # the plan printed has it: it is the leader's
    (entry,) = entries()[0]
    assert secret not in entry.path.read_text(encoding="utf-8")
    assert "Calm weeks" in entry.path.read_text(encoding="utf-8")

    prompt_set = load_prompt_set(path)
    answers, typing = keepable(prompt_set, {"target": "Calm", "worry": secret}, ("worry", "Sam"))
    assert answers == {"target": "Calm"} and typing is None


def test_latest_is_not_guessed_past_a_file_that_cannot_be_read(runner: CliRunner) -> None:
    older = keep(runner)
    broken = older.parent / "2999-01-01-newest.md"
    broken.write_text("---\nid: [\n---\n", encoding="utf-8")
    shown = runner.invoke(app, ["journal", "show", "latest", "-f", "markdown"])
    assert shown.exit_code == 0 and f"warning: {broken}" in shown.stderr
    before = older.read_bytes()
    reviewed = runner.invoke(app, ["journal", "review", "latest", "--no-input", *REVIEW])
    assert reviewed.exit_code == 2
    assert str(broken) in reviewed.stderr and "name a plan" in reviewed.stderr
    assert older.read_bytes() == before


def test_a_hand_edit_that_stops_reminders_is_a_warning(runner: CliRunner) -> None:
    path = keep(runner)
    text = path.read_text(encoding="utf-8").replace("status: open", "status: Open")
    path.write_text(text.replace("next_review: '", "next_review: 'next week"), encoding="utf-8")
    listed = runner.invoke(app, ["journal", "list"])
    assert listed.exit_code == 0
    assert "status 'Open' is neither open nor closed" in listed.stderr
    assert "is not a date (YYYY-MM-DD)" in listed.stderr


def test_numbers_in_the_front_matter_stay_numbers_after_a_review(runner: CliRunner) -> None:
    path = keep(runner)
    assert "\nphrases: 4\n" in path.read_text(encoding="utf-8")
    assert runner.invoke(app, ["journal", "review", "latest", "--no-input", *REVIEW]).exit_code == 0
    assert "\nphrases: 4\n" in path.read_text(encoding="utf-8")


def test_an_export_to_a_file_is_private(runner: CliRunner, tmp_path: Path) -> None:
    keep(runner)
    out = tmp_path / "follow-ups.ics"
    result = runner.invoke(app, ["journal", "export", "--format", "ics", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_mode & 0o777 == 0o600 and "BEGIN:VTODO" in out.read_text()
