"""The generated data (kindlead/_generated/) is current, and means what the YAML means."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from kindlead.errors import ValidationError
from kindlead.promptsets.catalog import RULES_FILE, builtin_dir, builtin_rules
from kindlead.promptsets.loader import load_builtin_set, load_prompt_set, load_yaml_set
from kindlead.rules.loader import builtin_generated, load_builtin_rules, load_rule_file

SETS = sorted(p for p in builtin_dir().glob("*.yaml") if p.name != RULES_FILE)


def test_the_generated_data_is_current(script: Callable[[str], ModuleType]) -> None:
    generate = script("generate")
    for name, make in generate.MODULES.items():
        path = generate.OUT / f"{name}.py"
        assert path.read_text(encoding="utf-8") == make(), (
            f"{path} is stale: run scripts/generate.py"
        )


def test_the_generated_builtin_rules_equal_the_yaml() -> None:
    assert builtin_generated() is not None, "the generated data was not used"
    assert load_builtin_rules() == load_rule_file(builtin_rules())


@pytest.mark.parametrize("path", SETS, ids=[p.stem for p in SETS])
def test_a_generated_builtin_set_equals_the_yaml(path: Path) -> None:
    generated = load_builtin_set(path)
    assert generated is not None, "the generated data was not used"
    assert generated == load_yaml_set(path)
    assert generated == load_prompt_set(path)


@pytest.fixture
def builtin_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A built-in folder holding copies of the built-in files, for editing."""
    folder = tmp_path.resolve()
    monkeypatch.setattr("kindlead.promptsets.catalog.builtin_dir", lambda: folder)
    builtin_generated.cache_clear()
    for name in ("cooperation.yaml", RULES_FILE):
        (folder / name).write_bytes((builtin_dir() / name).read_bytes())
    yield folder / "cooperation.yaml"
    builtin_generated.cache_clear()


def test_an_unedited_copy_in_the_builtin_folder_uses_the_generated_data(
    builtin_copy: Path,
) -> None:
    ps = load_builtin_set(builtin_copy)
    assert ps is not None and ps.path == builtin_copy
    assert ps.questions[0].mark is not None and ps.questions[0].mark.path == str(builtin_copy)


def test_an_edited_builtin_set_is_read_as_written(builtin_copy: Path) -> None:
    text = builtin_copy.read_text(encoding="utf-8")
    assert "\ntitle: " in text
    builtin_copy.write_text(text.replace("\ntitle: ", "\ntitle: Edited, ", 1), encoding="utf-8")
    assert load_builtin_set(builtin_copy) is None
    assert load_prompt_set(builtin_copy).title.startswith("Edited, ")


def test_an_edited_builtin_rule_file_is_read_as_written(builtin_copy: Path) -> None:
    rules = builtin_copy.parent / RULES_FILE
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text.replace("id: convince", "id: convince-edited"), encoding="utf-8")
    assert builtin_generated() is None
    ids = [r.id for r in load_builtin_rules()]
    assert "convince-edited" in ids and "convince" not in ids


def test_a_broken_edit_of_a_builtin_set_is_reported_with_its_place(builtin_copy: Path) -> None:
    text = builtin_copy.read_text(encoding="utf-8")
    line = text.splitlines().index("    type: list") + 1
    builtin_copy.write_text(text.replace("    type: list", "    type: lst", 1), encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_prompt_set(builtin_copy)
    assert str(info.value.problems[0]) == (
        f"{builtin_copy}:{line}:11: type must be one of text, multiline, list, choice, "
        "confirm, not 'lst'"
    )


def test_the_sense_model_was_fitted_on_this_corpus_and_these_rules(
    script: Callable[[str], ModuleType],
) -> None:
    """The weights are a function of the corpus, the rules and the features: a change
    to any of them needs a new fit (`scripts/train_sense.py`, with the train extra)."""
    from kindlead._generated import sense

    train = script("train_sense")
    assert train.fingerprint() == sense.FINGERPRINT, (
        "kindlead/_generated/sense.py is stale: run scripts/train_sense.py"
    )


def test_the_sense_model_decides_the_builtin_rules_only(tmp_path: Path) -> None:
    from kindlead.lint.sense import builtin_model

    model = builtin_model()
    assert model is not None
    rules = load_builtin_rules()
    assert all(model.decides(rule) for rule in rules)
    # a rules file that gives a built-in id other patterns is not the model's to decide
    path = tmp_path / "rules.yaml"
    path.write_text(
        "schema_version: 1\nrules:\n  - id: buy-in\n    message: m\n    suggestion: s\n"
        "    patterns: ['buy-in (now|today)']\n",
        encoding="utf-8",
    )
    (custom,) = load_rule_file(path)
    assert not model.decides(custom)
