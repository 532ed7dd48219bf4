"""Rules that read the document itself: what the model could not hold, or would hide."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from netcfg.model import NAMESPACE, address_problem, name_problem, parse_address, prefix_problem
from netcfg.io.xml_reader import placement as read_placement
from netcfg.io.xml_reader import root_problem, value
from netcfg.validate.rules.base import ERROR, WARNING, Problem, Subject, rule


# Elements whose attributes name an Azure object, or refer to one by name.
NAMED_ELEMENTS = ("DnsServer", "LocalNetworkSite", "VirtualNetworkSite", "Subnet", "DnsServerRef", "LocalNetworkSiteRef")


@rule("wrong-namespace", ERROR, "the root element is not in Azure's NetworkConfiguration namespace")
def wrong_namespace(subject: Subject) -> Iterator[Problem]:
    """Azure accepts only ``xmlns="http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration"``.

    Later renderings of Microsoft's own documentation show it with ``https://``, which is a
    different namespace, and the upload then fails with a bare schema error.

    PASS::

        <NetworkConfiguration xmlns="http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration">
          <VirtualNetworkConfiguration />
        </NetworkConfiguration>

    FAIL (https, as some documentation printed it)::

        <NetworkConfiguration xmlns="https://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration">
          <VirtualNetworkConfiguration />
        </NetworkConfiguration>
    """
    if etree.QName(subject.root).namespace != NAMESPACE:
        yield Problem(subject.root, root_problem(subject.root) or "")


@rule("placement", ERROR, "a VirtualNetworkSite has both or neither of AffinityGroup and Location")
def placement(subject: Subject) -> Iterator[Problem]:
    """A VNet lives either in an affinity group or (a regional VNet) in a location: only one can be defined.

    An empty attribute is absent, as Azure read it: Microsoft's Ruby SDK wrote every VNet as
    ``AffinityGroup="" Location="East US"``, and those were deployed. That is a warning only.

    PASS::

        <VirtualNetworkSites>
          <VirtualNetworkSite name="VNet-Dublin" AffinityGroup="Dublin">
            <AddressSpace><AddressPrefix>10.0.0.0/16</AddressPrefix></AddressSpace>
          </VirtualNetworkSite>
          <VirtualNetworkSite name="VNet-Holland" Location="West Europe">
            <AddressSpace><AddressPrefix>10.1.0.0/16</AddressPrefix></AddressSpace>
          </VirtualNetworkSite>
        </VirtualNetworkSites>

    FAIL (both; neither; an empty one, which Azure read as absent: a warning)::

        <VirtualNetworkSites>
          <VirtualNetworkSite name="VNet-Dublin" AffinityGroup="Dublin" Location="North Europe">
            <AddressSpace><AddressPrefix>10.0.0.0/16</AddressPrefix></AddressSpace>
          </VirtualNetworkSite>
          <VirtualNetworkSite name="VNet-Holland">
            <AddressSpace><AddressPrefix>10.1.0.0/16</AddressPrefix></AddressSpace>
          </VirtualNetworkSite>
          <VirtualNetworkSite name="VNet-Virginia" AffinityGroup="" Location="East US">
            <AddressSpace><AddressPrefix>10.2.0.0/16</AddressPrefix></AddressSpace>
          </VirtualNetworkSite>
        </VirtualNetworkSites>
    """
    for site in subject.elements("VirtualNetworkSite"):
        group, location = read_placement(site, "AffinityGroup"), read_placement(site, "Location")
        name = site.get("name", "?")
        if group is not None and location is not None:
            yield Problem(
                site,
                f"VNet {name!r} has both AffinityGroup {group!r} and Location {location!r};"
                " keep one (Location for a regional VNet)",
            )
        elif group is None and location is None:
            yield Problem(site, f'VNet {name!r} has neither AffinityGroup nor Location; add Location="<region>"')
        else:
            empty = next(
                (a for a in ("AffinityGroup", "Location") if site.get(a) is not None and read_placement(site, a) is None), None
            )
            if empty is not None:
                kept = f"AffinityGroup {group!r}" if group else f"Location {location!r}"
                yield Problem(
                    site,
                    f"VNet {name!r} has an empty {empty} attribute, which Azure read as absent (the VNet"
                    f" is placed by {kept}); remove it",
                    WARNING,
                )


@rule("unknown-location", WARNING, "a Location or affinity-group location is no Azure region (an error in a topology)")
def unknown_location(subject: Subject) -> Iterator[Problem]:
    """A VNet's ``Location`` (and, in a topology, an affinity group's location) names an Azure region,
    by its display name (``North Europe``) or its programmatic name (``northeurope``), in any case.
    A course file's ``Location1`` or a book's ``[region name]`` is a template never filled in. In a
    ``.netcfg`` this is a warning (Azure refused such an upload, but old exports are still worth
    reading); in a topology, which netcfg turns into new files, it is an error.

    PASS (a display name in odd case, as a real export has it)::

        <VirtualNetworkSites>
          <VirtualNetworkSite name="VNet-Dublin" Location="Central Us">
            <AddressSpace><AddressPrefix>10.0.0.0/16</AddressPrefix></AddressSpace>
          </VirtualNetworkSite>
        </VirtualNetworkSites>

    FAIL (a course file's template, never filled in)::

        <VirtualNetworkSites>
          <VirtualNetworkSite name="VNet-Dublin" Location="Location1">
            <AddressSpace><AddressPrefix>10.0.0.0/16</AddressPrefix></AddressSpace>
          </VirtualNetworkSite>
        </VirtualNetworkSites>
    """
    severity = ERROR if subject.kind == "topology" else WARNING
    places = [(v.origin, f"VNet {v.name!r}", v.location) for v in subject.model.vnets if v.location is not None]
    places += [(g.origin, f"affinity group {g.name!r}", g.location) for g in subject.model.affinity_groups]
    if not places:
        return
    from netcfg.model import regions  # deferred (netcfg.deferred): the region table, for files that name a location

    for where, what, location in places:
        if regions.find(location) is None:
            yield Problem(where, f"the location of {what}: {regions.unknown_message(location)}", severity)


# The attributes that name an object or its placement, by element: only a VNet is placed (an
# AffinityGroup or Location anywhere else is the schema's finding, and reaches no output).
_NAMING = {"VirtualNetworkSite": ("name", "AffinityGroup", "Location")}
_NAME_ONLY = ("name",)


# Printable ASCII, tab and line ends: a document of only these has no name invalid-name refuses,
# unless a character reference ('&#...;') writes one (an attribute value's tab or line end
# becomes a space; no DTD can define an entity here). bytes.translate checks a large file in a
# few milliseconds, where walking its elements takes tens.
_PLAIN = bytes(range(0x20, 0x7F)) + b"\t\n\r"


def _plain_source(data: bytes) -> bool:
    return not data.translate(None, _PLAIN) and b"&#" not in data


@rule("invalid-name", ERROR, "a name holds a character no Azure object name can hold")
def invalid_name(subject: Subject) -> Iterator[Problem]:
    """Control characters, line and paragraph separators, bidirectional overrides and isolates,
    and Unicode non-characters cannot be part of an Azure name. In a script or a terminal they
    change what is shown (a name that reads backwards, a line that ends early), so a file holding
    one is refused rather than passed on. Spaces, quotes, ``$``, ``@`` and ``%`` are fine.

    PASS (a portal-made name, spaces and all)::

        <VirtualNetworkSites>
          <VirtualNetworkSite name="Group ClassicRG TestVNet1" Location="North Europe">
            <AddressSpace><AddressPrefix>10.0.0.0/16</AddressPrefix></AddressSpace>
          </VirtualNetworkSite>
        </VirtualNetworkSites>

    FAIL (a right-to-left override: the name reads "VNet-Dublin" and is not)::

        <VirtualNetworkSites>
          <VirtualNetworkSite name="VNet-&#x202E;nilbuD" Location="North Europe">
            <AddressSpace><AddressPrefix>10.0.0.0/16</AddressPrefix></AddressSpace>
          </VirtualNetworkSite>
        </VirtualNetworkSites>
    """
    if subject.source is not None and _plain_source(subject.source):
        return
    # Nearly every file is clean: one search over all these names settles it. (Not element.values():
    # lxml's cost for that grows with the square of an element's attributes, and files have 90,000.)
    names = (
        e.get(attribute) or ""
        for tag in NAMED_ELEMENTS
        for e in subject.elements(tag)
        for attribute in _NAMING.get(tag, _NAME_ONLY)
    )
    if name_problem(" ".join(names)) is None:
        return
    for tag in NAMED_ELEMENTS:
        for element in subject.elements(tag):
            for attribute in _NAMING.get(tag, _NAME_ONLY):
                text = element.get(attribute)
                problem = name_problem(text) if text else None
                if problem:
                    yield Problem(element, f"{tag} {attribute} {text!r} {problem}")


@rule("invalid-prefix", ERROR, "an AddressPrefix is not an IPv4 CIDR prefix")
def invalid_prefix(subject: Subject) -> Iterator[Problem]:
    """Every AddressPrefix is ``a.b.c.d/n`` with n from 0 to 32. Azure said only "IP address prefix is not valid".

    PASS::

        <VirtualNetworkSites>
          <VirtualNetworkSite name="VNet-Dublin" Location="North Europe">
            <AddressSpace><AddressPrefix>10.1.0.0/16</AddressPrefix></AddressSpace>
          </VirtualNetworkSite>
        </VirtualNetworkSites>

    FAIL (a netmask where the length goes; a prefix length past 32)::

        <VirtualNetworkSites>
          <VirtualNetworkSite name="VNet-Dublin" Location="North Europe">
            <AddressSpace>
              <AddressPrefix>10.1.0.0/255.255.0.0</AddressPrefix>
              <AddressPrefix>10.2.0.0/33</AddressPrefix>
            </AddressSpace>
          </VirtualNetworkSite>
        </VirtualNetworkSites>
    """
    for element, text, prefix in subject.address_prefixes:
        if prefix is None:
            yield Problem(element, prefix_problem(text))


@rule("non-canonical-prefix", WARNING, "an AddressPrefix has host bits set, or is shortened (10.0.0/24)")
def non_canonical_prefix(subject: Subject) -> Iterator[Problem]:
    """``192.168.2.0/16`` means ``192.168.0.0/16``. Azure stored such prefixes, so this is a warning,
    but the written form hides the real range from whoever reads the file. A shortened prefix
    such as ``10.0.0/24`` (in a January 2014 server export) is read as Azure read it, the
    ``inet_aton`` way: the last part fills the remaining bytes, so ``10.0.0/24`` is ``10.0.0.0/24``.

    PASS::

        <VirtualNetworkSites>
          <VirtualNetworkSite name="VNet-Dublin" Location="North Europe">
            <AddressSpace><AddressPrefix>192.168.0.0/16</AddressPrefix></AddressSpace>
          </VirtualNetworkSite>
        </VirtualNetworkSites>

    FAIL (host bits set; the short form Azure accepted)::

        <VirtualNetworkSites>
          <VirtualNetworkSite name="VNet-Dublin" Location="North Europe">
            <AddressSpace>
              <AddressPrefix>192.168.2.0/16</AddressPrefix>
              <AddressPrefix>10.0.0/24</AddressPrefix>
            </AddressSpace>
          </VirtualNetworkSite>
        </VirtualNetworkSites>
    """
    for element, text, prefix in subject.address_prefixes:
        if prefix is None:
            continue
        host_bits = prefix.has_host_bits
        # read_prefix took it; the full form has three dots, a shortened one (10.0.0/24) fewer.
        if text.count(".") != 3:
            means = f", which means {prefix.network}" if host_bits else ""
            yield Problem(
                element, f"{text} is a shortened prefix; it was read as {prefix}, as Azure read it{means}; write {prefix.network}"
            )
        elif host_bits:
            yield Problem(element, f"{text} has host bits set; it means {prefix.network}, so write that")


@rule("invalid-address", ERROR, "a DNS server or VPN gateway address is not an IPv4 address")
def invalid_address(subject: Subject) -> Iterator[Problem]:
    """``DnsServer/@IPAddress`` and ``VPNGatewayAddress`` are IPv4 addresses.

    PASS::

        <Dns><DnsServers><DnsServer name="DNS-1" IPAddress="10.0.0.4" /></DnsServers></Dns>
        <LocalNetworkSites>
          <LocalNetworkSite name="HQ">
            <AddressSpace><AddressPrefix>192.168.0.0/24</AddressPrefix></AddressSpace>
            <VPNGatewayAddress>52.169.10.20</VPNGatewayAddress>
          </LocalNetworkSite>
        </LocalNetworkSites>

    FAIL::

        <Dns><DnsServers><DnsServer name="DNS-1" IPAddress="dns.example.com" /></DnsServers></Dns>
        <LocalNetworkSites>
          <LocalNetworkSite name="HQ">
            <AddressSpace><AddressPrefix>192.168.0.0/24</AddressPrefix></AddressSpace>
            <VPNGatewayAddress>52.169.10.300</VPNGatewayAddress>
          </LocalNetworkSite>
        </LocalNetworkSites>
    """
    candidates = [(e, e.get("IPAddress"), "DNS server address") for e in subject.elements("DnsServer")]
    candidates += [(e, value(e), "VPN gateway address") for e in subject.elements("VPNGatewayAddress")]
    for element, text, what in candidates:
        if text is not None and parse_address(text) is None:  # a missing attribute is the schema's finding
            yield Problem(element, address_problem(what, text))


@rule("empty-network", WARNING, "the file defines no network at all: its upload deletes every VNet of the subscription")
def empty_network(subject: Subject) -> Iterator[Problem]:
    """``Set-AzureVNetConfig`` replaces the subscription's whole network configuration, so a file
    with no ``VirtualNetworkSite`` deletes every VNet there (``Remove-AzureVNetConfig`` uploads
    exactly such a file: reference §A.1). An export of an empty subscription is fine to read, so
    this is a warning; a runbook or an export built from it (``validate --for``) is an error: there
    is nothing to create.

    PASS::

        <VirtualNetworkSites>
          <VirtualNetworkSite name="VNet-Dublin" Location="North Europe">
            <AddressSpace><AddressPrefix>10.0.0.0/16</AddressPrefix></AddressSpace>
          </VirtualNetworkSite>
        </VirtualNetworkSites>

    FAIL (what Remove-AzureVNetConfig uploads)::

        <NetworkConfiguration xmlns="http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration">
          <VirtualNetworkConfiguration />
        </NetworkConfiguration>
    """
    # Sites or DNS servers without a VNet are a half-written file the other rules speak of; this is
    # the file that holds nothing, as Remove-AzureVNetConfig's does.
    if subject.model.vnets or subject.elements("VirtualNetworkSite") or subject.elements("LocalNetworkSite"):
        return
    severity = ERROR if subject.kind == "topology" else WARNING
    where = next(iter(subject.elements("VirtualNetworkConfiguration")), subject.root)
    yield Problem(
        where,
        "the file defines no VNet: uploading it with Set-AzureVNetConfig deletes every VNet of the subscription"
        " (that is what Remove-AzureVNetConfig uploads)",
        severity,
    )
