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
affinity group / Location                  a location parameter per region, the region's programmatic
                                           name as default (``North Europe`` -> northeurope)
local site that mirrors a VNet             nothing: the VNets connect directly
two VNets joined through mirrored sites    two Vnet2Vnet connections (default) or peering both ways; BGP
                                           on both gateways and connections when the classic stand-in
                                           routed more than the VNet's space (transit through a hub)
local site for an on-premises network      Microsoft.Network/localNetworkGateways + an IPsec connection
DynamicRouting / StaticRouting gateway     RouteBased; a StaticRouting (policy-based) gateway's IPsec
                                           connection gets usePolicyBasedTrafficSelectors, IKEv2 and an
                                           IPsec policy parameter
SKU Default / Standard / HighPerformance   VpnGw1AZ / VpnGw1AZ / VpnGw2AZ (see SKUS); the public IP
                                           zone-redundant where the region has availability zones
point-to-site pool                         vpnClientConfiguration: IKEv2 and OpenVPN, certificate
                                           authentication, the root certificate as a parameter
Connection type="Dedicated"                left out with a note: re-link its ExpressRoute circuit by hand
shared key                                 a secure parameter per connection (one per pair of VNets),
                                           never a literal
=========================================  =============================================================

What Azure refuses today, and why each mapping is what it is, is in :mod:`netcfg.render.arm.platform`
with sources; what the planned network reaches, compared with the classic one, in
:mod:`netcfg.render.arm.reach`. The three printers sit beside the plan: :mod:`~netcfg.render.arm.template`
(ARM JSON), :mod:`~netcfg.render.arm.bicep` and :mod:`~netcfg.render.arm.az_powershell`; the
network-wide names and numbers are :mod:`~netcfg.render.arm.names`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from ipaddress import IPv4Network
from typing import Any

from netcfg.errors import Hint, Option, OptionError, RefusedError
from netcfg.model import (
    Connection,
    ConnectionType,
    Gateway,
    GatewaySku,
    GatewayType,
    LocalNetworkSite,
    NetworkConfiguration,
    Prefix,
    VirtualNetworkSite,
    regions,
)
from netcfg.model.addressing import allocate, why_not_public
from netcfg.model.gateway_types import RoutingTypes
from netcfg.model.overview import Tunnel, overview
from netcfg.model.standins import resolve
from netcfg.model.subscriptions import NetworkSet
from netcfg.render import RenderOptions, one_part, refuse_ambiguous
from netcfg.registry import did_you_mean
from netcfg.render.arm.names import Naming, location_parameter, naming
from netcfg.values import Value

# The newest stable Microsoft.Network API version whose schema Microsoft publishes
# (Azure/azure-resource-manager-schemas; ../shared/reference/arm-schemas, reference §D.4).
API_VERSION = "2025-07-01"
VNETS = "Microsoft.Network/virtualNetworks"
SUBNETS = "Microsoft.Network/virtualNetworks/subnets"
PEERINGS = "Microsoft.Network/virtualNetworks/virtualNetworkPeerings"
GATEWAYS = "Microsoft.Network/virtualNetworkGateways"
PUBLIC_IPS = "Microsoft.Network/publicIPAddresses"
LOCAL_GATEWAYS = "Microsoft.Network/localNetworkGateways"
CONNECTIONS = "Microsoft.Network/connections"

