"""How results are shown to a person or a program: findings (``validate``), changes (``diff``), a network
(``show``), routes (``reach``)."""

from __future__ import annotations

import re

# What a terminal would act on instead of showing: C0 and C1 controls (ESC starts colour and cursor
# sequences), DEL, and the bidirectional overrides and isolates that reorder a line.
_UNSEEN = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]"


_SHOWN_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n"  # the ASCII that _UNSEEN leaves as it is


def visible(text: str) -> str:
    """``text`` with every character a terminal would act on written as an escape (``\\x1b``, ``\\u202e``)."""
    if text.isascii() and (text.isprintable() or not text.encode("ascii").translate(None, _SHOWN_ASCII)):
        return text  # the usual text: nothing to escape (a whole report is checked in C, not by the pattern)
    return re.sub(_UNSEEN, lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


# A word this long is a name no one will read whole (a hostile file's 100,000-character name):
# an error or finding line keeps its start and end so that it stays one readable line. Far above
# any real name or path (PATH_MAX is 4,096 bytes, but paths people type stay in the hundreds).
_LONG_WORD = r"\S{1000,}"


def shortened(text: str) -> str:
    """``text`` with each word of 1,000 characters or more cut to its start and end, saying how much is left out."""
    if len(text) < 1000:
        return text
    return re.sub(_LONG_WORD, lambda m: f"{m.group()[:100]}…[{len(m.group()) - 140:,} characters]…{m.group()[-40:]}", text)
