"""Which local network site stands in for which VNet: the *mirror* relation.

In a VNet-to-VNet pair each VNet connects to a local site with the other VNet's address space;
that site *mirrors* (stands in for) the other VNet, and the second pass gives it that VNet's
gateway address. A topology says so; for a bare ``.netcfg`` it is inferred here.
"""

from __future__ import annotations

from collections.abc import Iterable
from ipaddress import IPv4Network
from typing import Any, Protocol

from netcfg.model.network import NetworkConfiguration, VirtualNetworkSite


class _Prefixed(Protocol):
    @property
    def name(self) -> Any: ...
    @property
    def prefixes(self) -> Any: ...


def _space(item: _Prefixed) -> frozenset[IPv4Network]:
    return frozenset(p.network for p in item.prefixes)


def infer_mirrors(vnets: Iterable[VirtualNetworkSite], local_sites: Iterable[_Prefixed]) -> dict[str, str]:
    """Which local site stands in for which VNet: ``{local site name: VNet name}``.

    A local site mirrors a VNet when its prefixes, as canonical networks, equal the VNet's
    address space. Test subscriptions reuse one range for many VNets and sites, so where
    several VNets have a site's prefixes, the connection pattern settles it: site ``a``
    stands in for VNet ``A`` when some VNet ``B`` connects to ``a`` and ``A`` connects to a site
    with exactly ``B``'s prefixes (the two halves of a VNet-to-VNet pair). A site still
    matching several VNets mirrors none (see :func:`ambiguous_mirrors`): guessing would
    patch the wrong gateway address.
    """
    vnets = list(vnets)
    local_sites = list(local_sites)
    by_space: dict[frozenset[IPv4Network], list[VirtualNetworkSite]] = {}
    for vnet in vnets:
        by_space.setdefault(vnet.networks, []).append(vnet)
    site_spaces = {site.name: _space(site) for site in local_sites}
    callers: dict[str, list[VirtualNetworkSite]] = {}  # site -> the VNets whose gateways connect to it
    reaches: dict[str, set[frozenset[IPv4Network]]] = {}  # VNet -> the spaces of the sites it connects to
    for vnet in vnets:
        for connection in vnet.gateway.connections if vnet.gateway else ():
            callers.setdefault(connection.site, []).append(vnet)
            if connection.site in site_spaces:
                reaches.setdefault(vnet.name, set()).add(site_spaces[connection.site])
    mirrors = {}
    for site in local_sites:
        candidates = by_space.get(site_spaces[site.name], [])
        if len(candidates) > 1:
            candidates = [v for v in candidates
                          if any(w.name != v.name and w.networks in reaches.get(v.name, ()) for w in callers.get(site.name, ()))]
        elif not candidates:
            candidates = _transit_candidates(site_spaces[site.name], vnets, callers.get(site.name, []), reaches)
        if len(candidates) == 1:
            mirrors[site.name] = candidates[0].name
    return mirrors


def _transit_candidates(space: frozenset[IPv4Network], vnets: list[VirtualNetworkSite],
                        callers: list[VirtualNetworkSite], reaches: dict[str, set[frozenset[IPv4Network]]]
                        ) -> list[VirtualNetworkSite]:
    """The VNets a site with transit prefixes may stand in for.

    Classic transit through a hub (``stretch --shape hub --transit``): a spoke connects to a site
    listing the hub's address space *and* the other spokes'. Only a site that is exactly a union
    of VNets' spaces is considered (an on-premises supernet that happens to hold a VNet is not a
    stand-in). It stands in for the VNet among them that connects back to the calling VNet: by a
    site with exactly the caller's prefixes if one does, else by a site that holds them all.
    """
    covered = [v for v in vnets if v.networks and v.networks <= space]
    if len(covered) < 2 or frozenset().union(*(v.networks for v in covered)) != space:
        return []
    exact = [v for v in covered if any(w.name != v.name and w.networks in reaches.get(v.name, ()) for w in callers)]
    if exact:
        return exact
    return [v for v in covered
            if any(w.name != v.name and any(w.networks <= r for r in reaches.get(v.name, ())) for w in callers)]


def ambiguous_mirrors(config: NetworkConfiguration) -> dict[str, tuple[str, ...]]:
    """``{local site: VNets}`` for each site that mirrors nothing although several VNets have its very prefixes."""
    by_space: dict[frozenset[IPv4Network], list[str]] = {}
    for vnet in config.vnets:
        by_space.setdefault(vnet.networks, []).append(vnet.name)
    found = {}
    for site in config.local_sites:
        candidates = by_space.get(_space(site), [])
        if site.mirrors is None and len(candidates) > 1:
            found[site.name] = tuple(candidates)
    return found


def ambiguity_message(config: NetworkConfiguration, vnet: str) -> str | None:
    """What to tell a user who needs the site that stands in for ``vnet`` when the prefixes cannot say which."""
    found = ambiguous_mirrors(config)
    sites = [site for site, vnets in found.items() if vnet in vnets]
    if not sites:
        return None
    first = config.local_site(sites[0])
    space = ", ".join(str(p.network) for p in first.prefixes) if first else ""
    return (f"ambiguous: local sites {', '.join(map(repr, sites))} have exactly these prefixes ({space}), the address"
            f" space of VNets {', '.join(map(repr, found[sites[0]]))}; pass --mirror SITE={vnet} to say which site"
            f" stands in for {vnet!r}")


def connected_ambiguity(config: NetworkConfiguration) -> str | None:
    """Why the second pass cannot know a connected site's gateway address (its stand-in is ambiguous), or ``None``."""
    found = ambiguous_mirrors(config)
    for vnet in config.vnets:
        for connection in vnet.gateway.connections if vnet.gateway else ():
            if connection.site in found:
                twins = ", ".join(map(repr, found[connection.site]))
                return (f"ambiguous: local site {connection.site!r}, which VNet {vnet.name!r} connects to, has exactly the"
                        f" prefixes of VNets {twins}; pass --mirror {connection.site}=VNET to say which it stands in for")
    return None
