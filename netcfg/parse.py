"""Reading ``.netcfg`` XML safely, and turning its document into the model.

Parsing is hardened: no entity expansion, no DTD loading, no network, libxml2's depth and
text-size limits kept, and a size cap read before parsing. A DOCTYPE is refused outright,
since a ``.netcfg`` never has one and an unexpanded entity breaks schema validation later.

:func:`build_model` is deliberately forgiving about what Azure itself accepted and exported:
a byte-order mark, CRLF, any child order inside ``VirtualNetworkSite`` / ``LocalNetworkSite``,
comments, empty containers, odd names, prefixes with host bits set. What it cannot put into
the model (a prefix that is no CIDR, a VNet with both placements) it either refuses
(``strict=True``, for commands that write a new file from the input) or leaves out
(``strict=False``, for the validator, whose rules report those same problems from the document).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from ipaddress import IPv4Interface
from typing import Any, NamedTuple, TypeVar

from lxml import etree

from netcfg.errors import InputError, ModelError
from netcfg.model import (
    NAMESPACE,
    Connection,
    ConnectionType,
    DnsServer,
    Gateway,
    LocalNetworkSite,
    NetworkConfiguration,
    Subnet,
    VirtualNetworkSite,
    infer_mirrors,
    parse_address,
    parse_prefix,
)

MAX_BYTES = 64 * 1024 * 1024
ROOT = "NetworkConfiguration"
# Elements a path names by their name attribute rather than by position.
NAMED = frozenset({"VirtualNetworkSite", "LocalNetworkSite", "DnsServer"})

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
)
_LIBXML_WHERE = re.compile(r",? line \d+, column \d+$")

T = TypeVar("T")


def read_bytes(path: str) -> bytes:
    """The bytes of ``path`` (``-`` is standard input), refusing anything larger than MAX_BYTES."""
    too_large = InputError(
        f"larger than {MAX_BYTES // (1024 * 1024)} MiB; a network configuration is a few kilobytes,"
        " so this is not one",
        file=path,
    )
    try:
        if path == "-":
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            with open(path, "rb") as handle:
                if os.fstat(handle.fileno()).st_size > MAX_BYTES:
                    raise too_large  # refuse before reading a byte of it
                data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", file=path) from None
    if len(data) > MAX_BYTES:
        raise too_large
    return data


def parse_document(data: bytes, *, file: str = "") -> etree._Element:
    """The root element of ``data``, parsed safely.

    Raises :class:`InputError` (with the line) when the bytes are not well-formed XML, are
    empty, nest too deeply, or carry a DOCTYPE.
    """
    if not data.strip():
        raise InputError("the file is empty; a network configuration starts with <NetworkConfiguration>", file=file, line=1)
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        reason = _LIBXML_WHERE.sub("", str(exc.msg or exc))
        column = exc.position[1] if exc.position and exc.position[1] else None
        raise InputError(f"not well-formed XML: {reason}", file=file, line=exc.lineno or None, column=column) from None
    if root.getroottree().docinfo.doctype:
        raise InputError(
            "has a DOCTYPE; a network configuration never needs one, and netcfg does not read DTDs"
            " or entities (remove the <!DOCTYPE ...> declaration)",
            file=file,
            line=1,
        )
    return root


def root_problem(root: etree._Element) -> str | None:
    """Why ``root`` is not a NetworkConfiguration in the right namespace, or ``None`` if it is."""
    name = etree.QName(root)
    if name.localname != ROOT:
        return f"the root element is <{name.localname}>, not <{ROOT}>: this is not a network configuration"
    if name.namespace != NAMESPACE:
        found = f"namespace {name.namespace!r}" if name.namespace else "no namespace"
        # The https form comes from later renderings of Microsoft's own docs: name the trap.
        trap = " (http, not https)" if (name.namespace or "").startswith("https:") else ""
        return f"<{ROOT}> has {found}; Azure expects xmlns=\"{NAMESPACE}\"{trap}"
    return None


def element_path(element: etree._Element) -> str:
    """An XPath-like path a person can read: names for sites and DNS servers, positions otherwise."""
    steps = []
    while element is not None:
        tag = etree.QName(element).localname
        name = element.get("name")
        parent = element.getparent()
        if tag in NAMED and name is not None:
            quote = '"' if "'" in name else "'"
            tag += f"[@name={quote}{name}{quote}]"
        elif parent is not None:
            same = list(parent.iterchildren(element.tag))
            if len(same) > 1:
                tag += f"[{same.index(element) + 1}]"
        steps.append(tag)
        element = parent
    return "/" + "/".join(reversed(steps))


class _Site(NamedTuple):
    """A local site read but not built yet: mirrors are inferred once every VNet is known."""

    element: etree._Element
    name: str | None
    prefixes: list[IPv4Interface]
    address: str | None


class _Tags:
    """The qualified tag of every element the builder reads, in the document's own namespace."""

    def __init__(self, namespace: str | None) -> None:
        prefix = f"{{{namespace}}}" if namespace else ""
        for name in ("VirtualNetworkConfiguration", "Dns", "DnsServers", "DnsServer", "LocalNetworkSites",
                     "LocalNetworkSite", "VirtualNetworkSites", "VirtualNetworkSite", "AddressSpace", "AddressPrefix",
                     "VPNGatewayAddress", "Subnets", "Subnet", "DnsServersRef", "DnsServerRef", "Gateway",
                     "VPNClientAddressPool", "ConnectionsToLocalNetwork", "LocalNetworkSiteRef", "Connection"):
            setattr(self, name, prefix + name)


