"""The JSON outputs match the schemas shipped in the package (kindlead/schemas/)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from kindlead.cli import app

SCHEMAS = Path(__file__).resolve().parent.parent / "kindlead" / "schemas"


def schema(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SCHEMAS / f"{name}.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(data)
    return data


def output(runner: CliRunner, args: list[str], code: int = 0) -> Any:
    result = runner.invoke(app, args)
    assert result.exit_code == code, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("text", "code"),
    [("We need buy-in.\nConvince\nthe team.\n", 1), ("All good.\n", 0)],
)
def test_check_json_matches_its_schema(
    runner: CliRunner, tmp_path: Path, text: str, code: int
) -> None:
    path = tmp_path / "a.md"
    path.write_text(text, encoding="utf-8")
    data = output(runner, ["check", "--format", "json", str(path)], code)
    jsonschema.validate(data, schema("check-output"))
    assert len(data["findings"]) == (2 if code else 0)


def test_check_json_with_read_errors_matches_its_schema(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"caf\xe9\n")
    data = output(runner, ["check", "--format", "json", str(bad), str(tmp_path / "gone.md")], 2)
    jsonschema.validate(data, schema("check-output"))
    assert [e["line"] for e in data["errors"]] == [1, None]


def test_prompts_list_json_matches_its_schema(runner: CliRunner, user_prompts: Path) -> None:
    (user_prompts / "cooperation.yaml").write_text("broken: [", encoding="utf-8")
    data = output(runner, ["prompts", "list", "--format", "json"])
    jsonschema.validate(data, schema("prompts-list"))
    assert data["sets"][0]["valid"] is False and data["sets"][0]["shadows"]


@pytest.mark.parametrize(
    "args",
    [
        ["examples/plan.md", "--answers", "examples/answers.yaml"],
        ["--set", "onboarding", "--answers", "examples/team/onboarding.yaml",
         "--answer", "newcomer=Sam", "--answer", "remote=yes"],
        ["--set", "one-on-one", "--answer", "person=Sam", "--answer", "topic=Win Sam over",
         "--answer", "target=Calmer on-call"],
    ],
    ids=["cooperation", "onboarding", "one-on-one"],
)  # fmt: skip
def test_reframe_json_matches_its_schema(
    runner: CliRunner, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(SCHEMAS.parent.parent)
    data = output(runner, ["reframe", *args, "--no-input", "--format", "json"])
    jsonschema.validate(data, schema("reframe-output"))
    assert data["checklist"]
