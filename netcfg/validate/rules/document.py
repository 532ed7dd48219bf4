"""Rules that read the document itself: what the model could not hold, or would hide."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from netcfg.model import NAMESPACE, parse_address
from netcfg.parse import root_problem
from netcfg.validate.rules.base import ERROR, WARNING, Problem, Subject, rule


@rule("wrong-namespace", ERROR, "the root element is not in Azure's NetworkConfiguration namespace")
def wrong_namespace(subject: Subject) -> Iterator[Problem]:
    """Azure accepts only ``xmlns="http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration"``.

    Later renderings of Microsoft's own documentation show it with ``https://``, which is a
    different namespace, and the upload then fails with a bare schema error.

    PASS::

        <NetworkConfiguration xmlns="http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration">

    FAIL::

        <NetworkConfiguration xmlns="https://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration">
    """
    if etree.QName(subject.root).namespace != NAMESPACE:
        yield Problem(subject.root, root_problem(subject.root) or "")


@rule("placement", ERROR, "a VirtualNetworkSite has both or neither of AffinityGroup and Location")
def placement(subject: Subject) -> Iterator[Problem]:
    """A VNet lives either in an affinity group or (a regional VNet) in a location: only one can be defined.

    PASS::

        <VirtualNetworkSite name="VNet-Dublin" AffinityGroup="Dublin">
        <VirtualNetworkSite name="VNet-Dublin" Location="North Europe">

    FAIL::

        <VirtualNetworkSite name="VNet-Dublin" AffinityGroup="Dublin" Location="North Europe">
        <VirtualNetworkSite name="VNet-Dublin">
    """
    for site in subject.elements("VirtualNetworkSite"):
        group, location = site.get("AffinityGroup"), site.get("Location")
        name = site.get("name", "?")
        if group is not None and location is not None:
            yield Problem(site, f"VNet {name!r} has both AffinityGroup {group!r} and Location {location!r};"
                                " keep one (Location for a regional VNet)")
        elif group is None and location is None:
            yield Problem(site, f"VNet {name!r} has neither AffinityGroup nor Location; add Location=\"<region>\"")


@rule("invalid-prefix", ERROR, "an AddressPrefix is not an IPv4 CIDR prefix")
def invalid_prefix(subject: Subject) -> Iterator[Problem]:
    """Every AddressPrefix is ``a.b.c.d/n`` with n from 0 to 32. Azure said only "IP address prefix is not valid".

    PASS::

        <AddressPrefix>10.1.0.0/16</AddressPrefix>

    FAIL::

        <AddressPrefix>10.1.0/16</AddressPrefix>
        <AddressPrefix>10.1.0.0/255.255.0.0</AddressPrefix>
    """
    for element, text, prefix in subject.address_prefixes:
        if prefix is None:
            yield Problem(element, f"{text!r} is not an IPv4 CIDR prefix; write it as address/length, e.g. 10.1.0.0/16")


@rule("non-canonical-prefix", WARNING, "an AddressPrefix has host bits set")
def non_canonical_prefix(subject: Subject) -> Iterator[Problem]:
    """``192.168.2.0/16`` means ``192.168.0.0/16``. Azure stored such prefixes, so this is a warning,
    but the written form hides the real range from whoever reads the file.

    PASS::

        <AddressPrefix>192.168.0.0/16</AddressPrefix>

    FAIL::

        <AddressPrefix>192.168.2.0/16</AddressPrefix>
    """
    for element, text, prefix in subject.address_prefixes:
        if prefix is not None and int(prefix) != int(prefix.network.network_address):  # ints: no objects made
            yield Problem(element, f"{text} has host bits set; it means {prefix.network}, so write that")


@rule("invalid-address", ERROR, "a DNS server or VPN gateway address is not an IPv4 address")
def invalid_address(subject: Subject) -> Iterator[Problem]:
    """``DnsServer/@IPAddress`` and ``VPNGatewayAddress`` are IPv4 addresses.

    PASS::

        <DnsServer name="DNS-1" IPAddress="10.0.0.4" />
        <VPNGatewayAddress>203.0.113.10</VPNGatewayAddress>

    FAIL::

        <DnsServer name="DNS-1" IPAddress="dns.example.com" />
        <VPNGatewayAddress>203.0.113.300</VPNGatewayAddress>
    """
    candidates = [(e, e.get("IPAddress"), "DNS server address") for e in subject.elements("DnsServer")]
    candidates += [(e, (e.text or "").strip(), "VPN gateway address") for e in subject.elements("VPNGatewayAddress")]
    for element, text, what in candidates:
        if text is not None and parse_address(text) is None:  # a missing attribute is the schema's finding
            yield Problem(element, f"{what} {text!r} is not an IPv4 address such as 203.0.113.10")
