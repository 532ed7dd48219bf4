"""How a classic network maps to Azure Resource Manager, shared by the Bicep and Az PowerShell exports.

=========================================  =============================================================
classic                                    Resource Manager
=========================================  =============================================================
VirtualNetworkSite, Subnets, GatewaySubnet Microsoft.Network/virtualNetworks with the same subnets
affinity group / Location                  the group's region, or the VNet's Location, as an ARM name
local site that mirrors a VNet             nothing: the VNets connect directly
two VNets joined through mirrored sites    two Vnet2Vnet connections (default) or global peering both ways
local site for an on-premises network      Microsoft.Network/localNetworkGateways + an IPsec connection
DynamicRouting / StaticRouting gateway     RouteBased / PolicyBased virtualNetworkGateways
SKU Default / Standard / HighPerformance   VpnGw1 / VpnGw1 / VpnGw2 (the legacy SKUs have no equal now)
shared key                                 a secure parameter, never a literal
=========================================  =============================================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from netcfg.errors import RefusedError
from netcfg.model import Gateway, GatewaySku, GatewayType, NetworkConfiguration, VirtualNetworkSite, connected_ambiguity
from netcfg.overview import overview

API_VERSION = "2024-05-01"  # the one Microsoft.Network API version every exported resource uses
SKUS = {
    GatewaySku.DEFAULT: ("VpnGw1", "classic Default was the Basic SKU, which is legacy (no IKEv2, no BGP): VpnGw1 is the nearest current one"),
    GatewaySku.STANDARD: ("VpnGw1", "the legacy Standard SKU has no equal now; Microsoft migrates it to VpnGw1"),
    GatewaySku.HIGH_PERFORMANCE: ("VpnGw2", "the legacy HighPerformance SKU has no equal now; Microsoft migrates it to VpnGw2"),
}
VPN_TYPES = {GatewayType.DYNAMIC_ROUTING: "RouteBased", GatewayType.STATIC_ROUTING: "PolicyBased"}

_NAME = r"[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?"
# (what, shortest, longest): ARM's naming rules for the resources we create.
NAME_RULES = {
    "virtual network": (2, 64),
    "subnet": (1, 80),
    "local network gateway": (1, 80),
    "virtual network gateway": (1, 80),
    "public IP address": (1, 80),
    "connection": (1, 80),
    "peering": (1, 80),
}


def arm_location(display_name: str) -> str:
    """A classic display name ("North Europe") as an ARM location ("northeurope")."""
    return "".join(display_name.split()).lower()


@dataclass(frozen=True, kw_only=True)
class ArmGateway:
    """A virtual network gateway with its public IP, as ARM will create it."""

    name: str
    ip_name: str
    sku: str
    sku_note: str
    vpn_type: str
    client_pool: list[str]


@dataclass(frozen=True, kw_only=True)
class ArmVnet:
    """A VNet with its subnets (and gateway, if it connects), as ARM will create it."""

    symbol: str
    name: str
    location: str
    prefixes: list[str]
    subnets: list[tuple[str, str]]
    gateway: ArmGateway | None


@dataclass(frozen=True, kw_only=True)
class ArmLocalGateway:
    """A local network gateway: an on-premises site (stand-ins for VNets vanish)."""

    symbol: str
    name: str
    location: str
    address: str
    prefixes: list[str]


@dataclass(frozen=True, kw_only=True)
class ArmConnection:
    """A gateway connection, Vnet2Vnet or IPsec; each classic tunnel pair becomes two."""

    name: str
    location: str
    kind: str  # "Vnet2Vnet" or "IPsec"
    source: str  # symbol of the VNet whose gateway it starts from
    target: str  # symbol of the other VNet (Vnet2Vnet) or of the local network gateway (IPsec)


@dataclass(frozen=True, kw_only=True)
class ArmPeering:
    """One direction of a VNet peering (with --peering)."""

    name: str
    vnet: str  # symbol
    remote: str  # symbol


@dataclass(frozen=True, kw_only=True)
class ArmPlan:
    """Every resource of the export, worked out once for both Bicep and Az PowerShell."""

    vnets: list[ArmVnet]
    local_gateways: list[ArmLocalGateway]
    connections: list[ArmConnection]
    peerings: list[ArmPeering]
    notes: list[str] = field(default_factory=list)

    @property
    def needs_key(self) -> bool:
        return bool(self.connections)


def _location(vnet: VirtualNetworkSite, locations: dict[str, str]) -> str | None:
    if vnet.location is not None:
        return arm_location(vnet.location)
    where = locations.get(vnet.affinity_group or "")
    return arm_location(where) if where else None


def _name_problems(plan: ArmPlan) -> list[str]:
    names = [("virtual network", v.name) for v in plan.vnets]
    names += [("subnet", s) for v in plan.vnets for s, _ in v.subnets]
    names += [("virtual network gateway", v.gateway.name) for v in plan.vnets if v.gateway]
    names += [("public IP address", v.gateway.ip_name) for v in plan.vnets if v.gateway]
    names += [("local network gateway", g.name) for g in plan.local_gateways]
    names += [("connection", c.name) for c in plan.connections] + [("peering", p.name) for p in plan.peerings]
    problems = []
    for what, name in names:
        shortest, longest = NAME_RULES[what]
        if not shortest <= len(name) <= longest or not re.fullmatch(_NAME, name):
            problems.append(f"{what} name {name!r}: ARM takes {shortest} to {longest} letters, digits, '_', '.' and '-',"
                            " starting with a letter or digit and ending with a letter, digit or '_'")
    return problems


def plan(config: NetworkConfiguration, *, peering: bool = False) -> ArmPlan:
    """The Resource Manager resources for ``config``; ``peering`` joins VNets by peering, not gateways.

    Raises :class:`RefusedError` before anything is written: a VNet whose region is unknown, an
    on-premises site without a gateway address, names ARM would refuse (every one, with the rule).
    """
    ambiguity = connected_ambiguity(config)
    if ambiguity:
        raise RefusedError(ambiguity)
    locations = config.group_locations
    unplaced = sorted({v.affinity_group for v in config.vnets if _location(v, locations) is None and v.affinity_group})
    if unplaced:
        raise RefusedError(f"the region of affinity group(s) {', '.join(map(repr, unplaced))} is unknown; give it with"
                           f" --location-map {unplaced[0]}=<region>")
    view = overview(config)
    symbol = {v.name: f"vnet{i}" for i, v in enumerate(config.vnets)}
    location = {v.name: _location(v, locations) or "" for v in config.vnets}
    by_name = {v.name: v for v in config.vnets}
    vnet_tunnels = [t for t in view.tunnels if t.target_kind == "vnet"]
    site_tunnels = [t for t in view.tunnels if t.target_kind == "site"]
    needs_gateway = {t.ends[0] for t in site_tunnels} | {v.name for v in config.vnets if v.gateway and v.gateway.client_pool}
    if not peering:
        needs_gateway |= {end for t in vnet_tunnels for end in t.ends}
    notes = []
    vnets = []
    for vnet in config.vnets:
        gateway = None
        if vnet.name in needs_gateway:
            classic = vnet.gateway or Gateway()  # the far end of a one-way tunnel may have had none
            sku, note = SKUS[classic.sku]
            gateway = ArmGateway(name=f"{vnet.name}-gw", ip_name=f"{vnet.name}-gw-ip", sku=sku, sku_note=note,
                                 vpn_type=VPN_TYPES[classic.type], client_pool=[str(p) for p in classic.client_pool])
        vnets.append(ArmVnet(symbol=symbol[vnet.name], name=vnet.name, location=location[vnet.name],
                             prefixes=[str(p) for p in vnet.prefixes],
                             subnets=[(s.name, str(s.prefix)) for s in vnet.subnets], gateway=gateway))
    connected_from = {t.ends[1]: t.ends[0] for t in site_tunnels}
    local_gateways = []
    for index, site in enumerate(view.on_premises):
        if site.gateway_address is None:
            raise RefusedError(f"on-premises local site {site.name!r} has no VPN gateway address; a local network"
                               " gateway needs one (patch it in first)")
        if site.name in view.placeholders:
            notes.append(f"local network gateway {site.name!r} keeps the placeholder address {site.gateway_address}")
        home = connected_from.get(site.name)
        local_gateways.append(ArmLocalGateway(symbol=f"site{index}", name=site.name,
                                              location=location[home] if home else next(iter(location.values()), ""),
                                              address=str(site.gateway_address), prefixes=[str(p) for p in site.prefixes]))
    site_symbol = {g.name: g.symbol for g in local_gateways}
    connections, peerings = [], []
    for tunnel in vnet_tunnels:
        a, b = tunnel.ends
        if not tunnel.both_ways:
            notes.append(f"only {a} connected to {b} in the classic network; both directions are created here")
        if peering:
            peerings += [ArmPeering(name=f"{a}-to-{b}", vnet=symbol[a], remote=symbol[b]),
                         ArmPeering(name=f"{b}-to-{a}", vnet=symbol[b], remote=symbol[a])]
        else:
            connections += [ArmConnection(name=f"{a}-to-{b}", location=location[a], kind="Vnet2Vnet", source=symbol[a], target=symbol[b]),
                            ArmConnection(name=f"{b}-to-{a}", location=location[b], kind="Vnet2Vnet", source=symbol[b], target=symbol[a])]
    for tunnel in site_tunnels:
        a, site = tunnel.ends
        if by_name[a].gateway is not None:
            connections.append(ArmConnection(name=f"{a}-to-{site}", location=location[a], kind="IPsec", source=symbol[a],
                                             target=site_symbol[site]))
    result = ArmPlan(vnets=vnets, local_gateways=local_gateways, connections=connections, peerings=peerings, notes=notes)
    problems = _name_problems(result)
    if problems:
        raise RefusedError("ARM would refuse these names, so nothing was written: " + "; ".join(problems))
    return result
