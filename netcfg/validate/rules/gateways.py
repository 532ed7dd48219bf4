"""Rules about gateways and the local network sites they connect to."""

from __future__ import annotations

from collections.abc import Iterator
from ipaddress import IPv4Interface

from lxml import etree

from netcfg.model.addressing import overlapping, overlaps_with_earlier, span, why_not_public
from netcfg.model import GatewaySku, LocalNetworkSite, VirtualNetworkSite
from netcfg.validate.rules.base import ERROR, WARNING, Problem, Subject, rule


def _connected(subject: Subject, vnet: VirtualNetworkSite) -> list[LocalNetworkSite]:
    """The local sites ``vnet``'s gateway connects to that exist (unknown ones are another rule's)."""
    if vnet.gateway is None:
        return []
    return [subject.local_sites[c.site] for c in vnet.gateway.connections if c.site in subject.local_sites]


@rule("connected-overlap", ERROR, "a VNet's address space overlaps a local site its gateway connects to")
def connected_overlap(subject: Subject) -> Iterator[Problem]:
    """Traffic for a connected local site's prefixes goes through the tunnel, so they must not overlap
    the VNet's own range. Azure refused this with "BadRequest: IP address prefix is not valid".
    The commonest cause in a stretched network: a VNet connected to its *own* mirror site.

    PASS (VNet-Dublin is 10.0.0.0/16)::

        <LocalNetworkSite name="Local-Holland"><AddressSpace><AddressPrefix>10.1.0.0/16</AddressPrefix>...
        <LocalNetworkSiteRef name="Local-Holland" />

    FAIL::

        <LocalNetworkSite name="Local-Dublin"><AddressSpace><AddressPrefix>10.0.0.0/16</AddressPrefix>...
        <LocalNetworkSiteRef name="Local-Dublin" />
    """
    for vnet in subject.model.vnets:
        spaces = {span(p.network): p for p in vnet.prefixes}
        for site in _connected(subject, vnet):
            clash = next(((spaces[hit], q) for q in site.prefixes if (hit := overlapping(q.network, spaces))), None)
            if clash is None:
                continue
            connections = vnet.gateway.connections if vnet.gateway else ()  # _connected found some: there is a gateway
            connection = next(c for c in connections if c.site == site.name)
            if site.mirrors == vnet.name:
                message = (f"VNet {vnet.name!r} connects to {site.name!r}, which stands in for {vnet.name!r} itself;"
                           " connect it to the local site of the other VNet")
            else:
                message = (f"VNet {vnet.name!r} ({clash[0]}) overlaps local network site {site.name!r} ({clash[1]})"
                           " that its gateway connects to; the ranges on both ends of a tunnel must be disjoint")
            yield Problem(connection.origin, message)


@rule("local-sites-overlap", ERROR, "two local sites on one gateway overlap")
def local_sites_overlap(subject: Subject) -> Iterator[Problem]:
    """A gateway routes by destination prefix, so the local sites it connects to must be disjoint;
    Azure refused to upload a configuration with overlapping ranges.

    PASS::

        <LocalNetworkSiteRef name="Local-Holland" />   (10.1.0.0/16)
        <LocalNetworkSiteRef name="Local-Virginia" />  (10.2.0.0/16)

    FAIL::

        <LocalNetworkSiteRef name="Local-Holland" />   (10.1.0.0/16)
        <LocalNetworkSiteRef name="OnPrem" />          (10.1.5.0/24)
    """
    for vnet in subject.model.vnets:
        sites = _connected(subject, vnet)
        connections = {c.site: c for c in reversed(vnet.gateway.connections)} if vnet.gateway else {}
        prefixes = ((q.network, (site, q)) for site in sites for q in site.prefixes)
        seen: set[tuple[str, str]] = set()
        for (first, p), (second, q) in overlaps_with_earlier(prefixes):
            if first is second or (first.name, second.name) in seen:
                continue  # a site overlapping itself is a duplicate prefix, which Azure accepted
            seen.add((first.name, second.name))
            yield Problem(connections[second.name].origin, f"local network sites {first.name!r} ({p}) and {second.name!r} ({q}) both"
                                             f" connect to VNet {vnet.name!r} and overlap; a gateway needs disjoint sites")


def _inside_own_prefixes(site: LocalNetworkSite) -> IPv4Interface | None:
    """The site's own prefix that holds its VPN gateway address, if one does."""
    address = site.gateway_address
    return next((p for p in site.prefixes if address is not None and address in p.network), None)


def _connected_sites(subject: Subject) -> set[str]:
    return {c.site for v in subject.model.vnets if v.gateway for c in v.gateway.connections}


@rule("gateway-address-inside-site", ERROR,
      "a local site's VPNGatewayAddress lies inside its own prefixes (warning when no gateway connects to it)")
