"""Equality, hashing and ``repr`` for netcfg's frozen dataclasses, written once.

Every frozen dataclass of netcfg is declared ``@dataclass(frozen=True, eq=False, repr=False, ...)``
over :class:`Value`. Why: on Python 3.11 the ``dataclass`` decorator writes each method it adds as
source text and compiles it, in every process, for every class: about 0.08 ms a method, half a
millisecond a frozen class, and some 25 of them load before ``netcfg validate`` reads a byte. Three
of the six methods (``__eq__``, ``__hash__``, ``__repr__``) are the same for every class once they
look the fields up, so they are written here, compiled once into the ``.pyc``; the decorator still
writes ``__init__`` and the frozen ``__setattr__``/``__delattr__``. A value behaves as the
decorator's own methods do: equal when of the same class with equal compared fields, hashed on
those fields, shown as ``Name(field=value, ...)`` without the fields declared ``repr=False``.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable


class _Fields:
    """What equality and ``repr`` read of one class, worked out on first use."""

    __slots__ = ("compared", "shown")

    def __init__(self, cls: type) -> None:
        fields = dataclasses.fields(cls)
        names = [f.name for f in fields if f.compare]
        # attrgetter of several names returns their tuple, made in C; of one, the bare value
        # (the same on both sides of a comparison, so it compares and hashes as well).
        self.compared: Callable[[object], object] = operator.attrgetter(*names) if names else _nothing
        self.shown = tuple(f.name for f in fields if f.repr)


def _nothing(_: object) -> object:
    return ()


_FIELDS: dict[type, _Fields] = {}


def _fields(cls: type) -> _Fields:
    found = _FIELDS.get(cls)
    if found is None:
        found = _FIELDS[cls] = _Fields(cls)
    return found


class Value:
    """The base of netcfg's frozen dataclasses: value equality, hashing and ``repr`` (see the module)."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        compared = _fields(self.__class__).compared
        return compared(self) == compared(other)

    def __hash__(self) -> int:
        return hash(_fields(self.__class__).compared(self))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _fields(self.__class__).shown)
        return f"{self.__class__.__qualname__}({shown})"
