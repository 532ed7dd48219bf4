"""Networks for the routing rules: a hub and two spokes with transit, and the article's pair, as .netcfg text."""

from __future__ import annotations

from ruletest import gateway, netcfg, vnet

SPACES = {"Hub": "10.0.0.0/16", "Holland": "10.1.0.0/16", "Virginia": "10.2.0.0/16"}


def sites_xml(sites: dict[str, list[str]]) -> str:
    """``<LocalNetworkSites>`` with each site's prefixes (a public gateway address each)."""
    out = []
    for i, (name, prefixes) in enumerate(sites.items(), 1):
        listed = "".join(f"<AddressPrefix>{p}</AddressPrefix>" for p in prefixes)
        out.append(
            f'<LocalNetworkSite name="{name}">\n  <AddressSpace>{listed}</AddressSpace>\n'
            f"  <VPNGatewayAddress>52.169.{i}.20</VPNGatewayAddress>\n</LocalNetworkSite>"
        )
    return "<LocalNetworkSites>\n" + "\n".join(out) + "\n</LocalNetworkSites>"


def network(sites: dict[str, list[str]], connections: dict[str, list[str]]) -> str:
    vnets = "\n".join(
        vnet(f"VNet-{name}", SPACES[name], gateway(*connections.get(name, []))) for name in SPACES if name in connections
    )
    return netcfg(sites_xml(sites) + "\n<VirtualNetworkSites>\n" + vnets + "\n</VirtualNetworkSites>")


def hub(*, holland_lists_virginia: bool = True) -> str:
    """The hub with transit; optionally Holland's stand-in for the hub forgets Virginia's range."""
    return network(
        {
            "Local-Holland": [SPACES["Holland"]],
            "Local-Virginia": [SPACES["Virginia"]],
            "Local-Hub-for-Holland": [SPACES["Hub"]] + ([SPACES["Virginia"]] if holland_lists_virginia else []),
            "Local-Hub-for-Virginia": [SPACES["Hub"], SPACES["Holland"]],
        },
        {
            "Hub": ["Local-Holland", "Local-Virginia"],
            "Holland": ["Local-Hub-for-Holland"],
            "Virginia": ["Local-Hub-for-Virginia"],
        },
    )
