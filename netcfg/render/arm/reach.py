"""Whether the Resource Manager network an export plans reaches what the classic network reached.

The export's own resources say what it reaches, by Resource Manager's rules (each with its source):

1. A Vnet2Vnet tunnel is up when both VNets' gateways have a connection to the other (each side
   creates its own); it carries the two VNets' address spaces, and nothing else without BGP.
2. An IPsec connection to a local network gateway carries that gateway's prefixes; the site's
   device sends into the tunnel, and the VNet's gateway forwards it by its own routes.
3. A peering joins two VNets only: "peering is not transitive" (no gateway transit is set here).
4. BGP carries transit: gateways joined by BGP-enabled Vnet2Vnet tunnels learn each other's VNet
   spaces and the prefixes of every local network gateway connected to any of them ("Azure VPN
   gateway will advertise ... address prefixes for each Local Network Gateways connected ...
   routes learned from other BGP peering sessions": includes/vpn-gateway-faq-bgp-include.md).
5. An on-premises network behind policy-based traffic selectors "can only connect to the Azure
   virtual network; they cannot transit to other on-premises networks or virtual networks via the
   same Azure VPN gateway" (vpn-gateway-connect-multiple-policybased-rm-ps.md@401796bf).

A pair is reached when traffic gets there and the answer comes back, as ``netcfg reach`` decides
for the classic network; its verdicts are what the export is compared with.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from netcfg.errors import Hint, Option, RefusedError
from netcfg.model.reach import MOST_PAIRS, Router, Status, Verdict, endpoints
from netcfg.model.standins import resolve
from netcfg.model.subscriptions import NetworkSet, qualified_name
from netcfg.render import RenderOptions
from netcfg.render import arm
from netcfg.values import Value


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class Link(Value):
    """One connection or peering of a plan, by the classic names of its ends."""

    kind: str  # "Vnet2Vnet", "IPsec" or "peering"
    source: str  # the VNet it starts from
    target: str  # a VNet, or an on-premises site as reach names it
    bgp: bool = False
    policy_based: bool = False


def links(plan: arm.ArmPlan, site_name: Mapping[str, str] | None = None) -> list[Link]:
    """The connections and peerings ``plan`` creates; ``site_name`` renames sites as ``netcfg reach`` names them."""
    by_symbol = plan.by_symbol()
    rename = site_name or {}

    def end(value: arm.Ref | arm.Remote) -> str:
        if isinstance(value, arm.Remote):
            return value.vnet
        source = by_symbol[value.symbol].source
        return rename.get(source, source) if by_symbol[value.symbol].type == arm.LOCAL_GATEWAYS else source

    found = []
    for resource in plan.resources:
        properties = resource.properties
        if resource.type == arm.CONNECTIONS:
            far = properties.get("virtualNetworkGateway2") or properties["localNetworkGateway2"]
            found.append(
                Link(
                    kind=properties["connectionType"],
                    source=resource.source,
                    target=end(far["id"]),
                    bgp=bool(properties.get("enableBgp")),
                    policy_based=bool(properties.get("usePolicyBasedTrafficSelectors")),
                )
            )
        elif resource.type == arm.PEERINGS:
            found.append(Link(kind="peering", source=resource.source, target=end(properties["remoteVirtualNetwork"]["id"])))
    return found


@dataclass
class ArmReach:
    """Who reaches whom over the links of every subscription's plan."""

    links: list[Link]
    gateways_bgp: set[str]  # VNets whose gateway has BGP
    _tunnels: dict[str, dict[str, Link]] = field(default_factory=dict)  # VNet -> far VNet -> its link, both ends made
    _sites: dict[str, dict[str, Link]] = field(default_factory=dict)  # VNet -> site -> its IPsec link
    _site_vnets: dict[str, list[str]] = field(default_factory=dict)  # site -> the VNets connected to it
    _peers: dict[str, set[str]] = field(default_factory=dict)
    _component: dict[str, int] = field(default_factory=dict)  # VNet -> its BGP component
    _component_sites: dict[int, set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        made = {(link.source, link.target): link for link in self.links if link.kind == "Vnet2Vnet"}
        for (a, b), link in made.items():
            if (b, a) in made:  # rule 1: both ends
                self._tunnels.setdefault(a, {})[b] = link
        for link in self.links:
            if link.kind == "IPsec":
                self._sites.setdefault(link.source, {})[link.target] = link
                self._site_vnets.setdefault(link.target, []).append(link.source)
            elif link.kind == "peering":
                self._peers.setdefault(link.source, set()).add(link.target)
        self._bgp_components()

    def _bgp_components(self) -> None:
        """Rule 4: VNets joined by tunnels whose two connections and two gateways all have BGP."""

        def bgp_tunnel(a: str, b: str) -> bool:
            there, back = self._tunnels.get(a, {}).get(b), self._tunnels.get(b, {}).get(a)
            return bool(there and back and there.bgp and back.bgp and {a, b} <= self.gateways_bgp)

        number = 0
        for start in sorted(self.gateways_bgp):
            if start in self._component:
                continue
            number += 1
            stack = [start]
            self._component[start] = number
            while stack:
                vnet = stack.pop()
                for far in self._tunnels.get(vnet, {}):
                    if far not in self._component and bgp_tunnel(vnet, far):
                        self._component[far] = number
                        stack.append(far)
        for vnet, component in self._component.items():
            sites = {s for s, link in self._sites.get(vnet, {}).items() if not link.policy_based}
            self._component_sites.setdefault(component, set()).update(sites)

    def _from_gateway(self, vnet: str, target: str) -> str | None:
        """How ``vnet``'s gateway forwards to ``target`` (rules 1, 2, 4), or ``None``."""
        if target in self._tunnels.get(vnet, {}):
            return f"Vnet2Vnet connections {vnet} <-> {target}"
        if target in self._sites.get(vnet, {}):
            link = self._sites[vnet][target]
            return f"IPsec connection {vnet} -> {target}" + (" (policy-based)" if link.policy_based else "")
        component = self._component.get(vnet)
        if component is not None and (self._component.get(target) == component or target in self._component_sites[component]):
            return f"BGP: {vnet}'s gateway learns the route from its BGP peers"
        return None

    def forward(self, source: str, kind: str, target: str) -> str | None:
        """How traffic from ``source`` (a VNet, or a site when ``kind`` is "site") gets to ``target``, or ``None``."""
        if kind == "vnet":
            if target == source:
                return "itself"
            if target in self._peers.get(source, set()):
                return f"peering {source} -> {target}"
            return self._from_gateway(source, target)
        for vnet in self._site_vnets.get(source, []):  # rule 2: the device sends into each tunnel
            if target == vnet:
                return f"IPsec connection {vnet} -> {source}"
            if self._sites[vnet][source].policy_based:  # rule 5
                continue
            how = self._from_gateway(vnet, target)
            if how is not None:
                return f"into {vnet}'s tunnel, then {how}"
        return None

    def why_not(self, source: str, through: list[str]) -> str:
        """Why the export misses a pair classic reached ``through`` other networks (empty: directly)."""
        if not through:
            return "no connection or peering joins them here"
        went = f"classic went through {', '.join(through)}"
        if through[0] in self._peers.get(source, set()):
            return f"{went}, and a peering is not transitive"
        links = self._sites.get(source, {})
        if through[0] in links and links[through[0]].policy_based:
            return f"{went}, and policy-based traffic selectors do not transit"
        return f"{went}, and without BGP a Vnet2Vnet connection carries only the two VNets' own spaces"

    def reaches(self, source: tuple[str, str], target: tuple[str, str]) -> str | None:
        """How ``source`` reaches ``target`` (each ``(kind, name)``) with the answer coming back, or ``None``."""
        there = self.forward(source[1], source[0], target[1])
        back = self.forward(target[1], target[0], source[1])
        return there if there is not None and back is not None else None


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class Pair(Value):
    """One ordered pair: what classic reach said, and whether the export reaches it."""

    source: str
    target: str
    classic: Status
    export: str | None  # how the export reaches it, or None
    reason: str = ""  # classic's reason when not reachable there; the export's when it loses the pair

    @property
    def lost(self) -> bool:
        return self.classic is not Status.UNREACHABLE and self.export is None

    @property
    def gained(self) -> bool:
        return self.classic is Status.UNREACHABLE and self.export is not None


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class Comparison(Value):
    """The export's reach against classic reach, for the pairs asked about."""

    pairs: tuple[Pair, ...]
    endpoints: int
    skipped: str = ""  # why no comparison was made (too large a network)

    @property
    def lost(self) -> list[Pair]:
        return [p for p in self.pairs if p.lost]

    @property
    def gained(self) -> list[Pair]:
        return [p for p in self.pairs if p.gained]

    def lines(self) -> list[str]:
        """The comparison as text: counts, then every pair either side reaches, lost ones marked."""
        if self.skipped:
            return [f"not compared: {self.skipped}"]
        kept = [p for p in self.pairs if p.classic is not Status.UNREACHABLE or p.export is not None]
        classic = sum(p.classic is not Status.UNREACHABLE for p in self.pairs)
        export = sum(p.export is not None for p in self.pairs)
        lines = [
            f"{self.endpoints} networks, {len(self.pairs)} ordered pairs: classic reaches {classic}, the export"
            f" {export}; {len(self.lost)} lost, {len(self.gained)} gained"
        ]
        width = max([len(p.source) for p in kept] + [4])
        for pair in kept:
            mark = "LOST" if pair.lost else "gained" if pair.gained else "kept"
            how = f"not reached: {pair.reason}" if pair.lost else pair.export
            lines.append(f"  {mark:6}  {pair.source:{width}} -> {pair.target}: classic {pair.classic.value}; export: {how}")
        return lines


def compare(network: NetworkSet, options: RenderOptions, *, sources: Iterable[str] | None = None) -> Comparison:
    """What every subscription's plan reaches against classic reach, for pairs from ``sources`` (default all).

    Beyond :data:`~netcfg.model.reach.MOST_PAIRS` pairs no comparison is made, and ``skipped`` says so.
    """
    if network.relation is None:
        network = resolve(network)
    joined = network.joined()
    points = endpoints(joined)
    asked = set(sources) if sources is not None else None
    froms = [e for e in points if asked is None or e.object_name in asked]
    count = len(froms) * (len(points) - 1)
    if count > MOST_PAIRS:
        return Comparison(
            pairs=(), endpoints=len(points), skipped=f"{count:,} pairs, more than the {MOST_PAIRS:,} netcfg reach answers at once"
        )
    plans = arm.plans(network, options)
    renamed = _site_names(network)
    found = [link for plan in plans for link in links(plan, renamed.get(plan.subscription, {}))]
    bgp = {r.source for plan in plans for r in plan.of_type(arm.GATEWAYS) if r.properties.get("enableBgp")}
    model = ArmReach(links=found, gateways_bgp=bgp)
    router = Router(joined)
    vnet_names = {v.name for v in joined.vnets}
    pairs = []
    for a in froms:
        for b in points:
            if a is b:
                continue
            verdict: Verdict = router.verdict(a.name, b.name)
            how = model.reaches((a.kind, a.object_name), (b.kind, b.object_name))
            if verdict.status is Status.UNREACHABLE:
                reason = verdict.reason
            elif how is None:
                reason = model.why_not(a.object_name, [n for n in verdict.path[1:-1] if n in vnet_names])
            else:
                reason = ""
            pairs.append(Pair(source=a.name, target=b.name, classic=verdict.status, export=how, reason=reason))
    return Comparison(pairs=tuple(pairs), endpoints=len(points))


def _site_names(network: NetworkSet) -> dict[str, dict[str, str]]:
    """``{subscription: {site: its name in the joined network}}`` for sites whose name several subscriptions use."""
    counts: dict[str, int] = {}
    for part in network.parts:
        for site in part.config.local_sites:
            counts[site.name] = counts.get(site.name, 0) + 1
    return {
        part.subscription.name: {
            s.name: qualified_name(s.name, part.subscription.name) for s in part.config.local_sites if counts[s.name] > 1
        }
        for part in network.parts
    }


LISTED = 10  # lost pairs named in an error; the rest counted


def lost_words(pairs: list[Pair]) -> str:
    """Lost pairs in one clause: ``VNet-A -> VNet-B (reachable on classic), ...``."""
    named = [f"{p.source} -> {p.target} ({p.classic.value} on classic; {p.reason})" for p in pairs[:LISTED]]
    more = f" and {len(pairs) - LISTED} more" if len(pairs) > LISTED else ""
    return ", ".join(named) + more


def checked_plan(network: NetworkSet, options: RenderOptions, *, writing: str) -> arm.ArmPlan:
    """The plan of the subscription ``options`` names, compared with classic reach first.

    A pair classic reached that the export does not is refused (:class:`RefusedError`) unless
    ``options.accept_lost``; then the lost pairs are in the plan's notes, as a skipped comparison is.
    """
    plan = arm.plan_for(network, options, writing=writing)
    comparison = compare(network if network.relation is not None else resolve(network), options)
    notes = list(plan.notes)
    if comparison.skipped:
        notes.append(f"not compared with classic reach: {comparison.skipped}")
    lost = comparison.lost
    if lost and not options.accept_lost:
        way = (
            "; without peering, gateways with BGP carry that transit"
            if options.peering and any("peering is not transitive" in p.reason for p in lost)
            else ""
        )
        raise RefusedError(
            f"no {writing} was written: the export reaches less than the classic network did: {lost_words(lost)}{way}",
            hints=(
                Hint("see why", Option.CHECK),
                Hint("or write it anyway, the lost pairs listed in the file", Option.ACCEPT_LOST),
            ),
        )
    notes += [f"lost on Resource Manager (accepted): {p.source} -> {p.target}, {p.classic.value} on classic" for p in lost]
    return dataclasses.replace(plan, notes=tuple(notes))
