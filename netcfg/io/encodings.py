"""Which characters a file's bytes stand for, decided the way lxml (libxml2) decides it.

Every reader in netcfg must see the same text in the same bytes: ``validate`` and ``show``
through lxml, ``patch`` and ``merge`` through their own text scanner, the input classifier
(XML or topology) by its first character. So the rules of XML 1.0 Appendix F live here once:
a byte-order mark wins; without one, the first bytes tell UTF-16 and UTF-32 apart; an
ASCII-compatible document says its encoding in its declaration; UTF-8 is the default.

Writing goes back through :func:`encode`, so an edited file keeps its byte-order mark and
its encoding, and a character the encoding lacks becomes a character reference.
"""

from __future__ import annotations

import codecs
import functools
import re
from typing import NamedTuple

from netcfg.errors import InputError

# (byte-order mark, Python codec), longest first: UTF-32 LE starts like UTF-16 LE.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Without a mark, '<' (or '<?') in each encoding.
_UNMARKED = (
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00?\x00", "utf-16-le"),
    (b"\x00<\x00?", "utf-16-be"),
)
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._:-]*)["']""")


class Encoding(NamedTuple):
    """How a file's text is stored: the Python codec, and the byte-order mark it starts with (if any).

    (A named tuple: immutable, and made at import for a fraction of a frozen dataclass's cost,
    which every run of a small file pays.)"""

    codec: str
    bom: bytes = b""

    @property
    def name(self) -> str:
        return codecs.lookup(self.codec).name


UTF8 = Encoding("utf-8")


@functools.lru_cache(maxsize=64)
def _known(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def detect(data: bytes, *, file: str = "") -> Encoding:
    """The encoding of ``data``: its byte-order mark, else its first bytes, else its declaration, else UTF-8.

    Raises :class:`InputError` for a declared encoding Python has no codec for, with the same
    words whichever command reads the file.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return Encoding(codec, bom)
    head = data[:4]
    for start, codec in _UNMARKED:
        if head == start:
            return Encoding(codec)
    declared = _DECLARED.match(data[:512])
    if declared is None:
        return UTF8
    name = declared.group(1).decode("ascii")
    known = _known(name)
    if known is None:
        raise InputError(f"declares encoding {name!r}, which netcfg cannot read; save it as UTF-8", file=file, line=1)
    return Encoding(known)


def decode(data: bytes, encoding: Encoding, *, errors: str = "strict") -> str:
    """The text of ``data`` (without its byte-order mark) in ``encoding``."""
    return data[len(encoding.bom) :].decode(encoding.codec, errors)


def encode(text: str, encoding: Encoding) -> bytes:
    """``text`` as ``encoding`` stores it, mark included; characters it lacks become ``&#N;`` references.

    Only for text where a character reference means the same character: attribute values and
    element content, which is all that netcfg's edits insert.
    """
    return encoding.bom + text.encode(encoding.codec, "xmlcharrefreplace")


def peek(data: bytes, *, file: str = "") -> str:
    """The text of ``data`` as far as it can be read (undecodable bytes replaced): for deciding what kind of file it is."""
    return decode(data, detect(data, file=file), errors="replace")
