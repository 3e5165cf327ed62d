"""`Record`, the base of the models on the start-up path: it behaves as a frozen dataclass."""

from __future__ import annotations

import pytest

from kindlead.errors import Mark, Problem
from kindlead.record import Record
from kindlead.yamlload import Scalar


def test_equal_fields_make_equal_records_with_equal_hashes() -> None:
    assert Mark("a.yaml", 1, 2) == Mark("a.yaml", 1, 2)
    assert hash(Mark("a.yaml", 1, 2)) == hash(Mark("a.yaml", 1, 2))
    assert Mark("a.yaml", 1, 2) != Mark("a.yaml", 2, 1)
    assert Problem("bad", Mark("a")) in [Problem("bad", Mark("a"))]


def test_records_of_different_classes_are_never_equal() -> None:
    class Other(Record):
        __slots__ = ("column", "line", "path")
        path: str
        line: int | None
        column: int | None

        def __init__(self, path: str, line: int | None, column: int | None) -> None:
            self._init(path, line, column)

    assert Other("a", 1, 2) != Mark("a", 1, 2)
    assert Mark("a", 1, 2) != ("a", 1, 2)


def test_repr_shows_the_fields_in_order() -> None:
    assert repr(Mark("a.yaml", 3)) == "Mark(path='a.yaml', line=3, column=None)"


def test_fields_cannot_be_assigned_or_added() -> None:
    mark = Mark("a.yaml", 1, 2)
    with pytest.raises(AttributeError):
        mark.line = 5
    with pytest.raises(AttributeError):
        del mark.line
    with pytest.raises(AttributeError):
        mark.other = 1
    assert mark.line == 1


def test_replace_changes_only_the_fields_given() -> None:
    mark = Mark("a.yaml", 1, 2)
    assert mark.replace(column=9) == Mark("a.yaml", 1, 9)
    assert mark == Mark("a.yaml", 1, 2)


def test_a_subclass_includes_the_fields_of_its_base() -> None:
    scalar = Scalar(Mark("a.yaml", 1, 1), "yes", True)
    assert (scalar.mark, scalar.value, scalar.plain) == (Mark("a.yaml", 1, 1), "yes", True)
    assert scalar != Scalar(Mark("a.yaml", 1, 1), "yes", True)  # nodes: equal only to itself


def test_slots_must_name_the_annotated_fields() -> None:
    with pytest.raises(TypeError, match="__slots__ must name exactly the annotated fields"):

        class Broken(Record):
            __slots__ = ("a",)
            a: int
            b: int


def _all_records() -> list[type]:
    import importlib
    import pkgutil

    import kindlead
    from kindlead.record import Record

    for module in pkgutil.walk_packages(kindlead.__path__, "kindlead."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    found, todo = [], list(Record.__subclasses__())
    while todo:
        cls = todo.pop()
        if "__init__" in cls.__dict__:  # (a base like yamlload.Node has none)
            found.append(cls)
        todo += cls.__subclasses__()
    return found


@pytest.mark.parametrize("cls", _all_records(), ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_init_takes_the_fields_in_their_order(cls: type) -> None:
    """Each __init__ is written out: it must name the fields as annotated, in order, or
    _init would put values in the wrong fields."""
    import inspect

    params = list(inspect.signature(cls.__init__).parameters)[1:]
    assert params == list(cls._fields)  # type: ignore[attr-defined]
