"""Rules about the stand-in relation: which local site stands in for which VNet (see :mod:`netcfg.model.standins`)."""

from __future__ import annotations

from collections.abc import Iterator

from netcfg.model import LocalNetworkSite, Position
from netcfg.model.relation import Relation, Why
from netcfg.registry import did_you_mean
from netcfg.validate.rules.base import ERROR, WARNING, NetworkSubject, Problem, network_rule


def _site(subject: NetworkSubject, subscription: str, name: str) -> LocalNetworkSite | None:
    return subject.sites.get((subscription, name))


@network_rule(
    "ambiguous-stand-in", WARNING, "a connected local site could stand in for several VNets (an error for what netcfg writes)"
)
def ambiguous_stand_in(subject: NetworkSubject) -> Iterator[Problem]:
    """The second pass writes a VNet's gateway address into the sites that stand in for it, and an
    export turns a stand-in into a connection to its VNet: both need to know which VNet a site
    stands in for. When its prefixes fit several VNets as well (test subscriptions reused one
    range for many VNets) and the connections do not tell them apart, netcfg does not guess:
    ``--mirror SITE=VNET`` says it (patch, runbook and export refuse until it is said).

    PASS (VNet-A connects back to a site with VNet-C's space: Local-Shared is VNet-A's)::

        [[local_site]]
        name = "Local-Shared"
        prefixes = ["10.0.0.0/16"]
        [[local_site]]
        name = "Local-C"
        prefixes = ["10.9.0.0/16"]
        [[vnet]]
        name = "VNet-A"
        location = "North Europe"
        prefixes = ["10.0.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.0.1.0/28" }]
        gateway = { connections = ["Local-C"] }
        [[vnet]]
        name = "VNet-B"
        location = "North Europe"
        prefixes = ["10.0.0.0/16"]
        [[vnet]]
        name = "VNet-C"
        location = "West Europe"
        prefixes = ["10.9.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.9.1.0/28" }]
        gateway = { connections = ["Local-Shared"] }

    FAIL (VNet-A and VNet-B both have 10.0.0.0/16 and both connect back)::

        [[local_site]]
        name = "Local-Shared"
        prefixes = ["10.0.0.0/16"]
        [[local_site]]
        name = "Local-C"
        prefixes = ["10.9.0.0/16"]
        [[vnet]]
        name = "VNet-A"
        location = "North Europe"
        prefixes = ["10.0.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.0.1.0/28" }]
        gateway = { connections = ["Local-C"] }
        [[vnet]]
        name = "VNet-B"
        location = "North Europe"
        prefixes = ["10.0.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.0.1.0/28" }]
        gateway = { connections = ["Local-C"] }
        [[vnet]]
        name = "VNet-C"
        location = "West Europe"
        prefixes = ["10.9.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.9.1.0/28" }]
        gateway = { connections = ["Local-Shared"] }
    """
    relation = subject.network.relation
    # What netcfg writes from a network (a runbook, an export) cannot leave it open: an error there.
    severity = ERROR if subject.kind == "topology" else WARNING
    for ambiguity in relation.connected_ambiguities() if relation else ():
        site = _site(subject, ambiguity.subscription, ambiguity.site)
        yield Problem(site.origin if site else None, ambiguity.message, severity, hints=(Relation.fix([ambiguity]),))


@network_rule(
    "stand-in-prefixes",
    WARNING,
    "a local site stands in for a VNet but routes only part of its space (an error for what netcfg writes)",
)
def stand_in_prefixes(subject: NetworkSubject) -> Iterator[Problem]:
    """A gateway sends into a tunnel only what the local site's prefixes list. A site that stands in
    for a VNet may list more than that VNet's space (ranges behind it, other VNets for transit), but
    a part it leaves out has no route: traffic for it is dropped. In a network across
    subscriptions the site and its VNet are in different files, which only the whole shows.

    PASS (Local-Dublin lists all of VNet-Dublin's 10.0.0.0/16)::

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

    FAIL (Local-Dublin lists half of it)::

        [[local_site]]
        name = "Local-Dublin"
        prefixes = ["10.0.0.0/17"]
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
    """
    relation = subject.network.relation
    for stand_in in relation.stand_ins.values() if relation else ():
        if stand_in.why not in (Why.PART, Why.NONE):
            continue
        site = _site(subject, stand_in.subscription, stand_in.site)
        if site is None or _routed_whole(subject, site, stand_in.vnet):
            continue
        # What netcfg writes from a network must route all of it: an error there.
        yield Problem(
            site.origin,
            severity=ERROR if subject.kind == "topology" else None,
            message=(
                f"local site {stand_in.site!r}{_in(subject, stand_in.subscription)} stands in for VNet {stand_in.vnet!r}"
                f"{subject.where(stand_in.vnet)} but routes only part of its address space ({stand_in.detail}): traffic"
                " for the rest has no route; list all of that VNet's address space"
            ),
        )


def _routed_whole(subject: NetworkSubject, site: LocalNetworkSite, vnet: str) -> bool:
    """Whether every VNet that connects to ``site`` still routes all of ``vnet``'s space (other sites of
    its gateway may list the rest: a space split over two sites is routed whole)."""
    router = subject.router
    target = router.vnets.get(vnet)
    callers = [v for v in subject.joined.vnets if any(s.origin is site.origin for s in router.connected(v))]
    return target is not None and all(
        router.trace(caller.name, p.network).kind not in ("partial", "no-route") for caller in callers for p in target.prefixes
    )


def _in(subject: NetworkSubject, subscription: str) -> str:
    return subject.network.named_in(subscription)


@network_rule("unknown-vnet", ERROR, "a topology says a local site stands in for a VNet that does not exist")
def unknown_vnet(subject: NetworkSubject) -> Iterator[Problem]:
    """A topology's ``mirrors`` names the VNet a local site stands in for; the second pass writes
    that VNet's gateway address into the site. A name that matches no VNet (a typo) would leave
    the site without its address and the tunnel down, so it is an error in every command.

    PASS::

        [[local_site]]
        name = "Local-Holland"
        prefixes = ["10.1.0.0/16"]
        mirrors = "VNet-Holland"
        [[vnet]]
        name = "VNet-Holland"
        location = "West Europe"
        prefixes = ["10.1.0.0/16"]

    FAIL::

        [[local_site]]
        name = "Local-Holland"
        prefixes = ["10.1.0.0/16"]
        mirrors = "VNet-Hollnd"
        [[vnet]]
        name = "VNet-Holland"
        location = "West Europe"
        prefixes = ["10.1.0.0/16"]
    """
    relation = subject.network.relation
    vnets = list(subject.owners)
    for unknown in relation.unknown if relation else ():
        site = _site(subject, unknown.subscription, unknown.site)
        origin = site.origin if site else None
        where = origin.key("mirrors") if isinstance(origin, Position) else origin
        yield Problem(
            where,
            f"local site {unknown.site!r} mirrors {unknown.vnet!r}, which is no VNet of the network"
            f"{did_you_mean(unknown.vnet, vnets)}; name the VNet it stands in for",
        )
