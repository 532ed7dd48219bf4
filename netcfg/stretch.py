"""The stretched network: a list of regions becomes a model with no hand editing.

Each region gets an affinity group in its Azure location, a VNet with its own block of the
address pool (a workload subnet and a ``GatewaySubnet``), a dynamic-routing gateway, and a
local network site that mirrors the VNet for the other regions to connect to. Until the real
gateway addresses exist, the local sites carry placeholders from the documentation range
192.0.2.0/24 (RFC 5737), which the second pass replaces.

With no regions given it builds the network of the 2014 article "Creating a Stretched Network
on Microsoft Azure": Dublin (North Europe) and Holland (West Europe).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network

from netcfg import defaults
from netcfg.model import regions as azure_regions
from netcfg.model.addressing import allocate
from netcfg.errors import Hint, Option, RefusedError, UsageError
from netcfg.model.subscriptions import NetworkSet, Part, Subscription
from netcfg.model import (
    GATEWAY_SUBNET,
    AffinityGroup,
    Connection,
    Gateway,
    GatewayType,
    GatewaySku,
    LocalNetworkSite,
    NetworkConfiguration,
    Subnet,
    VirtualNetworkSite,
)
from netcfg.values import Value

ARTICLE_REGIONS = (("Dublin", "North Europe"), ("Holland", "West Europe"))
DEFAULT_POOL = IPv4Network(defaults.ADDRESS_POOL)
PLACEHOLDER_RANGE = IPv4Network("192.0.2.0/24")
WORKLOAD_SUBNET = "Workload"
GATEWAY_SUBNET_LENGTH = 28


class Shape(enum.Enum):
    """How the regions' gateways connect: every pair, or every spoke to one hub."""

    MESH = "mesh"
    HUB = "hub"


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class Region(Value):
    """A region of the stretched network: a NAME for its VNet and sites, and the Azure location."""

    name: str
    location: str

    @property
    def vnet(self) -> str:
        return f"VNet-{self.name}"

    @property
    def local_site(self) -> str:
        return f"Local-{self.name}"


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class StretchPlan(Value):
    """Everything ``stretch`` needs besides the regions; the defaults are the article's choices."""

    pool: IPv4Network = DEFAULT_POOL
    vnet_prefix_length: int = defaults.VNET_PREFIX_LENGTH
    shape: Shape = Shape.MESH
    hub: str | None = None
    sku: GatewaySku = GatewaySku.DEFAULT
    regional: bool = False  # place VNets by Location (regional VNets) instead of affinity groups
    transit: bool = False  # with a hub: spokes reach each other through it (static transit prefixes)
    avoid: tuple[IPv4Network, ...] = ()  # ranges already in use, e.g. everything in an exported config
    # The subscription each region's VNet goes in, ((region, subscription), ...): every region, or none.
    subscriptions: tuple[tuple[str, str], ...] = ()


def used_ranges(config: NetworkConfiguration) -> tuple[IPv4Network, ...]:
    """Every range a configuration already uses: VNets, local sites and point-to-site pools."""
    prefixes = [p for v in config.vnets for p in v.prefixes]
    prefixes += [p for s in config.local_sites for p in s.prefixes]
    prefixes += [p for v in config.vnets if v.gateway for p in v.gateway.client_pool]
    return tuple(p.ipv4_network() for p in prefixes)


def parse_region(text: str) -> Region:
    """``NAME=LOCATION`` (``Dublin=North Europe``) as a Region."""
    name, sep, location = text.partition("=")
    if not sep or not name.strip() or not location.strip():
        raise UsageError(f"region {text!r} is not NAME=LOCATION, e.g. 'Dublin=North Europe'")
    return Region(name=name.strip(), location=location.strip())


def _placed(region: Region) -> Region:
    """``region`` with its location as Azure's display name, refused if it is no Azure region."""
    found = azure_regions.find(region.location)
    if found is None:
        raise RefusedError(f"region {region.name!r}: {azure_regions.unknown_message(region.location)}")
    return Region(name=region.name, location=found.display_name)


def _subnets(space: IPv4Network) -> tuple[Subnet, ...]:
    # The workload takes the first /24 (or the first half of a smaller VNet); the gateway
    # subnet is the first /28 after it, so both stay at the start of the block, easy to read.
    workload = next(space.subnets(new_prefix=max(space.prefixlen + 1, 24)))
    after = IPv4Network((int(workload.broadcast_address) + 1, GATEWAY_SUBNET_LENGTH))
    return (Subnet.create(name=WORKLOAD_SUBNET, prefix=workload), Subnet.create(name=GATEWAY_SUBNET, prefix=after))


