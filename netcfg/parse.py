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

import dataclasses
import os
import re
import sys
from collections.abc import Callable, Iterator
from ipaddress import IPv4Address
from typing import TypeVar

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
    Origin,
    Subnet,
    VirtualNetworkSite,
    infer_mirrors,
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
            same = [c for c in parent.iterchildren(element.tag)]
            if len(same) > 1:
                tag += f"[{same.index(element) + 1}]"
        steps.append(tag)
        element = parent
    return "/" + "/".join(reversed(steps))


class _Builder:
    """Walks one document; every value passes through :meth:`take`, which decides strict vs lenient."""

    def __init__(self, root: etree._Element, *, strict: bool, file: str) -> None:
        namespace = etree.QName(root).namespace
        self.prefix = f"{{{namespace}}}" if namespace else ""
        self.strict = strict
        self.file = file

    def children(self, parent: etree._Element | None, tag: str) -> Iterator[etree._Element]:
        if parent is not None:
            yield from parent.iterchildren(self.prefix + tag)

    def child(self, parent: etree._Element | None, tag: str) -> etree._Element | None:
        return next(self.children(parent, tag), None)

    def take(self, element: etree._Element, make: Callable[[], T]) -> T | None:
        try:
            return make()
        except ModelError as exc:
            if self.strict:
                raise InputError(str(exc), file=self.file, line=element.sourceline) from None
            return None

    def text(self, element: etree._Element | None) -> str:
        return (element.text or "").strip() if element is not None else ""

    def prefixes(self, parent: etree._Element | None, container: str = "AddressSpace") -> list[str]:
        """The CIDR texts under ``parent/container``; one that is no CIDR is refused or left out."""
        kept = []
        for element in self.children(self.child(parent, container), "AddressPrefix"):
            text = self.text(element)
            if parse_prefix(text) is not None:
                kept.append(text)
            elif self.strict:
                raise InputError(
                    f"{text!r} is not an IPv4 CIDR prefix such as 10.1.0.0/16", file=self.file, line=element.sourceline
                )
        return kept

    def build(self, root: etree._Element) -> NetworkConfiguration:
        config = self.child(root, "VirtualNetworkConfiguration")
        dns = self.child(self.child(config, "Dns"), "DnsServers")
        dns_servers = [
            self.take(el, lambda el=el: DnsServer(name=el.get("name"), address=el.get("IPAddress"), origin=_at(el)))
            for el in self.children(dns, "DnsServer")
        ]
        sites = [self.local_site(el) for el in self.children(self.child(config, "LocalNetworkSites"), "LocalNetworkSite")]
        vnets = [self.vnet(el) for el in self.children(self.child(config, "VirtualNetworkSites"), "VirtualNetworkSite")]
        sites_kept = [s for s in sites if s is not None]
        vnets_kept = [v for v in vnets if v is not None]
        mirrors = infer_mirrors(vnets_kept, sites_kept)
        return NetworkConfiguration(
            dns_servers=[d for d in dns_servers if d is not None],
            local_sites=[_with_mirror(site, mirrors.get(site.name)) for site in sites_kept],
            vnets=vnets_kept,
        )

    def local_site(self, el: etree._Element) -> LocalNetworkSite | None:
        address = self.text(self.child(el, "VPNGatewayAddress")) or None
        if address is not None and not self.strict and not _is_ipv4(address):
            address = None  # keep the site for the other checks; invalid-address reports this
        return self.take(
            el,
            lambda: LocalNetworkSite(
                name=el.get("name"), prefixes=self.prefixes(el), gateway_address=address, origin=_at(el)
            ),
        )

    def vnet(self, el: etree._Element) -> VirtualNetworkSite | None:
        subnets = [self.subnet(s) for s in self.children(self.child(el, "Subnets"), "Subnet")]
        refs = [r.get("name") for r in self.children(self.child(el, "DnsServersRef"), "DnsServerRef")]
        gateway_el = self.child(el, "Gateway")
        gateway = self.gateway(gateway_el) if gateway_el is not None else None
        return self.take(
            el,
            lambda: VirtualNetworkSite(
                name=el.get("name"),
                prefixes=self.prefixes(el),
                affinity_group=el.get("AffinityGroup"),
                location=el.get("Location"),
                subnets=[s for s in subnets if s is not None],
                dns_servers=[r for r in refs if r],
                gateway=gateway,
                origin=_at(el),
            ),
        )

    def subnet(self, el: etree._Element) -> Subnet | None:
        return self.take(el, lambda: Subnet(name=el.get("name"), prefix=self.text(self.child(el, "AddressPrefix")), origin=_at(el)))

    def connection(self, ref: etree._Element) -> Connection | None:
        # A LocalNetworkSiteRef without <Connection> was accepted by Azure and means IPsec.
        detail = self.child(ref, "Connection")
        kind = detail.get("type") if detail is not None else ConnectionType.IPSEC.value
        return self.take(ref, lambda: Connection(site=ref.get("name"), type=kind, origin=_at(ref)))

    def gateway(self, el: etree._Element) -> Gateway | None:
        connections = [
            self.connection(ref) for ref in self.children(self.child(el, "ConnectionsToLocalNetwork"), "LocalNetworkSiteRef")
        ]
        return self.take(
            el,
            lambda: Gateway(
                profile=el.get("profile"),
                client_pool=self.prefixes(el, "VPNClientAddressPool"),
                connections=[c for c in connections if c is not None],
                origin=_at(el),
            ),
        )


def _is_ipv4(text: str) -> bool:
    try:
        IPv4Address(text)
    except ValueError:
        return False
    return True


def _at(element: etree._Element) -> Origin:
    return Origin(element.sourceline, element)


def _with_mirror(site: LocalNetworkSite, vnet: str | None) -> LocalNetworkSite:
    return site if vnet is None else dataclasses.replace(site, mirrors=vnet)


def build_model(root: etree._Element, *, strict: bool = True, file: str = "") -> NetworkConfiguration:
    """The model of a parsed NetworkConfiguration document.

    With ``strict=True`` any value the model cannot hold raises :class:`InputError` with its
    line; with ``strict=False`` such objects are left out so the rest can still be checked.
    Local sites whose prefixes equal exactly one VNet's address space are marked as mirroring it.
    """
    return _Builder(root, strict=strict, file=file).build(root)
