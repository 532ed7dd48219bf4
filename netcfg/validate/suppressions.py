"""Inline suppressions: XML comments that silence rules where a person decided a finding is fine.

* ``<!-- netcfg: ignore[RULE,...] -->`` covers the element that follows it, and everything in it:
  above ``<LocalNetworkSite name="Lab">`` it covers that site, above ``<LocalNetworkSites>`` the
  whole list. One rule a reader can predict from where the comment sits; a comment that no
  element follows covers nothing (``--report-unused-suppressions`` says so).
* ``<!-- netcfg: ignore-file[RULE,...] -->`` anywhere silences them for the whole file.

A lab full of ``1.1.1.1`` placeholders says ``<!-- netcfg: ignore[placeholder-gateway-address] -->``
once above its ``LocalNetworkSites``. A suppression that cannot work as written (a misspelt rule,
no rule, nothing after it, not ``ignore[...]``) is always reported; ``validate
--report-unused-suppressions`` also reports each rule of one that silenced nothing, so stale ones
do not pile up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from lxml import etree

# Compiled on first use (re's cache): only a file with comments needs them.
_COMMENT = r"^\s*netcfg:\s*(ignore|ignore-file)\[([^\]]*)\]\s*$"
_MEANT = r"^\s*netcfg\s*:"  # a comment that means to be a suppression, well written or not


@dataclass(kw_only=True)
class Suppression:
    """One comment: the rules it names, what it covers (None: the whole file), and which it used."""

    comment: etree._Element
    rules: tuple[str, ...]
    target: etree._Element | None
    file_wide: bool = False  # ignore-file[...]: the whole file
    malformed: bool = False  # starts "netcfg:" but is not ignore[...] or ignore-file[...]
    used: set[str] = field(default_factory=set)


def _target(comment: etree._Element) -> etree._Element | None:
    """The element a comment covers: the next element after it (other comments between do not count).

    Not its parent, even as the first thing inside one: the comment above the first site of a list
    would then silence every site of the list, which is not what it looks like."""
    after = comment.getnext()
    while after is not None and not isinstance(after.tag, str):  # other comments, processing instructions
        after = after.getnext()
    return after


def read(root: etree._Element) -> list[Suppression]:
    """Every suppression comment in the document (those outside the root element included)."""
    found = []
    comments: Iterable[etree._Element] = (*_outside(root), *root.iter(etree.Comment))
    for comment in comments:
        match = re.match(_COMMENT, comment.text or "")
        if match is None:
            if re.match(_MEANT, comment.text or ""):
                found.append(Suppression(comment=comment, rules=(), target=None, malformed=True))
            continue
        # A name given twice is one rule: a comment listing one name 100,000 times is one suppression.
        rules = tuple(dict.fromkeys(r.strip() for r in match.group(2).split(",") if r.strip()))
        file_wide = match.group(1) == "ignore-file"
        target = None if file_wide else _target(comment)
        found.append(Suppression(comment=comment, rules=rules, target=target, file_wide=file_wide))
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
        self._file = [s for s in suppressions if s.file_wide]

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

    def unused(self, known: Iterable[str], *, stale: bool) -> Iterator[tuple[int | None, str]]:
        """``(line, message)`` for each suppression that cannot silence anything as written (always),
        and, when ``stale``, each rule of one that silenced nothing here."""
        from netcfg.registry import did_you_mean

        rules = set(known)
        for suppression in self.suppressions:
            if suppression.malformed:
                yield (
                    suppression.comment.sourceline,
                    (
                        "the comment starts with 'netcfg:' but is not ignore[RULE,...] or ignore-file[RULE,...]: it silences nothing"
                    ),
                )
                continue
            if not suppression.rules:
                yield suppression.comment.sourceline, "the suppression names no rule: write ignore[RULE,...]"
                continue
            if suppression.target is None and not suppression.file_wide:
                yield suppression.comment.sourceline, "the suppression covers nothing: no element follows it"
                continue
            for rule in suppression.rules:
                if rule not in rules:
                    yield (
                        suppression.comment.sourceline,
                        f"the suppression names {rule!r}{did_you_mean(rule, rules)}, which is no rule",
                    )
                elif stale and rule not in suppression.used:
                    yield suppression.comment.sourceline, f"the suppression of {rule!r} silences nothing here; remove it"
