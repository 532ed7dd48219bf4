"""One registry style for every pluggable part: renderers, report formats and validation rules.

An entry is a frozen value that knows its own ``name``. A registry keeps its entries in the order
they were added, refuses a second entry of the same name (two rules with one ID would make
``--ignore`` ambiguous), and lists names for the command line's choices. Adding an output, a
report format or a rule is one entry in one registry; nothing else lists them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Generic, Protocol, TypeVar


class Named(Protocol):
    @property
    def name(self) -> str: ...


E = TypeVar("E", bound=Named)


class Registry(Generic[E]):
    """Entries of one kind (``kind`` names it in messages), by name, in the order added."""

    def __init__(self, kind: str, entries: Iterable[E] = ()) -> None:
        self.kind = kind
        self._entries: dict[str, E] = {}
        for entry in entries:
            self.add(entry)

    def add(self, entry: E) -> E:
        if entry.name in self._entries:
            raise ValueError(f"two {self.kind}s are named {entry.name!r}")
        self._entries[entry.name] = entry
        return entry

    def __getitem__(self, name: str) -> E:
        return self._entries[name]

    def get(self, name: str) -> E | None:
        return self._entries.get(name)

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def values(self) -> list[E]:
        return list(self._entries.values())

    def items(self) -> list[tuple[str, E]]:
        return list(self._entries.items())

    def names(self, where: Callable[[E], bool] | None = None) -> list[str]:
        """The names, in order (only of the entries ``where`` accepts, if given): a click.Choice's list."""
        return [name for name, entry in self._entries.items() if where is None or where(entry)]

    def suggest(self, name: str) -> str:
        """`` (did you mean 'NAME'?)`` for the entry nearest a misspelt ``name``, or ``""``."""
        return did_you_mean(name, self._entries)

    def sorted(self) -> Registry[E]:
        """The same entries, by name (a listing a person reads, such as ``netcfg rules``)."""
        return Registry(self.kind, sorted(self._entries.values(), key=lambda entry: entry.name))


def nearest(word: str, choices: Iterable[str]) -> str | None:
    """The choice nearest a misspelt ``word`` (ignoring case), or ``None`` when none is near."""
    import difflib  # deferred (netcfg.deferred): only a mistake needs it

    folded = {choice.casefold(): choice for choice in choices}
    found = difflib.get_close_matches(word.casefold(), list(folded), n=1, cutoff=0.6)
    return folded[found[0]] if found else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'X'?)`` with the choice nearest ``word``, or ``""``: to follow the misspelt word."""
    found = nearest(word, choices)
    return f" (did you mean {found!r}?)" if found is not None and found != word else ""


T_contra = TypeVar("T_contra", contravariant=True)


class Writer(Protocol[T_contra]):
    """Turns one kind of result into the text of one format."""

    def __call__(self, value: T_contra, /) -> str: ...


T = TypeVar("T")


class Format(Generic[T]):
    """A report format: its name (``--format NAME``) and the writer that makes its text."""

    __slots__ = ("name", "write")

    def __init__(self, name: str, write: Writer[T]) -> None:
        self.name = name
        self.write = write