def _peers(regions: Sequence[Region], plan: StretchPlan) -> dict[str, list[Region]]:
    """For each region, the regions its gateway connects to."""
    if plan.shape is Shape.MESH:
        return {r.name: [p for p in regions if p is not r] for r in regions}
    hub = _hub(regions, plan)
    return {r.name: ([p for p in regions if p is not hub] if r is hub else [hub]) for r in regions}


def _hub(regions: Sequence[Region], plan: StretchPlan) -> Region:
    hub = next((r for r in regions if r.name == plan.hub), None)
    if hub is None:
        raise RefusedError(f"hub {plan.hub!r} is not one of the regions ({', '.join(r.name for r in regions)})")
    return hub


def transit_site(hub: Region, spoke: Region) -> str:
    """The name of the site that stands in for the hub in ``spoke``'s connection, with transit."""
    return f"Local-{hub.name}-for-{spoke.name}"


def _check_regions(regions: list[Region]) -> None:
    if len(regions) < 2:
        raise RefusedError("a stretched network needs at least two regions, e.g. Dublin='North Europe' Holland='West Europe'")
    names = [r.name.casefold() for r in regions]
    repeated = next((r.name for r in regions if names.count(r.name.casefold()) > 1), None)
    if repeated:
        raise RefusedError(f"region {repeated!r} is given more than once")


def _check_plan(regions: list[Region], plan: StretchPlan, peers: dict[str, list[Region]]) -> None:
    if plan.transit and plan.shape is not Shape.HUB:
        raise UsageError(
            "transit routes spokes through a hub, and this network has none",
            hints=(Hint("to have one", Option.SHAPE, ("hub",)), Hint("and choose it", Option.HUB, ("NAME",))),
        )
    if plan.vnet_prefix_length > GATEWAY_SUBNET_LENGTH - 1:
        raise RefusedError(
            f"a /{plan.vnet_prefix_length} VNet has no room for a workload subnet and a /{GATEWAY_SUBNET_LENGTH} GatewaySubnet",
            hints=(Hint("room for both (or shorter)", Option.VNET_PREFIX_LENGTH, (str(GATEWAY_SUBNET_LENGTH - 1),)),),
        )
    busiest = max(regions, key=lambda r: len(peers[r.name]))
    if len(peers[busiest.name]) > plan.sku.max_connections:
        raise RefusedError(
            f"the gateway of {busiest.vnet} would need {len(peers[busiest.name])} connections, but a"
            f" {plan.sku.value} gateway allows {plan.sku.max_connections}",
            hints=(
                Hint("connect through a hub", Option.SHAPE, ("hub",)),
                Hint(
                    f"or allow {GatewaySku.HIGH_PERFORMANCE.max_connections}",
                    Option.GATEWAY_SKU,
                    (GatewaySku.HIGH_PERFORMANCE.value,),
                ),
            ),
        )
    if len(regions) >= PLACEHOLDER_RANGE.num_addresses - 1:
        raise RefusedError(f"at most {PLACEHOLDER_RANGE.num_addresses - 2} regions fit the placeholder range")


def _placeholder(index: int) -> IPv4Address:
    return IPv4Address(int(PLACEHOLDER_RANGE.network_address) + index + 1)


def _local_sites(regions: list[Region], spaces: list[IPv4Network], plan: StretchPlan) -> list[LocalNetworkSite]:
    """A stand-in for every region; with transit, each spoke's own stand-in for the hub instead of one."""
    sites = [
        LocalNetworkSite.create(name=region.local_site, prefixes=(space,), gateway_address=_placeholder(i), mirrors=region.vnet)
        for i, (region, space) in enumerate(zip(regions, spaces))
    ]
    if not plan.transit:
        return sites
    hub = _hub(regions, plan)
    at = regions.index(hub)
    transit = [
        # The hub's own space and every other spoke's: the spoke's gateway sends all of it to the hub.
        LocalNetworkSite.create(
            name=transit_site(hub, spoke),
            mirrors=hub.vnet,
            gateway_address=_placeholder(at),
            prefixes=[spaces[at]] + [space for r, space in zip(regions, spaces) if r is not hub and r is not spoke],
        )
        for spoke in regions
        if spoke is not hub
    ]
    return [site for site in sites if site.mirrors != hub.vnet] + transit


