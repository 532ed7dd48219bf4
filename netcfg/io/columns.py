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
        self._on_line: dict[tuple[str, int], list[etree._Element]] | None = None
        self._starts: dict[tuple[str, int], list[int]] = {}

    def __call__(self, element: etree._Element) -> int | None:
        line = element.sourceline
        if not line:
            return None
        name = _written_name(element)
        starts = self._starts.get((name, line))
        if starts is None:
            text = self._line(line)
            starts = self._starts[(name, line)] = [m.start() + 1 for m in
                                                  re.finditer(rf"<{re.escape(name)}(?=[\s/>])", text)]
        same = self._elements_on(name, line)
        index = same.index(element) if element in same else 0
        return starts[index] if index < len(starts) else None

    def _line(self, number: int) -> str:
        if self._lines is None:
            text = encodings.decode(self._data, encodings.detect(self._data), errors="replace")
            self._lines = _LINE_END.split(text)
        return self._lines[number - 1] if number <= len(self._lines) else ""

    def _elements_on(self, name: str, line: int) -> list[etree._Element]:
        if self._on_line is None:
            self._on_line = {}
            for element in self._root.iter(etree.Element):
                self._on_line.setdefault((_written_name(element), element.sourceline or 0), []).append(element)
        return self._on_line.get((name, line), [])


def _written_name(element: etree._Element) -> str:
    local = etree.QName(element).localname
    return f"{element.prefix}:{local}" if element.prefix else local
