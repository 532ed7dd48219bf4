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
from collections.abc import Callable, Iterable
from typing import NamedTuple, NoReturn, TypeVar

from lxml import etree

from netcfg.io import encodings
from netcfg.errors import ClosedInput, InputError, ModelError
from netcfg.model import (
    NAMESPACE,
    Connection,
    ConnectionType,
    DnsServer,
    Gateway,
    LocalNetworkSite,
    NetworkConfiguration,
    Prefix,
    Subnet,
    VirtualNetworkSite,
    address_problem,
    parse_address,
    prefix_problem,
    read_prefix,
)

MAX_BYTES = 64 * 1024 * 1024
ROOT = "NetworkConfiguration"
# Elements a path names by their name attribute rather than by position: a position says nothing
# to a reader, and shifts when an element before it is added or removed.
NAMED = frozenset({"VirtualNetworkSite", "LocalNetworkSite", "DnsServer", "Subnet", "LocalNetworkSiteRef", "DnsServerRef"})

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False)
_STRING_VALUE = etree.XPath("string()")
_LIBXML_WHERE = r",? line \d+, column \d+$"  # compiled on first use: only a failed parse needs it

T = TypeVar("T")
_CONNECTION_TYPES: dict[str, ConnectionType] = {t.value: t for t in ConnectionType}


def read_bytes(path: str) -> bytes:
    """The bytes of ``path`` (``-`` is standard input), refusing anything larger than MAX_BYTES."""
    too_large = InputError(
        f"larger than {MAX_BYTES // (1024 * 1024)} MiB; a network configuration is a few kilobytes, so this is not one",
        file=path,
    )
    try:
        if path == "-":
            if sys.stdin is None:
                raise ClosedInput("standard input is closed; give a file, or something to read on standard input", file=path)
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


EMPTY = "the file is empty; a network configuration starts with <NetworkConfiguration>"
EMPTY_TOPOLOGY = "the file is empty; a topology holds [[vnet]] and [[local_site]] tables ('netcfg stretch' writes one)"
NO_ELEMENT = (
    "the file holds no element, only a declaration or comments; a network configuration starts with <NetworkConfiguration>"
)
# What may come before the root element and is not one: comments, processing instructions, a
# document type declaration (each to its end, or to the end of the text when unterminated).
_NOT_ELEMENTS = (("<!--", "-->"), ("<?", "?>"), ("<!DOCTYPE", ">"))


def _has_element(text: str) -> bool:
    """Whether ``text`` holds a '<' outside comments, processing instructions and document type
    declarations: an element starts there. Stops at the first, so a large file costs its prolog only."""
    at = text.find("<")
    while at >= 0:
        opened = next(((start, end) for start, end in _NOT_ELEMENTS if text.startswith(start, at)), None)
        if opened is None:
            return True
        close = text.find(opened[1], at + len(opened[0]))
        if close < 0:
            return False
        at = text.find("<", close + len(opened[1]))
    return False


def emptiness(data: bytes, *, file: str = "") -> str | None:
    """Why ``data`` holds nothing to read (empty, white space, a byte-order mark, only comments), or ``None``.

    Every command refuses such input the same way: read as a network it would be an empty
    one, and uploading an empty network deletes every VNet in the subscription.
    """
    text = encodings.peek(data, file=file)
    if not text.strip():
        # An empty topology is told what a topology holds, not what XML starts with.
        return EMPTY_TOPOLOGY if os.path.splitext(file)[1].lower() == ".toml" else EMPTY
    if text.lstrip().startswith("<") and not _has_element(text):
        return NO_ELEMENT
    return None


XML_SUFFIXES = (".netcfg", ".xml")


def input_kind(data: bytes, *, file: str = "") -> str:
    """``"netcfg"`` (XML) or ``"topology"`` (TOML): by the file's name when it says (``.netcfg``,
    ``.xml``, ``.toml``), else by its content.

    XML is told by its first character in whatever encoding lxml reads it in; bytes that are
    neither XML nor UTF-8 are handed to the XML parser, which says where they stop making sense.
    Empty input is refused first, with the words :func:`parse_document` uses, so every command,
    ``validate`` included, answers it the same way.
    """
    empty = emptiness(data, file=file)
    if empty is not None:
        raise InputError(empty, file=file, line=1)
    suffix = os.path.splitext(file)[1].lower()
    if suffix in XML_SUFFIXES:
        return "netcfg"
    if suffix == ".toml":
        return "topology"
    if encodings.peek(data, file=file).lstrip().startswith("<"):
        return "netcfg"
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "netcfg"
    return "topology"