def _connections(region: Region, peers: dict[str, list[Region]], plan: StretchPlan) -> tuple[Connection, ...]:
    if plan.transit and plan.hub != region.name:
        return (Connection(site=transit_site(peers[region.name][0], region)),)
    return tuple(Connection(site=p.local_site) for p in peers[region.name])


def stretch(regions: Sequence[Region] = (), plan: StretchPlan = StretchPlan()) -> NetworkSet:
    """The stretched network over ``regions`` (the article's two when empty), each region's VNet in the
    subscription ``plan.subscriptions`` gives it (one network configuration per subscription).

    Raises :class:`RefusedError` when fewer than two regions are given, names repeat, the pool
    is too small, a gateway would need more connections than its SKU allows, or some regions have
    a subscription and others not.
    """
    return _across(regions, plan, _configuration(regions, plan))


def _configuration(regions: Sequence[Region], plan: StretchPlan) -> NetworkConfiguration:
    regions = [_placed(r) for r in regions] or [Region(name=n, location=loc) for n, loc in ARTICLE_REGIONS]
    _check_regions(regions)
    peers = _peers(regions, plan)
    _check_plan(regions, plan, peers)
    spaces = allocate(plan.pool, plan.vnet_prefix_length, len(regions), avoid=plan.avoid)
    vnets = [
        VirtualNetworkSite.create(
            name=region.vnet,
            affinity_group=None if plan.regional else region.name,
            location=region.location if plan.regional else None,
            prefixes=(space,),
            subnets=_subnets(space),
            gateway=Gateway(type=GatewayType.DYNAMIC_ROUTING, sku=plan.sku, connections=_connections(region, peers, plan)),
        )
        for region, space in zip(regions, spaces)
    ]
    return NetworkConfiguration.create(
        affinity_groups=[] if plan.regional else [AffinityGroup(name=r.name, location=r.location) for r in regions],
        local_sites=_local_sites(regions, spaces, plan),
        vnets=vnets,
    )


def split(config: NetworkConfiguration, owners: Mapping[str, Subscription]) -> NetworkSet:
    """``config`` as one network configuration per subscription, each VNet in ``owners[vnet]``'s.

    A subscription's file holds its VNets, their affinity groups and DNS servers, and every local
    site its gateways connect to, wherever the VNet a site stands in for is: the same site may be
    in several files.
    """
    order = list(dict.fromkeys(owners[v.name].name for v in config.vnets))
    by_name = {s.name: s for s in owners.values()}
    parts = []
    for name in order:
        vnets = [v for v in config.vnets if owners[v.name].name == name]
        used_sites = {c.site for v in vnets if v.gateway for c in v.gateway.connections}
        groups = {v.affinity_group for v in vnets}
        servers = {d for v in vnets for d in v.dns_servers}
        parts.append(
            Part(
                subscription=by_name[name],
                config=NetworkConfiguration.create(
                    affinity_groups=[g for g in config.affinity_groups if g.name in groups],
                    dns_servers=[d for d in config.dns_servers if d.name in servers],
                    local_sites=[s for s in config.local_sites if s.name in used_sites],
                    vnets=vnets,
                ),
            )
        )
    return NetworkSet(parts=tuple(parts))


def _across(regions: Sequence[Region], plan: StretchPlan, network: NetworkConfiguration) -> NetworkSet:
    """``network`` split by the subscriptions named for its regions; with none named, one unnamed part."""
    subscriptions = dict(plan.subscriptions)
    names = [r.name for r in regions] or [n for n, _ in ARTICLE_REGIONS]
    unknown = next((r for r in subscriptions if r not in names), None)
    if unknown is not None:
        raise RefusedError(
            f"a subscription is given for region {unknown!r}, which is not one of {', '.join(names)}",
            hints=(Hint("name a region", Option.SUBSCRIPTION_OF, (f"{names[0]}=NAME",)),),
        )
    missing = [r for r in names if r not in subscriptions]
    if subscriptions and missing:
        raise RefusedError(
            f"give every region a subscription, or none: {', '.join(missing)} has none",
            hints=(Hint("to give one", Option.SUBSCRIPTION_OF, tuple(f"{r}=NAME" for r in missing)),),
        )
    if not subscriptions:
        return NetworkSet.single(network)
    # One subscription named for every region is still named: the runbook selects it first.
    made = {name: Subscription(name=name) for name in dict.fromkeys(subscriptions.values())}
    return split(network, {Region(name=region, location="").vnet: made[sub] for region, sub in subscriptions.items()})
