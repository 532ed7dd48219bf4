"""Which networks reach which, by the classic gateway's static routes, and why not.

Classic gateways had no BGP: a gateway sends a packet through the connection whose local site's
address prefixes hold the destination, and nowhere else. The rules followed here, for a packet
from network A to an address in network B (VPN Gateway FAQ; ../shared/reference/
classic-cmdlets-and-peers.md §B on transit):

1. In a VNet whose address space holds the destination, the packet is delivered.
2. Otherwise the VNet's gateway sends it through the one connection whose local site lists a
   prefix holding the destination. No such site: no route (unless the sites' prefixes together
   cover it: each piece goes its own way). Two such sites: the routes overlap, and Azure does
   not say which wins. A Dedicated connection is ExpressRoute: its site's prefixes "are not used
   for ExpressRoute operation" (reference §B), so it carries no route here, and says so.
3. A local site that stands in for a VNet delivers the packet to that VNet, which applies the
   same rules (transit through a hub). A VNet-to-VNet tunnel is up only when both ends are
   configured: the other VNet's gateway connects to a site that stands in for this one.
4. An on-premises site delivers the packet when it is the destination; what an on-premises
   device forwards further is not in the file, so netcfg does not guess.
5. A tunnel needs a real gateway address at the far end. A placeholder (a documentation,
   private or reserved address, or none yet for a stand-in) makes the pair *pending*: the
   second pass is all that stands in the way.
6. A StaticRouting gateway (a topology says so; a ``.netcfg`` does not) carries one site-to-site
   tunnel and no VNet-to-VNet tunnel ("Only the Dynamic Routing VPNs" support multi-site and
   VNet-to-VNet: VPN Gateway FAQ, reference §B).

A pair is *reachable* only when the answer comes back too: B reaches A's address space by the
same rules. An on-premises site sends into the tunnel of a VNet that connects to it (the one
whose address space holds the destination when there is one).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from netcfg.errors import UsageError
from netcfg.model.addressing import why_not_public
from netcfg.model.network import (
    ConnectionType,
    GatewayType,
    LocalNetworkSite,
    NetworkConfiguration,
    VirtualNetworkSite,
    first_by_name,
)
from netcfg.model.prefix import Prefix, Span
from netcfg.model.standins import resolve
from netcfg.model.subscriptions import NetworkSet
from netcfg.values import Value


# Each pair follows its own routes: a network of n endpoints has n * (n - 1) pairs. Beyond these
# sizes an answer for every pair takes longer than anyone waits, so one is asked for by name.
MOST_PAIRS = 250_000  # netcfg reach, all pairs
MOST_COUNTED = 200  # endpoints for which show counts the pairs


class Status(enum.Enum):
    """Worst last: combining two answers keeps the worse."""

    REACHABLE = "reachable"
    PENDING = "pending"
    UNREACHABLE = "unreachable"

    # A status is counted into dicts for every pair of a large network: members are singletons, so
    # their identity is their hash (Enum's own hashes the member's name in Python).
    __hash__ = object.__hash__

    @property
    def rank(self) -> int:
        return _RANKS[self]


_RANKS = {status: number for number, status in enumerate(Status)}


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class Endpoint(Value):
    """A network traffic starts from or goes to: a VNet, or an on-premises site."""

    name: str  # as shown: the object's name, "NAME (local site)" for a site that shares a VNet's name
    kind: str  # "vnet" or "site"
    space: tuple[Prefix, ...]
    object_name: str  # the VNet's or site's own name


class Trace(NamedTuple):
    """Where a packet for one destination went: the networks and sites crossed, and how it ended.

    (A named tuple: validate's routing rules make thousands, reach one per pair, and a named tuple is
    made in a fraction of a frozen dataclass's time.)"""

    status: Status
    path: tuple[str, ...]
    reason: str = ""  # why not reachable; for pending, what the second pass must fill in
    kind: str = ""  # why not, as a word: no-route, overlap, partial, no-gateway, one-ended, loop, elsewhere


class Verdict(NamedTuple):
    """Whether ``source`` reaches ``target`` and the answer returns. (A named tuple, as :class:`Trace`:
    reach makes one per pair, up to 250,000.)"""

    source: str
    target: str
    status: Status
    path: tuple[str, ...]
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {
            "from": self.source,
            "to": self.target,
            "status": self.status.value,
            "path": list(self.path),
            "reason": self.reason,
        }


def endpoints(config: NetworkConfiguration) -> list[Endpoint]:
    """Every VNet, then every on-premises site (a local site that stands in for no VNet), in file order."""
    vnets = first_by_name(config.vnets)
    found = [
        Endpoint(name=v.name, kind="vnet", space=tuple(p.network for p in v.prefixes), object_name=v.name) for v in vnets.values()
    ]
    found += [
        Endpoint(
            name=f"{s.name} (local site)" if s.name in vnets else s.name,
            kind="site",
            object_name=s.name,
            space=tuple(p.network for p in s.prefixes),
        )
        for s in first_by_name(config.local_sites).values()
        if s.mirrors not in vnets
    ]
    return found


def _holds(spans: list[Span], destination: Span) -> bool:
    first, last = destination
    for low, high in spans:  # noqa: SIM110 (a loop, not any(): asked at every hop of every route, of one or two spans)
        if low <= first and last <= high:
            return True
    return False


def _meets(spans: list[Span], destination: Span) -> bool:
    first, last = destination
    return any(low <= last and first <= high for low, high in spans)


def _no_gateway(vnet: VirtualNetworkSite) -> str:
    return f"{vnet.name!r} has no gateway"


def _no_route(vnet: VirtualNetworkSite, destination: str) -> str:
    return f"{_no_route_head(vnet)}{destination}{_NO_ROUTE_TAIL}"


def _no_route_head(vnet: VirtualNetworkSite) -> str:
    return f"{vnet.name!r} has no route to "


_NO_ROUTE_TAIL = ": no local site its gateway connects to lists it"


def _delivered(path: Iterable[str], gaps: list[str]) -> Trace:
    """A route that arrives: pending while a tunnel on it waits for an address (``gaps`` say which)."""
    return Trace(status=Status.PENDING if gaps else Status.REACHABLE, path=tuple(path), reason="; ".join(gaps))


def _then(path: list[str], gaps: list[str], rest: Trace) -> Trace:
    """The route along ``path`` (meeting address gaps ``gaps``), then ``rest`` from ``path``'s last VNet:
    it ends as ``rest`` does, and is pending while a tunnel anywhere on it waits for an address."""
    if rest.status is Status.UNREACHABLE:
        return Trace(status=rest.status, path=(*path, *rest.path[1:]), kind=rest.kind, reason=rest.reason)
    return _delivered([*path, *rest.path[1:]], [*gaps, rest.reason] if rest.reason else gaps)


class Router:
    """Follows packets through one network's static routes; each answer is worked out once."""

    def __init__(self, config: NetworkConfiguration) -> None:
        self.config = config
        self.vnets = first_by_name(config.vnets)
        self.sites = first_by_name(config.local_sites)
        # Worked out on first use: validate's routing rules ask for little of this on a plain network.
        self._endpoints: dict[str, Endpoint] | None = None
        self._traces: dict[tuple[str, Span], Trace] = {}
        self._routes: dict[tuple[str, Span], LocalNetworkSite | tuple[str, str]] = {}
        self._firsts: dict[str, tuple[str, int, int]] | None = None
        self._connected: dict[str, list[LocalNetworkSite]] = {}
        self._site_spans: dict[str, list[Span]] = {}  # a site and a VNet may share a name: kept apart
        self._vnet_spans: dict[str, list[Span]] = {}
        self._gaps: dict[str, str | None] = {}
        self._stand_ins: dict[str, set[str]] = {}
        self._plains: dict[str, set[str]] = {}
        self._transit: dict[str, list[Prefix]] = {}
        self._crossings: dict[tuple[str, str], tuple[str, str] | None] = {}
        self._texts: dict[Span, str] = {}
        self._destinations: dict[str, list[tuple[Prefix, Span]]] = {}
        self._routes_listed: dict[str, list[Span]] = {}
        self._dedicated: dict[str, list[LocalNetworkSite]] = {}

    @property
    def endpoints(self) -> dict[str, Endpoint]:
        if self._endpoints is None:
            self._endpoints = {e.name: e for e in endpoints(self.config)}
        return self._endpoints

    def _site_span(self, site: LocalNetworkSite) -> list[Span]:
        found = self._site_spans.get(site.name)
        if found is None:
            found = self._site_spans[site.name] = [p.span for p in site.prefixes]
        return found

    def _vnet_span(self, vnet: VirtualNetworkSite) -> list[Span]:
        found = self._vnet_spans.get(vnet.name)
        if found is None:
            found = self._vnet_spans[vnet.name] = [p.span for p in vnet.prefixes]
        return found

    def connected(self, vnet: VirtualNetworkSite) -> list[LocalNetworkSite]:
        """The existing local sites ``vnet``'s gateway has an IPsec tunnel to (a missing one is validate's
        business; an ExpressRoute one routes nothing here)."""
        found = self._connected.get(vnet.name)
        if found is None:
            names = [c.site for c in vnet.gateway.connections if c.type is ConnectionType.IPSEC] if vnet.gateway else []
            found = self._connected[vnet.name] = [self.sites[n] for n in names if n in self.sites]
        return found

    def _express_route(self, vnet: VirtualNetworkSite, target: Span) -> LocalNetworkSite | None:
        """The site of a Dedicated (ExpressRoute) connection of ``vnet`` that lists ``target``, if one does."""
        return next((site for site in self._dedicated_sites(vnet) if _meets(self._site_span(site), target)), None)

    def _dedicated_sites(self, vnet: VirtualNetworkSite) -> list[LocalNetworkSite]:
        """The existing sites of ``vnet``'s Dedicated (ExpressRoute) connections."""
        sites = self._dedicated.get(vnet.name)
        if sites is None:
            connections = vnet.gateway.connections if vnet.gateway else ()
            names = [c.site for c in connections if c.type is ConnectionType.DEDICATED]
            sites = self._dedicated[vnet.name] = [self.sites[n] for n in names if n in self.sites]
        return sites

    def _crossing(self, vnet: VirtualNetworkSite, site: LocalNetworkSite) -> tuple[str, str] | None:
        """``(kind, reason)`` when the tunnel from ``vnet`` through ``site`` does not carry traffic at all."""
        key = (vnet.name, site.name)
        if key not in self._crossings:
            far = self.vnets.get(site.mirrors or "")
            checks: list[tuple[str, Callable[[], str | None]]] = [
                ("own-overlap", lambda: self._own_overlap(vnet, site)),
                ("gateway-type", lambda: self._static_limit(vnet, site)),
                ("one-ended", lambda: self.one_ended(vnet, site)),
                ("gateway-type", lambda: self._static_limit(far, site) if far is not None else None),
            ]
            self._crossings[key] = next(((kind, reason) for kind, check in checks if (reason := check())), None)
        return self._crossings[key]

    def _own_overlap(self, vnet: VirtualNetworkSite, site: LocalNetworkSite) -> str | None:
        """Why ``vnet``'s tunnel to ``site`` does not exist because the site overlaps ``vnet``'s own space
        (Azure refused that upload: "BadRequest: IP address prefix is not valid"; the connected-overlap rule)."""
        own = self._vnet_span(vnet)
        if not any(_meets(own, s) for s in self._site_span(site)):
            return None
        listed = ", ".join(str(p.network) for p in site.prefixes)
        return (
            f"local site {site.name!r} ({listed}) overlaps the address space of {vnet.name!r}, which connects to it;"
            " Azure refused such a connection"
        )

    def _static_limit(self, vnet: VirtualNetworkSite, site: LocalNetworkSite) -> str | None:
        """Why a StaticRouting gateway of ``vnet`` cannot carry the tunnel to ``site``, or ``None``."""
        gateway = vnet.gateway
        if gateway is None or gateway.type is not GatewayType.STATIC_ROUTING:
            return None
        if site.mirrors in self.vnets:
            return (
                f"the gateway of {vnet.name!r} is StaticRouting, and classic VNet-to-VNet tunnels need DynamicRouting"
                " gateways on both ends"
            )
        tunnels = len(self.connected(vnet))
        if tunnels > 1:
            return f"the gateway of {vnet.name!r} is StaticRouting, which carries one site-to-site tunnel; it has {tunnels}"
        return None

    def _pieces(self, vnet: VirtualNetworkSite, destination: Prefix) -> list[Prefix] | None:
        """The pieces of ``destination`` that different sites of ``vnet`` list, when together they list all of it."""
        first, last = destination.span
        inside = sorted(((p.span, p.network) for s in self.connected(vnet) for p in s.prefixes), key=lambda piece: piece[0])
        pieces = [(piece, network) for piece, network in inside if first <= piece[0] and piece[1] <= last]
        at = first
        for (low, high), _ in pieces:
            if low != at:  # a gap, or two sites listing the same piece
                return None
            at = high + 1
        return [network for _, network in pieces] if pieces and at == last + 1 else None

    def _address_gap(self, site: LocalNetworkSite) -> str | None:
        """What keeps a tunnel to ``site`` from being up that only filling in an address would fix, or ``None``."""
        if site.name not in self._gaps:
            why = "no gateway address yet" if site.gateway_address is None else why_not_public(site.gateway_address)
            address = f" {site.gateway_address}," if site.gateway_address is not None else ""
            self._gaps[site.name] = (
                f"local site {site.name!r} has{' gateway address' if address else ''}{address} {why}" if why else None
            )
        return self._gaps[site.name]

    def one_ended(self, vnet: VirtualNetworkSite, site: LocalNetworkSite) -> str | None:
        """Why the tunnel from ``vnet`` to ``site`` cannot come up from the other end too, or ``None``."""
        other = self.vnets.get(site.mirrors or "")
        if other is None or vnet.name in self._stood_in(other):
            return None
        return (
            f"the tunnel is configured on one end only: {vnet.name!r} connects to {site.name!r} (which stands in for"
            f" {other.name!r}), but {other.name!r} connects to no site that stands in for {vnet.name!r}"
        )

    def _route(self, vnet: VirtualNetworkSite, destination: Prefix, target: Span) -> LocalNetworkSite | tuple[str, str]:
        """The site ``vnet``'s gateway sends ``destination`` (``target``) to, or ``(kind, reason)`` why there is none.

        Worked out once per gateway and destination: a hub's next hop towards a spoke is the same
        for every spoke whose traffic it carries (a span names one CIDR block, so it is the key)."""
        key = (vnet.name, target)
        found = self._routes.get(key)
        if found is None:
            found = self._routes[key] = self._next_hop(vnet, destination, target)
        return found

    def _next_hop(self, vnet: VirtualNetworkSite, destination: Prefix, target: Span) -> LocalNetworkSite | tuple[str, str]:
        sites = self.connected(vnet)
        first, last = target
        routes, partial = [], None
        for site in sites:  # one pass: the sites that hold the target, and the first that meets it
            for low, high in self._site_span(site):
                if low <= first and last <= high:
                    routes.append(site)
                    break
                if partial is None and low <= last and first <= high:
                    partial = site
        if len(routes) == 1:
            return routes[0]
        if routes:
            return "overlap", (
                f"overlapping routes: {vnet.name!r} connects to {routes[0].name!r} and"
                f" {routes[1].name!r}, which both list {destination}"
            )
        if vnet.gateway is None:
            return "no-gateway", _no_gateway(vnet)
        if partial is not None:
            return "partial", (
                f"{vnet.name!r} routes only part of {self._shown(destination, target)}: local site {partial.name!r} lists a piece of it"
            )
        express = self._express_route(vnet, target)
        if express is not None:
            return "expressroute", (
                f"{vnet.name!r} reaches {destination} through {express.name!r} over ExpressRoute"
                " (a Dedicated connection), which reach does not follow"
            )
        return "no-route", _no_route(vnet, self._shown(destination, target))

    def _shown(self, destination: Prefix, target: Span) -> str:
        """``str(destination)``, made once: the same destination is named in the reasons of many pairs."""
        found = self._texts.get(target)
        if found is None:
            found = self._texts[target] = str(destination)
        return found

    def holds(self, vnet: VirtualNetworkSite, destination: Prefix) -> bool:
        """Whether ``destination`` lies in ``vnet``'s address space (a packet for it is delivered there)."""
        return _holds(self._vnet_span(vnet), destination.span)

    def transit_ranges(self, site: LocalNetworkSite) -> list[Prefix]:
        """The prefixes a stand-in lists beyond its own VNet's space: the only ones a route can carry further."""
        found = self._transit.get(site.name)
        if found is None:
            other = self.vnets.get(site.mirrors or "")
            spans = self._vnet_span(other) if other is not None else []
            found = self._transit[site.name] = [p.network for p in site.prefixes if not _holds(spans, p.span)]
        return found

    def _stood_in(self, vnet: VirtualNetworkSite) -> set[str]:
        """The VNets that the sites ``vnet``'s gateway connects to stand in for."""
        found = self._stand_ins.get(vnet.name)
        if found is None:
            found = self._stand_ins[vnet.name] = {s.mirrors for s in self.connected(vnet) if s.mirrors}
        return found

    def _plain(self, vnet: VirtualNetworkSite) -> set[str]:
        """The VNets ``vnet`` answers the plain way: its connected sites do not overlap, and one of them
        lists exactly that VNet's space and stands in for it."""
        found = self._plains.get(vnet.name)
        if found is None:
            sites = self.connected(vnet)
            spans = sorted(s for site in sites for s in self._site_span(site))
            disjoint = all(a[1] < b[0] for a, b in zip(spans, spans[1:]))
            found = set()
            for site in sites if disjoint else ():
                other = self.vnets.get(site.mirrors or "")
                if other is not None and sorted(self._site_span(site)) == sorted(self._vnet_span(other)):
                    found.add(other.name)
            self._plains[vnet.name] = found
        return found

    def answers_directly(self, vnet: VirtualNetworkSite, to: VirtualNetworkSite) -> bool:
        """Whether ``vnet`` sends all of ``to``'s space straight to a stand-in for ``to``: the plain case,
        settled without following routes."""
        return to.name in self._plain(vnet)

    def trace(self, start: str, destination: Prefix) -> Trace:
        """Where a packet from VNet ``start`` to ``destination`` ends up (delivered in the VNet holding it)."""
        return self._trace(start, destination, destination.span)

    def _trace(self, start: str, destination: Prefix, target: Span) -> Trace:
        found = self._traces.get((start, target))
        if found is None:
            found = self._traces[(start, target)] = self._follow(start, destination, target)
        return found

    def _follow(self, start: str, destination: Prefix, target: Span) -> Trace:
        path, seen, gaps = [start], {start}, list[str]()
        vnet = self.vnets[start]
        while not _holds(self._vnet_span(vnet), target):
            site = self._route(vnet, destination, target)
            if isinstance(site, tuple):
                pieces = self._pieces(vnet, destination) if site[0] == "partial" else None
                if pieces is not None:  # split across sites: each piece goes its own way from here
                    return _then(path, gaps, self._worst([self.trace(vnet.name, piece) for piece in pieces]))
                return Trace(status=Status.UNREACHABLE, path=tuple(path), kind=site[0], reason=site[1])
            path.append(site.name)
            stopped = self._crossing(vnet, site)
            if stopped:
                return Trace(status=Status.UNREACHABLE, path=tuple(path), kind=stopped[0], reason=stopped[1])
            gap = self._address_gap(site)
            if gap:
                gaps.append(gap)
            nxt = self.vnets.get(site.mirrors or "")
            if nxt is None:  # an on-premises site: the packet leaves the file's networks here
                return _delivered(path, gaps)
            path.append(nxt.name)
            if nxt.name in seen:
                return Trace(
                    status=Status.UNREACHABLE,
                    path=tuple(path),
                    kind="loop",
                    reason=f"the route to {destination} loops: {' -> '.join(path)}",
                )
            seen.add(nxt.name)
            vnet = nxt
        return _delivered(path, gaps)

    @staticmethod
    def _worst(traces: list[Trace]) -> Trace:
        """The worst of the routes of a destination's pieces, all starting at the VNet that split it."""
        worst = max(traces, key=lambda t: t.status.rank)
        reason = "; ".join(dict.fromkeys(t.reason for t in traces if t.reason))
        return Trace(status=worst.status, path=worst.path, kind=worst.kind, reason=reason)

    def _from_site(self, site: LocalNetworkSite, destination: Prefix) -> Trace:
        """From an on-premises site: into the tunnel of a VNet that connects to it, then by the rules."""
        callers = [v for v in self.vnets.values() if any(s.name == site.name for s in self.connected(v))]
        if not callers:
            express = [
                v.name
                for v in self.vnets.values()
                if v.gateway and any(c.site == site.name and c.type is ConnectionType.DEDICATED for c in v.gateway.connections)
            ]
            if express:
                return Trace(
                    status=Status.UNREACHABLE,
                    path=(site.name,),
                    kind="expressroute",
                    reason=f"{site.name!r} is joined to {express[0]!r} over ExpressRoute (a Dedicated"
                    " connection), which reach does not follow",
                )
            return Trace(
                status=Status.UNREACHABLE,
                path=(site.name,),
                kind="no-route",
                reason=f"no VNet's gateway connects to on-premises site {site.name!r}",
            )
        direct = [v for v in callers if _holds(self._vnet_span(v), destination.span)]
        tries = [self._entering(site, v, destination) for v in direct or callers]
        return min(tries, key=lambda t: t.status.rank)

    def _entering(self, site: LocalNetworkSite, vnet: VirtualNetworkSite, destination: Prefix) -> Trace:
        inside = self.trace(vnet.name, destination)
        gap = self._address_gap(site)
        status, reason = inside.status, inside.reason
        if gap and status is Status.REACHABLE:
            status, reason = Status.PENDING, gap
        return Trace(status=status, path=(site.name, *inside.path), reason=reason, kind=inside.kind)

    def towards(self, source: Endpoint, destination: Prefix, target: Span) -> Trace:
        """A packet from endpoint ``source`` to ``destination`` (whose span is ``target``)."""
        if source.kind == "vnet":
            return self._trace(source.object_name, destination, target)
        return self._from_site(self.sites[source.object_name], destination)

    def _dead_ends(self, source: Endpoint) -> Callable[[Endpoint], str | None]:
        """For a target, why ``source``'s packets for it go nowhere at its own gateway, when they plainly
        do: the answer :meth:`trace` would give (no-gateway, no-route), found without following anything.

        Most pairs of a large network are such: the first of the target's prefixes settles the
        verdict (an unreachable trace is the worst), so only it is asked about. ``None``: follow it.
        What depends on the source alone is worked out once, outside the function returned.
        """
        if source.kind != "vnet":
            return lambda target: None
        vnet = self.vnets[source.object_name]
        own, listed, dedicated = self._vnet_span(vnet), self._listed(vnet), self._dedicated_sites(vnet)
        firsts, head = self._first_prefixes(), _no_route_head(vnet)

        def dead_end(target: Endpoint) -> str | None:
            found = firsts.get(target.name)
            if found is None:  # no prefixes: followed, and said so there
                return None
            text, first, last = found
            for low, high in own:  # delivered at home (plain loops: this runs for every pair)
                if low <= first and last <= high:
                    return None
            for low, high in listed:  # a route, or a piece of one, to follow
                if low <= last and first <= high:
                    return None
            if vnet.gateway is None:
                return _no_gateway(vnet)
            if dedicated and self._express_route(vnet, (first, last)) is not None:
                return None
            return head + text + _NO_ROUTE_TAIL  # _no_route's words, the source's part made once

        return dead_end

    def _first_prefixes(self) -> dict[str, tuple[str, int, int]]:
        """Each endpoint's first prefix as text and span (a dead end is judged by it), made once for all."""
        if self._firsts is None:
            self._firsts = {}
            for endpoint in self.endpoints.values():
                if endpoint.space:
                    destination, (first, last) = self._spans(endpoint)[0]
                    self._firsts[endpoint.name] = (self._shown(destination, (first, last)), first, last)
        return self._firsts

    def _listed(self, vnet: VirtualNetworkSite) -> list[Span]:
        """Every span the sites ``vnet``'s gateway connects to list (a route, or a piece of one)."""
        found = self._routes_listed.get(vnet.name)
        if found is None:
            found = self._routes_listed[vnet.name] = [span for site in self.connected(vnet) for span in self._site_span(site)]
        return found

    def _spans(self, endpoint: Endpoint) -> list[tuple[Prefix, Span]]:
        """Each prefix of ``endpoint`` with its span: worked out once per endpoint, not once per pair."""
        found = self._destinations.get(endpoint.name)
        if found is None:
            found = self._destinations[endpoint.name] = [(network, network.span) for network in endpoint.space]
        return found

    def _one_way(self, source: Endpoint, target: Endpoint) -> Trace:
        """The worst trace from ``source`` to any of ``target``'s prefixes, and whether it ends at ``target``."""
        worst: Trace | None = None
        for destination, where in self._spans(target):
            trace = self.towards(source, destination, where)
            if trace.status is not Status.UNREACHABLE and trace.path[-1] != target.object_name:
                trace = Trace(
                    status=Status.UNREACHABLE,
                    path=trace.path,
                    kind="elsewhere",
                    reason=f"{destination} arrives at {trace.path[-1]!r}, not {target.name!r}: their address spaces overlap",
                )
            if worst is None or trace.status.rank > worst.status.rank:
                worst = trace
        return worst or Trace(status=Status.UNREACHABLE, path=(source.name,), reason=f"{target.name!r} has no prefixes")

    def verdicts(self, source: str, targets: Iterable[str]) -> list[Verdict]:
        """:meth:`verdict` from ``source`` to each of ``targets`` but itself, what depends on the source worked out once."""
        endpoints = self.endpoints
        a = endpoints[source]
        dead_end = self._dead_ends(a)
        found = []
        for target in targets:
            if target == source:
                continue
            dead = dead_end(endpoints[target])
            if dead is not None:
                found.append(Verdict(source=source, target=target, status=Status.UNREACHABLE, path=(a.object_name,), reason=dead))
            else:
                found.append(self._followed(source, target))
        return found

    def verdict(self, source: str, target: str) -> Verdict:
        """Whether ``source`` reaches ``target`` and the answer comes back."""
        a = self.endpoints[source]
        dead = self._dead_ends(a)(self.endpoints[target])
        if dead is not None:
            return Verdict(source=source, target=target, status=Status.UNREACHABLE, path=(a.object_name,), reason=dead)
        return self._followed(source, target)

    def _followed(self, source: str, target: str) -> Verdict:
        """:meth:`verdict`, found by following the packets both ways."""
        a, b = self.endpoints[source], self.endpoints[target]
        there = self._one_way(a, b)
        if there.status is Status.UNREACHABLE:  # the answer's way back does not matter then
            return Verdict(source=source, target=target, status=there.status, path=there.path, reason=there.reason)
        back = self._one_way(b, a)
        status: Status
        if back.status is Status.UNREACHABLE:
            status = Status.UNREACHABLE
            reason = f"one-way: traffic reaches {target!r} but the answer cannot return: {back.reason}"
        else:
            status = max(there.status, back.status, key=lambda s: s.rank)
            reason = "; ".join(dict.fromkeys(r for r in (there.reason, back.reason) if r))
        return Verdict(source=source, target=target, status=status, path=there.path, reason=reason)


def reach(
    network: NetworkSet, *, sources: Iterable[str] | str | None = None, targets: Iterable[str] | str | None = None
) -> list[Verdict]:
    """A verdict for every ordered pair of endpoints of the whole network (only from ``sources`` and to
    ``targets``, if given); its stand-ins worked out first if they are not yet."""
    if not isinstance(network, NetworkSet):
        raise UsageError(f"reach takes a NetworkSet (read_network's), not {type(network).__name__}")
    if network.relation is None:
        network = resolve(network)
    router = Router(network.joined())
    names = list(router.endpoints)
    froms = _names("sources", sources, names)
    tos = _names("targets", targets, names)
    return [verdict for a in froms for verdict in router.verdicts(a, tos)]


def _names(what: str, given: Iterable[str] | str | None, known: list[str]) -> list[str]:
    """The endpoints asked for (one name may be given alone), each checked to exist."""
    if given is None:
        return known
    found = [given] if isinstance(given, str) else list(given)
    unknown = [n for n in found if n not in known]
    if unknown:
        from netcfg.registry import did_you_mean

        raise UsageError(f"reach {what}: no VNet or on-premises site {unknown[0]!r}{did_you_mean(str(unknown[0]), known)}")
    return found


def assumptions(config: NetworkConfiguration) -> list[str]:
    """What the answers leave out: what the file does not say, or classic routing this does not follow."""
    found = [
        "point-to-site clients (a gateway's VPN client pool) are not endpoints",
        "what an on-premises device forwards beyond its own site is not known",
        "forced tunnelling and routes set outside the file are not in the file",
    ]
    dedicated = [
        f"{v.name} to {c.site}"
        for v in config.vnets
        for c in (v.gateway.connections if v.gateway else ())
        if c.type is ConnectionType.DEDICATED
    ]
    if dedicated:
        found.append(f"ExpressRoute (Dedicated) connections carry no static routes here ({', '.join(dedicated)})")
    return found


def counts(verdicts: Iterable[Verdict]) -> dict[Status, int]:
    """How many pairs have each status."""
    found = dict.fromkeys(Status, 0)
    for verdict in verdicts:
        found[verdict.status] += 1
    return found