# libxml2's limits come with advice for programmers ("use XML_PARSE_HUGE option", "see
# xmlCtxtSetMaxAmplification") that a user cannot act on: each is said as what is wrong with the file.
# The numbers are libxml2's own (include/libxml/parserInternals.h: XML_MAX_TEXT_LENGTH 10,000,000,
# XML_MAX_NAME_LENGTH 50,000; the depth it names in its message). The schema's deepest element is
# 8 down (NetworkConfiguration / VirtualNetworkConfiguration / VirtualNetworkSites /
# VirtualNetworkSite / Gateway / ConnectionsToLocalNetwork / LocalNetworkSiteRef / Connection), and
# its longest name is VirtualNetworkConfiguration (27 characters): schemas/NetworkConfiguration.xsd.
_LIBXML_ADVICE = (
    (
        r"Excessive depth in document: (\d+).*",
        r"elements nest more than \1 deep; a network configuration nests 8 deep at most, so this is not one (or it is damaged)",
    ),
    (
        r"Resource limit exceeded: Text node too long.*",
        "a text value is longer than 10,000,000 characters; no value in a network configuration comes near that",
    ),
    (
        r"Resource limit exceeded: Buffer size limit exceeded.*",
        "an attribute value is longer than 10,000,000 characters; no name in a network configuration comes near that",
    ),
    (
        r"Name too long.*",
        "an element or attribute name is longer than 50,000 characters; the schema's longest has 27",
    ),
    (
        r"Comment too big.*",
        "a comment is longer than 10,000,000 characters; shorten it or remove it",
    ),
    (
        r"Maximum entity amplification factor exceeded.*",
        "its entities expand to far more than the file holds (an entity bomb); remove the <!DOCTYPE ...> and every &name; reference",
    ),
    (r",? *(?:try|use|see) (?:XML_PARSE_HUGE|xml[A-Z]\w+)(?: option)?\.?", ""),
)


def _in_our_words(reason: str) -> str:
    for pattern, words in _LIBXML_ADVICE:  # compiled on first use (re's cache): only a failed parse needs them
        reason = re.sub(pattern, words, reason)
    return reason.strip()


def parse_document(data: bytes, *, file: str = "") -> etree._Element:
    """The root element of ``data``, parsed safely.

    Raises :class:`InputError` (with the line) when the bytes are not well-formed XML, are
    empty, nest too deeply, carry a DOCTYPE, or declare an encoding netcfg cannot also write.
    """
    encodings.detect(data, file=file)  # an encoding lxml knows but Python does not is refused by every command
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        empty = emptiness(data, file=file)
        if empty is not None:
            raise InputError(empty, file=file, line=1) from None
        reason = _in_our_words(re.sub(_LIBXML_WHERE, "", str(exc.msg or exc)))
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


def tag_prefix(root: etree._Element) -> str:
    """``{namespace}`` of ``root``'s own namespace (empty for none): before a local name, it matches that document's elements."""
    namespace = etree.QName(root).namespace
    return f"{{{namespace}}}" if namespace else ""


def root_problem(root: etree._Element) -> str | None:
    """Why ``root`` is not a NetworkConfiguration in the right namespace, or ``None`` if it is."""
    name = etree.QName(root)
    if name.localname != ROOT:
        return f"the root element is <{name.localname}>, not <{ROOT}>: this is not a network configuration"
    if name.namespace != NAMESPACE:
        found = f"namespace {name.namespace!r}" if name.namespace else "no namespace"
        # The https form comes from later renderings of Microsoft's own docs: name the trap.
        trap = " (http, not https)" if (name.namespace or "").startswith("https:") else ""
        return f'<{ROOT}> has {found}; Azure expects xmlns="{NAMESPACE}"{trap}'
    return None


def value(element: etree._Element) -> str:
    """An element's text as XML means it, without surrounding space: a comment or CDATA section
    inside (``52.169.10.20<!-- -->0``) does not cut it short, as ``.text`` would."""
    if len(element) == 0:  # the usual case: no comment or other node inside
        return (element.text or "").strip()
    return str(_STRING_VALUE(element)).strip()  # libxml2's string value: linear, where itertext() was not


def placement(element: etree._Element, attribute: str) -> str | None:
    """A VirtualNetworkSite's AffinityGroup or Location; empty means absent, as Azure read it.

    Microsoft's Ruby SDK wrote ``AffinityGroup="" Location="East US"`` for every VNet, and Azure
    accepted and deployed those; an attribute with only white space is absent the same way.
    """
    found = element.get(attribute)
    return found if found is not None and found.strip() else None


