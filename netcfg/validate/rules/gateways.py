"""Rules about gateways and the local network sites they connect to."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from netcfg.errors import Hint, Option
from netcfg.model.addressing import overlapping, overlaps_with_earlier, why_not_public
from netcfg.model import GatewaySku, GatewayType, LocalNetworkSite, Prefix, VirtualNetworkSite
from netcfg.validate.rules.base import ERROR, WARNING, NetworkSubject, Problem, Subject, network_rule, rule


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

    PASS::

        [[local_site]]
        name = "Local-Holland"
        prefixes = ["10.1.0.0/16"]
        [[vnet]]
        name = "VNet-Dublin"
        location = "North Europe"
        prefixes = ["10.0.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.0.1.0/28" }]
        gateway = { connections = ["Local-Holland"] }

    FAIL (connected to its own stand-in)::

        [[local_site]]
        name = "Local-Dublin"
        prefixes = ["10.0.0.0/16"]
        [[vnet]]
        name = "VNet-Dublin"
        location = "North Europe"
        prefixes = ["10.0.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.0.1.0/28" }]
        gateway = { connections = ["Local-Dublin"] }
    """
    for vnet in subject.model.vnets:
        spaces = {p.span: p for p in vnet.prefixes}
        for site in _connected(subject, vnet):
            clash = next(((spaces[hit], q) for q in site.prefixes if (hit := overlapping(q, spaces))), None)
            if clash is None:
                continue
            connections = vnet.gateway.connections if vnet.gateway else ()  # _connected found some: there is a gateway
            connection = next(c for c in connections if c.site == site.name)
            if site.mirrors == vnet.name:
                message = (
                    f"VNet {vnet.name!r} connects to {site.name!r}, which stands in for {vnet.name!r} itself;"
                    " connect it to the local site of the other VNet"
                )
            else:
                message = (
                    f"VNet {vnet.name!r} ({clash[0]}) overlaps local network site {site.name!r} ({clash[1]})"
                    " that its gateway connects to; the ranges on both ends of a tunnel must be disjoint"
                )
            yield Problem(connection.origin, message)


@rule("local-sites-overlap", ERROR, "two local sites on one gateway overlap")
def local_sites_overlap(subject: Subject) -> Iterator[Problem]:
    """A gateway routes by destination prefix, so the local sites it connects to must be disjoint;
    Azure refused to upload a configuration with overlapping ranges.

    PASS::

        [[local_site]]
        name = "Local-Holland"
        prefixes = ["10.1.0.0/16"]
        [[local_site]]
        name = "Local-Virginia"
        prefixes = ["10.2.0.0/16"]
        [[vnet]]
        name = "VNet-Dublin"
        location = "North Europe"
        prefixes = ["10.0.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.0.1.0/28" }]
        gateway = { connections = ["Local-Holland", "Local-Virginia"] }

    FAIL::

        [[local_site]]
        name = "Local-Holland"
        prefixes = ["10.1.0.0/16"]
        [[local_site]]
        name = "OnPrem"
        prefixes = ["10.1.5.0/24"]
        [[vnet]]
        name = "VNet-Dublin"
        location = "North Europe"
        prefixes = ["10.0.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.0.1.0/28" }]
        gateway = { connections = ["Local-Holland", "OnPrem"] }
    """
    for vnet in subject.model.vnets:
        sites = _connected(subject, vnet)
        connections = {c.site: c for c in reversed(vnet.gateway.connections)} if vnet.gateway else {}
        prefixes = ((q, (site, q)) for site in sites for q in site.prefixes)
        seen: set[tuple[str, str]] = set()
        for (first, p), (second, q) in overlaps_with_earlier(prefixes):
            if first is second or (first.name, second.name) in seen:
                continue  # a site overlapping itself is a duplicate prefix, which Azure accepted
            seen.add((first.name, second.name))
            yield Problem(
                connections[second.name].origin,
                f"local network sites {first.name!r} ({p}) and {second.name!r} ({q}) both"
                f" connect to VNet {vnet.name!r} and overlap; a gateway needs disjoint sites",
            )


def _inside_own_prefixes(site: LocalNetworkSite) -> Prefix | None:
    """The site's own prefix that holds its VPN gateway address, if one does."""
    address = site.gateway_address
    return next((p for p in site.prefixes if address is not None and address in p), None)


def _connected_sites(subject: Subject) -> set[str]:
    return {c.site for v in subject.model.vnets if v.gateway for c in v.gateway.connections}


