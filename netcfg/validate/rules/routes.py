"""Rules about routing: what the gateways' static routes do with traffic (see :mod:`netcfg.model.reach`).

Azure accepted every one of these files; the routes simply do not work. So these are warnings:
a design may leave a tunnel for later, but never means one to be one-way.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from netcfg.model import Connection, LocalNetworkSite, Prefix, VirtualNetworkSite
from netcfg.model.addressing import overlapping_pairs
from netcfg.validate.rules.base import WARNING, NetworkSubject, Problem, network_rule

if TYPE_CHECKING:  # netcfg.model.reach is loaded when a network has tunnels to follow (NetworkSubject.router)
    from netcfg.model.reach import Router


def _stand_in_links(subject: NetworkSubject) -> Iterator[tuple[VirtualNetworkSite, Connection, LocalNetworkSite]]:
    """Each connection of a VNet to a site that stands in for another VNet of the network."""
    for vnet in subject.joined.vnets:
        for connection in vnet.gateway.connections if vnet.gateway else ():
            site = subject.local_sites.get(connection.site)
            if site is not None and site.mirrors in subject.vnets and site.mirrors != vnet.name:
                yield vnet, connection, site


@network_rule("one-ended-tunnel", WARNING, "a VNet-to-VNet tunnel is configured on one end only")
def one_ended_tunnel(subject: NetworkSubject) -> Iterator[Problem]:
    """A VNet-to-VNet tunnel comes up only when both gateways connect: each VNet to the local site
    that stands in for the other. With one end only, the gateway tries and the tunnel never connects.

    PASS::

        [[local_site]]
        name = "Local-Dublin"
        prefixes = ["10.0.0.0/16"]
        [[local_site]]
        name = "Local-Holland"
        prefixes = ["10.1.0.0/16"]
        [[vnet]]
        name = "VNet-Dublin"
        location = "North Europe"
        prefixes = ["10.0.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.0.1.0/28" }]
        gateway = { connections = ["Local-Holland"] }
        [[vnet]]
        name = "VNet-Holland"
        location = "West Europe"
        prefixes = ["10.1.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.1.1.0/28" }]
        gateway = { connections = ["Local-Dublin"] }

    FAIL (VNet-Holland connects to nothing)::

        [[local_site]]
        name = "Local-Dublin"
        prefixes = ["10.0.0.0/16"]
        [[local_site]]
        name = "Local-Holland"
        prefixes = ["10.1.0.0/16"]
        [[vnet]]
        name = "VNet-Dublin"
        location = "North Europe"
        prefixes = ["10.0.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.0.1.0/28" }]
        gateway = { connections = ["Local-Holland"] }
        [[vnet]]
        name = "VNet-Holland"
        location = "West Europe"
        prefixes = ["10.1.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.1.1.0/28" }]
        gateway = { connections = [] }
    """
    for vnet, connection, site in _stand_in_links(subject):
        problem = subject.router.one_ended(vnet, site)
        if problem:
            yield Problem(
                connection.origin,
                f"{problem}; connect {site.mirrors!r} to a site that stands in for {vnet.name!r}, or remove this connection",
            )


@network_rule("routing-loop", WARNING, "a gateway route sends traffic round in a loop")
def routing_loop(subject: NetworkSubject) -> Iterator[Problem]:
    """A prefix that two VNets each route to the other is delivered by neither: the packets go round
    until they expire. It happens when a stand-in site lists more than its VNet's space (transit)
    and that VNet routes the extra range back.

    PASS (HQ is behind Holland, and Holland connects to it)::

        [[local_site]]
        name = "HQ"
        prefixes = ["192.168.0.0/24"]
        [[local_site]]
        name = "Local-Dublin"
        prefixes = ["10.0.0.0/16"]
        [[local_site]]
        name = "Local-Holland"
        prefixes = ["10.1.0.0/16", "192.168.0.0/24"]
        [[vnet]]
        name = "VNet-Dublin"
        location = "North Europe"
        prefixes = ["10.0.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.0.1.0/28" }]
        gateway = { connections = ["Local-Holland"] }
        [[vnet]]
        name = "VNet-Holland"
        location = "West Europe"
        prefixes = ["10.1.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.1.1.0/28" }]
        gateway = { connections = ["Local-Dublin", "HQ"] }

    FAIL (each VNet sends 192.168.0.0/24 to the other)::

        [[local_site]]
        name = "HQ"
        prefixes = ["192.168.0.0/24"]
        [[local_site]]
        name = "Local-Dublin"
        prefixes = ["10.0.0.0/16", "192.168.0.0/24"]
        [[local_site]]
        name = "Local-Holland"
        prefixes = ["10.1.0.0/16", "192.168.0.0/24"]
        [[vnet]]
        name = "VNet-Dublin"
        location = "North Europe"
        prefixes = ["10.0.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.0.1.0/28" }]
        gateway = { connections = ["Local-Holland"] }
        [[vnet]]
        name = "VNet-Holland"
        location = "West Europe"
        prefixes = ["10.1.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.1.1.0/28" }]
        gateway = { connections = ["Local-Dublin"] }
    """
    for vnet, connection, site in _stand_in_links(subject):
        router = subject.router  # made on first use: a network without stand-in links needs none
        # A range in the stand-in's own VNet is delivered there in one hop: only transit ranges can loop.
        trace = next((t for d in router.transit_ranges(site) if (t := router.trace(vnet.name, d)).kind == "loop"), None)
        if trace is not None:
            yield Problem(
                connection.origin,
                f"VNet {vnet.name!r}: {trace.reason}; list each range in the stand-in of the one VNet that holds it",
            )


@network_rule("one-way-route", WARNING, "traffic reaches a VNet whose answers have no route back")
def one_way_route(subject: NetworkSubject) -> Iterator[Problem]:
    """A VNet reached through a tunnel answers through its own gateway, which needs a route back to
    the sender's address space: a local site it connects to that lists it. Without one, traffic
    arrives and every answer is dropped.

    PASS (a hub with transit: each spoke's stand-in for the hub lists the other spoke)::

        [[local_site]]
        name = "Local-Holland"
        prefixes = ["10.1.0.0/16"]
        [[local_site]]
        name = "Local-Virginia"
        prefixes = ["10.2.0.0/16"]
        [[local_site]]
        name = "Local-Hub-for-Holland"
        prefixes = ["10.0.0.0/16", "10.2.0.0/16"]
        [[local_site]]
        name = "Local-Hub-for-Virginia"
        prefixes = ["10.0.0.0/16", "10.1.0.0/16"]
        [[vnet]]
        name = "VNet-Hub"
        location = "North Europe"
        prefixes = ["10.0.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.0.1.0/28" }]
        gateway = { connections = ["Local-Holland", "Local-Virginia"] }
        [[vnet]]
        name = "VNet-Holland"
        location = "West Europe"
        prefixes = ["10.1.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.1.1.0/28" }]
        gateway = { connections = ["Local-Hub-for-Holland"] }
        [[vnet]]
        name = "VNet-Virginia"
        location = "East US"
        prefixes = ["10.2.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.2.1.0/28" }]
        gateway = { connections = ["Local-Hub-for-Virginia"] }

    FAIL (Virginia's traffic reaches Holland through the hub; Holland's answers have no route)::

        [[local_site]]
        name = "Local-Holland"
        prefixes = ["10.1.0.0/16"]
        [[local_site]]
        name = "Local-Virginia"
        prefixes = ["10.2.0.0/16"]
        [[local_site]]
        name = "Local-Hub-for-Holland"
        prefixes = ["10.0.0.0/16"]
        [[local_site]]
        name = "Local-Hub-for-Virginia"
        prefixes = ["10.0.0.0/16", "10.1.0.0/16"]
        [[vnet]]
        name = "VNet-Hub"
        location = "North Europe"
        prefixes = ["10.0.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.0.1.0/28" }]
        gateway = { connections = ["Local-Holland", "Local-Virginia"] }
        [[vnet]]
        name = "VNet-Holland"
        location = "West Europe"
        prefixes = ["10.1.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.1.1.0/28" }]
        gateway = { connections = ["Local-Hub-for-Holland"] }
        [[vnet]]
        name = "VNet-Virginia"
        location = "East US"
        prefixes = ["10.2.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.2.1.0/28" }]
        gateway = { connections = ["Local-Hub-for-Virginia"] }
    """
    for vnet, connection, site in _stand_in_links(subject):
        router = subject.router  # made on first use: a network without stand-in links needs none
        # Where each listed range arrives: the stand-in's own VNet (one hop, if the tunnel has both
        # ends), or wherever transit takes it.
        transit = router.transit_ranges(site)
        own = next((p.network for p in site.prefixes if p.network not in transit), None)
        ranges = [(own, router.vnets[site.mirrors or ""])] if own and router.one_ended(vnet, site) is None else []
        ranges += [(d, end) for d in transit if (end := _arrives_at(router, vnet, d)) is not None]
        for destination, end in ranges:
            if router.answers_directly(end, vnet):
                continue  # answered the plain way
            back = next((t for p in vnet.prefixes if (t := router.trace(end.name, p.network)).kind in _NO_WAY_BACK), None)
            if back is not None:
                yield Problem(
                    connection.origin,
                    f"VNet {vnet.name!r} sends {destination} to {end.name!r} through"
                    f" {site.name!r}, but the answers cannot return: {back.reason}",
                )
                break


def _arrives_at(router: Router, vnet: VirtualNetworkSite, destination: Prefix) -> VirtualNetworkSite | None:
    """The VNet where ``vnet``'s traffic for a transit range is delivered, if it is."""
    from netcfg.model.reach import Status

    there = router.trace(vnet.name, destination)
    end = router.vnets.get(there.path[-1])
    return None if there.status is Status.UNREACHABLE or end is None or end.name == vnet.name else end


