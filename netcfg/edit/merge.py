"""Adding a network to an existing ``.netcfg`` (``netcfg stretch --into``), keeping every byte of it.

Found with lxml, written at the offsets :mod:`netcfg.io.source_map` finds (see there for why):
the new elements take the document's own indentation and line ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree

from netcfg.edit.document import child, indent_unit
from netcfg.errors import RefusedError
from netcfg.io.source_map import Source, apply
from netcfg.io.xml_writer import fragment
from netcfg.model import NetworkConfiguration
from netcfg.values import Value

# Each kind of top-level object: what to call it, where the model keeps it, the elements it
# lives in, and which siblings must come before its container (the export order).
PLACES: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("DNS server", "dns_servers", ("Dns", "DnsServers"), ()),
    ("local network site", "local_sites", ("LocalNetworkSites",), ("Dns",)),
    ("VNet", "vnets", ("VirtualNetworkSites",), ("Dns", "LocalNetworkSites")),
)


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class Merged(Value):
    """BASE with the new objects in, and what was added and what was there already (equal, so skipped)."""

    data: bytes
    added: tuple[str, ...]  # "VNet 'VNet-New'", in the file's order
    present: tuple[str, ...]

    def report(self, base: str) -> str:
        """One line for the user: what was added to ``base``, what was there."""
        if not self.added:
            return f"nothing to add: {base} already holds {_listed(self.present) or 'everything'}"
        there = f"; already there: {_listed(self.present)}" if self.present else ""
        return f"added {_listed(self.added)} to what {base} holds{there}"


def _listed(items: Sequence[str]) -> str:
    return ", ".join(items[:10]) + (f" and {len(items) - 10} more" if len(items) > 10 else "")


def _same(old: Any, new: Any) -> bool:
    # Compare what the file would hold: which VNet a site mirrors, a gateway's type and SKU are not
    # written in a .netcfg, so a topology that says them is still the same object.
    return bool(fragment(old) == fragment(new))


class _Merger:
    """Collects the insertions into one document, in its own indentation and line ends."""

    def __init__(self, data: bytes, root: etree._Element, file: str) -> None:
        self.source = Source.read(data, file=file)
        self.spans = self.source.map(root, file=file)
        if ":" in self.spans[root].tag:
            raise RefusedError(f"{file}: uses a namespace prefix ({self.spans[root].tag}); merge needs the default namespace")
        self.unit = indent_unit(self.source, self.spans, root)
        self.edits: list[tuple[int, int, str]] = []

    def block(self, text: str, indent: str) -> str:
        """LF, two-space ``text`` re-indented by ``indent`` in this document's step and newline."""
        lines = []
        for line in text.split("\n"):
            stripped = line.lstrip(" ")
            depth = (len(line) - len(stripped)) // 2
            lines.append(indent + self.unit * depth + stripped)
        return self.source.newline.join(lines)

    def wrap(self, chain: Sequence[str], items: Sequence[str]) -> str:
        """Elements ``chain[0]/chain[1]/...`` around ``items``, as LF, two-space text."""
        if not chain:
            return "\n".join(items)
        inner = self.wrap(chain[1:], items)
        inner = "\n".join("  " + line for line in inner.split("\n"))
        return f"<{chain[0]}>\n{inner}\n</{chain[0]}>"

    def place(self, parent: etree._Element, chain: Sequence[str], before: Sequence[str], items: Sequence[str]) -> None:
        """Add ``items`` inside ``parent/chain``, creating what of the chain is missing.

        A missing container goes after its siblings named in ``before`` (the export order).
        """
        existing = child(parent, chain[0])
        if existing is None:
            self.insert(parent, [self.wrap(chain, items)], after=before)
        elif len(chain) > 1:
            self.place(existing, chain[1:], (), items)
        else:
            self.insert(existing, items, after=None)

    def insert(self, parent: etree._Element, blocks: Sequence[str], *, after: Sequence[str] | None) -> None:
        """Add ``blocks`` as children of ``parent``: after its last child named in ``after``, or last of all."""
        span, newline = self.spans[parent], self.source.newline
        indent = self.source.indent(span)
        body = [self.block(block, indent + self.unit) for block in blocks]
        if span.empty:  # <Parent /> becomes <Parent> ... </Parent>
            start_tag = self.source.text[span.start : span.end].rstrip(">").rstrip("/").rstrip()
            joined = newline.join(body)
            self.edits.append((span.start, span.end, f"{start_tag}>{newline}{joined}{newline}{indent}</{span.tag}>"))
            return
        children = list(parent.iterchildren(etree.Element))
        if after is not None:
            children = [c for c in children if etree.QName(c).localname in after]
        where = self.spans[children[-1]].end if children else span.inner_start
        self.edits.append((where, where, "".join(newline + text for text in body)))

    def result(self) -> str:
        return apply(self.source.text, self.edits)


def merge(
    data: bytes, root: etree._Element, base: NetworkConfiguration, addition: NetworkConfiguration, *, file: str = ""
) -> Merged:
    """``data`` (the BASE document, with ``root`` and model ``base``) with ``addition``'s DNS servers,
    local sites and VNets added; everything in BASE stays byte for byte.

    An object whose name exists in BASE is skipped when equal and refused when different (every
    such name in one refusal).
    """
    merger = _Merger(data, root, file)
    config = child(root, "VirtualNetworkConfiguration")
    if config is None:
        raise RefusedError(f"{file}: has no VirtualNetworkConfiguration to add to")
    added, present, conflicts = [], [], []
    for label, attribute, chain, before in PLACES:
        known = {item.name: item for item in getattr(base, attribute)}
        new = []
        for item in getattr(addition, attribute):
            if item.name not in known:
                new.append(fragment(item))
                added.append(f"{label} {item.name!r}")
            elif _same(known[item.name], item):
                present.append(f"{label} {item.name!r}")
            else:
                conflicts.append(f"{label} {item.name!r}")
        if new:
            merger.place(config, chain, before, new)
    if conflicts:
        where = file or "BASE"
        raise RefusedError(
            f"{len(conflicts)} name{'s are' if len(conflicts) > 1 else ' is'} already in {where} with different content:"
            f" {', '.join(conflicts)}; rename the new one{'s' if len(conflicts) > 1 else ''} or make them equal ('netcfg diff {where} NEW' shows how they differ)"
        )
    result = merger.source.encode(merger.result()) if merger.edits else data
    return Merged(data=result, added=tuple(added), present=tuple(present))
