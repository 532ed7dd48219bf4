"""How a classic network maps to Azure Resource Manager, worked out once for every export format.

The plan is a list of resources, each with its ARM type, name, location and ``properties`` as
ARM JSON has them; references to other resources and template parameters are values of their
own (:class:`Ref`, :class:`Param`). ARM JSON and Bicep print the same dictionaries; the Az
PowerShell script reads its cmdlet arguments from them. So the three formats describe the same
resources with the same properties by construction.

=========================================  =============================================================
classic                                    Resource Manager
=========================================  =============================================================
VirtualNetworkSite, Subnets, GatewaySubnet Microsoft.Network/virtualNetworks, same subnets, canonical
                                           prefixes (ARM refuses host bits), DNS servers as dhcpOptions
affinity group / Location                  the region's programmatic name (``North Europe`` -> northeurope)
local site that mirrors a VNet             nothing: the VNets connect directly
two VNets joined through mirrored sites    two Vnet2Vnet connections (default) or peering both ways
local site for an on-premises network      Microsoft.Network/localNetworkGateways + an IPsec connection
DynamicRouting / StaticRouting gateway     RouteBased; a StaticRouting (policy-based) gateway's IPsec
                                           connections get usePolicyBasedTrafficSelectors and an IPsec policy
SKU Default / Standard / HighPerformance   VpnGw1AZ / VpnGw1AZ / VpnGw2AZ (see SKUS)
point-to-site pool                         vpnClientConfiguration: IKEv2 and OpenVPN, certificate
                                           authentication, the root certificate as a parameter
Connection type="Dedicated"                left out with a note: re-link its ExpressRoute circuit by hand
shared key                                 a secure parameter, never a literal
=========================================  =============================================================

What Azure refuses today, and why each mapping is what it is, is in ``PLATFORM`` with sources.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from ipaddress import IPv4Interface, IPv4Network
from typing import Any

from netcfg.model import regions
from netcfg.model.addressing import allocate, span, why_not_public
from netcfg.errors import RefusedError
from netcfg.model import (
    Connection,
    ConnectionType,
    Gateway,
    GatewaySku,
    GatewayType,
    LocalNetworkSite,
    NetworkConfiguration,
    VirtualNetworkSite,
)
from netcfg.model.overview import Overview, Tunnel, overview
from netcfg.model.standins import resolve
from netcfg.model.subscriptions import NetworkSet
from netcfg.render import RenderOptions, one_part, refuse_ambiguous

API_VERSION = "2024-05-01"  # the one Microsoft.Network API version every exported resource uses
VNETS = "Microsoft.Network/virtualNetworks"
SUBNETS = "Microsoft.Network/virtualNetworks/subnets"
PEERINGS = "Microsoft.Network/virtualNetworks/virtualNetworkPeerings"
GATEWAYS = "Microsoft.Network/virtualNetworkGateways"
PUBLIC_IPS = "Microsoft.Network/publicIPAddresses"
LOCAL_GATEWAYS = "Microsoft.Network/localNetworkGateways"
CONNECTIONS = "Microsoft.Network/connections"

# Since January 2025 no new VpnGw1-5 (non-AZ) gateway can be created; Microsoft moves legacy
# Standard and HighPerformance gateways to VpnGw1AZ and VpnGw2AZ, and AZ SKUs deploy in every
# region (MicrosoftDocs/azure-docs articles/vpn-gateway/gateway-sku-consolidation.md,
# includes/vpn-gateway-deprecate-sku-faq.md; reference §D.4). Classic Default was Basic, which a
# new gateway cannot have either (no IKEv2, no route-based features): VpnGw1AZ is the nearest.
SKUS = {GatewaySku.DEFAULT: "VpnGw1AZ", GatewaySku.STANDARD: "VpnGw1AZ", GatewaySku.HIGH_PERFORMANCE: "VpnGw2AZ"}
SKU_NOTE = ("gateway SKUs follow Microsoft's consolidation: since January 2025 VpnGw1-5 (non-AZ) gateways can no longer"
            " be created, so classic Default and Standard become VpnGw1AZ and HighPerformance VpnGw2AZ")
RECOMMENDED_GATEWAY_SUBNET = 27  # "/29 minimum, /27 or larger recommended" (VPN Gateway FAQ; reference §D.4)
LONGEST_NAME = 80
# A policy-based (classic StaticRouting) device behind a route-based gateway needs
# usePolicyBasedTrafficSelectors, and that only with a custom IPsec/IKE policy ("You must create an
# IPsec/IKE policy to enable the UsePolicyBasedTrafficSelectors option on the connection":
# MicrosoftDocs/azure-docs articles/vpn-gateway/vpn-gateway-connect-multiple-policybased-rm-ps.md).
# The default is a template parameter, to be matched to the device; these are the documented
# defaults for the SA lifetimes and common strong algorithms for the rest.
POLICY_BASED_IPSEC = {"ikeEncryption": "AES256", "ikeIntegrity": "SHA256", "dhGroup": "DHGroup14",
                      "ipsecEncryption": "AES256", "ipsecIntegrity": "SHA256", "pfsGroup": "None",
                      "saLifeTimeSeconds": 27000, "saDataSizeKilobytes": 102400000}

_NAME = r"[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?"
# (shortest, longest) of each resource's name in ARM's naming rules.
NAME_RULES = {VNETS: (2, 64), SUBNETS: (1, 80), LOCAL_GATEWAYS: (1, 80), GATEWAYS: (1, 80), PUBLIC_IPS: (1, 80),
              CONNECTIONS: (1, 80), PEERINGS: (1, 80)}
KIND = {VNETS: "virtual network", SUBNETS: "subnet", LOCAL_GATEWAYS: "local network gateway",
        GATEWAYS: "virtual network gateway", PUBLIC_IPS: "public IP address", CONNECTIONS: "connection",
        PEERINGS: "peering"}


@dataclass(frozen=True)
class Ref:
    """The resource id of a resource of the plan, or of one of its children (``("subnets", "GatewaySubnet")``)."""

    symbol: str
    child: tuple[str, str] | None = None


@dataclass(frozen=True)
class Param:
    """The value of a template parameter."""

    name: str


@dataclass(frozen=True, kw_only=True)
class Parameter:
    """A template parameter: the shared key, a root certificate, an IPsec policy."""

    name: str
    type: str  # "securestring", "string" or "array"
    description: str
    min_length: int | None = None
    max_length: int | None = None
    default: Any = None


@dataclass(frozen=True, kw_only=True)
class Resource:
    """One ARM resource: ``properties`` exactly as ARM JSON has them, with :class:`Ref` and :class:`Param` values."""

    symbol: str
    type: str
    name: str
    location: str | None
    properties: dict[str, Any]
    sku: dict[str, str] | None = None
    parent: str | None = None  # symbol of the parent resource (a peering's VNet)

    def references(self) -> list[Ref]:
        """Every resource this one refers to, in order: what it depends on."""
        found: list[Ref] = []

        def visit(value: Any) -> None:
            if isinstance(value, Ref):
                found.append(value)
            elif isinstance(value, dict):
                for item in value.values():
                    visit(item)
            elif isinstance(value, list):
                for item in value:
                    visit(item)

        visit(self.properties)
        return found


@dataclass(frozen=True, kw_only=True)
class ArmPlan:
    """Every resource and parameter of the export, and the notes a person must read."""

    resources: tuple[Resource, ...]
    parameters: tuple[Parameter, ...]
    notes: tuple[str, ...]
    joined: str | None  # "Vnet2Vnet", "peering", or None when no two VNets are joined

    def by_symbol(self) -> dict[str, Resource]:
        return {r.symbol: r for r in self.resources}

    def of_type(self, kind: str) -> list[Resource]:
        return [r for r in self.resources if r.type == kind]

    @property
    def needs_key(self) -> bool:
        return any(p.name == "sharedKey" for p in self.parameters)


def arm_location(name: str) -> str:
    """A region's programmatic name, from any name the region table knows; refused with the nearest names otherwise."""
    found = regions.find(name)
    if found is None:
        raise RefusedError(f"{regions.unknown_message(name)}; Resource Manager needs a region (give one with --location-map)")
    return found.name


