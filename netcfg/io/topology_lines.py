"""Where each table and value of a topology file is written: the line numbers ``tomllib`` does not give.

A topology is small and hand-written, so a plain scan of its lines is enough: the n-th
``[[vnet]]`` header starts the n-th VNet, and inside a VNet's lines the first string literal
equal to a subnet's name is where that subnet is written. When the file is written another way
(inline arrays of tables, say) a line is simply not known, and findings go without one.
"""

from __future__ import annotations

import re
from functools import cache

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")
_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'')


@cache
def _literal(text: str) -> str | None:
    if "\\" not in text:  # no escape: the text between the quotes is the value (most names)
        return text[1:-1]
    import tomllib  # deferred with the reader's own (netcfg.deferred)

    try:
        value = tomllib.loads(f"x = {text}")["x"]
    except tomllib.TOMLDecodeError:
        return None
    return value if isinstance(value, str) else None


def _table_name(raw: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in raw.split("."))


class TopologyLines:
    """The lines of one topology file, with its table headers found once."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.headers: list[tuple[int, str]] = []  # (1-based line, table name), in order
        for number, line in enumerate(self.lines, 1):
            found = _HEADER.match(line)
            if found and not line.lstrip().startswith("#"):
                self.headers.append((number, _table_name(found.group(2))))
        # Each table's headers by kind, and each header line's (kind, index): found once, so that a
        # topology of 10,000 VNets is read in linear time.
        self._starts: dict[str, list[int]] = {}
        self._at_line: dict[int, tuple[str, int]] = {}
        for i, (number, name) in enumerate(self.headers):
            same = self._starts.setdefault(name, [])
            self._at_line[number] = (name, len(same))
            same.append(i)

    def block(self, kind: str, index: int) -> tuple[int, int] | None:
        """First and last line of the ``index``-th ``[[kind]]`` table (its sub-tables included), if written that way."""
        starts = self._starts.get(kind, [])
        if index >= len(starts):
            return None
        at = starts[index]
        first = self.headers[at][0]
        end = at + 1
        while end < len(self.headers) and self.headers[end][1].startswith(kind + "."):
            end += 1
        return first, (self.headers[end][0] if end < len(self.headers) else len(self.lines) + 1) - 1

    def block_at(self, line: int | None) -> tuple[int, int] | None:
        """The block of the table whose header is on ``line``."""
        found = self._at_line.get(line) if line is not None else None
        return self.block(*found) if found is not None else None

    def key(self, block: tuple[int, int] | None, key: str, *, after: int = 0) -> int | None:
        """The line in ``block`` where ``key = ...`` or the table ``[....key]`` is written."""
        if block is None:
            return None
        pattern = re.compile(rf"^\s*(?:{re.escape(key)}\s*=|\[\[?[^\]]*\.{re.escape(key)}\s*\]\]?)")
        return next((n for n in range(max(block[0], after), block[1] + 1) if pattern.match(self.lines[n - 1])), None)

    def string(self, block: tuple[int, int] | None, value: str, *, after: int = 0) -> int | None:
        """The first line in ``block`` (from ``after``) holding a string literal equal to ``value``."""
        if block is None:
            return None
        for number in range(max(block[0], after), block[1] + 1):
            if any(_literal(literal) == value for literal in _STRING.findall(self.lines[number - 1])):
                return number
        return None
