"""Checks only the whole of a network across subscriptions can answer (one file each cannot).

Each subscription's file may be right on its own and the network still broken: a stand-in in
one file must have exactly the address space of the VNet it stands in for in another, both
ends of every tunnel must connect, the subscriptions' VNets must not overlap, and after the
second pass each stand-in must carry the VIP of its VNet's gateway.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network

from netcfg.findings import Finding
from netcfg.model import LocalNetworkSite, NetworkConfiguration, VirtualNetworkSite
from netcfg.model.addressing import overlaps_with_earlier
from netcfg.model.network import Position
from netcfg.model.subscriptions import NetworkSet
from netcfg.validate.rules import RULES


@dataclass(frozen=True, kw_only=True)
class Owned:
    """A VNet or a local site with the subscription whose file holds it."""

    subscription: str
    config: NetworkConfiguration


def _finding(rule: str, message: str, origin: object, file: str) -> Finding:
    line = getattr(origin, "sourceline", None)
    path = origin.path if isinstance(origin, Position) else ""
    return Finding(rule=rule, severity=RULES[rule].severity, message=message, file=file, line=line, path=path)


def _connected(config: NetworkConfiguration, vnet: VirtualNetworkSite) -> Iterator[tuple[object, LocalNetworkSite]]:
    for connection in vnet.gateway.connections if vnet.gateway else ():
        site = config.local_site(connection.site)
        if site is not None:
            yield connection.origin, site


def _stood_in_by(network: NetworkSet, site: LocalNetworkSite, here: str) -> VirtualNetworkSite | None:
    """The VNet of another subscription that ``site`` stands in for: named by it, or with exactly its prefixes."""
    space = frozenset(p.network for p in site.prefixes)
    for part in network.parts:
        if part.subscription.name == here:
            continue
        for vnet in part.config.vnets:
            if site.mirrors == vnet.name or (site.mirrors is None and vnet.networks == space):
                return vnet
    return None


def _fits(network: NetworkSet, site: LocalNetworkSite, vnet: VirtualNetworkSite) -> bool:
    """Whether ``site`` lists exactly ``vnet``'s space, or that plus other VNets' spaces (transit through it)."""
    space = frozenset(p.network for p in site.prefixes)
    if space == vnet.networks:
        return True
    others = {n for part in network.parts for v in part.config.vnets if v is not vnet for n in v.networks}
    return vnet.networks <= space and space - vnet.networks <= others


def _mismatch(network: NetworkSet, site: LocalNetworkSite, here: str) -> tuple[str, VirtualNetworkSite] | None:
    """The other subscription's VNet ``site`` should stand in for but does not fit, with its subscription."""
    named = _stood_in_by(network, site, here)
    if named is not None:
        return None if _fits(network, site, named) else (network.subscription_of(named.name) or "", named)
    space = [p.network for p in site.prefixes]
    for part in network.parts:
        if part.subscription.name != here:
            for other in part.config.vnets:
                if any(a.overlaps(b) for a in space for b in other.networks):
                    return part.subscription.name, other
    return None


def stand_in_prefixes(network: NetworkSet, files: Mapping[str, str]) -> Iterator[Finding]:
    """A connected site that names another subscription's VNet, or overlaps its space, stands in for
    it, and needs exactly its address space."""
    for part in network.parts:
        here = part.subscription.name
        seen: set[str] = set()
        for vnet in part.config.vnets:
            for _, site in _connected(part.config, vnet):
                found = None if site.name in seen else _mismatch(network, site, here)
                seen.add(site.name)
                if found is not None:
                    owner, other = found
                    yield _finding("stand-in-prefixes", (
                        f"local site {site.name!r} ({here}) lists {', '.join(str(p.network) for p in site.prefixes)}, but"
                        f" VNet {other.name!r} ({owner}) has {', '.join(str(p) for p in other.prefixes)}; a site that"
                        " stands in for a VNet needs exactly its address space"), site.origin, files[here])


def one_ended_across(network: NetworkSet, files: Mapping[str, str]) -> Iterator[Finding]:
    """A tunnel to another subscription's VNet that VNet does not return."""
    for part in network.parts:
        here = part.subscription.name
        for vnet in part.config.vnets:
            for origin, site in _connected(part.config, vnet):
                other = _stood_in_by(network, site, here)
                if other is None:
                    continue
                owner = network.subscription_of(other.name) or ""
                back = network.part(owner)
                if not any(_stood_in_by(network, s, owner) is vnet or s.mirrors == vnet.name
                           for _, s in _connected(back, other)):
                    yield _finding("one-ended-tunnel", (
                        f"the tunnel is configured on one end only: {vnet.name!r} ({here}) connects to {site.name!r}"
                        f" (which stands in for {other.name!r} in {owner}), but {other.name!r} connects to no site that"
                        f" stands in for {vnet.name!r}"), origin, files[here])


def overlapping_networks(network: NetworkSet, files: Mapping[str, str]) -> Iterator[Finding]:
    """The VNets of one network may not overlap, whichever subscriptions they are in."""
    items: list[tuple[IPv4Network, tuple[str, VirtualNetworkSite]]] = [
        (p.network, (part.subscription.name, vnet)) for part in network.parts for vnet in part.config.vnets
        for p in vnet.prefixes]
    for (first_owner, first), (owner, later) in overlaps_with_earlier(items):
        if first_owner != owner:
            yield _finding("overlapping-networks", (
                f"VNet {later.name!r} ({owner}) overlaps VNet {first.name!r} ({first_owner}); the VNets of one network"
                " need distinct address spaces, across subscriptions too"), later.origin, files[owner])


def gateway_addresses(network: NetworkSet, files: Mapping[str, str], addresses: Mapping[str, IPv4Address]
                      ) -> Iterator[Finding]:
    """After the second pass, each stand-in carries the VIP of its VNet's gateway (gateways.json)."""
    for part in network.parts:
        here = part.subscription.name
        for site in part.config.local_sites:
            other = _stood_in_by(network, site, here) or (part.config.vnet(site.mirrors) if site.mirrors else None)
            if other is None or other.name not in addresses or site.gateway_address == addresses[other.name]:
                continue
            yield _finding("gateway-address-mismatch", (
                f"local site {site.name!r} ({here}) has gateway address {site.gateway_address}, but the gateway of"
                f" {other.name!r}, which it stands in for, has {addresses[other.name]}; run 'netcfg patch --from"
                " gateways.json'"), site.origin, files[here])


def set_findings(network: NetworkSet, files: Mapping[str, str],
                 addresses: Mapping[str, IPv4Address] | None = None) -> list[Finding]:
    """Every finding about the network as a whole; ``files``: the file holding each subscription's part."""
    if len(network.parts) < 2:
        return []
    found = [*stand_in_prefixes(network, files), *one_ended_across(network, files), *overlapping_networks(network, files)]
    if addresses is not None:
        found += gateway_addresses(network, files, addresses)
    return found