def short_name(name: str, longest: int = LONGEST_NAME) -> str:
    """``name`` itself, or cut to ``longest`` with a hash of the whole: the same long name always gives the same short one."""
    if len(name) <= longest:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"{name[:longest - 9].rstrip('-_.')}-{digest}"


@dataclass
class _Planner:
    """Builds the plan for one configuration; each method handles one idea (VNets, gateways, sites, links, names)."""

    config: NetworkConfiguration
    peering: bool
    resources: list[Resource] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    parameters: dict[str, Parameter] = field(default_factory=dict)
    symbols: dict[str, str] = field(default_factory=dict)  # VNet name -> its symbol
    locations: dict[str, str] = field(default_factory=dict)  # VNet name -> ARM location

    # --- checks before anything is planned ---------------------------------------------------

    def check(self) -> None:
        self.check_static_gateways()
        self.check_case_unique()

    def check_static_gateways(self) -> None:
        # As the runbook refuses it: a classic StaticRouting gateway carried one site-to-site
        # tunnel and no VNet-to-VNet connection (reference §B).
        mirrored = {s.name for s in self.config.local_sites if s.mirrors}
        for vnet in self.config.vnets:
            gateway = vnet.gateway
            if gateway is None or gateway.type is GatewayType.DYNAMIC_ROUTING:
                continue
            if any(c.site in mirrored for c in gateway.connections) or len(gateway.connections) > 1:
                raise RefusedError(f"the gateway of VNet {vnet.name!r} is StaticRouting, but VNet-to-VNet and multi-site"
                                   " connections need DynamicRouting; set type = \"DynamicRouting\" in the topology")

    def check_case_unique(self) -> None:
        # Resource Manager names are case-insensitive: VNet-A and vnet-a are one resource (§D.4).
        for kind, names in (("VNet", [v.name for v in self.config.vnets]),
                            ("local site", [s.name for s in self.config.local_sites])):
            seen: dict[str, str] = {}
            for name in names:
                other = seen.setdefault(name.casefold(), name)
                if other != name:
                    raise RefusedError(f"{kind}s {other!r} and {name!r} differ only in case, and Resource Manager names"
                                       " are case-insensitive: they would be one resource; rename one of them")

    # --- VNets ----------------------------------------------------------------------------------

    def location_of(self, vnet: VirtualNetworkSite) -> str:
        where = vnet.location if vnet.location is not None else self.config.group_locations.get(vnet.affinity_group or "")
        if where is None:
            raise RefusedError(f"the region of affinity group {vnet.affinity_group!r} is unknown; give it with"
                               f" --location-map {vnet.affinity_group}=<region>")
        try:
            return arm_location(where)
        except RefusedError as exc:
            raise RefusedError(f"VNet {vnet.name!r}: {exc}") from None

    def canonical(self, prefix: IPv4Interface, what: str) -> str:
        if prefix.ip != prefix.network.network_address:
            self.notes.append(f"{what} {prefix} has host bits set, which Resource Manager refuses: written as {prefix.network}")
        return str(prefix.network)

    def vnet(self, index: int, vnet: VirtualNetworkSite) -> None:
        symbol = f"vnet{index}"
        self.symbols[vnet.name] = symbol
        self.locations[vnet.name] = self.location_of(vnet)
        properties: dict[str, Any] = {
            "addressSpace": {"addressPrefixes": [self.canonical(p, f"the address space of VNet {vnet.name!r}")
                                                 for p in vnet.prefixes]},
        }
        servers = {d.name: str(d.address) for d in self.config.dns_servers}
        dns = [servers[name] for name in vnet.dns_servers if name in servers]
        if dns:
            properties["dhcpOptions"] = {"dnsServers": dns}
        properties["subnets"] = [
            {"name": s.name, "properties": {"addressPrefix": self.canonical(s.prefix, f"subnet {s.name!r} of VNet {vnet.name!r}")}}
            for s in vnet.subnets
        ]
        self.resources.append(Resource(symbol=symbol, type=VNETS, name=vnet.name, location=self.locations[vnet.name],
                                       properties=properties))

    def gateway_subnet_note(self, vnet: VirtualNetworkSite) -> None:
        subnet = vnet.gateway_subnet
        if subnet is None or subnet.prefix.network.prefixlen <= RECOMMENDED_GATEWAY_SUBNET:
            return
        others = [s.prefix.network for s in vnet.subnets if s is not subnet]
        wider = subnet.prefix.network.supernet(new_prefix=RECOMMENDED_GATEWAY_SUBNET)
        inside = any(span(p.network)[0] <= span(wider)[0] and span(wider)[1] <= span(p.network)[1] for p in vnet.prefixes)
        if inside and not any(wider.overlaps(o) for o in others):
            room = f"it can widen in place to {wider}"
        else:
            free = self.free_block(vnet, others)
            room = f"a free /27 in the VNet is {free}" if free else "the VNet has no free /27: widen its address space first"
        self.notes.append(f"GatewaySubnet of VNet {vnet.name!r} is /{subnet.prefix.network.prefixlen}; Resource Manager"
                          f" recommends /27 or larger (Microsoft's Basic-IP migration tool may fail at /28 or smaller):"
                          f" {room}")

    @staticmethod
    def free_block(vnet: VirtualNetworkSite, used: Iterable[IPv4Network]) -> IPv4Network | None:
        for prefix in vnet.prefixes:
            try:
                return allocate(prefix.network, RECOMMENDED_GATEWAY_SUBNET, 1, avoid=used)[0]
            except RefusedError:
                continue
        return None

    # --- gateways -------------------------------------------------------------------------------

    def gateway(self, vnet: VirtualNetworkSite, classic: Gateway) -> None:
        symbol = self.symbols[vnet.name]
        if vnet.gateway_subnet is None:
            raise RefusedError(f"VNet {vnet.name!r} needs a gateway but has no subnet named 'GatewaySubnet'")
        location = self.locations[vnet.name]
        ip_name = short_name(f"{vnet.name}-gw-ip")
        self.resources.append(Resource(
            symbol=f"{symbol}GatewayIp", type=PUBLIC_IPS, name=ip_name, location=location,
            sku={"name": "Standard", "tier": "Regional"}, properties={"publicIPAllocationMethod": "Static"}))
        sku = SKUS[classic.sku]
        properties: dict[str, Any] = {
            "gatewayType": "Vpn",
            "vpnType": "RouteBased",
            "sku": {"name": sku, "tier": sku},
            "ipConfigurations": [{"name": "default", "properties": {
                "privateIPAllocationMethod": "Dynamic",
                "subnet": {"id": Ref(symbol, ("subnets", "GatewaySubnet"))},
                "publicIPAddress": {"id": Ref(f"{symbol}GatewayIp")},
            }}],
        }
        if classic.client_pool:
            properties["vpnClientConfiguration"] = self.point_to_site(vnet, classic)
        if classic.type is GatewayType.STATIC_ROUTING:
            self.notes.append(f"the gateway of VNet {vnet.name!r} was StaticRouting (policy-based, which Resource Manager"
                              " allows only on the Basic SKU): it is RouteBased here, and its IPsec connection uses"
                              " policy-based traffic selectors with the IPsec policy of parameter 'policyBasedIpsecPolicies'"
                              " (match it to the device)")
        self.resources.append(Resource(symbol=f"{symbol}Gateway", type=GATEWAYS, name=short_name(f"{vnet.name}-gw"),
                                       location=location, properties=properties))

    def point_to_site(self, vnet: VirtualNetworkSite, classic: Gateway) -> dict[str, Any]:
        self.parameters["clientRootCertificateData"] = Parameter(
            name="clientRootCertificateData", type="string",
            description="Public data (base64 .cer, no header lines) of the root certificate point-to-site clients chain to")
        self.notes.append(f"point-to-site on VNet {vnet.name!r}: IKEv2 and OpenVPN with certificate authentication;"
                          " give the root certificate's public data as parameter 'clientRootCertificateData' (classic"
                          " clients and their certificates do not carry over)")
        return {
            "vpnClientAddressPool": {"addressPrefixes": [self.canonical(p, f"the client pool of VNet {vnet.name!r}")
                                                         for p in classic.client_pool]},
            "vpnClientProtocols": ["IkeV2", "OpenVPN"],
            "vpnAuthenticationTypes": ["Certificate"],
            "vpnClientRootCertificates": [{"name": "root", "properties": {"publicCertData": Param("clientRootCertificateData")}}],
        }

    # --- on-premises sites ------------------------------------------------------------------------

    def local_gateways(self, on_premises: list[LocalNetworkSite], used: dict[str, str]) -> dict[str, str]:
        """A local network gateway per on-premises site an IPsec connection uses; ``{site: symbol}``."""
        symbols = {}
        for index, site in enumerate(on_premises):
            if site.name not in used:
                self.notes.append(f"local site {site.name!r} is connected to by no gateway: left out")
                continue
            if site.gateway_address is None:
                raise RefusedError(f"on-premises local site {site.name!r}, which VNet {used[site.name]!r} connects to,"
                                   " has no VPN gateway address; add <VPNGatewayAddress> with its device's public IP")
            placeholder = why_not_public(site.gateway_address)
            if placeholder:
                self.notes.append(f"local network gateway {site.name!r} keeps the address {site.gateway_address},"
                                  f" {placeholder}: replace it with the device's public IP")
            symbol = symbols[site.name] = f"site{index}"
            self.resources.append(Resource(
                symbol=symbol, type=LOCAL_GATEWAYS, name=site.name, location=self.locations[used[site.name]],
                properties={"gatewayIpAddress": str(site.gateway_address),
                            "localNetworkAddressSpace": {"addressPrefixes": [
                                self.canonical(p, f"local site {site.name!r}") for p in site.prefixes]}}))
        return symbols

    # --- links between networks -----------------------------------------------------------------

    def remote_link(self, name: str, source: str, remote: str, subscription: str) -> None:
        """``source`` to a VNet of another subscription, whose resource id comes in a parameter."""
        kind = "VNet" if self.peering else "VPN gateway"
        parameter = f"remote{''.join(c for c in remote.title() if c.isalnum())[:40]}{'VNetId' if self.peering else 'GatewayId'}"
        self.parameters[parameter] = Parameter(
            name=parameter, type="string", description=f"resource id of {remote}'s {kind} in subscription {subscription}")
        if self.peering:
            index = len([r for r in self.resources if r.type == PEERINGS])
            self.resources.append(Resource(
                symbol=f"peering{index}", type=PEERINGS, name=name, location=None, parent=self.symbols[source],
                properties={"remoteVirtualNetwork": {"id": Param(parameter)}, "allowVirtualNetworkAccess": True,
                            "allowForwardedTraffic": False, "allowGatewayTransit": False, "useRemoteGateways": False}))
        else:
            self.connection(name, source, remote_gateway=Param(parameter))

    def connection(self, name: str, source: str, *, vnet_target: str | None = None, site_target: str | None = None,
                   policy_based: bool = False, remote_gateway: Param | None = None) -> None:
        self.parameters["sharedKey"] = Parameter(name="sharedKey", type="securestring", min_length=1, max_length=128,
                                                 description="IPsec shared key of every connection (the same on both ends)")
        properties: dict[str, Any] = {
            "connectionType": "Vnet2Vnet" if vnet_target or remote_gateway else "IPsec",
            "virtualNetworkGateway1": {"id": Ref(f"{self.symbols[source]}Gateway"), "properties": {}},
        }
        if remote_gateway is not None:
            properties["virtualNetworkGateway2"] = {"id": remote_gateway, "properties": {}}
        elif vnet_target:
            properties["virtualNetworkGateway2"] = {"id": Ref(f"{self.symbols[vnet_target]}Gateway"), "properties": {}}
        else:
            properties["localNetworkGateway2"] = {"id": Ref(str(site_target)), "properties": {}}
        properties["sharedKey"] = Param("sharedKey")
        if policy_based:
            self.parameters["policyBasedIpsecPolicies"] = Parameter(
                name="policyBasedIpsecPolicies", type="array", default=[POLICY_BASED_IPSEC],
                description="IPsec/IKE policy of connections to policy-based devices (match it to the device)")
            properties["usePolicyBasedTrafficSelectors"] = True
            properties["ipsecPolicies"] = Param("policyBasedIpsecPolicies")
        index = len([r for r in self.resources if r.type == CONNECTIONS])
        self.resources.append(Resource(symbol=f"connection{index}", type=CONNECTIONS, name=name,
                                       location=self.locations[source], properties=properties))

    def peer(self, name: str, vnet: str, remote: str) -> None:
        index = len([r for r in self.resources if r.type == PEERINGS])
        self.resources.append(Resource(
            symbol=f"peering{index}", type=PEERINGS, name=name, location=None, parent=self.symbols[vnet],
            properties={"remoteVirtualNetwork": {"id": Ref(self.symbols[remote])}, "allowVirtualNetworkAccess": True,
                        "allowForwardedTraffic": False, "allowGatewayTransit": False, "useRemoteGateways": False}))

    def vnet_tunnels(self, tunnels: list[Tunnel]) -> None:
        for tunnel in tunnels:
            a, b = tunnel.ends
            if not tunnel.both_ways:
                self.notes.append(f"only {a} connected to {b} in the classic network; both directions are created here")
            for source, target in ((a, b), (b, a)):
                if self.peering:
                    self.peer(short_name(f"{source}-to-{target}"), source, target)
                else:
                    self.connection(short_name(f"{source}-to-{target}"), source, vnet_target=target)

    # --- names ------------------------------------------------------------------------------------

    def check_names(self) -> None:
        problems = []
        seen: dict[tuple[str, str, str], str] = {}
        for resource in self.resources:
            names = [(resource.type, resource.name)]
            if resource.type == VNETS:
                names += [(SUBNETS, s["name"]) for s in resource.properties["subnets"]]
            for kind, name in names:
                shortest, longest = NAME_RULES[kind]
                if not shortest <= len(name) <= longest or not re.fullmatch(_NAME, name):
                    problems.append(f"{KIND[kind]} name {name!r}: ARM takes {shortest} to {longest} letters, digits,"
                                    " '_', '.' and '-', starting with a letter or digit and ending with a letter, digit"
                                    " or '_'")
            key = (resource.type, resource.parent or "", resource.name.casefold())
            if key in seen:  # two derived names that meet, once cut short or case-folded
                problems.append(f"{KIND[resource.type]} names {seen[key]!r} and {resource.name!r} would be one resource")
            seen[key] = resource.name
        if problems:
            raise RefusedError("ARM would refuse these names, so nothing was written: " + "; ".join(problems))


