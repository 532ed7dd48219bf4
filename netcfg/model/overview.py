"""The network as people picture it: regions, VNets, their stand-in sites, and tunnels between them.

A ``.netcfg`` lists gateway connections one way each (VNet-Dublin connects to Local-Holland,
VNet-Holland to Local-Dublin). Read through the mirror relation, the two are one tunnel,
``VNet-Dublin ⇄ VNet-Holland``. ``show`` and ``graph`` both draw from this one reading.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from netcfg.model.addressing import why_not_public
from netcfg.model import LocalNetworkSite, NetworkConfiguration, VirtualNetworkSite
from netcfg.model.subscriptions import NetworkSet
from netcfg.values import Value


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class Region(Value):
    """Where VNets live: an affinity group (with its location when known) or a location."""

    key: str
    label: str
    vnets: list[VirtualNetworkSite] = field(default_factory=list)
    stand_ins: list[LocalNetworkSite] = field(default_factory=list)  # local sites that mirror these VNets


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class Tunnel(Value):
    """One tunnel: VNet to VNet (through the sites that stand in for each end), or VNet to a site.

    ``sites`` are the local sites it goes through, in the order of ``ends``; ``both_ways`` is
    true when each end's gateway connects to the other; ``target_kind`` says what ``ends[1]`` is.
    """

    ends: tuple[str, str]
    sites: tuple[str, ...]
    both_ways: bool
    connection_type: str
    target_kind: str  # "vnet", "site" (on premises), "self" (the VNet's own stand-in: an error) or "unknown"


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class Overview(Value):
    """What show and graph draw: regions with their VNets, on-premises sites, tunnels, placeholder addresses."""

    regions: list[Region]
    on_premises: list[LocalNetworkSite]
    tunnels: list[Tunnel]
    placeholders: dict[str, str]  # local site -> why its gateway address is not a real one

    @property
    def counts(self) -> dict[str, int]:
        return {
            "regions": len(self.regions),
            "vnets": sum(len(r.vnets) for r in self.regions),
            "local_sites": sum(len(r.stand_ins) for r in self.regions) + len(self.on_premises),
            "tunnels": len(self.tunnels),
            "one_way": sum(not t.both_ways for t in self.tunnels if t.target_kind == "vnet"),
        }


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class Box(Value):
    """What a picture draws inside one subscription's box: its regions, each with the stand-ins this
    subscription uploads for the region's VNets, and the stand-ins it uploads for other subscriptions'
    VNets (drawn in this box, where the file that holds them is, linked to their VNet elsewhere)."""

    subscription: str | None  # None: a network of one subscription, drawn without boxes
    regions: list[tuple[int, Region, list[LocalNetworkSite]]] = field(default_factory=list)
    visiting: list[LocalNetworkSite] = field(default_factory=list)


def boxes(network: NetworkSet, view: Overview) -> list[Box]:
    """``view`` (the overview of ``network.joined()``) cut into one box per subscription, in the network's
    order; the box of a subscription nobody named (a lone ``.netcfg``'s) has no label, and is drawn as none."""
    found = {p.subscription.name: Box(subscription=p.subscription.name if p.subscription.named else None) for p in network.parts}
    vnet_owner, site_owner = network.owners(), network.site_owners()
    for number, region in enumerate(view.regions):
        owner = vnet_owner[region.vnets[0].name]
        found[owner].regions.append((number, region, [s for s in region.stand_ins if site_owner.get(s.name) == owner]))
        for site in region.stand_ins:
            if site_owner.get(site.name, owner) != owner:
                found[site_owner[site.name]].visiting.append(site)
    return [box for box in found.values() if box.regions or box.visiting]


def _region_of(vnet: VirtualNetworkSite, locations: dict[str, str]) -> tuple[str, str]:
    if vnet.affinity_group is not None:
        where = locations.get(vnet.affinity_group)
        return f"ag:{vnet.affinity_group}", f"{vnet.affinity_group} (affinity group{', ' + where if where else ''})"
    return f"loc:{vnet.location}", str(vnet.location)


def _placeholder(site: LocalNetworkSite) -> str | None:
    if site.gateway_address is None:
        return "no gateway address yet"
    return why_not_public(site.gateway_address)


def overview(config: NetworkConfiguration) -> Overview:
    """Regions with their VNets and stand-in sites, on-premises sites, tunnels and placeholders."""
    locations = config.group_locations
    regions: dict[str, Region] = {}
    region_of_vnet: dict[str, Region] = {}
    for vnet in config.vnets:
        key, label = _region_of(vnet, locations)
        region = regions.setdefault(key, Region(key=key, label=label))
        region.vnets.append(vnet)
        region_of_vnet[vnet.name] = region
    sites = {site.name: site for site in config.local_sites}
    on_premises = []
    for site in config.local_sites:
        if site.mirrors in region_of_vnet:
            region_of_vnet[site.mirrors].stand_ins.append(site)
        else:
            on_premises.append(site)
    tunnels: list[Tunnel] = []
    between: dict[tuple[str, str], int] = {}  # (from VNet, to VNet) -> index in tunnels, to pair directions
    for vnet in config.vnets:
        for connection in vnet.gateway.connections if vnet.gateway else ():
            target = sites.get(connection.site)
            kind = connection.type.value
            if target is None:
                tunnels.append(
                    Tunnel(
                        ends=(vnet.name, connection.site), sites=(), both_ways=False, connection_type=kind, target_kind="unknown"
                    )
                )
            elif target.mirrors == vnet.name:  # connected to its own stand-in: connected-overlap's error
                tunnels.append(
                    Tunnel(
                        ends=(vnet.name, target.name),
                        sites=(target.name,),
                        both_ways=False,
                        connection_type=kind,
                        target_kind="self",
                    )
                )
            elif target.mirrors in region_of_vnet:
                reverse = between.get((target.mirrors, vnet.name))
                if reverse is None:
                    between[(vnet.name, target.mirrors)] = len(tunnels)
                    tunnels.append(
                        Tunnel(
                            ends=(vnet.name, target.mirrors),
                            sites=(target.name,),
                            both_ways=False,
                            connection_type=kind,
                            target_kind="vnet",
                        )
                    )
                else:  # the other direction of a tunnel already seen
                    first = tunnels[reverse]
                    tunnels[reverse] = Tunnel(
                        ends=first.ends,
                        sites=(first.sites[0], target.name),
                        both_ways=True,
                        connection_type=first.connection_type,
                        target_kind="vnet",
                    )
            else:
                tunnels.append(
                    Tunnel(
                        ends=(vnet.name, target.name),
                        sites=(target.name,),
                        both_ways=False,
                        connection_type=kind,
                        target_kind="site",
                    )
                )
    placeholders = {s.name: why for s in config.local_sites if (why := _placeholder(s))}
    return Overview(regions=list(regions.values()), on_premises=on_premises, tunnels=tunnels, placeholders=placeholders)


def vnet_caption(vnet: VirtualNetworkSite) -> str:
    """A VNet's box in a picture: name, address space, gateway type (one per line)."""
    lines = [vnet.name, ", ".join(str(p) for p in vnet.prefixes)]
    if vnet.gateway is not None:
        lines.append(f"gateway {vnet.gateway.type.value}" if vnet.gateway.type else "gateway")
    return "\n".join(lines)


def tunnel_caption(tunnel: Tunnel) -> str:
    """A tunnel's label in a picture: the sites it goes through (not the connection type, which is
    IPsec nearly always and is named only when it is not)."""
    kind = "" if tunnel.connection_type == "IPsec" else f" ({tunnel.connection_type})"
    if tunnel.target_kind == "self":
        return "connects to its own stand-in" + kind
    if tunnel.target_kind in ("site", "unknown"):
        return tunnel.connection_type
    via = " / ".join(tunnel.sites)
    return f"via {via}{kind}" if tunnel.both_ways else f"one-way, via {via}{kind}"


def site_caption(site: LocalNetworkSite, *, placeholder: bool) -> str:
    """A local site's box: name, prefixes, gateway address (marked if a placeholder), what it is."""
    address = str(site.gateway_address) if site.gateway_address else "no gateway address"
    if placeholder:
        address += " (placeholder)"
    role = f"stands in for {site.mirrors}" if site.mirrors else "on premises"
    return "\n".join([site.name, ", ".join(str(p) for p in site.prefixes), address, role])