@rule(
    "gateway-address-inside-site",
    ERROR,
    "a local site's VPNGatewayAddress lies inside its own prefixes (warning when no gateway connects to it)",
)
def gateway_address_inside_site(subject: Subject) -> Iterator[Problem]:
    """The VPN device is reached over the internet, so its address cannot be part of the range behind it.
    Azure refused this for a site a gateway connects to. Its own exports hold unused sites like
    that (a lab's ``10.10.10.10`` inside ``10.0.0.0/8``), so for a site no gateway connects to it
    is a warning. Such an address gets this one finding, not a placeholder warning besides.

    PASS::

        [[local_site]]
        name = "HQ"
        prefixes = ["192.168.0.0/16"]
        gateway_address = "52.169.10.20"

    FAIL::

        [[local_site]]
        name = "HQ"
        prefixes = ["192.168.0.0/16"]
        gateway_address = "192.168.0.4"
    """
    connected = _connected_sites(subject)
    for site in subject.model.local_sites:
        inside = _inside_own_prefixes(site)
        if inside is None:
            continue
        message = (
            f"local network site {site.name!r} has its VPN gateway address {site.gateway_address} inside its own prefix {inside}"
        )
        if site.name in connected:
            yield Problem(site.origin, f"{message}; use the device's public address")
        else:
            yield Problem(
                site.origin,
                f"{message}; no gateway connects to it yet, but before one does, give it the device's public address",
                WARNING,
            )


@rule("placeholder-gateway-address", WARNING, "a local site's VPNGatewayAddress is missing or a placeholder")
def placeholder_gateway_address(subject: Subject) -> Iterator[Problem]:
    """Until the peer gateway exists, people put a placeholder in VPNGatewayAddress (the docs said
    "any dummy address, e.g. 5.4.3.2"). Uploading it as final leaves a tunnel that never connects:
    run the second pass (``netcfg patch``) with the real gateway IPs first.

    PASS::

        [[local_site]]
        name = "HQ"
        prefixes = ["192.168.0.0/24"]
        gateway_address = "52.169.10.20"

    FAIL (a documentation address; no address at all)::

        [[local_site]]
        name = "HQ"
        prefixes = ["192.168.0.0/24"]
        gateway_address = "192.0.2.1"
        [[local_site]]
        name = "Branch"
        prefixes = ["192.168.1.0/24"]
    """
    for site in subject.model.local_sites:
        address = site.gateway_address
        if _inside_own_prefixes(site) is not None:
            continue  # gateway-address-inside-site says it: one finding for one address
        if address is None:
            origin = site.origin
            if isinstance(origin, etree._Element) and origin.find(subject.tag("VPNGatewayAddress")) is not None:
                continue  # present but not an address: invalid-address says so
            yield Problem(
                site.origin,
                f"local network site {site.name!r} has no VPNGatewayAddress; set it to the"
                " peer's public gateway IP (the second pass)",
            )
            continue
        why = why_not_public(address)
        if why:
            mirror = f" (the VIP of the gateway of VNet {site.mirrors!r})" if site.mirrors else ""
            yield Problem(
                site.origin,
                f"local network site {site.name!r} has VPN gateway address {address}, {why};"
                f" replace it with the real public IP{mirror} before relying on this tunnel",
            )


