"""Which local site stands in for which VNet, decided once for a whole network, as classic routing did.

In a VNet-to-VNet tunnel each VNet's gateway connects to a local site that *stands in* for the
other VNet: the site's prefixes are the routes the gateway sends into that tunnel, and after the
second pass its gateway address is the other VNet's VIP. A topology may say which site stands
in for which VNet (``mirrors``), and so may the user (``--mirror SITE=VNET``): that word wins and is
exact, the sites named for a VNet are its only stand-ins. Everything else is worked out here,
once, and every command reads the answer (:class:`netcfg.model.relation.Relation`).

Classic routes by the site's prefixes, whatever else they list (reference §B, "A stand-in is a
route list"): a stand-in may list more than its VNet's space (on-premises ranges behind it, a
point-to-site pool, other VNets for transit), a covering supernet, the space split into smaller
prefixes, or only part of it. What makes a site VNet B's stand-in is that the tunnel behind it
ends at B's gateway, which shows in the connection pattern: VNet A connects to site S whose
prefixes route B's space, and B connects back to a site T whose prefixes route A's space. So:

1. Every candidate *tunnel* is a pair of connections ``(A -> S, B -> T)`` as above, scored by how
   well the two sites fit (exactly the space, all of it with more, or part of it).
2. The best-scoring pairs are taken first, each connection into one tunnel at most; two equally
   good tunnels for one connection leave its site ambiguous rather than guessed.
3. A site in no tunnel (one-ended, or not connected yet) stands in for the one VNet whose
   address space it lists exactly, as the article's stand-ins do; otherwise it is on premises.

Each VNet's and site's prefixes are indexed once (by start and by aligned supernet), so finding
the VNets a site's prefixes meet costs a logarithm plus what is found, never a scan of all VNets.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from netcfg.errors import Option, OptionError
from netcfg.model.network import Connection, ConnectionType, LocalNetworkSite, NetworkConfiguration, VirtualNetworkSite
from netcfg.model.prefix import MASKS, Prefix, Span, dotted
from netcfg.model.relation import Ambiguity, Relation, StandIn, UnknownVNet, Why
from netcfg.model.subscriptions import NetworkSet, Part
from netcfg.registry import did_you_mean

Block = tuple[int, int, int]  # first address, last address, prefix length: one canonical CIDR block

EXACT, COVERS, PART = 0, 1, 2  # how well a site's prefixes fit a VNet's address space, best first


def _blocks(prefixes: Iterable[Prefix]) -> list[Block]:
    return sorted({(*prefix.span, prefix.length) for prefix in prefixes})


def _merged(blocks: list[Block]) -> tuple[Span, ...]:
    """The addresses of ``blocks`` as sorted, disjoint, non-adjacent spans."""
    spans: list[list[int]] = []
    for first, last, _ in blocks:
        if spans and first <= spans[-1][1] + 1:
            spans[-1][1] = max(spans[-1][1], last)
        else:
            spans.append([first, last])
    return tuple((a, b) for a, b in spans)


def _inside(spans: tuple[Span, ...], first: int, last: int) -> bool:
    at = bisect.bisect_right(spans, (first, 0xFFFFFFFF)) - 1
    return at >= 0 and spans[at][0] <= first and last <= spans[at][1]


def _meets(spans: tuple[Span, ...], first: int, last: int) -> bool:
    at = bisect.bisect_right(spans, (last, 0xFFFFFFFF)) - 1
    return at >= 0 and spans[at][1] >= first


class _Space(NamedTuple):
    """Prefixes as blocks and as merged spans, worked out once per VNet and per site.

    (This and _Network are named tuples, not dataclasses: private records every validate makes
    at import, where a named tuple costs a fraction of a dataclass.)"""

    blocks: list[Block]
    spans: tuple[Span, ...]

    @classmethod
    def of(cls, prefixes: Iterable[Prefix]) -> _Space:
        blocks = _blocks(prefixes)
        return cls(blocks, _merged(blocks))

    def fit(self, vnet: _Space) -> int | None:
        """How well these prefixes (a site's) route ``vnet``'s address space: EXACT, COVERS, PART, or None."""
        if not vnet.blocks:
            return None
        if self.spans == vnet.spans:
            return EXACT
        inside = [_inside(self.spans, first, last) for first, last, _ in vnet.blocks]
        if all(inside):
            return COVERS
        if any(inside) or any(_meets(self.spans, first, last) for first, last, _ in vnet.blocks):
            return PART
        return None


class _Index:
    """Every VNet's blocks, to find the VNets a block meets: those starting inside it (bisect), and
    those holding it (one of its 33 aligned supernets)."""

    def __init__(self, spaces: list[_Space]) -> None:
        entries = sorted((first, last, i) for i, space in enumerate(spaces) for first, last, _ in space.blocks)
        self.starts = [first for first, _, _ in entries]
        self.entries = entries
        self.holding: dict[tuple[int, int], list[int]] = {}
        for i, space in enumerate(spaces):
            for first, _, length in space.blocks:
                self.holding.setdefault((first, length), []).append(i)
        self.lengths = sorted({length for first, length in self.holding})

    def meeting(self, blocks: list[Block]) -> set[int]:
        found: set[int] = set()
        for first, last, length in blocks:
            at = bisect.bisect_left(self.starts, first)
            while at < len(self.entries) and self.entries[at][0] <= last:
                found.add(self.entries[at][2])
                at += 1
            for bits in self.lengths:
                if bits >= length:
                    break
                found.update(self.holding.get((first & MASKS[bits], bits), ()))
        return found


SiteKey = tuple[int, str]  # (part index, site name)
Link = tuple[int, SiteKey]  # (calling VNet index, site): one IPsec connection


class _Network(NamedTuple):
    """The network laid out for resolving: VNets and sites by index, with their spaces and connections."""

    parts: tuple[Part, ...]
    vnets: list[tuple[int, VirtualNetworkSite]]  # (part index, VNet), first of each name
    vnet_index: dict[str, int]
    vnet_spaces: list[_Space]
    sites: dict[SiteKey, LocalNetworkSite]
    site_spaces: dict[SiteKey, _Space]
    links: list[Link]
    callers: dict[SiteKey, list[int]]

    @classmethod
    def of(cls, network: NetworkSet) -> _Network:
        vnets: list[tuple[int, VirtualNetworkSite]] = []
        index: dict[str, int] = {}
        sites: dict[SiteKey, LocalNetworkSite] = {}
        for p, part in enumerate(network.parts):
            for vnet in part.config.vnets:
                if vnet.name not in index:
                    index[vnet.name] = len(vnets)
                    vnets.append((p, vnet))
            for site in part.config.local_sites:
                sites.setdefault((p, site.name), site)
        links: list[Link] = []
        callers: dict[SiteKey, list[int]] = {}
        for i, (p, vnet) in enumerate(vnets):
            for connection in _tunnels(vnet):
                key = (p, connection.site)
                if key in sites and i not in callers.get(key, ()):
                    links.append((i, key))
                    callers.setdefault(key, []).append(i)
        return cls(
            parts=network.parts,
            vnets=vnets,
            vnet_index=index,
            vnet_spaces=[_Space.of(v.prefixes) for _, v in vnets],
            sites=sites,
            site_spaces={key: _Space.of(site.prefixes) for key, site in sites.items()},
            links=links,
            callers=callers,
        )

    def name(self, key: SiteKey) -> tuple[str, str]:
        return self.parts[key[0]].subscription.name, key[1]


def _tunnels(vnet: VirtualNetworkSite) -> list[Connection]:
    """A VNet's IPsec connections: a Dedicated one is ExpressRoute, whose site's prefixes route nothing
    ("not used for ExpressRoute operation, but required for file validation"; reference §B)."""
    if vnet.gateway is None:
        return []
    return [c for c in vnet.gateway.connections if c.type is ConnectionType.IPSEC]


def given_mirrors(network: NetworkSet, mirrors: Mapping[str, str]) -> dict[SiteKey, str]:
    """``{(part, site): VNet}`` the user said: the topology's ``mirrors``, then ``mirrors`` (a site name
    means that site in every subscription that has one). Refuses a name the network lacks."""
    vnets = {v.name for part in network.parts for v in part.config.vnets}
    sites = {s.name for part in network.parts for s in part.config.local_sites}
    for site, vnet in mirrors.items():
        if site not in sites:
            raise OptionError(f"the network has no local site {site!r}{did_you_mean(site, sites)}", option=Option.MIRRORS)
        if vnet not in vnets:
            raise OptionError(f"the network has no VNet {vnet!r}{did_you_mean(vnet, vnets)}", option=Option.MIRRORS)
    found: dict[SiteKey, str] = {}
    for p, part in enumerate(network.parts):
        for each in part.config.local_sites:
            said = mirrors.get(each.name, each.mirrors)
            if said is not None:
                found.setdefault((p, each.name), said)
    return found


class _Resolver:
    def __init__(self, network: _Network, given: dict[SiteKey, str]) -> None:
        self.net = network
        self.given = given
        self.claimed = {network.vnet_index[v] for v in given.values() if v in network.vnet_index}
        self.index = _Index(network.vnet_spaces)
        self.meets: dict[SiteKey, set[int]] = {}
        self.fits: dict[tuple[SiteKey, int], int | None] = {}
        self.held: dict[Block, set[int]] = {}

    def meeting(self, key: SiteKey) -> set[int]:
        found = self.meets.get(key)
        if found is None:
            found = self.meets[key] = self.index.meeting(self.net.site_spaces[key].blocks)
        return found

    def fit(self, key: SiteKey, vnet: int) -> int | None:
        found = self.fits.get((key, vnet), -1)
        if found == -1:
            found = self.fits[(key, vnet)] = self.net.site_spaces[key].fit(self.net.vnet_spaces[vnet])
        return found

    def candidates(self, key: SiteKey) -> set[int]:
        """The VNets site ``key`` may stand in for: the one the user said, else those its prefixes meet
        that no user's word gives to other sites."""
        said = self.given.get(key)
        if said is not None:
            return {self.net.vnet_index[said]} if said in self.net.vnet_index else set()
        return self.meeting(key) - self.claimed

    def partners(self) -> dict[int, dict[int, list[tuple[SiteKey, int]]]]:
        """``{B: {A: [(T, fit)]}}``: the sites T that VNet B connects to whose prefixes route A's space."""
        found: dict[int, dict[int, list[tuple[SiteKey, int]]]] = {}
        for b, t in self.net.links:
            for a in self.candidates(t):
                fit = self.fit(t, a)
                if fit is not None and a != b:
                    found.setdefault(b, {}).setdefault(a, []).append((t, fit))
        return found

    def tunnels(self) -> list[tuple[tuple[int, int], Link, Link, int, int]]:
        """Every candidate tunnel ``(score, A -> S, B -> T, B, A)``, each once."""
        partners = self.partners()
        found = {}
        for a, s in self.net.links:
            for b in self.candidates(s):
                fit_s = self.fit(s, b)
                if b == a or fit_s is None:
                    continue
                for t, fit_t in partners.get(b, {}).get(a, ()):
                    if t == s:
                        continue
                    first, second = (a, s), (b, t)
                    key = (first, second) if first <= second else (second, first)
                    if key not in found:
                        found[key] = ((fit_s + fit_t, max(fit_s, fit_t)), first, second, b, a)
        return sorted(found.values(), key=lambda item: item[0])

    def pair(self) -> tuple[dict[Link, int], dict[Link, set[int]]]:
        """Tunnels taken best first: ``{connection: the VNet its site stands in for}``, and the connections
        with several equally good tunnels, with the VNets each could mean."""
        chosen: dict[Link, int] = {}
        torn: dict[Link, set[int]] = {}
        tunnels = self.tunnels()
        start = 0
        while start < len(tunnels):
            end = start
            while end < len(tunnels) and tunnels[end][0] == tunnels[start][0]:
                end += 1
            group = [
                t
                for t in tunnels[start:end]
                if t[1] not in chosen and t[1] not in torn and t[2] not in chosen and t[2] not in torn
            ]
            uses: dict[Link, set[int]] = {}
            for _, first, second, b, a in group:
                uses.setdefault(first, set()).add(b)
                uses.setdefault(second, set()).add(a)
            for _, first, second, b, a in group:
                if len(uses[first]) == 1 and len(uses[second]) == 1:
                    chosen[first], chosen[second] = b, a
            for link, vnets in uses.items():
                if len(vnets) > 1:
                    torn[link] = vnets
            start = end
        return chosen, torn

    def exact(self, key: SiteKey) -> list[int]:
        return sorted(v for v in self.candidates(key) if self.fit(key, v) == EXACT)

    def resolve(self) -> Relation:
        chosen, torn = self.pair()
        by_site: dict[SiteKey, set[int]] = {}
        for (_, key), vnet in chosen.items():
            by_site.setdefault(key, set()).add(vnet)
        torn_sites: dict[SiteKey, set[int]] = {}
        for (_, key), vnets in torn.items():
            torn_sites.setdefault(key, set()).update(vnets)
        stand_ins: dict[tuple[str, str], StandIn] = {}
        ambiguous: list[Ambiguity] = []
        unknown: list[UnknownVNet] = []
        for key in self.net.sites:
            subscription, site = self.net.name(key)
            said = self.given.get(key)
            if said is not None:
                if said in self.net.vnet_index:
                    stand_ins[(subscription, site)] = self.stand_in(key, self.net.vnet_index[said], given=True)
                else:
                    unknown.append(UnknownVNet(subscription=subscription, site=site, vnet=said))
                continue
            found = by_site.get(key, set())
            if len(found) == 1 and key not in torn_sites:
                stand_ins[(subscription, site)] = self.stand_in(key, next(iter(found)))
                continue
            if found or key in torn_sites:
                options = found | torn_sites.get(key, set())
                ambiguous.append(self.ambiguity(key, options))
                continue
            exact = self.exact(key)
            if len(exact) == 1:
                stand_ins[(subscription, site)] = self.stand_in(key, exact[0])
            elif exact:
                ambiguous.append(self.ambiguity(key, set(exact)))
        return Relation(stand_ins=stand_ins, ambiguities=tuple(ambiguous), unknown=tuple(unknown))

    def ambiguity(self, key: SiteKey, vnets: set[int]) -> Ambiguity:
        subscription, site = self.net.name(key)
        names = tuple(self.net.vnets[v][1].name for v in sorted(vnets))
        return Ambiguity(subscription=subscription, site=site, vnets=names, connected=key in self.net.callers)

    def stand_in(self, key: SiteKey, vnet: int, *, given: bool = False) -> StandIn:
        subscription, site = self.net.name(key)
        fit = self.fit(key, vnet)
        why, detail = self.shape(key, vnet, fit)
        if given:
            return StandIn(
                subscription=subscription, site=site, vnet=self.net.vnets[vnet][1].name, why=why, given=True, detail=detail
            )
        # The prefixes alone did not decide when another VNet fits them as well.
        rivals = [
            v for v in self.candidates(key) if v != vnet and (f := self.fit(key, v)) is not None and fit is not None and f <= fit
        ]
        return StandIn(
            subscription=subscription, site=site, vnet=self.net.vnets[vnet][1].name, why=why, pattern=bool(rivals), detail=detail
        )

    def shape(self, key: SiteKey, vnet: int, fit: int | None) -> tuple[Why, str]:
        """How site ``key``'s prefixes relate to ``vnet``'s space, as a :class:`Why` and the prefixes in words."""
        site, own = self.net.sites[key], self.net.vnets[vnet][1]
        listed = ", ".join(str(p.network) for p in site.prefixes)
        space = ", ".join(str(p.network) for p in own.prefixes)
        if fit is None:
            return Why.NONE, f"lists {listed}; {own.name!r} has {space}"
        if fit == PART:
            return Why.PART, f"lists {listed}; {own.name!r} has {space}"
        if fit == EXACT:
            same = {p.network for p in site.prefixes} == {p.network for p in own.prefixes}
            return (Why.EQUAL, listed) if same else (Why.SPLIT, f"{listed} for {space}")
        return self.more(key, vnet, listed, space)

    def more(self, key: SiteKey, vnet: int, listed: str, space: str) -> tuple[Why, str]:
        """What a site that routes all of ``vnet``'s space lists besides: a supernet, other VNets, other ranges."""
        own = self.net.vnets[vnet][1]
        own_space, blocks = self.net.vnet_spaces[vnet], self.net.site_spaces[key].blocks
        if any(
            length < bits and first <= low and high <= last
            for first, last, length in blocks
            for low, high, bits in own_space.blocks
        ):
            return Why.SUPERNET, f"{listed} holds {space}"
        extra = [block for block in blocks if not _inside(own_space.spans, block[0], block[1])]
        holders = [self.holders(block) - {vnet} for block in extra]
        if all(holders):
            names = sorted({self.net.vnets[o][1].name for found in holders for o in found})
            return Why.TRANSIT, f"{space} and the spaces of {', '.join(map(repr, names))}"
        pool = _Space.of(own.gateway.client_pool if own.gateway else ()).spans
        in_pool = all(_inside(pool, first, last) for first, last, _ in extra)
        ranges = ", ".join(_block_text(block) for block in extra)
        return Why.PLUS, f"{space} and {ranges}" + (f" (the point-to-site pool of {own.name!r})" if in_pool else "")

    def holders(self, block: Block) -> set[int]:
        """The VNets whose address space holds all of ``block``: worked out once per block (a hub's
        stand-ins each list the other spokes' spaces, so the same blocks come again and again)."""
        found = self.held.get(block)
        if found is None:
            spans = self.net.vnet_spaces
            found = self.held[block] = {v for v in self.index.meeting([block]) if _inside(spans[v].spans, block[0], block[1])}
        return found


