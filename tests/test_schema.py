"""The shipped JSON Schema agrees with the loader on real and broken sets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from kindlead.cli import app
from kindlead.promptsets.catalog import builtin_dir, prompt_set_schema
from kindlead.promptsets.library import SCAFFOLD


def schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(prompt_set_schema().read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(data)
    return data


SETS = [p for p in sorted(builtin_dir().glob("*.yaml")) if p.stem != "rules"]


@pytest.mark.parametrize("path", SETS, ids=[p.stem for p in SETS])
def test_builtin_sets_match_the_schema(path: Path) -> None:
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema())


def test_scaffold_matches_the_schema() -> None:
    text = SCAFFOLD.format(name="retro", filename="retro.yaml", title="Retro")
    jsonschema.validate(yaml.safe_load(text), schema())


@pytest.mark.parametrize(
    "change",
    [
        {"colour": "blue"},
        {"questions": [{"id": "a", "prompt": "A", "type": "essay"}]},
        {"questions": [{"id": "item", "prompt": "A"}]},
        {"schema_version": 2},
    ],
)
def test_schema_rejects_what_the_loader_rejects(change: dict[str, Any]) -> None:
    data = yaml.safe_load((builtin_dir() / "cooperation.yaml").read_text(encoding="utf-8"))
    data.update(change)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema())


def test_prompts_schema_prints_it(runner: CliRunner) -> None:
    result = runner.invoke(app, ["prompts", "schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"].startswith("kindlead prompt set")
