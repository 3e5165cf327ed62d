"""`Record`: immutable model classes that cost next to nothing to define.

`@dataclass(frozen=True)` writes and compiles its methods while the module is
imported, 0.5-1 ms a class on a small machine, and `kindlead reframe` imports about
twenty model classes on every run. The models on that path are `Record`s instead: the
fields are the class's annotations, in order, each also in ``__slots__``; ``__init__``
is written out and calls `_init`; and this base class gives what a frozen dataclass
gives: equality and hashing by field values (between instances of the same class), a
``repr`` that shows the fields, no assignment after ``__init__``, and `replace`.
"""

from __future__ import annotations

from inspect import get_annotations
from typing import Any, ClassVar, NoReturn, Self


class Record:
    __slots__ = ()
    #: Every field in order, base classes first: the annotated names.
    _fields: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls) -> None:
        own = tuple(get_annotations(cls))
        if set(own) != set(cls.__dict__.get("__slots__", ())):
            raise TypeError(f"{cls.__name__}: __slots__ must name exactly the annotated fields")
        cls._fields = (*cls._fields, *own)

    def _init(self, *values: object) -> None:
        """Set every field, in `_fields` order (for ``__init__``)."""
        for name, value in zip(self._fields, values, strict=True):
            object.__setattr__(self, name, value)

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__qualname__}({shown})"

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"cannot assign to field {name!r} of a {type(self).__name__}")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"cannot delete field {name!r} of a {type(self).__name__}")

    def replace(self, **changes: Any) -> Self:
        """A copy with some fields changed (``dataclasses.replace``)."""
        return type(self)(**{**dict(zip(self._fields, self._values(), strict=True)), **changes})