def _gateway_wanted(vnet: VirtualNetworkSite, vnet_links: set[str], site_links: set[str]) -> bool:
    """Whether ``vnet`` gets a VPN gateway: a Vnet2Vnet or IPsec link or a point-to-site pool needs one, and a
    classic gateway with no connections at all is kept. Links replaced by peering or left out (ExpressRoute) need none."""
    if vnet.name in vnet_links or vnet.name in site_links:
        return True
    gateway = vnet.gateway
    return gateway is not None and (bool(gateway.client_pool) or not gateway.connections)


@dataclass(frozen=True)
class _Links:
    """The classic network's links, sorted by what they become: VNet-to-VNet tunnels (Vnet2Vnet or
    peering), IPsec links to on-premises sites, and ExpressRoute (Dedicated) links, left out."""

    vnet_tunnels: list[Tunnel]
    site_tunnels: list[Tunnel]
    dedicated: list[tuple[VirtualNetworkSite, Connection]]
    remote_tunnels: list[tuple[Tunnel, str]]  # to a stand-in for a VNet of another subscription, with that VNet

    @classmethod
    def of(cls, config: NetworkConfiguration, view: Overview, remote: Mapping[str, str]) -> _Links:
        dedicated = [(vnet, c) for vnet in config.vnets for c in (vnet.gateway.connections if vnet.gateway else ())
                     if c.type is ConnectionType.DEDICATED]
        skip = {(vnet.name, c.site) for vnet, c in dedicated}
        sites = [t for t in view.tunnels if t.target_kind == "site" and (t.ends[0], t.ends[1]) not in skip]
        stands_for = {s.name: s.mirrors for s in config.local_sites if s.mirrors in remote}
        return cls(
            vnet_tunnels=[t for t in view.tunnels if t.target_kind == "vnet" and (t.ends[0], t.sites[0]) not in skip],
            site_tunnels=[t for t in sites if t.ends[1] not in stands_for],
            dedicated=dedicated,
            remote_tunnels=[(t, str(stands_for[t.ends[1]])) for t in sites if t.ends[1] in stands_for],
        )

    def gateway_vnets(self, config: NetworkConfiguration, *, peering: bool) -> list[VirtualNetworkSite]:
        """The VNets that get a VPN gateway (see :func:`_gateway_wanted`)."""
        vnet_links = set() if peering else {end for t in self.vnet_tunnels for end in t.ends} | {
            t.ends[0] for t, _ in self.remote_tunnels}
        site_links = {t.ends[0] for t in self.site_tunnels}
        return [v for v in config.vnets if _gateway_wanted(v, vnet_links, site_links)]

    def used_sites(self) -> dict[str, str]:
        """``{on-premises site: the first VNet that connects to it}``."""
        return {t.ends[1]: t.ends[0] for t in reversed(self.site_tunnels)}


