"""A classic gateway's routing type: what the file says, or what its configuration implies.

A topology says the type (``type = "StaticRouting"``); a ``.netcfg`` never does, because the type
was chosen when the gateway was created (``New-AzureVNetGateway -GatewayType``, StaticRouting by
default: reference §B "Default type trap"). Some configurations decide it all the same, because
a classic StaticRouting gateway could not have them (VPN Gateway FAQ, reference §B: "Only the
Dynamic Routing VPNs" support multi-site, VNet-to-VNet and point-to-site):

* a connection to a local site that stands in for a VNet (VNet-to-VNet);
* more than one site-to-site connection (multi-site);
* a point-to-site client pool.

Anything else (one site-to-site tunnel, or none) was possible with either type, so the answer is
``None``: whoever exports it must say (``--gateway-type VNET=static``) or be told what was assumed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from netcfg.model.network import ConnectionType, GatewayType, NetworkConfiguration, VirtualNetworkSite
from netcfg.values import Value


@dataclass(frozen=True, kw_only=True, slots=True, eq=False, repr=False)
class RoutingType(Value):
    """A gateway's routing type and how it is known: ``type`` is ``None`` when nothing says it."""

    type: GatewayType | None
    reason: str  # "the topology says so", "given with --gateway-type", or what in the configuration implies it


class RoutingTypes:
    """The routing type of each gateway of one configuration, its stand-ins read once (a large network
    asks for every VNet's: reading the sites again each time would be quadratic).

    ``config`` must have its stand-ins resolved (each site's ``mirrors``), so that a connection to a
    stand-in for a VNet of another subscription counts as VNet-to-VNet too.
    """

    def __init__(self, config: NetworkConfiguration, given: Mapping[str, GatewayType] | None = None) -> None:
        self.given = given or {}
        self.mirrors = {s.name: s.mirrors for s in config.local_sites if s.mirrors}

    def of(self, vnet: VirtualNetworkSite) -> RoutingType:
        """``vnet``'s type: the user's word, else the file's, else what its configuration implies."""
        if vnet.name in self.given:
            return RoutingType(type=self.given[vnet.name], reason="given as its gateway type")
        gateway = vnet.gateway
        if gateway is None:
            return RoutingType(type=None, reason="no gateway")
        if gateway.type is not None:
            return RoutingType(type=gateway.type, reason="the file says so")
        needs = self.needs(vnet)
        if needs:
            return RoutingType(
                type=GatewayType.DYNAMIC_ROUTING, reason=f"{' and '.join(needs)}, which only a DynamicRouting gateway allowed"
            )
        return RoutingType(
            type=None, reason="the .netcfg does not say, and a StaticRouting gateway could have had this configuration"
        )

    def needs(self, vnet: VirtualNetworkSite) -> list[str]:
        """What in ``vnet``'s gateway only a DynamicRouting gateway allowed, in words (empty: nothing)."""
        gateway = vnet.gateway
        if gateway is None:
            return []
        tunnels = [c.site for c in gateway.connections if c.type is ConnectionType.IPSEC]
        found = []
        to_vnets = [self.mirrors[site] for site in tunnels if site in self.mirrors]
        if to_vnets:
            found.append(f"it connects to VNet{'s' if len(to_vnets) > 1 else ''} {', '.join(map(repr, to_vnets))}")
        if len(tunnels) > 1:
            found.append(f"it has {len(tunnels)} site-to-site connections")
        if gateway.client_pool:
            found.append("it has a point-to-site client pool")
        return found