def _block_text(block: Block) -> str:
    first, _, length = block
    return f"{dotted(first)}/{length}"


def resolve(network: NetworkSet, mirrors: Mapping[str, str] | None = None) -> NetworkSet:
    """``network`` with its stand-in relation worked out: every site's ``mirrors`` says the VNet it
    stands in for (or ``None`` for on premises), and :attr:`NetworkSet.relation` says why, what is
    ambiguous, and which VNet a user named that the network lacks.

    ``mirrors`` is the user's word, ``{site: VNet}`` (``--mirror``), over the topology's; an unknown
    name in it is an :class:`OptionError`.
    """
    given = given_mirrors(network, mirrors or {})
    laid_out = _Network.of(network)
    relation = _Resolver(laid_out, given).resolve()
    parts = []
    for part in network.parts:
        subscription = part.subscription.name
        sites = tuple(_with_mirror(site, relation.of(subscription, site.name)) for site in part.config.local_sites)
        if any(new is not old for new, old in zip(sites, part.config.local_sites)):
            part = dataclasses.replace(part, config=dataclasses.replace(part.config, local_sites=sites))
        parts.append(part)
    return NetworkSet(parts=tuple(parts), relation=relation)


def _with_mirror(site: LocalNetworkSite, stand_in: StandIn | None) -> LocalNetworkSite:
    vnet = stand_in.vnet if stand_in is not None else None
    return site if site.mirrors == vnet else dataclasses.replace(site, mirrors=vnet)


def resolve_config(config: NetworkConfiguration, mirrors: Mapping[str, str] | None = None) -> NetworkConfiguration:
    """One subscription's configuration with its stand-in relation worked out (see :func:`resolve`)."""
    return resolve(NetworkSet.single(config), mirrors).parts[0].config