def _note_dedicated(planner: _Planner, links: _Links) -> None:
    for vnet, connection in links.dedicated:
        planner.notes.append(f"VNet {vnet.name!r} reached local site {connection.site!r} over ExpressRoute (Dedicated):"
                             " left out; link the VNet to its ExpressRoute circuit by hand (an ExpressRoute gateway and a"
                             " connection of type ExpressRoute)")


def _note_transit(planner: _Planner, config: NetworkConfiguration) -> None:
    """A stand-in that lists more than its VNet's space carried classic static transit (a hub's spokes).

    On Resource Manager such transit "loses connectivity unless BGP or an explicit connection is
    added" (reference §D.3: vpn-gateway-classic-resource-manager-migration.md@019172f8)."""
    vnets = {v.name: v for v in config.vnets}
    for site in config.local_sites:
        vnet = vnets.get(site.mirrors or "")
        if vnet is not None and {p.network for p in site.prefixes} != vnet.networks:
            planner.notes.append(
                f"local site {site.name!r} routed other VNets' ranges through {vnet.name!r} (classic static transit):"
                " a Vnet2Vnet connection here carries the two VNets' own spaces only; for traffic through"
                f" {vnet.name!r}, enable BGP on the gateways (VPN Gateway FAQ: on Resource Manager transit is"
                " supported with BGP) or peer the VNets with gateway transit")