# Since January 2025 no new VpnGw1-5 (non-AZ) gateway can be created; Microsoft moves legacy
# Standard and HighPerformance gateways to VpnGw1AZ and VpnGw2AZ (MicrosoftDocs/azure-docs
# articles/vpn-gateway/gateway-sku-consolidation.md, includes/vpn-gateway-deprecate-sku-faq.md;
# reference §D.4), and "Effective May 2025, all regions will accept an AZ SKU, regardless of
# whether availability zones are supported in that region" (includes/vpn-gateway-az-regions-
# support-include.md@aadaee5d). Classic Default was Basic, which a new gateway cannot have
# either (no IKEv2, no route-based features): VpnGw1AZ is the nearest.
SKUS = {GatewaySku.DEFAULT: "VpnGw1AZ", GatewaySku.STANDARD: "VpnGw1AZ", GatewaySku.HIGH_PERFORMANCE: "VpnGw2AZ"}
SKU_NOTE = (
    "gateway SKUs follow Microsoft's consolidation: since January 2025 VpnGw1-5 (non-AZ) gateways can no longer"
    " be created, so classic Default and Standard become VpnGw1AZ and HighPerformance VpnGw2AZ"
)
# An AZ-SKU gateway's Standard public IP "must have zones configured" in a region with availability
# zones (VmssVpnGatewayPublicIpsMustHaveZonesConfigured; reference §D.4), and a zone-redundant
# gateway needs "standard SKU public IP addresses ... configured to be zone-redundant"
# (articles/reliability/reliability-virtual-network-gateway.md, 2025-10): zones 1, 2 and 3.
ZONES = ("1", "2", "3")
RECOMMENDED_GATEWAY_SUBNET = 27  # "/29 minimum, /27 or larger recommended" (VPN Gateway FAQ; reference §D.4)
LONGEST_NAME = 80
# A policy-based (classic StaticRouting) device behind a route-based gateway needs
# usePolicyBasedTrafficSelectors, and that only with a custom IPsec/IKE policy ("You need to create
# an IPsec/IKE policy in order to enable UsePolicyBasedTrafficSelectors"), and the device must speak
# IKEv2 ("your on-premises policy-based VPN devices must support IKEv2": MicrosoftDocs/azure-docs
# articles/vpn-gateway/vpn-gateway-connect-multiple-policybased-rm-ps.md@401796bf, 2023-10-10).
# The policy is a parameter, to be matched to the device; these are the documented SA lifetimes
# and common strong algorithms for the rest.
POLICY_BASED_IPSEC = {
    "ikeEncryption": "AES256",
    "ikeIntegrity": "SHA256",
    "dhGroup": "DHGroup14",
    "ipsecEncryption": "AES256",
    "ipsecIntegrity": "SHA256",
    "pfsGroup": "None",
    "saLifeTimeSeconds": 27000,
    "saDataSizeKilobytes": 102400000,
}
POLICY_PARAMETER = "policyBasedIpsecPolicies"
# "The key must contain only printable ASCII characters, except space, hyphen (-), or tilde (~)"
# (VPN Gateway FAQ, MicrosoftDocs/azure-docs articles/vpn-gateway/vpn-gateway-vpn-faq.md@00140bff);
# classic keys were letters and digits, at most 128 (reference §A.1), which this rule takes.
SHARED_KEY_PATTERN = r"^[!-,.-}]{1,128}$"
SHARED_KEY_RULE = "1 to 128 printable ASCII characters except space, '-' and '~', as the VPN Gateway FAQ allows"
# The two-phase switch of a deployment across subscriptions: a connection to another subscription's
# gateway fails while that gateway does not exist yet, so every subscription first creates its
# gateways (false), and then, once all exist, its connections (true).
PHASE_PARAMETER = "deployConnections"

_NAME = r"[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?"
# (shortest, longest) of each resource's name in ARM's naming rules.
NAME_RULES = {
    VNETS: (2, 64),
    SUBNETS: (1, 80),
    LOCAL_GATEWAYS: (1, 80),
    GATEWAYS: (1, 80),
    PUBLIC_IPS: (1, 80),
    CONNECTIONS: (1, 80),
    PEERINGS: (1, 80),
}
KIND = {
    VNETS: "virtual network",
    SUBNETS: "subnet",
    LOCAL_GATEWAYS: "local network gateway",
    GATEWAYS: "virtual network gateway",
    PUBLIC_IPS: "public IP address",
    CONNECTIONS: "connection",
    PEERINGS: "peering",
}


@dataclass(frozen=True, eq=False, repr=False)
class Ref(Value):
    """The resource id of a resource of the plan, or of one of its children (``("subnets", "GatewaySubnet")``)."""

    symbol: str
    child: tuple[str, str] | None = None


@dataclass(frozen=True, eq=False, repr=False)
class Param(Value):
    """The value of a template parameter."""

    name: str


@dataclass(frozen=True, eq=False, repr=False)
class Remote(Param):
    """The resource id of another subscription's VNet or VPN gateway, given as template parameter ``name``."""

    vnet: str = ""
    subscription: str = ""


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class Parameter(Value):
    """A template parameter: a region, a shared key, a root certificate, an IPsec policy, a far gateway's id."""

    name: str
    type: str  # "securestring", "string", "array" or "bool"
    description: str
    min_length: int | None = None
    max_length: int | None = None
    default: Any = None
    allowed: tuple[str, ...] = ()  # the values it may take (none: any)

    @property
    def key(self) -> bool:
        """Whether it is a shared key (secure, checked against :data:`SHARED_KEY_PATTERN` where a format can)."""
        return self.type == "securestring" and self.name.startswith("sharedKey")


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class Resource(Value):
    """One ARM resource: ``properties`` exactly as ARM JSON has them, with :class:`Ref` and :class:`Param` values."""

    symbol: str
    type: str
    name: str
    location: str | Param | None
    properties: dict[str, Any]
    sku: dict[str, str] | None = None
    zones: tuple[str, ...] = ()
    parent: str | None = None  # symbol of the parent resource (a peering's VNet)
    condition: Param | None = None  # a bool parameter: deployed only when it is true
    source: str = ""  # the classic VNet or site this rebuilds (a connection's and peering's: its VNet)

    def values(self) -> list[Any]:
        """Every leaf value of ``properties``, in order."""
        found: list[Any] = []

        def visit(value: Any) -> None:
            if isinstance(value, dict):
                for item in value.values():
                    visit(item)
            elif isinstance(value, list):
                for item in value:
                    visit(item)
            else:
                found.append(value)

        visit(self.properties)
        return found

    def references(self) -> list[Ref]:
        """Every resource this one refers to, in order: what it depends on."""
        return [value for value in self.values() if isinstance(value, Ref)]


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class ArmPlan(Value):
    """Every resource and parameter of the export, and the notes a person must read."""

    resources: tuple[Resource, ...]
    parameters: tuple[Parameter, ...]
    notes: tuple[str, ...]
    joined: str | None  # "Vnet2Vnet", "peering", or None when no two VNets are joined
    subscription: str = ""

    def by_symbol(self) -> dict[str, Resource]:
        return {r.symbol: r for r in self.resources}

    def of_type(self, kind: str) -> list[Resource]:
        return [r for r in self.resources if r.type == kind]

    def remotes(self) -> list[Remote]:
        """The other subscriptions' resources this plan links to, each once, in the order first used."""
        found: dict[str, Remote] = {}
        for resource in self.resources:
            for value in resource.values():
                if isinstance(value, Remote):
                    found.setdefault(value.name, value)
        return list(found.values())

    @property
    def keys(self) -> list[Parameter]:
        return [p for p in self.parameters if p.key]

    @property
    def two_phase(self) -> bool:
        return any(p.name == PHASE_PARAMETER for p in self.parameters)