# How a route back can fail that no other rule reports (one-ended tunnels and loops have their own).
_NO_WAY_BACK = frozenset({"no-route", "partial", "overlap", "no-gateway"})


@network_rule("misdirected-route", WARNING, "a gateway sends a VNet's addresses into a tunnel that does not lead there")
def misdirected_route(subject: NetworkSubject) -> Iterator[Problem]:
    """A gateway sends each destination into the tunnel whose local site lists it. A site that lists
    another VNet's addresses without standing in for it (an on-premises supernet such as
    ``10.0.0.0/8`` holding a VNet, a stand-in for the wrong VNet) takes that VNet's traffic
    somewhere else: it never arrives.

    PASS (Corp lists 192.168.0.0/16; VNet-B is 10.1.0.0/16)::

        [[local_site]]
        name = "Corp"
        prefixes = ["192.168.0.0/16"]
        [[vnet]]
        name = "VNet-A"
        location = "North Europe"
        prefixes = ["172.16.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "172.16.1.0/28" }]
        gateway = { connections = ["Corp"] }
        [[vnet]]
        name = "VNet-B"
        location = "North Europe"
        prefixes = ["10.1.0.0/16"]

    FAIL (Corp's 10.0.0.0/8 holds VNet-B's 10.1.0.0/16: VNet-A sends it to Corp's device)::

        [[local_site]]
        name = "Corp"
        prefixes = ["10.0.0.0/8"]
        [[vnet]]
        name = "VNet-A"
        location = "North Europe"
        prefixes = ["172.16.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "172.16.1.0/28" }]
        gateway = { connections = ["Corp"] }
        [[vnet]]
        name = "VNet-B"
        location = "North Europe"
        prefixes = ["10.1.0.0/16"]
    """
    if not any(v.gateway and v.gateway.connections for v in subject.joined.vnets):
        return  # no tunnel: nothing is sent anywhere (and no router is made)
    from netcfg.model.reach import Status

    router = subject.router
    connected = [(p, (vnet, site)) for vnet in subject.joined.vnets for site in router.connected(vnet) for p in site.prefixes]
    spaces = [(p, (vnet, p.network)) for vnet in router.vnets.values() for p in vnet.prefixes]
    told: set[tuple[str, str]] = set()
    for (vnet, site), (other, prefix) in overlapping_pairs(connected, spaces):
        if other.name in (vnet.name, site.mirrors) or (vnet.name, other.name) in told:
            continue
        trace = router.trace(vnet.name, prefix)
        if trace.status is not Status.UNREACHABLE and trace.path[-1] != other.name:
            told.add((vnet.name, other.name))
            connection = next(c for c in vnet.gateway.connections if c.site == site.name) if vnet.gateway else None
            yield Problem(
                connection.origin if connection else vnet.origin,
                (
                    f"VNet {vnet.name!r} sends {prefix} (VNet {other.name!r}) to {trace.path[-1]!r} through local site"
                    f" {site.name!r}, which lists {', '.join(str(p.network) for p in site.prefixes)}: it never reaches"
                    f" {other.name!r}; narrow the site's prefixes, or connect to a site that stands in for {other.name!r}"
                ),
            )
