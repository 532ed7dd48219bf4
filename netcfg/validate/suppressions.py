"""Inline suppressions: XML comments that silence rules where a person decided a finding is fine.

* ``<!-- netcfg: ignore[RULE,...] -->`` right before an element silences those rules for that
  element and everything in it; as the first thing inside an element, for that whole element.
* ``<!-- netcfg: ignore-file[RULE,...] -->`` anywhere silences them for the whole file.

A lab full of ``1.1.1.1`` placeholders says ``<!-- netcfg: ignore[placeholder-gateway-address] -->``
once above its ``LocalNetworkSites``. ``validate --report-unused-suppressions`` reports each rule
of a suppression that silenced nothing (or names no rule), so stale ones do not pile up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from lxml import etree

_COMMENT = re.compile(r"^\s*netcfg:\s*(ignore|ignore-file)\[([^\]]*)\]\s*$")


@dataclass(kw_only=True)
class Suppression:
    """One comment: the rules it names, what it covers (None: the whole file), and which it used."""

    comment: etree._Element
    rules: tuple[str, ...]
    target: etree._Element | None
    used: set[str] = field(default_factory=set)


def _target(comment: etree._Element) -> etree._Element | None:
    """The element a comment covers: its parent when it comes before any element inside it, else the next element."""
    parent = comment.getparent()
    before = comment.getprevious()
    while before is not None and not isinstance(before.tag, str):  # other comments, processing instructions
        before = before.getprevious()
    if parent is not None and before is None:
        return parent
    after = comment.getnext()
    while after is not None and not isinstance(after.tag, str):
        after = after.getnext()
    return after if after is not None else parent


def read(root: etree._Element) -> list[Suppression]:
    """Every suppression comment in the document (those outside the root element included)."""
    found = []
    comments: Iterable[etree._Element] = (*_outside(root), *root.iter(etree.Comment))
    for comment in comments:
        match = _COMMENT.match(comment.text or "")
        if match is None:
            continue
        rules = tuple(r.strip() for r in match.group(2).split(",") if r.strip())
        target = None if match.group(1) == "ignore-file" else _target(comment)
        found.append(Suppression(comment=comment, rules=rules, target=target))
    return found


def _outside(root: etree._Element) -> Iterator[etree._Element]:
    for sibling in (*root.itersiblings(preceding=True), *root.itersiblings()):
        if isinstance(sibling, etree._Comment):
            yield sibling


class Silencer:
    """Decides whether a finding on an element is silenced, remembering which suppressions were used."""

    def __init__(self, suppressions: list[Suppression]) -> None:
        self.suppressions = suppressions
        self._by_element: dict[etree._Element, list[Suppression]] = {}
        for suppression in suppressions:
            if suppression.target is not None:
                self._by_element.setdefault(suppression.target, []).append(suppression)
        self._file = [s for s in suppressions if s.target is None]

    def silences(self, rule: str, element: etree._Element | None) -> bool:
        for suppression in self._file:
            if rule in suppression.rules:
                suppression.used.add(rule)
                return True
        node = element
        while node is not None and self._by_element:
            for suppression in self._by_element.get(node, ()):
                if rule in suppression.rules:
                    suppression.used.add(rule)
                    return True
            node = node.getparent()
        return False

    def unused(self, known: Iterable[str]) -> Iterator[tuple[int | None, str]]:
        """``(line, message)`` for each rule of each suppression that silenced nothing."""
        rules = set(known)
        for suppression in self.suppressions:
            for rule in suppression.rules:
                if rule not in rules:
                    yield suppression.comment.sourceline, f"the suppression names {rule!r}, which is no rule"
                elif rule not in suppression.used:
                    yield suppression.comment.sourceline, f"the suppression of {rule!r} silences nothing here; remove it"
