"""What a Resource Manager export decides for the whole network before any one subscription's file.

Every subscription's deployment is written on its own, but some of its names and numbers must
agree with the others' (the parameter that takes a far gateway's id, the shared key of a pair of
VNets, a gateway's BGP ASN), and must never meet by accident. So they are worked out here, once,
from the whole network, and unique by construction:

* each VNet has a number: its place among all the network's VNets, by name;
* each derived parameter name holds those numbers, then readable words (letters and digits only),
  each part after a ``_``: the numbers alone tell two names apart, whatever the words are
  (``VNet-Hol-land`` and ``VNet-Hol_land`` both read ``VNetHolland``, but have different numbers);
* each BGP gateway has its own private ASN.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from netcfg.errors import Hint, Option, RefusedError
from netcfg.model import ConnectionType
from netcfg.model.relation import Why
from netcfg.model.subscriptions import NetworkSet
from netcfg.values import Value

# Stand-ins that route more than their VNet's own space: classic static transit through that VNet.
# On Resource Manager a Vnet2Vnet connection carries the two VNets' spaces only; ranges beyond
# them need BGP ("To enable transit routing across multiple Azure VPN gateways, you must enable BGP
# on all intermediate VNet-to-VNet connections": MicrosoftDocs/azure-docs
# includes/vpn-gateway-faq-bgp-include.md@00131721).
CARRIES_MORE = frozenset({Why.TRANSIT, Why.PLUS, Why.SUPERNET})

# Private 16-bit ASNs Azure VPN gateways take: 64512-65534 less those Azure reserves (65515,
# 65517-65520); IANA reserves 65535 (same FAQ include: "Are there ASNs reserved by Azure?").
RESERVED_ASNS = frozenset({65515, 65517, 65518, 65519, 65520})
PRIVATE_ASNS = tuple(asn for asn in range(64512, 65535) if asn not in RESERVED_ASNS)
WORD_LENGTH = 30


def word(name: str) -> str:
    """``name``'s ASCII letters and digits, at most :data:`WORD_LENGTH`: the readable part of a derived name."""
    return "".join(c for c in name if c.isascii() and c.isalnum())[:WORD_LENGTH]


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class Naming(Value):
    """The network-wide numbers of an export: VNets' numbers, BGP pairs and ASNs."""

    numbers: Mapping[str, int]  # VNet -> its number (1-based, by name over the whole network)
    bgp_pairs: frozenset[frozenset[str]]  # pairs of VNets whose tunnel carries more than their two spaces
    asns: Mapping[str, int]  # VNet -> the ASN of its gateway, for every VNet in a BGP pair

    def remote_gateway(self, vnet: str) -> str:
        """The parameter that takes the resource id of ``vnet``'s gateway (another subscription's)."""
        return f"remoteGateway{self.numbers[vnet]}_{word(vnet)}"

    def remote_vnet(self, vnet: str) -> str:
        """The parameter that takes the resource id of ``vnet`` (another subscription's), for a peering."""
        return f"remoteVNet{self.numbers[vnet]}_{word(vnet)}"

    def ordered(self, a: str, b: str) -> tuple[str, str]:
        """``a`` and ``b`` by their numbers: the order every file names a pair in."""
        first, second = sorted((a, b), key=lambda name: self.numbers[name])
        return first, second

    def pair_key(self, a: str, b: str) -> str:
        """The shared key of the tunnel between VNets ``a`` and ``b``: the same name in both subscriptions' files."""
        first, second = self.ordered(a, b)
        return f"sharedKey{self.numbers[first]}_{self.numbers[second]}_{word(first)}_{word(second)}"

    def site_key(self, vnet: str, site_number: int, site: str) -> str:
        """The shared key of ``vnet``'s connection to on-premises site number ``site_number`` of its subscription."""
        return f"sharedKey{self.numbers[vnet]}_site{site_number}_{word(vnet)}_{word(site)}"

    def bgp(self, a: str, b: str) -> bool:
        return frozenset((a, b)) in self.bgp_pairs


def location_parameter(region: str) -> str:
    """The parameter that takes the Azure region of what classic placed in ``region`` (a programmatic name)."""
    return f"location{region[:1].upper()}{region[1:]}"


def naming(network: NetworkSet, *, peering: bool) -> Naming:
    """The numbers of ``network``'s export (its stand-ins resolved); with ``peering``, no gateway joins VNets, so no BGP."""
    vnets = sorted((v.name for part in network.parts for v in part.config.vnets), key=lambda n: (n.casefold(), n))
    numbers = {name: index for index, name in enumerate(vnets, 1)}
    pairs = frozenset() if peering else _bgp_pairs(network)
    bgp_vnets = sorted({vnet for pair in pairs for vnet in pair}, key=numbers.__getitem__)
    if len(bgp_vnets) > len(PRIVATE_ASNS):
        raise RefusedError(
            f"{len(bgp_vnets)} gateways need BGP for transit, but Azure VPN gateways take only"
            f" {len(PRIVATE_ASNS)} private 16-bit ASNs",
            hints=(Hint("export in parts, or join the VNets by peering", Option.PEERING),),
        )
    return Naming(numbers=numbers, bgp_pairs=pairs, asns=dict(zip(bgp_vnets, PRIVATE_ASNS)))


def _bgp_pairs(network: NetworkSet) -> frozenset[frozenset[str]]:
    """Each pair of VNets joined through a stand-in that routes more than its VNet's space (either direction)."""
    relation = network.relation
    found = set()
    for part in network.parts:
        sites = {s.name: s for s in part.config.local_sites}
        for vnet in part.config.vnets:
            for connection in vnet.gateway.connections if vnet.gateway else ():
                site = sites.get(connection.site)
                if connection.type is not ConnectionType.IPSEC or site is None or site.mirrors is None:
                    continue
                stand_in = relation.of(part.subscription.name, site.name) if relation else None
                if stand_in is not None and stand_in.why in CARRIES_MORE:
                    found.add(frozenset((vnet.name, site.mirrors)))
    return frozenset(found)
