"""The column of an element's start tag, for findings: lxml records an element's line, not its column.

The line's text is searched for the tag as written (``<LocalNetworkSiteRef``, ``<nc:Subnet``), and
when several elements of that name start on one line (a file written on one line), the element's
place among them picks the match. Worked out only when a finding asks, once per line and name.
"""

from __future__ import annotations

import re

from lxml import etree

from netcfg.io import encodings

_LINE_END = re.compile(r"\r\n|\n|\r")


class ElementColumns:
    """``columns(element)``: the 1-based column (in characters) of ``element``'s ``<``, or ``None``."""

    def __init__(self, data: bytes, root: etree._Element) -> None:
        self._data = data
        self._root = root
        self._lines: list[str] | None = None
        self._place: dict[etree._Element, int] | None = None  # element -> its place among same-named ones on its line
        self._starts: dict[tuple[str, int], list[int]] = {}

    def __call__(self, element: etree._Element) -> int | None:
        line = element.sourceline
        if not line:
            return None
        name = _written_name(element)
        starts = self._starts.get((name, line))
        if starts is None:
            text = self._line(line)
            starts = self._starts[(name, line)] = [m.start() + 1 for m in re.finditer(rf"<{re.escape(name)}(?=[\s/>])", text)]
        index = self._place_of(element)
        return starts[index] if index < len(starts) else None

    def _line(self, number: int) -> str:
        if self._lines is None:
            text = encodings.decode(self._data, encodings.detect(self._data), errors="replace")
            self._lines = _LINE_END.split(text)
        return self._lines[number - 1] if number <= len(self._lines) else ""

    def _place_of(self, element: etree._Element) -> int:
        if self._place is None:  # one walk, then a lookup per finding: a one-line file may hold 100,000 elements
            self._place = {}
            seen: dict[tuple[str, int], int] = {}
            for each in self._root.iter(etree.Element):
                key = (_written_name(each), each.sourceline or 0)
                self._place[each] = seen[key] = seen.get(key, -1) + 1
        return self._place.get(element, 0)


def _written_name(element: etree._Element) -> str:
    local = etree.QName(element).localname
    return f"{element.prefix}:{local}" if element.prefix else local