class _Builder:
    """Walks one document and builds the model, keeping each object's element as its origin.

    Plain loops over each element's children, comparing tags: on a large export this is
    several times faster than asking lxml for children by tag. Where the first of a repeated
    child counts (two AddressSpace elements, which the schema forbids), the first one wins.
    """

    def __init__(self, root: etree._Element, *, strict: bool, file: str) -> None:
        self.tag = _Tags(etree.QName(root).namespace)
        self.strict = strict
        self.file = file

    def make(self, element: etree._Element, kind: Callable[..., T], **fields: Any) -> T | None:
        """``kind(**fields)``; a value it cannot hold is refused (strict) or the object left out."""
        try:
            return kind(origin=element, **fields)
        except ModelError as exc:
            if self.strict:
                raise InputError(str(exc), file=self.file, line=element.sourceline) from None
            return None

    @staticmethod
    def children(parent: etree._Element | None, tag: str) -> list[etree._Element]:
        return [child for child in parent if child.tag == tag] if parent is not None else []

    @staticmethod
    def child(parent: etree._Element | None, tag: str) -> etree._Element | None:
        if parent is not None:
            for child in parent:
                if child.tag == tag:
                    return child
        return None

    @staticmethod
    def text(element: etree._Element | None) -> str:
        return (element.text or "").strip() if element is not None else ""

    def prefixes(self, container: etree._Element | None) -> list[IPv4Interface]:
        """The CIDR prefixes in ``container``; one that is no CIDR is refused or left out."""
        kept = []
        for element in self.children(container, self.tag.AddressPrefix):
            text = self.text(element)
            prefix = parse_prefix(text)
            if prefix is not None:
                kept.append(prefix)
            elif self.strict:
                raise InputError(
                    f"{text!r} is not an IPv4 CIDR prefix such as 10.1.0.0/16", file=self.file, line=element.sourceline
                )
        return kept

    def build(self, root: etree._Element) -> NetworkConfiguration:
        tag = self.tag
        config = self.child(root, tag.VirtualNetworkConfiguration)
        servers = self.children(self.child(self.child(config, tag.Dns), tag.DnsServers), tag.DnsServer)
        dns_servers = [self.make(el, DnsServer, name=el.get("name"), address=el.get("IPAddress")) for el in servers]
        vnet_elements = self.children(self.child(config, tag.VirtualNetworkSites), tag.VirtualNetworkSite)
        vnets = [v for v in map(self.vnet, vnet_elements) if v is not None]
        site_elements = self.children(self.child(config, tag.LocalNetworkSites), tag.LocalNetworkSite)
        pending = [self.pending_site(el) for el in site_elements]
        mirrors = infer_mirrors(vnets, pending)
        sites = [
            self.make(s.element, LocalNetworkSite, name=s.name, prefixes=s.prefixes, gateway_address=s.address,
                      mirrors=mirrors.get(s.name))  # type: ignore[arg-type]
            for s in pending
        ]
        return NetworkConfiguration(
            dns_servers=[d for d in dns_servers if d is not None],
            local_sites=[s for s in sites if s is not None],
            vnets=vnets,
        )

    def pending_site(self, el: etree._Element) -> _Site:
        address = self.text(self.child(el, self.tag.VPNGatewayAddress)) or None
        if address is not None and not self.strict and parse_address(address) is None:
            address = None  # keep the site for the other checks; invalid-address reports this
        return _Site(el, el.get("name"), self.prefixes(self.child(el, self.tag.AddressSpace)), address)

    def vnet(self, el: etree._Element) -> VirtualNetworkSite | None:
        tag = self.tag
        found: dict[str, etree._Element] = {}
        for child in el:  # one pass: these children may come in any order
            found.setdefault(child.tag, child)
        subnets = [s for s in map(self.subnet, self.children(found.get(tag.Subnets), tag.Subnet)) if s is not None]
        gateway = found.get(tag.Gateway)
        return self.make(
            el,
            VirtualNetworkSite,
            name=el.get("name"),
            prefixes=self.prefixes(found.get(tag.AddressSpace)),
            affinity_group=el.get("AffinityGroup"),
            location=el.get("Location"),
            subnets=subnets,
            dns_servers=[n for r in self.children(found.get(tag.DnsServersRef), tag.DnsServerRef) if (n := r.get("name"))],
            gateway=self.gateway(gateway) if gateway is not None else None,
        )

    def subnet(self, el: etree._Element) -> Subnet | None:
        return self.make(el, Subnet, name=el.get("name"), prefix=self.text(self.child(el, self.tag.AddressPrefix)))

    def connection(self, ref: etree._Element) -> Connection | None:
        # A LocalNetworkSiteRef without <Connection> was accepted by Azure and means IPsec.
        detail = self.child(ref, self.tag.Connection)
        kind = detail.get("type") if detail is not None else ConnectionType.IPSEC
        return self.make(ref, Connection, site=ref.get("name"), type=kind)

    def gateway(self, el: etree._Element) -> Gateway | None:
        references = self.children(self.child(el, self.tag.ConnectionsToLocalNetwork), self.tag.LocalNetworkSiteRef)
        connections = [c for c in map(self.connection, references) if c is not None]
        return self.make(
            el,
            Gateway,
            profile=el.get("profile"),
            client_pool=self.prefixes(self.child(el, self.tag.VPNClientAddressPool)),
            connections=connections,
        )


def build_model(root: etree._Element, *, strict: bool = True, file: str = "") -> NetworkConfiguration:
    """The model of a parsed NetworkConfiguration document.

    With ``strict=True`` any value the model cannot hold raises :class:`InputError` with its
    line; with ``strict=False`` such objects are left out so the rest can still be checked.
    Local sites whose prefixes equal exactly one VNet's address space are marked as mirroring it.
    """
    return _Builder(root, strict=strict, file=file).build(root)