@rule("too-many-connections", ERROR, "a gateway has more site connections than its SKU allows")
def too_many_connections(subject: Subject) -> Iterator[Problem]:
    """A classic gateway carries at most 10 site-to-site tunnels (30 with the HighPerformance SKU).
    A bare .netcfg does not say the SKU, so the default limit of 10 applies.

    PASS (10 sites)::

        local_site = [
          { name = "S1", prefixes = ["192.168.1.0/24"], gateway_address = "52.169.1.20" },
          { name = "S2", prefixes = ["192.168.2.0/24"], gateway_address = "52.169.2.20" },
          { name = "S3", prefixes = ["192.168.3.0/24"], gateway_address = "52.169.3.20" },
          { name = "S4", prefixes = ["192.168.4.0/24"], gateway_address = "52.169.4.20" },
          { name = "S5", prefixes = ["192.168.5.0/24"], gateway_address = "52.169.5.20" },
          { name = "S6", prefixes = ["192.168.6.0/24"], gateway_address = "52.169.6.20" },
          { name = "S7", prefixes = ["192.168.7.0/24"], gateway_address = "52.169.7.20" },
          { name = "S8", prefixes = ["192.168.8.0/24"], gateway_address = "52.169.8.20" },
          { name = "S9", prefixes = ["192.168.9.0/24"], gateway_address = "52.169.9.20" },
          { name = "S10", prefixes = ["192.168.10.0/24"], gateway_address = "52.169.10.20" },
          { name = "S11", prefixes = ["192.168.11.0/24"], gateway_address = "52.169.11.20" },
        ]
        [[vnet]]
        name = "VNet-Dublin"
        location = "North Europe"
        prefixes = ["10.0.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.0.1.0/28" }]
        gateway = { connections = ["S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9", "S10"] }

    FAIL (11 sites)::

        local_site = [
          { name = "S1", prefixes = ["192.168.1.0/24"], gateway_address = "52.169.1.20" },
          { name = "S2", prefixes = ["192.168.2.0/24"], gateway_address = "52.169.2.20" },
          { name = "S3", prefixes = ["192.168.3.0/24"], gateway_address = "52.169.3.20" },
          { name = "S4", prefixes = ["192.168.4.0/24"], gateway_address = "52.169.4.20" },
          { name = "S5", prefixes = ["192.168.5.0/24"], gateway_address = "52.169.5.20" },
          { name = "S6", prefixes = ["192.168.6.0/24"], gateway_address = "52.169.6.20" },
          { name = "S7", prefixes = ["192.168.7.0/24"], gateway_address = "52.169.7.20" },
          { name = "S8", prefixes = ["192.168.8.0/24"], gateway_address = "52.169.8.20" },
          { name = "S9", prefixes = ["192.168.9.0/24"], gateway_address = "52.169.9.20" },
          { name = "S10", prefixes = ["192.168.10.0/24"], gateway_address = "52.169.10.20" },
          { name = "S11", prefixes = ["192.168.11.0/24"], gateway_address = "52.169.11.20" },
        ]
        [[vnet]]
        name = "VNet-Dublin"
        location = "North Europe"
        prefixes = ["10.0.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.0.1.0/28" }]
        gateway = { connections = ["S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9", "S10", "S11"] }
    """
    for vnet in subject.model.vnets:
        gateway = vnet.gateway
        if gateway is not None and len(gateway.connections) > gateway.sku.max_connections:
            bigger = "" if gateway.sku is GatewaySku.HIGH_PERFORMANCE else " or the HighPerformance SKU (30)"
            yield Problem(
                gateway.origin,
                f"the gateway of VNet {vnet.name!r} has {len(gateway.connections)} connections;"
                f" a {gateway.sku.value} gateway allows {gateway.sku.max_connections}:"
                f" use a hub topology{bigger}",
            )


@rule("client-pool-overlap", ERROR, "a point-to-site client address pool overlaps the VNet")
def client_pool_overlap(subject: Subject) -> Iterator[Problem]:
    """VPN clients get addresses from VPNClientAddressPool; those cannot also be the VNet's own.

    PASS::

        [[vnet]]
        name = "VNet-Dublin"
        location = "North Europe"
        prefixes = ["10.1.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.1.1.0/28" }]
        gateway = { client_pool = ["172.16.0.0/24"] }

    FAIL::

        [[vnet]]
        name = "VNet-Dublin"
        location = "North Europe"
        prefixes = ["10.1.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.1.1.0/28" }]
        gateway = { client_pool = ["10.1.200.0/24"] }
    """
    for vnet in subject.model.vnets:
        spaces = {p.span: p for p in vnet.prefixes}
        gateway = vnet.gateway
        for pool in gateway.client_pool if gateway else ():
            hit = overlapping(pool, spaces)
            if gateway is not None and hit is not None:
                clash = spaces[hit]
                yield Problem(
                    gateway.origin,
                    f"the client address pool {pool} of VNet {vnet.name!r} overlaps its"
                    f" address space ({clash}); pick a range outside the VNet",
                )


