"""``netcfg show``: the network as a readable summary (text) or as data (JSON)."""

from __future__ import annotations

import json
from typing import Any

from netcfg.registry import Format, Registry
from netcfg.report import visible
from netcfg.model import LocalNetworkSite, VirtualNetworkSite
from netcfg.model.gateway_types import RoutingTypes
from netcfg.model.overview import Overview, Tunnel, overview
from netcfg.model import reach as routes
from netcfg.model.relation import Relation, StandIn
from netcfg.model.subscriptions import NetworkSet


def _listed(values: Any) -> str:
    return ", ".join(str(v) for v in values) or "none"


def _count(number: int, word: str, plural: str | None = None) -> str:
    return f"{number} {word if number == 1 else plural or word + 's'}"


def _type_words(vnet: VirtualNetworkSite, types: RoutingTypes) -> str:
    """``DynamicRouting``, or how the type is implied, or that nothing says it."""
    found = types.of(vnet)
    if found.type is None:
        return "type not in the file"
    return found.type.value if found.reason == "the file says so" else f"{found.type.value} ({found.reason})"


def _gateway(vnet: VirtualNetworkSite, types: RoutingTypes) -> str:
    gateway = vnet.gateway
    if gateway is None:
        return "none"
    parts = [f"{_type_words(vnet, types)}, {gateway.sku.value} SKU"]
    if gateway.profile is not None:
        parts.append(f"profile {gateway.profile.value}")
    if gateway.client_pool:
        parts.append(f"point-to-site pool {_listed(gateway.client_pool)}")
    parts.append(f"connects to {_listed(c.site for c in gateway.connections)}")
    return "; ".join(parts)


def _site(site: LocalNetworkSite, view: Overview, stand_in: StandIn | None, ambiguous: dict[str, tuple[str, ...]]) -> str:
    address = str(site.gateway_address) if site.gateway_address else "no gateway address"
    if site.name in view.placeholders and site.gateway_address is not None:
        address += f" (placeholder: {view.placeholders[site.name]})"
    role = (
        stand_in.reason
        if stand_in is not None
        else f"stands in for {site.mirrors}"
        if site.mirrors
        else "on premises"
        if site.name not in ambiguous
        else f"ambiguous: stands in for one of {', '.join(ambiguous[site.name])}"
    )
    return f"{site.name}  {_listed(site.prefixes)}  gateway {address}  {role}"


class _Reasons:
    """Each site of the joined network's stand-in, found by the name it has there."""

    def __init__(self, network: NetworkSet) -> None:
        self.relation = network.relation or Relation()
        shared = _shared_sites(network)
        self.by_name: dict[str, StandIn] = {}
        for (subscription, name), stand_in in self.relation.stand_ins.items():
            self.by_name[f"{name} ({subscription})" if name in shared else name] = stand_in

    def of(self, site: LocalNetworkSite) -> StandIn | None:
        return self.by_name.get(site.name)


def _shared_sites(network: NetworkSet) -> set[str]:
    counts: dict[str, int] = {}
    for part in network.parts:
        for site in part.config.local_sites:
            counts[site.name] = counts.get(site.name, 0) + 1
    return {name for name, count in counts.items() if count > 1}


def _tunnel(tunnel: Tunnel) -> str:
    a, b = tunnel.ends
    if tunnel.target_kind == "unknown":
        return f"{a} -> {b} (no such local site)  {tunnel.connection_type}"
    if tunnel.target_kind == "site":
        return f"{a} -> {b}  {tunnel.connection_type}"
    if tunnel.target_kind == "self":
        return f"{a} -> {b} (its own stand-in: connect to the other VNet's)  {tunnel.connection_type}"
    arrow = "⇄" if tunnel.both_ways else "->"
    suffix = "" if tunnel.both_ways else f"; one-way: {b} does not connect back"
    return f"{a} {arrow} {b} (via {' / '.join(tunnel.sites)})  {tunnel.connection_type}{suffix}"


def _owners(network: NetworkSet) -> dict[str, str]:
    return {vnet.name: p.subscription.name for p in network.named for vnet in p.config.vnets}