def element_path(element: etree._Element) -> str:
    """An XPath-like path a person can read: names for sites and DNS servers, positions otherwise."""
    return ElementPaths()(element)


class ElementPaths:
    """:func:`element_path` for many elements of one document: each parent's children are
    numbered once, so ten thousand findings among ten thousand siblings cost linear time."""

    def __init__(self) -> None:
        # parent -> (child -> its position among the parent's children of its tag, how many such)
        self._positions: dict[etree._Element, dict[etree._Element, tuple[int, int]]] = {}

    def _position(self, parent: etree._Element, element: etree._Element) -> tuple[int, int]:
        positions = self._positions.get(parent)
        if positions is None:
            counts: dict[object, int] = {}
            numbered = []
            for child in parent:
                counts[child.tag] = counts.get(child.tag, 0) + 1
                numbered.append((child, counts[child.tag]))
            positions = self._positions[parent] = {child: (n, counts[child.tag]) for child, n in numbered}
        return positions[element]

    def __call__(self, element: etree._Element) -> str:
        steps = []
        current: etree._Element | None = element
        while current is not None:
            tag = etree.QName(current).localname
            name = current.get("name")
            parent = current.getparent()
            if tag in NAMED and name is not None:
                quote = '"' if "'" in name else "'"
                tag += f"[@name={quote}{name}{quote}]"
            elif parent is not None:
                position, same = self._position(parent, current)
                if same > 1:
                    tag += f"[{position}]"
            steps.append(tag)
            current = parent
        return "/" + "/".join(reversed(steps))


class _Tags(NamedTuple):
    """The qualified tag of every element the builder reads, in the document's own namespace.

    (A named tuple: as immutable as a frozen dataclass, and made at import for a fifth of the cost,
    which every run of a small file pays.)"""

    VirtualNetworkConfiguration: str
    Dns: str
    DnsServers: str
    DnsServer: str
    LocalNetworkSites: str
    LocalNetworkSite: str
    VirtualNetworkSites: str
    VirtualNetworkSite: str
    AddressSpace: str
    AddressPrefix: str
    VPNGatewayAddress: str
    Subnets: str
    Subnet: str
    DnsServersRef: str
    DnsServerRef: str
    Gateway: str
    VPNClientAddressPool: str
    ConnectionsToLocalNetwork: str
    LocalNetworkSiteRef: str
    Connection: str

    @classmethod
    def of(cls, prefix: str) -> _Tags:
        return cls(*(prefix + name for name in cls._fields))


