"""Where each element of a ``.netcfg`` sits in its text, so edits can touch only what they change.

lxml cannot give a file back byte for byte: it drops the byte-order mark, turns CRLF into LF
and rewrites the XML declaration and empty tags. Exports carry all of those. So ``patch`` and
``merge`` find the elements with lxml (which knows the structure) and change the *text* at the
offsets this module finds, leaving every other byte as it was.

The scanner knows just enough XML for that: comments, CDATA, processing instructions and a
DOCTYPE are skipped, and start, end and empty tags are matched with a stack. Its elements, in
order, must be lxml's elements in document order; if they are not, the file is refused rather
than edited at a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from netcfg.io import encodings
from netcfg.errors import InputError
from netcfg.values import Value

_TOKEN = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE[^>]*>"
    r"|</\s*(?P<close>[^\s>]+)\s*>"
    r"|<(?P<open>[^\s/>!?]+)(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*(?P<empty>/?)>",
    re.S,
)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Span(Value):
    """One element's place in the text: ``<tag ...>`` from start to inner_start, ``</tag>`` from inner_end to end."""

    tag: str  # as written, with any prefix
    start: int
    inner_start: int
    inner_end: int
    end: int

    @property
    def empty(self) -> bool:
        return self.inner_start == self.end


@dataclass(frozen=True, eq=False, repr=False)
class Source(Value):
    """A document's text, how it was encoded and laid out, and the span of every element."""

    text: str
    encoding: encodings.Encoding
    newline: str
    spans: list[Span]

    @property
    def bom(self) -> bool:
        return bool(self.encoding.bom)

    @classmethod
    def read(cls, data: bytes, *, file: str = "") -> Source:
        """The text of ``data`` in the encoding lxml reads it in (BOM, then declaration, then UTF-8)."""
        encoding = encodings.detect(data, file=file)
        try:
            text = encodings.decode(data, encoding)
        except UnicodeDecodeError as exc:
            raise InputError(
                f"is not valid {encoding.name} (byte {exc.start + len(encoding.bom)}), the encoding it"
                " declares; netcfg edits only what it can write back the same way",
                file=file,
            ) from None
        newline = "\r\n" if "\r\n" in text else "\n"
        return cls(text=text, encoding=encoding, newline=newline, spans=_scan(text, file))

    def encode(self, text: str) -> bytes:
        """``text`` encoded as this document was: its encoding, its byte-order mark, and character
        references for what the encoding cannot hold (``VNet-Málaga`` in ASCII)."""
        return encodings.encode(text, self.encoding)

    def indent(self, span: Span) -> str:
        """The white space before ``span`` on its line."""
        line_start = self.text.rfind("\n", 0, span.start) + 1
        before = self.text[line_start : span.start]
        return before if not before.strip() else ""

    def map(self, root: etree._Element, *, file: str = "") -> dict[etree._Element, Span]:
        """Each lxml element of ``root``'s document with its span; refuses a file the scanner reads differently."""
        elements = list(root.iter(etree.Element))
        names = [etree.QName(e).localname for e in elements]
        if [s.tag.rpartition(":")[2] for s in self.spans] != names:
            raise InputError("cannot be edited safely: its text and its XML structure disagree", file=file)
        return dict(zip(elements, self.spans))


def _scan(text: str, file: str) -> list[Span]:
    spans: list[Span | None] = []
    stack: list[tuple[str, int, int, int]] = []  # (tag, index in spans, start, inner_start)
    for token in _TOKEN.finditer(text):
        if token["open"]:
            if token["empty"]:
                spans.append(Span(token["open"], token.start(), token.end(), token.end(), token.end()))
            else:
                stack.append((token["open"], len(spans), token.start(), token.end()))
                spans.append(None)
        elif token["close"]:
            if not stack or stack[-1][0] != token["close"]:
                raise InputError(f"cannot be edited safely: unexpected </{token['close']}>", file=file)
            tag, index, start, inner_start = stack.pop()
            spans[index] = Span(tag, start, inner_start, token.start(), token.end())
    closed = [span for span in spans if span is not None]
    if stack or len(closed) != len(spans):
        raise InputError("cannot be edited safely: an element is not closed", file=file)
    return closed


def apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    """``text`` with each ``(start, end, replacement)`` applied; edits must not overlap."""
    result = []
    position = 0
    for start, end, replacement in sorted(edits, key=lambda edit: edit[:2]):  # stable: inserts keep their order
        if start < position:
            raise ValueError("overlapping edits")
        result += [text[position:start], replacement]
        position = end
    result.append(text[position:])
    return "".join(result)
