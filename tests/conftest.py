"""Make every test see the same world: no user config, no forced colour, fixed width."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_env(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("kindlead-home")
    monkeypatch.setenv("KINDLEAD_HOME", str(home))
    for var in (
        "KINDLEAD_PROMPTS_PATH",
        "KINDLEAD_DEBUG",
        "FORCE_COLOR",
        "CLICOLOR_FORCE",
        "GITHUB_ACTIONS",
        "KINDLEAD_SET",
        "KINDLEAD_FORMAT",
        "KINDLEAD_JOURNAL",
        "KINDLEAD_PLAIN",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERM", "dumb")
    yield home


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def user_prompts(isolated_env: Path) -> Path:
    """The user's prompts folder (created)."""
    folder = isolated_env / "prompts"
    folder.mkdir()
    return folder


@pytest.fixture
def script() -> Callable[[str], ModuleType]:
    """Load one of scripts/*.py as a module (the generators' staleness tests)."""

    def load(name: str) -> ModuleType:
        import importlib.util

        spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return load
