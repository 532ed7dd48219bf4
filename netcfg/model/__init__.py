"""The network as frozen values, and the facts about Azure it is checked against.

The bottom layer: it imports nothing of netcfg but :mod:`netcfg.errors`.

* :mod:`~netcfg.model.network`: affinity groups, VNets, subnets, gateways, local sites (re-exported here);
* :mod:`~netcfg.model.prefix`: :class:`Prefix`, the address block all of them hold (re-exported here);
* :mod:`~netcfg.model.standins`: which local site stands in for which VNet, worked out once
  (:mod:`~netcfg.model.relation` holds the answer);
* :mod:`~netcfg.model.subscriptions`: a network as one configuration per subscription;
* :mod:`~netcfg.model.addressing`: public, private and reserved IPv4 ranges;
* :mod:`~netcfg.model.regions`: Azure's regions, classic and current names;
* :mod:`~netcfg.model.changes`: what differs between two networks (``netcfg diff``);
* :mod:`~netcfg.model.overview`: the VNet-to-VNet tunnels and site links a network makes;
* :mod:`~netcfg.model.keys`: shared keys.
"""

from netcfg.model.network import (
    GATEWAY_SUBNET,
    NAMESPACE,
    AffinityGroup,
    Connection,
    ConnectionType,
    DnsServer,
    Gateway,
    GatewayProfile,
    GatewaySku,
    GatewayType,
    LocalNetworkSite,
    NetworkConfiguration,
    Position,
    Subnet,
    VirtualNetworkSite,
    address_problem,
    name_problem,
    parse_address,
    parse_prefix,
    prefix_problem,
    read_prefix,
)
from netcfg.model.prefix import Prefix

__all__ = [
    "GATEWAY_SUBNET",
    "NAMESPACE",
    "AffinityGroup",
    "Connection",
    "ConnectionType",
    "DnsServer",
    "Gateway",
    "GatewayProfile",
    "GatewaySku",
    "GatewayType",
    "LocalNetworkSite",
    "NetworkConfiguration",
    "Position",
    "Prefix",
    "Subnet",
    "VirtualNetworkSite",
    "address_problem",
    "name_problem",
    "parse_address",
    "parse_prefix",
    "prefix_problem",
    "read_prefix",
]