def _plan_gateways(planner: _Planner, gateways: list[VirtualNetworkSite]) -> None:
    for vnet in gateways:
        planner.gateway(vnet, vnet.gateway or Gateway())
        planner.gateway_subnet_note(vnet)
    if gateways:
        planner.notes.insert(0, SKU_NOTE)


def _plan_site_connections(planner: _Planner, config: NetworkConfiguration, links: _Links,
                           site_symbols: dict[str, str]) -> None:
    by_name = {v.name: v for v in config.vnets}
    for tunnel in links.site_tunnels:
        source, site = tunnel.ends
        classic = by_name[source].gateway
        planner.connection(short_name(f"{source}-to-{site}"), source, site_target=site_symbols[site],
                           policy_based=classic is not None and classic.type is GatewayType.STATIC_ROUTING)


def plan_for(network: NetworkSet, options: RenderOptions, *, writing: str) -> ArmPlan:
    """The plan of the subscription ``options`` names (or the only one); its links to the others'
    VNets are remote. Refused while a connected site's VNet is ambiguous."""
    if network.relation is None:
        network = resolve(network)
    refuse_ambiguous(network.relation, writing=writing)
    part = one_part(network, options)
    return plan(part.config, peering=options.peering, remote=part.remote)


def plan(config: NetworkConfiguration, *, peering: bool = False, remote: Mapping[str, str] | None = None) -> ArmPlan:
    """The Resource Manager resources for ``config``; ``peering`` joins VNets by peering, not gateways.

    ``config`` may be one subscription's part of a network across subscriptions; ``remote`` then
    names the VNets of the others (``{VNet: subscription}``): a stand-in for one becomes a
    Vnet2Vnet connection (or a peering) to that VNet's gateway, whose resource id is a parameter.

    Raises :class:`RefusedError` before anything is written: an ambiguous stand-in, a region
    that is unknown or no Azure region, a StaticRouting gateway joined to another VNet, names
    that differ only in case, a used on-premises site without an address, names ARM would refuse.
    """
    planner = _Planner(config=config, peering=peering)
    planner.check()
    view = overview(config)
    for index, vnet in enumerate(config.vnets):
        planner.vnet(index, vnet)
    links = _Links.of(config, view, remote or {})
    _note_dedicated(planner, links)
    _note_transit(planner, config)
    _plan_gateways(planner, links.gateway_vnets(config, peering=peering))
    site_symbols = planner.local_gateways(view.on_premises, links.used_sites())
    planner.vnet_tunnels(links.vnet_tunnels)
    _plan_site_connections(planner, config, links, site_symbols)
    for tunnel, far in links.remote_tunnels:
        planner.remote_link(short_name(f"{tunnel.ends[0]}-to-{far}"), tunnel.ends[0], far, (remote or {})[far])
    planner.check_names()
    joined = None if not (links.vnet_tunnels or links.remote_tunnels) else "peering" if peering else "Vnet2Vnet"
    return ArmPlan(resources=tuple(planner.resources), parameters=tuple(planner.parameters.values()),
                   notes=tuple(dict.fromkeys(planner.notes)), joined=joined)


