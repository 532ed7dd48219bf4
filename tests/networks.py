"""Networks as the files users have: a .netcfg written out from a compact description, by hand-shapes the
generator never writes (stand-ins with extra ranges, supernets, splits, shared prefixes, ExpressRoute).

    netcfg({"VNet-A": ["10.0.0.0/16"], ...}, {"Local-B": ["10.1.0.0/16"], ...}, {"VNet-A": ["Local-B"], ...})

Every VNet gets a GatewaySubnet (the first /28 of its first prefix) when it has a gateway; every site a
public gateway address (52.169.N.20) unless ``addresses`` says otherwise.
"""

from __future__ import annotations

from ipaddress import IPv4Network

NS = "http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration"


def _gateway_subnet(space: str) -> str:
    network = IPv4Network(space, strict=False)
    return str(next(network.subnets(new_prefix=max(network.prefixlen, 28))))


def netcfg(
    vnets: dict[str, list[str]],
    sites: dict[str, list[str]],
    connections: dict[str, list[str]],
    *,
    addresses: dict[str, str | None] | None = None,
    pools: dict[str, str] | None = None,
    dedicated: set[tuple[str, str]] = frozenset(),
    locations: dict[str, str] | None = None,
    dns: dict[str, str] | None = None,
) -> str:
    """A whole .netcfg: VNets (with gateways where ``connections`` or ``pools`` name them), local sites.

    Every VNet is in North Europe unless ``locations`` says otherwise; ``dns`` gives DNS servers
    (name: address), which every VNet then uses.
    """
    addresses = addresses or {}
    pools = pools or {}
    locations = locations or {}
    dns = dns or {}
    out = ['<?xml version="1.0" encoding="utf-8"?>', f'<NetworkConfiguration xmlns="{NS}">', "  <VirtualNetworkConfiguration>"]
    if dns:
        out.append(
            "    <Dns><DnsServers>"
            + "".join(f'<DnsServer name="{n}" IPAddress="{a}" />' for n, a in dns.items())
            + "</DnsServers></Dns>"
        )
    out.append("    <LocalNetworkSites>")
    for i, (name, prefixes) in enumerate(sites.items(), 1):
        out.append(f'      <LocalNetworkSite name="{name}">')
        out.append(
            "        <AddressSpace>" + "".join(f"<AddressPrefix>{p}</AddressPrefix>" for p in prefixes) + "</AddressSpace>"
        )
        address = addresses.get(name, f"52.169.{i}.20")
        if address is not None:
            out.append(f"        <VPNGatewayAddress>{address}</VPNGatewayAddress>")
        out.append("      </LocalNetworkSite>")
    out += ["    </LocalNetworkSites>", "    <VirtualNetworkSites>"]
    for name, space in vnets.items():
        out.append(f'      <VirtualNetworkSite name="{name}" Location="{locations.get(name, "North Europe")}">')
        out.append("        <AddressSpace>" + "".join(f"<AddressPrefix>{p}</AddressPrefix>" for p in space) + "</AddressSpace>")
        gateway = name in connections or name in pools
        if gateway:
            out.append(
                f'        <Subnets><Subnet name="GatewaySubnet"><AddressPrefix>{_gateway_subnet(space[0])}'
                "</AddressPrefix></Subnet></Subnets>"
            )
        if dns:  # the XSD's order: AddressSpace, Subnets, DnsServersRef, Gateway
            out.append("        <DnsServersRef>" + "".join(f'<DnsServerRef name="{n}" />' for n in dns) + "</DnsServersRef>")
        if gateway:
            out.append("        <Gateway>")
            if name in pools:
                out.append(f"          <VPNClientAddressPool><AddressPrefix>{pools[name]}</AddressPrefix></VPNClientAddressPool>")
            out.append("          <ConnectionsToLocalNetwork>")
            for site in connections.get(name, []):
                kind = "Dedicated" if (name, site) in dedicated else "IPsec"
                out.append(f'            <LocalNetworkSiteRef name="{site}"><Connection type="{kind}" /></LocalNetworkSiteRef>')
            out += ["          </ConnectionsToLocalNetwork>", "        </Gateway>"]
        out.append("      </VirtualNetworkSite>")
    out += ["    </VirtualNetworkSites>", "  </VirtualNetworkConfiguration>", "</NetworkConfiguration>", ""]
    return "\n".join(out)


A, B, C = "10.0.0.0/16", "10.1.0.0/16", "10.2.0.0/16"


def pair(site_b: list[str], *, site_a: list[str] | None = None, **more: object) -> str:
    """The article's shape, VNet-A (10.0.0.0/16) and VNet-B (10.1.0.0/16), with Local-B listing ``site_b``."""
    return netcfg(
        {"VNet-A": [A], "VNet-B": [B]},
        {"Local-A": site_a or [A], "Local-B": site_b},
        {"VNet-A": ["Local-B"], "VNet-B": ["Local-A"]},
        **more,
    )  # type: ignore[arg-type]