def text(network: NetworkSet) -> str:
    """Regions with their VNets, local sites (each stand-in with its reason), DNS servers, tunnels, the counts."""
    config = network.joined()
    owners = _owners(network)
    reasons = _Reasons(network)
    view = overview(config)
    types = RoutingTypes(config)  # once: asking per VNet would read every site again (quadratic)
    lines = []
    current = None
    for region in view.regions:
        owner = owners.get(region.vnets[0].name) if region.vnets else None
        if owner is not None and owner != current:
            lines.append(f"Subscription {owner}")
            current = owner
        lines.append(f"Region {region.label}")
        for vnet in region.vnets:
            lines.append(f"  {vnet.name}  {_listed(vnet.prefixes)}")
            lines.append(f"    subnets: {_listed(f'{s.name} {s.prefix}' for s in vnet.subnets)}")
            lines.append(f"    DNS servers: {_listed(vnet.dns_servers)}")
            lines.append(f"    gateway: {_gateway(vnet, types)}")
    sites = [s for r in view.regions for s in r.stand_ins] + view.on_premises
    if sites:
        lines.append("Local network sites")
        ambiguous = {a.site: a.vnets for a in reasons.relation.ambiguities}
        lines += [f"  {_site(site, view, reasons.of(site), ambiguous)}" for site in sites]
    if reasons.relation.ambiguities:
        lines.append("Ambiguous stand-ins (taken for on-premises sites until a mirror says which VNet)")
        lines += [f"  {a.message}" for a in reasons.relation.ambiguities]
    if config.dns_servers:
        lines.append("DNS servers")
        lines += [f"  {server.name}  {server.address}" for server in config.dns_servers]
    if view.tunnels:
        lines.append("Connections")
        lines += [f"  {_tunnel(tunnel)}" for tunnel in view.tunnels]
    counts = view.counts
    lines.append(
        ", ".join(
            [
                _count(counts["regions"], "region"),
                _count(counts["vnets"], "VNet"),
                _count(counts["local_sites"], "local site"),
                _count(len(config.dns_servers), "DNS server"),
                f"{_count(counts['tunnels'], 'connection')} ({counts['one_way']} one-way)",
                _count(len(view.placeholders), "placeholder gateway address", "placeholder gateway addresses"),
            ]
        )
    )
    lines.append(_reach_line(network))
    return visible("\n".join(lines)) + "\n"


def _reach_counts(network: NetworkSet) -> dict[str, int] | None:
    """How many pairs of networks are reachable, pending and unreachable (None for a network too large to count)."""
    if len(routes.endpoints(network.joined())) > routes.MOST_COUNTED:
        return None
    return {status.value: count for status, count in routes.counts(routes.reach(network)).items()}


def _reach_line(network: NetworkSet) -> str:
    found = _reach_counts(network)
    if found is None:
        return f"Reach: not counted for more than {routes.MOST_COUNTED} networks; 'netcfg reach SOURCE --only-from NAME' answers for one"
    return (
        f"Reach: {found['reachable']} pairs reachable, {found['pending']} pending (the second pass),"
        f" {found['unreachable']} unreachable; 'netcfg reach' says why"
    )


def _routing(vnet: VirtualNetworkSite, types: RoutingTypes) -> dict[str, Any]:
    found = types.of(vnet)
    return {"type": found.type.value if found.type else None, "reason": found.reason}


def as_json(network: NetworkSet) -> str:
    """The same summary as data."""
    config = network.joined()
    owners = _owners(network)
    reasons = _Reasons(network)
    view = overview(config)
    types = RoutingTypes(config)

    def vnet(v: VirtualNetworkSite) -> dict[str, Any]:
        gateway = v.gateway
        return {
            "name": v.name,
            **({"subscription": owners[v.name]} if v.name in owners else {}),
            "address_space": [str(p) for p in v.prefixes],
            "subnets": [{"name": s.name, "prefix": str(s.prefix)} for s in v.subnets],
            "dns_servers": list(v.dns_servers),
            "gateway": None
            if gateway is None
            else {
                "type": gateway.type.value if gateway.type else None,
                "routing_type": _routing(v, types),
                "sku": gateway.sku.value,
                "profile": gateway.profile.value if gateway.profile else None,
                "client_pool": [str(p) for p in gateway.client_pool],
                "connections": [{"site": c.site, "type": c.type.value} for c in gateway.connections],
            },
        }

    def site(s: LocalNetworkSite) -> dict[str, Any]:
        stand_in = reasons.of(s)
        return {
            "name": s.name,
            "prefixes": [str(p) for p in s.prefixes],
            "gateway_address": str(s.gateway_address) if s.gateway_address else None,
            "placeholder": view.placeholders.get(s.name),
            "mirrors": s.mirrors,
            "stands_in_for": None
            if stand_in is None
            else {"vnet": stand_in.vnet, "why": stand_in.why.value, "reason": stand_in.reason},
        }

    data = {
        "regions": [{"label": r.label, "vnets": [vnet(v) for v in r.vnets]} for r in view.regions],
        "local_sites": [site(s) for r in view.regions for s in r.stand_ins] + [site(s) for s in view.on_premises],
        "dns_servers": [{"name": d.name, "address": str(d.address)} for d in config.dns_servers],
        "connections": [
            {
                "ends": list(t.ends),
                "via": list(t.sites),
                "both_ways": t.both_ways,
                "type": t.connection_type,
                "target": t.target_kind,
            }
            for t in view.tunnels
        ],
        "ambiguous": [
            {"site": a.site, **({"subscription": a.subscription} if owners else {}), "vnets": list(a.vnets), "message": a.message}
            for a in reasons.relation.ambiguities
        ],
        "counts": {**view.counts, "dns_servers": len(config.dns_servers), "placeholders": len(view.placeholders)},
        "reach": _reach_counts(network),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


FORMATS: Registry[Format[NetworkSet]] = Registry("network format", [Format("text", text), Format("json", as_json)])