# VPN Gateway FAQ (classic era), quoted in reference §B "What a gateway type allows": "Which type of
# gateways can support multi-site and VNet-to-VNet? Only the Dynamic Routing VPNs"; "We do not
# support point-to-site in static routing VPN gateways". A static gateway serves one site-to-site tunnel.
@network_rule("gateway-type", ERROR, "a StaticRouting gateway has a VNet-to-VNet or second connection, or a client pool")
def gateway_type(subject: NetworkSubject) -> Iterator[Problem]:
    """Classic static-routing (policy-based) gateways carried one site-to-site tunnel: "Only the
    Dynamic Routing VPNs" support multi-site and VNet-to-VNet, and "We do not support point-to-site
    in static routing VPN gateways" (VPN Gateway FAQ). A ``.netcfg`` does not say a gateway's type;
    a topology does (``type``), and the runbook creates the gateway with it.

    PASS::

        [[local_site]]
        name = "Local-Holland"
        prefixes = ["10.1.0.0/16"]
        [[vnet]]
        name = "VNet-Dublin"
        location = "North Europe"
        prefixes = ["10.0.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.0.1.0/28" }]
        gateway = { type = "DynamicRouting", connections = ["Local-Holland"] }
        [[vnet]]
        name = "VNet-Holland"
        location = "West Europe"
        prefixes = ["10.1.0.0/16"]

    FAIL::

        [[local_site]]
        name = "Local-Holland"
        prefixes = ["10.1.0.0/16"]
        mirrors = "VNet-Holland"
        [[vnet]]
        name = "VNet-Dublin"
        location = "North Europe"
        prefixes = ["10.0.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.0.1.0/28" }]
        gateway = { type = "StaticRouting", connections = ["Local-Holland"] }
        [[vnet]]
        name = "VNet-Holland"
        location = "West Europe"
        prefixes = ["10.1.0.0/16"]
    """
    static = [
        (v, v.gateway) for v in subject.joined.vnets if v.gateway is not None and v.gateway.type is GatewayType.STATIC_ROUTING
    ]
    if not static:
        return  # a .netcfg never says a gateway's type: only a topology can
    from netcfg.model.gateway_types import RoutingTypes  # deferred (netcfg.deferred): only for static gateways

    types = RoutingTypes(subject.joined)
    for vnet, gateway in static:
        needs = types.needs(vnet)  # the same reading export and the runbook refuse by
        if needs:
            yield Problem(
                gateway.origin,
                f"the gateway of VNet {vnet.name!r} is StaticRouting, but {' and '.join(needs)};"
                ' classic supported those only on DynamicRouting gateways ("Only the Dynamic'
                ' Routing VPNs", VPN Gateway FAQ): make it DynamicRouting',
            )


@network_rule(
    "gateway-address-mismatch",
    ERROR,
    "after the second pass, a stand-in's gateway address is not its VNet's gateway VIP (given the VIPs)",
)
def gateway_address_mismatch(subject: NetworkSubject) -> Iterator[Problem]:
    """With ``validate --gateways gateways.json`` (the VIPs the runbook wrote), every site that stands in
    for a VNet must carry that VNet's gateway VIP, in whichever subscription's file it is; a site
    that carries the VIP of a VNet that connects to it has it the wrong way round.

    PASS (gateways.json: {"VNet-Dublin": "52.169.10.20", "VNet-Holland": "52.174.1.2"})::

        [[local_site]]
        name = "Local-Dublin"
        prefixes = ["10.0.0.0/16"]
        gateway_address = "52.169.10.20"
        [[vnet]]
        name = "VNet-Dublin"
        location = "North Europe"
        prefixes = ["10.0.0.0/16"]
        [[vnet]]
        name = "VNet-Holland"
        location = "West Europe"
        prefixes = ["10.1.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.1.1.0/28" }]
        gateway = { connections = ["Local-Dublin"] }

    FAIL (gateways.json: {"VNet-Dublin": "52.169.10.20", "VNet-Holland": "52.174.1.2"})::

        [[local_site]]
        name = "Local-Dublin"
        prefixes = ["10.0.0.0/16"]
        gateway_address = "52.174.1.2"
        [[vnet]]
        name = "VNet-Dublin"
        location = "North Europe"
        prefixes = ["10.0.0.0/16"]
        [[vnet]]
        name = "VNet-Holland"
        location = "West Europe"
        prefixes = ["10.1.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.1.1.0/28" }]
        gateway = { connections = ["Local-Dublin"] }
    """
    addresses = subject.addresses
    if not addresses:
        return
    for part in subject.network.parts:
        callers: dict[str, list[str]] = {}
        for vnet in part.config.vnets:
            for connection in vnet.gateway.connections if vnet.gateway else ():
                callers.setdefault(connection.site, []).append(vnet.name)
        for site in part.config.local_sites:
            expected = addresses.get(site.mirrors or "")
            if expected is None or site.gateway_address == expected:
                continue
            stood_in = str(site.mirrors)
            wrong = next((c for c in callers.get(site.name, ()) if addresses.get(c) == site.gateway_address), None)
            how = (
                f"the VIP of {wrong!r}, which connects to it: the wrong way round"
                if wrong
                else f"gateway address {site.gateway_address}"
            )
            here = subject.network.named_in(part.subscription.name)
            yield Problem(
                site.origin,
                f"local site {site.name!r}{here} stands in for {stood_in!r}{subject.where(stood_in)}"
                f" but has {how}; the gateway of {stood_in!r} has {expected}",
                hints=(Hint("to put each VIP in", Option.GATEWAY_ADDRESSES, ("gateways.json",), command="patch"),),
            )