# What a deployment today refuses that the published schemas allow: each rule checks an ARM JSON
# template (as --to arm writes it) and says why, with its source (reference §D.4 unless noted).
def _resources(template: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [r for r in template.get("resources", []) if r.get("type") == kind]


def _az_skus(template: dict[str, Any]) -> list[str]:
    return [f"gateway {g['name']!r} has SKU {g['properties']['sku']['name']}, which Azure no longer creates (only AZ SKUs"
            " since January 2025: gateway-sku-consolidation.md)"
            for g in _resources(template, GATEWAYS) if not str(g["properties"]["sku"]["name"]).endswith("AZ")]


def _static_standard_ips(template: dict[str, Any]) -> list[str]:
    return [f"public IP {p['name']!r} must be Standard and Static for a gateway (about-gateway-skus.md; VPN FAQ)"
            for p in _resources(template, PUBLIC_IPS)
            if p.get("sku", {}).get("name") != "Standard" or p["properties"].get("publicIPAllocationMethod") != "Static"]


def _route_based(template: dict[str, Any]) -> list[str]:
    return [f"gateway {g['name']!r} is {g['properties']['vpnType']}: PolicyBased exists only with the Basic SKU"
            for g in _resources(template, GATEWAYS) if g["properties"].get("vpnType") != "RouteBased"]


def _prefixes(value: Any) -> Iterable[str]:
    """Every address prefix anywhere in a resource's properties."""
    if isinstance(value, list):
        for item in value:
            yield from _prefixes(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key == "addressPrefixes":
                yield from item
            elif key == "addressPrefix":
                yield item
            else:
                yield from _prefixes(item)


def _canonical(template: dict[str, Any]) -> list[str]:
    found = []
    for resource in template.get("resources", []):
        for prefix in _prefixes(resource.get("properties", {})):
            if str(IPv4Network(prefix, strict=False)) != prefix:
                found.append(f"{resource['name']!r}: prefix {prefix} has host bits set; Resource Manager refuses it (§D.3)")
    return found


def _case_unique(template: dict[str, Any]) -> list[str]:
    seen: dict[tuple[str, str], str] = {}
    found = []
    for resource in template.get("resources", []):
        key = (resource["type"], str(resource["name"]).casefold())
        if key in seen:
            found.append(f"{seen[key]!r} and {resource['name']!r} are one {resource['type']} (names are case-insensitive)")
        seen[key] = resource["name"]
    return found


def _name_lengths(template: dict[str, Any]) -> list[str]:
    found = []
    for resource in template.get("resources", []):
        name = str(resource["name"]).rsplit("/", 1)[-1]
        shortest, longest = NAME_RULES.get(resource["type"], (1, LONGEST_NAME))
        if not shortest <= len(name) <= longest:
            found.append(f"{resource['type']} name {name!r} is not {shortest} to {longest} characters")
    return found


PLATFORM = (
    ("AZ gateway SKUs only", _az_skus),
    ("Standard, static public IPs", _static_standard_ips),
    ("route-based gateways", _route_based),
    ("canonical prefixes", _canonical),
    ("case-unique names", _case_unique),
    ("name lengths", _name_lengths),
)


def platform_problems(template: dict[str, Any]) -> list[str]:
    """Every way an ARM JSON template breaks a rule of :data:`PLATFORM`."""
    return [problem for _, check in PLATFORM for problem in check(template)]
