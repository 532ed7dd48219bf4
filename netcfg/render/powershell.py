"""PowerShell as netcfg writes it: every value from a network enters a script through here.

Two contexts, two filters, one rule: a name can never become code.

* :func:`ps_literal` (``| ps``) is for code: a single-quoted literal, each of the quote
  characters PowerShell honours doubled, so ``x'; Remove-Item C:\\ -Recurse; '`` stays one string.
* :func:`ps_comment` (``| ps_comment``) is for comments and the comment-based help block. A
  block comment ends at the first ``#>`` whatever quotes surround it, and has no escape, so a
  name holding ``#>`` or ``<#`` is written as a parenthesised concatenation of literals split
  between those two characters: ``('Prod#' + '>Stop-Computer')`` is the same name when pasted
  into a shell, and holds no ``#>``. Line breaks, the only other way out of a line comment, are
  characters no name can hold (:func:`netcfg.model.network.name_problem`).

Scripts are UTF-8 with a byte-order mark, which Windows PowerShell 5.1 (where the classic module
runs) needs to read non-ASCII names correctly.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2

BOM = "\ufeff"
# PowerShell ends a single-quoted string at any of these, and escapes each by doubling it.
SINGLE_QUOTES = frozenset("'\u2018\u2019\u201a\u201b")
# The pairs that open and close a block comment: a value is split between their two characters.
_COMMENT_MARKS = (("#", ">"), ("<", "#"))


# What a template may write without a quoting filter: the identifiers netcfg makes itself
# (``$vnetDublin``), numbers, its version, fixed prose. Nothing here can open a string, a
# comment, a sub-expression or a statement.
_BARE = re.compile(r"[A-Za-z0-9_.,:$ -]*")


class Quoted(str):
    """Text a quoting filter made: written as it is."""

    __slots__ = ()


def ps_literal(value: object) -> Quoted:
    """``value`` as a single-quoted PowerShell literal (``None`` as ``$null``)."""
    if value is None:
        return Quoted("$null")
    return Quoted("'" + "".join(c + c if c in SINGLE_QUOTES else c for c in str(value)) + "'")


def _comment_pieces(text: str) -> list[str]:
    pieces, start = [], 0
    for at in range(1, len(text)):
        if (text[at - 1], text[at]) in _COMMENT_MARKS:
            pieces.append(text[start:at])
            start = at
    return pieces + [text[start:]]


def ps_comment(value: object) -> Quoted:
    """``value`` as a PowerShell expression that is also inert inside any comment (see the module)."""
    if value is None:
        return Quoted("$null")
    pieces = _comment_pieces(str(value))
    if len(pieces) == 1:
        return ps_literal(pieces[0])
    return Quoted("(" + " + ".join(ps_literal(piece) for piece in pieces) + ")")


def ps_comment_list(values: list[object]) -> Quoted:
    """Several values for prose in a comment: each as :func:`ps_comment`, joined by commas."""
    return Quoted(", ".join(ps_comment(v) for v in values))


def ps_array(values: list[object]) -> Quoted:
    """A list of plain values as a PowerShell array of single-quoted literals."""
    return Quoted("@(" + ps_list(values) + ")")


def ps_list(values: list[object]) -> Quoted:
    """Single-quoted literals joined by commas (the arguments of ``ValidateSet(...)``)."""
    return Quoted(", ".join(ps_literal(v) for v in values))


def quoted(text: str) -> Quoted:
    """``text`` that another quoting function of the language made (a comment's prose, say)."""
    return Quoted(text)


def _bare(value: object) -> object:
    """Every ``{{ ... }}`` of a PowerShell template passes here: quoted text as it is, anything
    else only if it is a bare identifier or number. A value from a network written without a
    filter is a bug in netcfg, refused before any byte is written."""
    if isinstance(value, Quoted | int) or _BARE.fullmatch(str(value)):
        return value
    raise AssertionError(f"a PowerShell template wrote {value!r} without a quoting filter")


def script_bytes(text: str) -> bytes:
    """A ``.ps1`` file's bytes: UTF-8 with a BOM, which Windows PowerShell 5.1 needs (else it reads ANSI)."""
    return (BOM + text).encode("utf-8")


def environment() -> jinja2.Environment:
    """The template environment of every PowerShell output, with its quoting filters."""
    from netcfg.io.assets import template_environment

    found = template_environment(finalize=_bare)
    found.filters.update(
        ps=ps_literal, ps_comment=ps_comment, ps_comment_list=ps_comment_list, ps_array=ps_array, ps_list=ps_list
    )
    return found