class _Builder:
    """Walks one document and builds the model, keeping each object's element as its origin.

    Plain loops over each element's children, comparing tags: on a large export this is
    several times faster than asking lxml for children by tag. Where the first of a repeated
    child counts (two AddressSpace elements, which the schema forbids), the first wins. Every
    object is made through :meth:`each`, where :meth:`refuse` decides what a ModelError means.
    """

    def __init__(self, root: etree._Element, *, strict: bool, file: str) -> None:
        self.tag = _Tags.of(tag_prefix(root))
        self.strict = strict
        self.file = file

    def refuse(self, element: etree._Element, problem: Exception) -> None:
        """A value the model cannot hold: an error with its line (strict), else the object is left out."""
        if self.strict:
            raise InputError(str(problem), file=self.file, line=element.sourceline) from None

    def reject(self, element: etree._Element, message: str) -> NoReturn:
        """Refuse the object being made for a value in ``element``: at that element's line (strict), else
        by a ModelError that :meth:`each` turns into leaving the object out."""
        self.refuse(element, ModelError(message))
        raise ModelError(message)

    def each(self, elements: Iterable[etree._Element], make: Callable[[etree._Element], T]) -> list[T]:
        """``make(element)`` for each element, in order, leaving out (or refusing) what the model refuses."""
        kept = []
        for element in elements:
            try:
                kept.append(make(element))
            except ModelError as exc:
                self.refuse(element, exc)
        return kept

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
    def first_children(parent: etree._Element) -> dict[object, etree._Element]:
        """The first child of each tag, in one pass: children of sites may come in any order."""
        found: dict[object, etree._Element] = {}
        for child in parent:  # a comment's "tag" is a function: a key nobody asks for
            found.setdefault(child.tag, child)
        return found

    @staticmethod
    def text(element: etree._Element | None) -> str:
        return value(element) if element is not None else ""

    def prefixes(self, container: etree._Element | None) -> list[Prefix]:
        """The CIDR prefixes in ``container``; one that is no CIDR is refused or left out."""
        prefix_tag, kept = self.tag.AddressPrefix, []
        for element in container if container is not None else ():
            if element.tag != prefix_tag:
                continue
            text = value(element)
            prefix = read_prefix(text)
            if prefix is not None:
                kept.append(prefix)
            else:
                self.refuse(element, ModelError(prefix_problem(text)))
        return kept

    def build(self, root: etree._Element) -> NetworkConfiguration:
        tag = self.tag
        config = self.child(root, tag.VirtualNetworkConfiguration)
        servers = self.children(self.child(self.child(config, tag.Dns), tag.DnsServers), tag.DnsServer)
        vnets = self.each(self.children(self.child(config, tag.VirtualNetworkSites), tag.VirtualNetworkSite), self.vnet)
        site_elements = self.children(self.child(config, tag.LocalNetworkSites), tag.LocalNetworkSite)
        # Which site stands in for which VNet is not in the file: netcfg.model.standins works it out.
        return NetworkConfiguration.create(
            dns_servers=self.each(servers, self.dns_server),
            local_sites=self.each(site_elements, self.local_site),
            vnets=vnets,
        )

    def dns_server(self, el: etree._Element) -> DnsServer:
        address = el.get("IPAddress")
        if address is not None and parse_address(address) is None:
            self.reject(el, address_problem("DNS server address", address))
        return DnsServer.create(name=el.get("name"), address=address, origin=el)

    def local_site(self, el: etree._Element) -> LocalNetworkSite:
        found = self.first_children(el)
        element = found.get(self.tag.VPNGatewayAddress)
        address = self.text(element) or None
        if element is not None and address is not None and parse_address(address) is None:
            self.refuse(element, ModelError(address_problem("VPN gateway address", address)))
            address = None  # lenient: keep the site for the other checks; invalid-address reports this
        return LocalNetworkSite.create(
            name=el.get("name"), prefixes=self.prefixes(found.get(self.tag.AddressSpace)), gateway_address=address, origin=el
        )

    def vnet(self, el: etree._Element) -> VirtualNetworkSite:
        tag = self.tag
        found = self.first_children(el)
        gateway = found.get(tag.Gateway)
        dns_refs = self.children(found.get(tag.DnsServersRef), tag.DnsServerRef)
        return VirtualNetworkSite.create(
            name=el.get("name"),
            prefixes=self.prefixes(found.get(tag.AddressSpace)),
            affinity_group=placement(el, "AffinityGroup"),
            location=placement(el, "Location"),
            subnets=self.each(self.children(found.get(tag.Subnets), tag.Subnet), self.subnet),
            dns_servers=[name for ref in dns_refs if (name := ref.get("name"))],
            # A gateway the model refuses leaves the VNet without one, so its other checks still run.
            gateway=next(iter(self.each([gateway], self.gateway)), None) if gateway is not None else None,
            origin=el,
        )

    def subnet(self, el: etree._Element) -> Subnet:
        element = self.child(el, self.tag.AddressPrefix)
        text = self.text(element)
        prefix = read_prefix(text)
        if prefix is None and element is not None:
            self.reject(element, prefix_problem(text))
        # A missing prefix goes in as text, so that the model says what is wrong with it.
        return Subnet.create(name=el.get("name"), prefix=prefix or text, origin=el)

    def connection(self, ref: etree._Element) -> Connection:
        # A LocalNetworkSiteRef without <Connection> was accepted by Azure and means IPsec.
        detail = self.child(ref, self.tag.Connection)
        kind = (detail.get("type") or "") if detail is not None else ConnectionType.IPSEC.value
        return Connection.create(site=ref.get("name"), type=_CONNECTION_TYPES.get(kind, kind), origin=ref)

    def gateway(self, el: etree._Element) -> Gateway:
        found = self.first_children(el)
        references = self.children(found.get(self.tag.ConnectionsToLocalNetwork), self.tag.LocalNetworkSiteRef)
        return Gateway.create(
            profile=el.get("profile"),
            client_pool=self.prefixes(found.get(self.tag.VPNClientAddressPool)),
            connections=self.each(references, self.connection),
            origin=el,
        )


def build_model(root: etree._Element, *, strict: bool = True, file: str = "") -> NetworkConfiguration:
    """The model of a parsed NetworkConfiguration document.

    With ``strict=True`` any value the model cannot hold raises :class:`InputError` with its
    line; with ``strict=False`` such objects are left out so the rest can still be checked.
    Which local site stands in for which VNet is left to :func:`netcfg.model.standins.resolve`.
    """
    return _Builder(root, strict=strict, file=file).build(root)
