"""Rules about routing: what the gateways' static routes do with traffic (see :mod:`netcfg.model.reach`).

Azure accepted every one of these files; the routes simply do not work. So these are warnings:
a design may leave a tunnel for later, but never means one to be one-way.
"""

from __future__ import annotations

from collections.abc import Iterator
from ipaddress import IPv4Network

from netcfg.model import Connection, LocalNetworkSite, VirtualNetworkSite
from netcfg.model.reach import Router, Status
from netcfg.validate.rules.base import WARNING, Problem, Subject, rule


def _stand_in_links(subject: Subject) -> Iterator[tuple[VirtualNetworkSite, Connection, LocalNetworkSite]]:
    """Each connection of a VNet to a site that stands in for another VNet of the file."""
    for vnet in subject.model.vnets:
        for connection in vnet.gateway.connections if vnet.gateway else ():
            site = subject.local_sites.get(connection.site)
            if site is not None and site.mirrors in subject.router.vnets and site.mirrors != vnet.name:
                yield vnet, connection, site


@rule("one-ended-tunnel", WARNING, "a VNet-to-VNet tunnel is configured on one end only")
def one_ended_tunnel(subject: Subject) -> Iterator[Problem]:
    """A VNet-to-VNet tunnel comes up only when both gateways connect: each VNet to the local site
    that stands in for the other. With one end only, the gateway tries and the tunnel never connects.

    PASS::

        <VirtualNetworkSite name="VNet-Dublin" ...> ... <LocalNetworkSiteRef name="Local-Holland" />
        <VirtualNetworkSite name="VNet-Holland" ...> ... <LocalNetworkSiteRef name="Local-Dublin" />

    FAIL::

        <VirtualNetworkSite name="VNet-Dublin" ...> ... <LocalNetworkSiteRef name="Local-Holland" />
        <VirtualNetworkSite name="VNet-Holland" ...> ... (no connection)
    """
    for vnet, connection, site in _stand_in_links(subject):
        problem = subject.router.one_ended(vnet, site)
        if problem:
            yield Problem(connection.origin, f"{problem}; connect {site.mirrors!r} to a site that stands in for"
                                             f" {vnet.name!r}, or remove this connection")


@rule("routing-loop", WARNING, "a gateway route sends traffic round in a loop")
def routing_loop(subject: Subject) -> Iterator[Problem]:
    """A prefix that two VNets each route to the other is delivered by neither: the packets go round
    until they expire. It happens when a stand-in site lists more than its VNet's space (transit)
    and that VNet routes the extra range back.

    PASS::

        <LocalNetworkSite name="Local-Holland"> <AddressPrefix>10.1.0.0/16</AddressPrefix> ...

    FAIL (each VNet sends 192.168.0.0/24 to the other)::

        <LocalNetworkSite name="Local-Holland"> <AddressPrefix>10.1.0.0/16</AddressPrefix>
                                                <AddressPrefix>192.168.0.0/24</AddressPrefix> ...
        <LocalNetworkSite name="Local-Dublin">  <AddressPrefix>10.0.0.0/16</AddressPrefix>
                                                <AddressPrefix>192.168.0.0/24</AddressPrefix> ...
    """
    router = subject.router
    for vnet, connection, site in _stand_in_links(subject):
        # A range in the stand-in's own VNet is delivered there in one hop: only transit ranges can loop.
        trace = next((t for d in router.transit_ranges(site) if (t := router.trace(vnet.name, d)).kind == "loop"), None)
        if trace is not None:
            yield Problem(connection.origin, f"VNet {vnet.name!r}: {trace.reason}; list each range in the stand-in of"
                                             " the one VNet that holds it")


@rule("one-way-route", WARNING, "traffic reaches a VNet whose answers have no route back")
def one_way_route(subject: Subject) -> Iterator[Problem]:
    """A VNet reached through a tunnel answers through its own gateway, which needs a route back to
    the sender's address space: a local site it connects to that lists it. Without one, traffic
    arrives and every answer is dropped.

    PASS (a hub with transit: each spoke's stand-in for the hub lists the other spokes)::

        <LocalNetworkSite name="Local-Hub-for-Holland"> 10.0.0.0/16 (hub), 10.2.0.0/16 (Virginia) ...
        <LocalNetworkSite name="Local-Hub-for-Virginia"> 10.0.0.0/16 (hub), 10.1.0.0/16 (Holland) ...

    FAIL (Virginia's traffic reaches Holland through the hub; Holland's answers have no route)::

        <LocalNetworkSite name="Local-Hub-for-Holland"> 10.0.0.0/16 (hub) ...
        <LocalNetworkSite name="Local-Hub-for-Virginia"> 10.0.0.0/16 (hub), 10.1.0.0/16 (Holland) ...
    """
    router = subject.router
    for vnet, connection, site in _stand_in_links(subject):
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
                yield Problem(connection.origin, f"VNet {vnet.name!r} sends {destination} to {end.name!r} through"
                                                 f" {site.name!r}, but the answers cannot return: {back.reason}")
                break


def _arrives_at(router: Router, vnet: VirtualNetworkSite, destination: IPv4Network) -> VirtualNetworkSite | None:
    """The VNet where ``vnet``'s traffic for a transit range is delivered, if it is."""
    there = router.trace(vnet.name, destination)
    end = router.vnets.get(there.path[-1])
    return None if there.status is Status.UNREACHABLE or end is None or end.name == vnet.name else end


# How a route back can fail that no other rule reports (one-ended tunnels and loops have their own).
_NO_WAY_BACK = frozenset({"no-route", "partial", "overlap", "no-gateway"})