def arm_location(name: str) -> regions.Region:
    """The region ``name`` is, from any name the region table knows; refused with the nearest names otherwise."""
    found = regions.find(name)
    if found is None:
        raise RefusedError(
            f"{regions.unknown_message(name)}; Resource Manager needs a region",
            hints=(Hint("give one", Option.LOCATIONS, ("GROUP=<region>",)),),
        )
    return found


def short_name(name: str, longest: int = LONGEST_NAME) -> str:
    """``name`` itself, or cut to ``longest`` with a hash of the whole: the same long name always gives the same short one."""
    if len(name) <= longest:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"{name[: longest - 9].rstrip('-_.')}-{digest}"


@dataclass
class _Planner:
    """Builds the plan for one subscription's configuration; each method handles one idea."""

    config: NetworkConfiguration
    peering: bool
    names: Naming
    remote: Mapping[str, str]  # the other subscriptions' VNets: {VNet: subscription}
    gateway_types: Mapping[str, GatewayType]  # --gateway-type
    resources: list[Resource] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    parameters: dict[str, Parameter] = field(default_factory=dict)
    symbols: dict[str, str] = field(default_factory=dict)  # VNet name -> its symbol
    placed: dict[str, regions.Region] = field(default_factory=dict)  # VNet name -> its region
    counts: dict[str, int] = field(default_factory=dict)  # connections and peerings made so far, by type
    types: RoutingTypes = field(init=False)  # each gateway's routing type (what the file says, implies, or was given)

    def __post_init__(self) -> None:
        self.types = RoutingTypes(self.config, self.gateway_types)

    # --- checks before anything is planned ---------------------------------------------------

    def check(self) -> None:
        self.check_static_gateways()
        self.check_case_unique()

    def check_static_gateways(self) -> None:
        # As the runbook refuses it: a classic StaticRouting gateway carried one site-to-site
        # tunnel and no VNet-to-VNet connection (reference §B).
        for vnet in self.config.vnets:
            if self.routing(vnet) is not GatewayType.STATIC_ROUTING:
                continue
            needs = self.types.needs(vnet)
            if needs:
                given = vnet.name in self.gateway_types
                raise RefusedError(
                    f"{'the gateway type given' if given else 'the topology'} says the gateway of VNet {vnet.name!r}"
                    f" is StaticRouting, but {' and '.join(needs)}, which only DynamicRouting allowed; say DynamicRouting",
                    hints=(Hint("say it", Option.GATEWAY_TYPES, (f"{vnet.name}=dynamic",)),) if given else (),
                )

    def check_case_unique(self) -> None:
        # Resource Manager names are case-insensitive: VNet-A and vnet-a are one resource (§D.4).
        for kind, names in (
            ("VNet", [v.name for v in self.config.vnets]),
            ("local site", [s.name for s in self.config.local_sites]),
        ):
            seen: dict[str, str] = {}
            for name in names:
                other = seen.setdefault(name.casefold(), name)
                if other != name:
                    raise RefusedError(
                        f"{kind}s {other!r} and {name!r} differ only in case, and Resource Manager names"
                        " are case-insensitive: they would be one resource; rename one of them"
                    )

    def routing(self, vnet: VirtualNetworkSite) -> GatewayType | None:
        return self.types.of(vnet).type

    # --- regions --------------------------------------------------------------------------------

    def place_all(self) -> None:
        """Every VNet's region, or one refusal naming every VNet and affinity group without one (with the
        ``--location-map`` options that would place the groups, ready to paste)."""
        unplaced: list[str] = []
        problems = []
        for vnet in self.config.vnets:
            where = vnet.location if vnet.location is not None else self.config.group_locations.get(vnet.affinity_group or "")
            if where is None:
                unplaced.append(str(vnet.affinity_group))
                continue
            try:
                self.placed[vnet.name] = arm_location(where)
            except RefusedError as exc:
                problems.append(f"VNet {vnet.name!r}: {exc}")
        groups = list(dict.fromkeys(unplaced))
        hints = [Hint("place them", Option.LOCATIONS, tuple(f"{group}=<region>" for group in groups))] if groups else []
        if len(groups) == 1:
            problems.insert(0, f"the region of affinity group {groups[0]!r} is unknown")
        elif groups:
            problems.insert(0, f"the regions of affinity groups {', '.join(map(repr, groups))} are unknown")
        if problems:
            raise RefusedError("; ".join(problems), hints=hints)

    def location(self, vnet: str) -> Param:
        """The location parameter of ``vnet``'s region (made on first use)."""
        region = self.placed[vnet]
        name = location_parameter(region.name)
        if name not in self.parameters:
            self.parameters[name] = Parameter(
                name=name,
                type="string",
                default=region.name,
                description=f"Azure region for what classic placed in {region.display_name}",
            )
        return Param(name)

    def zone_locations(self) -> None:
        """A region whose gateway IPs are zone-redundant takes only regions with zones, and the other way round:
        the IP's zones are fixed in the template, and Azure refuses a zone-redundant IP where there are
        no zones, and a zoneless one for an AZ gateway where there are (reference §D.4)."""
        for resource in self.of_type(PUBLIC_IPS):
            assert isinstance(resource.location, Param)
            parameter = self.parameters[resource.location.name]
            zoned = bool(resource.zones)
            allowed = tuple(sorted(r.name for r in regions.REGIONS.values() if r.zones == zoned))
            which = (
                "a region with availability zones: gateway IPs here are zone-redundant"
                if zoned
                else "a region without availability zones: gateway IPs here are regional"
            )
            self.parameters[parameter.name] = Parameter(
                name=parameter.name,
                type="string",
                default=parameter.default,
                allowed=allowed,
                description=f"{parameter.description} ({which}; for a region of the other kind, change the"
                " region in the source and export again)",
            )

    def of_type(self, kind: str) -> list[Resource]:
        return [r for r in self.resources if r.type == kind]

    def count(self, kind: str) -> int:
        """How many resources of ``kind`` are planned so far, counted as they are made (a scan would be
        quadratic: a large mesh has tens of thousands of connections)."""
        found = self.counts.get(kind, 0)
        self.counts[kind] = found + 1
        return found

    # --- VNets ----------------------------------------------------------------------------------

    def canonical(self, prefix: Prefix, what: str) -> str:
        if prefix.has_host_bits:
            self.notes.append(f"{what} {prefix} has host bits set, which Resource Manager refuses: written as {prefix.network}")
        return str(prefix.network)

    def vnet(self, index: int, vnet: VirtualNetworkSite) -> None:
        symbol = f"vnet{index}"
        self.symbols[vnet.name] = symbol
        properties: dict[str, Any] = {
            "addressSpace": {
                "addressPrefixes": [self.canonical(p, f"the address space of VNet {vnet.name!r}") for p in vnet.prefixes]
            },
        }
        servers = {d.name: str(d.address) for d in self.config.dns_servers}
        dns = [servers[name] for name in vnet.dns_servers if name in servers]
        if dns:
            properties["dhcpOptions"] = {"dnsServers": dns}
        properties["subnets"] = [
            {
                "name": s.name,
                "properties": {"addressPrefix": self.canonical(s.prefix, f"subnet {s.name!r} of VNet {vnet.name!r}")},
            }
            for s in vnet.subnets
        ]
        self.resources.append(
            Resource(
                symbol=symbol,
                type=VNETS,
                name=vnet.name,
                location=self.location(vnet.name),
                properties=properties,
                source=vnet.name,
            )
        )

    def gateway_subnet_note(self, vnet: VirtualNetworkSite) -> None:
        subnet = vnet.gateway_subnet
        if subnet is None or subnet.prefix.length <= RECOMMENDED_GATEWAY_SUBNET:
            return
        others = [s.prefix.network for s in vnet.subnets if s is not subnet]
        wider = Prefix(subnet.prefix.address, RECOMMENDED_GATEWAY_SUBNET).network
        inside = any(wider.within(p) for p in vnet.prefixes)
        if inside and not any(wider.overlaps(o) for o in others):
            room = f"it can widen in place to {wider}"
        else:
            free = self.free_block(vnet, others)
            room = f"a free /27 in the VNet is {free}" if free else "the VNet has no free /27: widen its address space first"
        self.notes.append(
            f"GatewaySubnet of VNet {vnet.name!r} is /{subnet.prefix.length}; Resource Manager"
            f" recommends /27 or larger (Microsoft's Basic-IP migration tool may fail at /28 or smaller):"
            f" {room}"
        )

    def dns_note(self, vnet: VirtualNetworkSite) -> None:
        """A gateway in a VNet with its own DNS servers uses them (VPN Gateway FAQ, "Can I specify private DNS
        servers in my VNet when configuring a VPN gateway?", vpn-gateway-vpn-faq.md@00140bff)."""
        if vnet.dns_servers:
            self.notes.append(
                f"VNet {vnet.name!r} has its own DNS servers, and its VPN gateway uses them: they must"
                " resolve the names Azure needs (VPN Gateway FAQ), for example by forwarding to Azure's"
                " resolver 168.63.129.16"
            )

    @staticmethod
    def free_block(vnet: VirtualNetworkSite, used: Iterable[Prefix]) -> IPv4Network | None:
        avoid = [prefix.ipv4_network() for prefix in used]
        for prefix in vnet.prefixes:
            try:
                return allocate(prefix.ipv4_network(), RECOMMENDED_GATEWAY_SUBNET, 1, avoid=avoid)[0]
            except RefusedError:
                continue
        return None

    # --- gateways -------------------------------------------------------------------------------

    def gateway(self, vnet: VirtualNetworkSite, classic: Gateway) -> None:
        symbol = self.symbols[vnet.name]
        if vnet.gateway_subnet is None:
            raise RefusedError(f"VNet {vnet.name!r} needs a gateway but has no subnet named 'GatewaySubnet'")
        location = self.location(vnet.name)
        self.resources.append(
            Resource(
                symbol=f"{symbol}GatewayIp",
                type=PUBLIC_IPS,
                name=short_name(f"{vnet.name}-gw-ip"),
                location=location,
                sku={"name": "Standard", "tier": "Regional"},
                properties={"publicIPAllocationMethod": "Static"},
                zones=ZONES if self.placed[vnet.name].zones else (),
                source=vnet.name,
            )
        )
        sku = SKUS[classic.sku]
        properties: dict[str, Any] = {
            "gatewayType": "Vpn",
            "vpnType": "RouteBased",
            "sku": {"name": sku, "tier": sku},
            "ipConfigurations": [
                {
                    "name": "default",
                    "properties": {
                        "privateIPAllocationMethod": "Dynamic",
                        "subnet": {"id": Ref(symbol, ("subnets", "GatewaySubnet"))},
                        "publicIPAddress": {"id": Ref(f"{symbol}GatewayIp")},
                    },
                }
            ],
        }
        if vnet.name in self.names.asns:
            properties["enableBgp"] = True
            properties["bgpSettings"] = {"asn": self.names.asns[vnet.name]}
        if classic.client_pool:
            properties["vpnClientConfiguration"] = self.point_to_site(vnet, classic)
        self.type_note(vnet)
        self.resources.append(
            Resource(
                symbol=f"{symbol}Gateway",
                type=GATEWAYS,
                name=short_name(f"{vnet.name}-gw"),
                location=location,
                properties=properties,
                source=vnet.name,
            )
        )

    def type_note(self, vnet: VirtualNetworkSite) -> None:
        found = self.types.of(vnet)
        if found.type is GatewayType.STATIC_ROUTING:
            self.notes.append(
                f"the gateway of VNet {vnet.name!r} was StaticRouting (policy-based, which Resource Manager"
                " allows only on the Basic SKU): it is RouteBased here, and its IPsec connection uses"
                f" policy-based traffic selectors with the IPsec policy of parameter {POLICY_PARAMETER!r}"
                " (match it to the device). Microsoft: the device must support IKEv2 for this; a classic"
                " static gateway spoke IKEv1, so check the device first"
            )
        elif found.type is None:
            self.notes.append(
                f"the gateway type of VNet {vnet.name!r} is not in the .netcfg, and a StaticRouting gateway"
                " could have had its one site-to-site connection: exported as dynamic routing (RouteBased,"
                " any-to-any traffic selectors); if it was StaticRouting (a policy-based device), export"
                f" again with its gateway type given as static ({vnet.name}=static)"
            )

    def point_to_site(self, vnet: VirtualNetworkSite, classic: Gateway) -> dict[str, Any]:
        self.parameters["clientRootCertificateData"] = Parameter(
            name="clientRootCertificateData",
            type="string",
            description="Public data (base64 .cer, no header lines) of the root certificate point-to-site clients chain to",
        )
        self.notes.append(
            f"point-to-site on VNet {vnet.name!r}: IKEv2 and OpenVPN with certificate authentication;"
            " give the root certificate's public data as parameter 'clientRootCertificateData' (classic"
            " clients and their certificates do not carry over)"
        )
        return {
            "vpnClientAddressPool": {
                "addressPrefixes": [self.canonical(p, f"the client pool of VNet {vnet.name!r}") for p in classic.client_pool]
            },
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
                raise RefusedError(
                    f"on-premises local site {site.name!r}, which VNet {used[site.name]!r} connects to,"
                    " has no VPN gateway address; add <VPNGatewayAddress> with its device's public IP"
                )
            placeholder = why_not_public(site.gateway_address)
            if placeholder:
                self.notes.append(
                    f"local network gateway {site.name!r} keeps the address {site.gateway_address},"
                    f" {placeholder}: replace it with the device's public IP"
                )
            symbol = symbols[site.name] = f"site{index}"
            self.resources.append(
                Resource(
                    symbol=symbol,
                    type=LOCAL_GATEWAYS,
                    name=site.name,
                    location=self.location(used[site.name]),
                    properties={
                        "gatewayIpAddress": str(site.gateway_address),
                        "localNetworkAddressSpace": {
                            "addressPrefixes": [self.canonical(p, f"local site {site.name!r}") for p in site.prefixes]
                        },
                    },
                    source=site.name,
                )
            )
        return symbols

    # --- links between networks -----------------------------------------------------------------

    def phase(self) -> Param:
        """The two-phase switch (see :data:`PHASE_PARAMETER`), made on first use."""
        self.parameters.setdefault(
            PHASE_PARAMETER,
            Parameter(
                name=PHASE_PARAMETER,
                type="bool",
                description="false: create the gateways (deploy every subscription so first); true: then create the"
                " connections to the other subscriptions' gateways, which must exist by then",
            ),
        )
        return Param(PHASE_PARAMETER)

    def remote_link(self, name: str, source: str, remote: str) -> None:
        """``source`` to a VNet of another subscription, whose resource id comes in a parameter."""
        subscription = self.remote[remote]
        if self.peering:
            parameter = self.names.remote_vnet(remote)
            what = f"resource id of VNet {remote!r} in subscription {subscription!r}"
        else:
            parameter = self.names.remote_gateway(remote)
            what = f"resource id of the VPN gateway of VNet {remote!r} in subscription {subscription!r}"
        self.parameters[parameter] = Parameter(
            name=parameter,
            type="string",
            description=f"{what} (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/"
            f"{'virtualNetworks' if self.peering else 'virtualNetworkGateways'}/<name>)",
        )
        far = Remote(parameter, vnet=remote, subscription=subscription)
        if self.peering:
            self.peer(name, source, far, condition=self.phase())
        else:
            self.connection(name, source, far=far, far_vnet=remote, condition=self.phase())

    def connection(
        self,
        name: str,
        source: str,
        *,
        far: Ref | Param,
        far_vnet: str | None = None,
        site: tuple[int, str] | None = None,
        policy_based: bool = False,
        condition: Param | None = None,
    ) -> None:
        """``source``'s gateway to ``far``: a VNet's gateway (``far_vnet`` names the VNet) or an on-premises
        site's local network gateway (``site``: its number in the subscription and its name)."""
        if far_vnet is not None:
            key = self.names.pair_key(source, far_vnet)
            first, second = self.names.ordered(source, far_vnet)
            between = f"VNets {first!r} and {second!r}: the same key on both connections"
            if far_vnet in self.remote:
                between += f", here and in subscription {self.remote[far_vnet]!r}'s deployment"
        else:
            assert site is not None
            key = self.names.site_key(source, *site)
            between = f"VNet {source!r} and on-premises site {site[1]!r}: the same key as on its device"
        self.parameters[key] = Parameter(
            name=key,
            type="securestring",
            min_length=1,
            max_length=128,
            description=f"IPsec shared key between {between}; {SHARED_KEY_RULE}",
        )
        properties: dict[str, Any] = {
            "connectionType": "Vnet2Vnet" if far_vnet is not None else "IPsec",
            "virtualNetworkGateway1": {"id": Ref(f"{self.symbols[source]}Gateway"), "properties": {}},
        }
        if far_vnet is not None:
            properties["virtualNetworkGateway2"] = {"id": far, "properties": {}}
        else:
            properties["localNetworkGateway2"] = {"id": far, "properties": {}}
        properties["sharedKey"] = Param(key)
        if far_vnet is not None and self.names.bgp(source, far_vnet):
            properties["enableBgp"] = True
        if policy_based:
            self.parameters[POLICY_PARAMETER] = Parameter(
                name=POLICY_PARAMETER,
                type="array",
                default=[POLICY_BASED_IPSEC],
                description="IPsec/IKE policy of connections to policy-based devices (match it to the device)",
            )
            properties["connectionProtocol"] = "IKEv2"
            properties["usePolicyBasedTrafficSelectors"] = True
            properties["ipsecPolicies"] = Param(POLICY_PARAMETER)
        index = self.count(CONNECTIONS)
        self.resources.append(
            Resource(
                symbol=f"connection{index}",
                type=CONNECTIONS,
                name=name,
                location=self.location(source),
                properties=properties,
                condition=condition,
                source=source,
            )
        )

    def peer(self, name: str, vnet: str, remote: Ref | Param, *, condition: Param | None = None) -> None:
        index = self.count(PEERINGS)
        self.resources.append(
            Resource(
                symbol=f"peering{index}",
                type=PEERINGS,
                name=name,
                location=None,
                parent=self.symbols[vnet],
                properties={
                    "remoteVirtualNetwork": {"id": remote},
                    "allowVirtualNetworkAccess": True,
                    "allowForwardedTraffic": False,
                    "allowGatewayTransit": False,
                    "useRemoteGateways": False,
                },
                condition=condition,
                source=vnet,
            )
        )

    def vnet_tunnels(self, tunnels: list[Tunnel]) -> None:
        for tunnel in tunnels:
            a, b = tunnel.ends
            if not tunnel.both_ways:
                self.notes.append(f"only {a} connected to {b} in the classic network; both directions are created here")
            for source, target in ((a, b), (b, a)):
                if self.peering:
                    self.peer(short_name(f"{source}-to-{target}"), source, Ref(self.symbols[target]))
                else:
                    self.connection(
                        short_name(f"{source}-to-{target}"), source, far=Ref(f"{self.symbols[target]}Gateway"), far_vnet=target
                    )

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
                    problems.append(
                        f"{KIND[kind]} name {name!r}: ARM takes {shortest} to {longest} letters, digits,"
                        " '_', '.' and '-', starting with a letter or digit and ending with a letter, digit"
                        " or '_'"
                    )
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


@dataclass(frozen=True, eq=False, repr=False)
class _Links(Value):
    """The classic network's links, sorted by what they become: VNet-to-VNet tunnels (Vnet2Vnet or
    peering), IPsec links to on-premises sites, and ExpressRoute (Dedicated) links, left out."""

    vnet_tunnels: list[Tunnel]
    site_tunnels: list[Tunnel]
    dedicated: list[tuple[VirtualNetworkSite, Connection]]
    remote_tunnels: list[tuple[Tunnel, str]]  # to a stand-in for a VNet of another subscription, with that VNet
    remote_sites: frozenset[str]  # the stand-ins for other subscriptions' VNets

    @classmethod
    def of(cls, config: NetworkConfiguration, tunnels: list[Tunnel], remote: Mapping[str, str]) -> _Links:
        dedicated = [
            (vnet, c)
            for vnet in config.vnets
            for c in (vnet.gateway.connections if vnet.gateway else ())
            if c.type is ConnectionType.DEDICATED
        ]
        skip = {(vnet.name, c.site) for vnet, c in dedicated}
        sites = [t for t in tunnels if t.target_kind == "site" and (t.ends[0], t.ends[1]) not in skip]
        stands_for = {s.name: s.mirrors for s in config.local_sites if s.mirrors in remote}
        return cls(
            vnet_tunnels=[t for t in tunnels if t.target_kind == "vnet" and (t.ends[0], t.sites[0]) not in skip],
            site_tunnels=[t for t in sites if t.ends[1] not in stands_for],
            dedicated=dedicated,
            remote_tunnels=[(t, str(stands_for[t.ends[1]])) for t in sites if t.ends[1] in stands_for],
            remote_sites=frozenset(stands_for),
        )

    def gateway_vnets(self, config: NetworkConfiguration, *, peering: bool) -> list[VirtualNetworkSite]:
        """The VNets that get a VPN gateway (see :func:`_gateway_wanted`)."""
        vnet_links = (
            set() if peering else {end for t in self.vnet_tunnels for end in t.ends} | {t.ends[0] for t, _ in self.remote_tunnels}
        )
        site_links = {t.ends[0] for t in self.site_tunnels}
        return [v for v in config.vnets if _gateway_wanted(v, vnet_links, site_links)]

    def used_sites(self) -> dict[str, str]:
        """``{on-premises site: the first VNet that connects to it}``."""
        return {t.ends[1]: t.ends[0] for t in reversed(self.site_tunnels)}


def _note_dedicated(planner: _Planner, links: _Links) -> None:
    for vnet, connection in links.dedicated:
        planner.notes.append(
            f"VNet {vnet.name!r} reached local site {connection.site!r} over ExpressRoute (Dedicated):"
            " left out; link the VNet to its ExpressRoute circuit by hand (an ExpressRoute gateway and a"
            " connection of type ExpressRoute)"
        )


def _note_bgp(planner: _Planner) -> None:
    """Classic static transit (a stand-in routing more than its VNet's space) is rebuilt with BGP."""
    mine = [v.name for v in planner.config.vnets if v.name in planner.names.asns]
    if mine:
        asns = ", ".join(f"{name} {planner.names.asns[name]}" for name in mine)
        planner.notes.append(
            "classic static transit (stand-ins that listed more than their VNet's space) is carried by"
            f" BGP: the gateways get private ASNs ({asns}) and their Vnet2Vnet connections enableBgp (VPN"
            " Gateway FAQ: transit across gateways needs BGP on every intermediate connection)"
        )


def _plan_gateways(planner: _Planner, gateways: list[VirtualNetworkSite]) -> None:
    for vnet in gateways:
        planner.gateway(vnet, vnet.gateway or Gateway())
        planner.gateway_subnet_note(vnet)
        planner.dns_note(vnet)
    if gateways:
        planner.notes.insert(0, SKU_NOTE)
        if any(r.zones for r in planner.of_type(PUBLIC_IPS)):
            planner.notes.insert(
                1,
                "gateway public IPs in regions with availability zones are zone-redundant (zones 1,"
                " 2, 3), as Azure requires for AZ SKUs there; elsewhere they are regional",
            )


def _plan_site_connections(planner: _Planner, config: NetworkConfiguration, links: _Links, site_symbols: dict[str, str]) -> None:
    by_name = {v.name: v for v in config.vnets}
    numbers = {s.name: index for index, s in enumerate(config.local_sites, 1)}
    for tunnel in links.site_tunnels:
        source, site = tunnel.ends
        planner.connection(
            short_name(f"{source}-to-{site}"),
            source,
            far=Ref(site_symbols[site]),
            site=(numbers[site], site),
            policy_based=planner.routing(by_name[source]) is GatewayType.STATIC_ROUTING,
        )


def plan_for(network: NetworkSet, options: RenderOptions, *, writing: str) -> ArmPlan:
    """The plan of the subscription ``options`` names (or the only one); its links to the others'
    VNets are remote. Refused while a connected site's VNet is ambiguous."""
    if network.relation is None:
        network = resolve(network)
    refuse_ambiguous(network.relation, writing=writing)
    part = one_part(network, options)
    names = naming(network, peering=options.peering)
    types = _gateway_types(network, options.gateway_types)
    return plan(
        part.config, names=names, peering=options.peering, remote=part.remote, gateway_types=types, subscription=part.subscription
    )


def plans(network: NetworkSet, options: RenderOptions) -> list[ArmPlan]:
    """The plan of every subscription of ``network`` (for questions about the whole: what it reaches)."""
    if network.relation is None:
        network = resolve(network)
    names = naming(network, peering=options.peering)
    types = _gateway_types(network, options.gateway_types)
    owners = network.owners()
    return [
        plan(
            part.config,
            names=names,
            peering=options.peering,
            gateway_types=types,
            remote={v: s for v, s in owners.items() if s != part.subscription.name},
            subscription=part.subscription.name,
        )
        for part in network.parts
    ]


def _gateway_types(network: NetworkSet, given: Mapping[str, str]) -> dict[str, GatewayType]:
    """``--gateway-type VNET=static|dynamic`` as types, every VNet checked to exist and have a gateway."""
    gateways = {v.name for part in network.parts for v in part.config.vnets if v.gateway is not None}
    found = {}
    for vnet, word in given.items():
        if vnet not in gateways:
            raise OptionError(
                f"no VNet with a gateway is named {vnet!r}{did_you_mean(vnet, gateways)}", option=Option.GATEWAY_TYPES
            )
        found[vnet] = GatewayType.STATIC_ROUTING if word == "static" else GatewayType.DYNAMIC_ROUTING
    return found


def plan(
    config: NetworkConfiguration,
    *,
    names: Naming,
    peering: bool = False,
    remote: Mapping[str, str] | None = None,
    gateway_types: Mapping[str, GatewayType] | None = None,
    subscription: str = "",
) -> ArmPlan:
    """The Resource Manager resources for ``config``; ``peering`` joins VNets by peering, not gateways.

    ``config`` may be one subscription's part of a network across subscriptions; ``remote`` then
    names the VNets of the others (``{VNet: subscription}``): a stand-in for one becomes a
    Vnet2Vnet connection (or a peering) to that VNet's gateway, whose resource id is a parameter,
    deployed in the second phase (:data:`PHASE_PARAMETER`).

    Raises :class:`RefusedError` before anything is written: a region that is unknown or no Azure
    region, a StaticRouting gateway joined to another VNet, names that differ only in case, a used
    on-premises site without an address, names ARM would refuse.
    """
    remote = remote or {}
    planner = _Planner(config=config, peering=peering, names=names, remote=remote, gateway_types=gateway_types or {})
    planner.check()
    tunnels = overview(config).tunnels
    planner.place_all()
    for index, vnet in enumerate(config.vnets):
        planner.vnet(index, vnet)
    links = _Links.of(config, tunnels, remote)
    _note_dedicated(planner, links)
    _plan_gateways(planner, links.gateway_vnets(config, peering=peering))
    _note_bgp(planner)
    on_premises = [s for s in config.local_sites if s.mirrors is None or s.mirrors not in planner.symbols]
    site_symbols = planner.local_gateways([s for s in on_premises if s.name not in links.remote_sites], links.used_sites())
    planner.vnet_tunnels(links.vnet_tunnels)
    _plan_site_connections(planner, config, links, site_symbols)
    for tunnel, far in links.remote_tunnels:
        planner.remote_link(short_name(f"{tunnel.ends[0]}-to-{far}"), tunnel.ends[0], far)
    planner.zone_locations()
    planner.check_names()
    joined = None if not (links.vnet_tunnels or links.remote_tunnels) else "peering" if peering else "Vnet2Vnet"
    return ArmPlan(
        resources=tuple(planner.resources),
        parameters=_ordered(planner.parameters),
        notes=tuple(dict.fromkeys(planner.notes)),
        joined=joined,
        subscription=subscription,
    )


def _ordered(parameters: dict[str, Parameter]) -> tuple[Parameter, ...]:
    """Regions first, then the phase switch and the far resources' ids, then the rest (keys, certificate,
    policy) in the order they were made: what a person fills in, in the order they know it."""

    def rank(parameter: Parameter) -> int:
        if parameter.name.startswith("location"):
            return 0
        if parameter.name == PHASE_PARAMETER:
            return 1
        if parameter.name.startswith("remote"):
            return 2
        return 3

    return tuple(sorted(parameters.values(), key=rank))