def gateway_address_inside_site(subject: Subject) -> Iterator[Problem]:
    """The VPN device is reached over the internet, so its address cannot be part of the range behind it.
    Azure refused this for a site a gateway connects to. Its own exports hold unused sites like
    that (a lab's ``10.10.10.10`` inside ``10.0.0.0/8``), so for a site no gateway connects to it
    is a warning. Such an address gets this one finding, not a placeholder warning besides.

    PASS::

        <AddressPrefix>10.1.0.0/16</AddressPrefix> ... <VPNGatewayAddress>203.0.113.10</VPNGatewayAddress>

    FAIL::

        <AddressPrefix>10.1.0.0/16</AddressPrefix> ... <VPNGatewayAddress>10.1.0.4</VPNGatewayAddress>
    """
    connected = _connected_sites(subject)
    for site in subject.model.local_sites:
        inside = _inside_own_prefixes(site)
        if inside is None:
            continue
        message = (f"local network site {site.name!r} has its VPN gateway address {site.gateway_address} inside its own"
                   f" prefix {inside}")
        if site.name in connected:
            yield Problem(site.origin, f"{message}; use the device's public address")
        else:
            yield Problem(site.origin, f"{message}; no gateway connects to it yet, but before one does, give it the"
                                       " device's public address", WARNING)


@rule("placeholder-gateway-address", WARNING, "a local site's VPNGatewayAddress is missing or a placeholder")
def placeholder_gateway_address(subject: Subject) -> Iterator[Problem]:
    """Until the peer gateway exists, people put a placeholder in VPNGatewayAddress (the docs said
    "any dummy address, e.g. 5.4.3.2"). Uploading it as final leaves a tunnel that never connects:
    run the second pass (``netcfg patch``) with the real gateway IPs first.

    PASS::

        <VPNGatewayAddress>52.169.10.20</VPNGatewayAddress>

    FAIL::

        <VPNGatewayAddress>192.0.2.1</VPNGatewayAddress>
        (no VPNGatewayAddress at all)
    """
    for site in subject.model.local_sites:
        address = site.gateway_address
        if _inside_own_prefixes(site) is not None:
            continue  # gateway-address-inside-site says it: one finding for one address
        if address is None:
            origin = site.origin
            if isinstance(origin, etree._Element) and origin.find(subject.tag("VPNGatewayAddress")) is not None:
                continue  # present but not an address: invalid-address says so
            yield Problem(site.origin, f"local network site {site.name!r} has no VPNGatewayAddress; set it to the"
                                       " peer's public gateway IP (the second pass)")
            continue
        why = why_not_public(address)
        if why:
            mirror = f" (the VIP of the gateway of VNet {site.mirrors!r})" if site.mirrors else ""
            yield Problem(site.origin, f"local network site {site.name!r} has VPN gateway address {address}, {why};"
                                       f" replace it with the real public IP{mirror} before relying on this tunnel")


@rule("too-many-connections", ERROR, "a gateway has more site connections than its SKU allows")
def too_many_connections(subject: Subject) -> Iterator[Problem]:
    """A classic gateway carries at most 10 site-to-site tunnels (30 with the HighPerformance SKU).
    A bare .netcfg does not say the SKU, so the default limit of 10 applies.

    PASS::

        a gateway with 10 LocalNetworkSiteRef

    FAIL::

        a gateway with 11 LocalNetworkSiteRef
    """
    for vnet in subject.model.vnets:
        gateway = vnet.gateway
        if gateway is not None and len(gateway.connections) > gateway.sku.max_connections:
            bigger = "" if gateway.sku is GatewaySku.HIGH_PERFORMANCE else " or the HighPerformance SKU (30)"
            yield Problem(gateway.origin, f"the gateway of VNet {vnet.name!r} has {len(gateway.connections)} connections;"
                                          f" a {gateway.sku.value} gateway allows {gateway.sku.max_connections}:"
                                          f" use a hub topology{bigger}")


@rule("client-pool-overlap", ERROR, "a point-to-site client address pool overlaps the VNet")
def client_pool_overlap(subject: Subject) -> Iterator[Problem]:
    """VPN clients get addresses from VPNClientAddressPool; those cannot also be the VNet's own.

    PASS (VNet 10.1.0.0/16)::

        <VPNClientAddressPool><AddressPrefix>172.16.0.0/24</AddressPrefix></VPNClientAddressPool>

    FAIL::

        <VPNClientAddressPool><AddressPrefix>10.1.200.0/24</AddressPrefix></VPNClientAddressPool>
    """
    for vnet in subject.model.vnets:
        spaces = {span(p.network): p for p in vnet.prefixes}
        gateway = vnet.gateway
        for pool in gateway.client_pool if gateway else ():
            hit = overlapping(pool.network, spaces)
            if gateway is not None and hit is not None:
                clash = spaces[hit]
                yield Problem(gateway.origin, f"the client address pool {pool} of VNet {vnet.name!r} overlaps its"
                                              f" address space ({clash}); pick a range outside the VNet")
