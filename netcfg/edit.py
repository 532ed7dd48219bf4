"""Edits that keep everything else: the second pass (``patch``) and adding a network (``merge``).

``Set-AzureVNetConfig`` replaces a subscription's whole configuration, so an edited export
must keep every byte it does not mean to change: BOM, CRLF, comments, order, odd names.
Both edits find their elements with lxml and change the text at the offsets
:mod:`netcfg.sourcemap` finds (see there for why).

Callers pass the document already parsed and checked (``sources.strict_document``) together
with its model, so an edit never works on a file that breaks the schema.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from ipaddress import IPv4Address

from lxml import etree

from netcfg.addressing import LAB_REASONS, why_not_public
from netcfg.elements import fragment
from netcfg.errors import RefusedError
from netcfg.model import LocalNetworkSite, NetworkConfiguration, ambiguity_message
from netcfg.parse import tag_prefix, value
from netcfg.sourcemap import Source, Span, apply


def patch_plan(
    config: NetworkConfiguration, addresses: Mapping[str, IPv4Address], *, allow_private: bool = False
) -> dict[str, IPv4Address]:
    """``{local site: address}``: each VNet's gateway address for every local site that mirrors it.

    Refuses (:class:`RefusedError`) a VNet not in the configuration, a VNet no site mirrors, an
    address that is not public unicast (unless ``allow_private``, for labs), and the
    wrong-way-round mistake: a site that would get the address of a VNet that connects to it.
    """
    plan: dict[str, IPv4Address] = {}
    for name, address in addresses.items():
        vnet = config.vnet(name)
        if vnet is None:
            known = ", ".join(repr(v.name) for v in config.vnets) or "none"
            raise RefusedError(f"VNet {name!r} is not in the file (its VNets: {known})")
        why = why_not_public(address)
        if why and not (allow_private and why in LAB_REASONS):
            hint = "; --allow-private accepts it for a lab" if why in LAB_REASONS else ""
            raise RefusedError(f"{address} for VNet {name!r} is {why}, not a gateway's public IP{hint}")
        sites = [s for s in config.local_sites if s.mirrors == name]
        if not sites:
            raise RefusedError(ambiguity_message(config, name) or (
                f"no local site stands in for VNet {name!r} (none has exactly its prefixes); name it with --mirror SITE={name}"))
        connected = {c.site for c in vnet.gateway.connections} if vnet.gateway else set()
        for site in sites:
            if site.name in connected:
                raise RefusedError(
                    f"wrong way round: {site.name!r} would get the gateway address of VNet {name!r}, but {name!r}"
                    f" connects to {site.name!r}; a local site carries the address of the *other* VNet's gateway"
                )
            plan[site.name] = address
    return plan


def _find(root: etree._Element, tag: str, name: str) -> etree._Element:
    found = [e for e in root.iter(tag_prefix(root) + tag) if e.get("name") == name]
    if len(found) != 1:
        raise RefusedError(f"the file has {len(found)} {tag} elements named {name!r}; expected exactly one")
    return found[0]


def _child(element: etree._Element | None, tag: str) -> etree._Element | None:
    if element is None:
        return None
    return next((c for c in element.iterchildren(etree.Element) if etree.QName(c).localname == tag), None)


def _prefix(span: Span) -> str:
    head, sep, _ = span.tag.rpartition(":")
    return head + sep


def patch(data: bytes, root: etree._Element, plan: Mapping[str, IPv4Address], *, file: str = "") -> bytes:
    """``data`` with the VPNGatewayAddress of each site in ``plan`` set, every other byte unchanged."""
    source = Source.read(data, file=file)
    spans = source.map(root, file=file)
    edits = []
    for site_name, address in plan.items():
        site = _find(root, "LocalNetworkSite", site_name)
        tag = f"{_prefix(spans[site])}VPNGatewayAddress"
        current = _child(site, "VPNGatewayAddress")
        if current is not None:
            span = spans[current]
            if value(current) == str(address):
                continue  # already patched: a second run changes nothing
            if span.empty:
                edits.append((span.start, span.end, f"<{tag}>{address}</{tag}>"))
            else:
                edits.append((span.inner_start, span.inner_end, str(address)))
            continue
        anchor = _child(site, "AddressSpace")
        if anchor is not None:
            where, indent = spans[anchor].end, source.indent(spans[anchor])
        else:
            where, indent = spans[site].inner_start, source.indent(spans[site]) + _unit(source, spans, root)
        edits.append((where, where, f"{source.newline}{indent}<{tag}>{address}</{tag}>"))
    return source.encode(apply(source.text, edits)) if edits else data


# --- merge ------------------------------------------------------------------------------------

# Each kind of top-level object: what to call it, where the model keeps it, the elements it
# lives in, and which siblings must come before its container (the export order).
PLACES: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("DNS server", "dns_servers", ("Dns", "DnsServers"), ()),
    ("local network site", "local_sites", ("LocalNetworkSites",), ("Dns",)),
    ("VNet", "vnets", ("VirtualNetworkSites",), ("Dns", "LocalNetworkSites")),
)


def _unit(source: Source, spans: Mapping[etree._Element, Span], root: etree._Element) -> str:
    """The document's indentation step (two spaces when it cannot tell)."""
    child = _child(root, "VirtualNetworkConfiguration")
    if child is not None:
        step = source.indent(spans[child])[len(source.indent(spans[root])):]
        if step:
            return step
    return "  "


def _same(old: object, new: object) -> bool:
    if isinstance(old, LocalNetworkSite) and isinstance(new, LocalNetworkSite):
        # Which VNet a site mirrors is inferred, not written: compare what the file holds.
        return (old.prefixes, old.gateway_address) == (new.prefixes, new.gateway_address)
    return old == new


class _Merger:
    """Collects the insertions into one document, in its own indentation and line ends."""

    def __init__(self, data: bytes, root: etree._Element, file: str) -> None:
        self.source = Source.read(data, file=file)
        self.spans = self.source.map(root, file=file)
        if ":" in self.spans[root].tag:
            raise RefusedError(f"{file}: uses a namespace prefix ({self.spans[root].tag}); merge needs the default namespace")
        self.unit = _unit(self.source, self.spans, root)
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
        existing = _child(parent, chain[0])
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
            start_tag = self.source.text[span.start:span.end].rstrip(">").rstrip("/").rstrip()
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


def merge(data: bytes, root: etree._Element, base: NetworkConfiguration, addition: NetworkConfiguration,
          *, file: str = "") -> bytes:
    """``data`` (the BASE document, with ``root`` and model ``base``) with ``addition``'s DNS servers,
    local sites and VNets added; everything in BASE stays byte for byte.

    An object whose name exists in BASE is skipped when equal and refused when different.
    """
    merger = _Merger(data, root, file)
    config = _child(root, "VirtualNetworkConfiguration")
    if config is None:
        raise RefusedError(f"{file}: has no VirtualNetworkConfiguration to add to")
    for label, attribute, chain, before in PLACES:
        known = {item.name: item for item in getattr(base, attribute)}
        new = []
        for item in getattr(addition, attribute):
            if item.name not in known:
                new.append(fragment(item))
            elif not _same(known[item.name], item):
                raise RefusedError(f"{label} {item.name!r} is already in {file or 'BASE'} with different content;"
                                   " rename the new one or make them equal")
        if new:
            merger.place(config, chain, before, new)
    if not merger.edits:
        return data
    return merger.source.encode(merger.result())
