"""Helpers for the one-module-per-rule tests (yamllint's habit: expected (line, rule) tuples)."""

from __future__ import annotations

import textwrap

from netcfg.findings import Finding
from netcfg.validate import Selection, validate_bytes

NS = "http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration"


def netcfg(body: str, *, namespace: str = NS) -> str:
    """A whole document around ``body`` (the inside of VirtualNetworkConfiguration)."""
    inner = textwrap.indent(textwrap.dedent(body).strip("\n"), "    ")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<NetworkConfiguration xmlns="{namespace}">\n'
        "  <VirtualNetworkConfiguration>\n"
        f"{inner}\n"
        "  </VirtualNetworkConfiguration>\n"
        "</NetworkConfiguration>\n"
    )


def vnet(
    name: str = "VNet-Dublin", space: str = "10.0.0.0/16", inner: str = "", placement: str = 'Location="North Europe"'
) -> str:
    return (
        f'<VirtualNetworkSite name="{name}" {placement}>\n'
        f"  <AddressSpace><AddressPrefix>{space}</AddressPrefix></AddressSpace>\n"
        f"{textwrap.indent(textwrap.dedent(inner).strip(chr(10)), '  ')}\n"
        "</VirtualNetworkSite>"
    )


GATEWAY_SUBNET = '<Subnets><Subnet name="GatewaySubnet"><AddressPrefix>10.0.1.0/28</AddressPrefix></Subnet></Subnets>'


def gateway(*sites: str, pool: str = "") -> str:
    """A GatewaySubnet and a Gateway connecting to ``sites`` (one LocalNetworkSiteRef per line)."""
    pool_xml = f"\n  <VPNClientAddressPool><AddressPrefix>{pool}</AddressPrefix></VPNClientAddressPool>" if pool else ""
    refs = "".join(f'\n    <LocalNetworkSiteRef name="{s}" />' for s in sites)
    connections = f"\n  <ConnectionsToLocalNetwork>{refs}\n  </ConnectionsToLocalNetwork>" if sites else ""
    return f"{GATEWAY_SUBNET}\n<Gateway>{pool_xml}{connections}\n</Gateway>"


def site(name: str, prefix: str, address: str | None = "52.169.10.20") -> str:
    vpn = f"\n  <VPNGatewayAddress>{address}</VPNGatewayAddress>" if address else ""
    return f'<LocalNetworkSite name="{name}">\n  <AddressSpace><AddressPrefix>{prefix}</AddressPrefix></AddressSpace>{vpn}\n</LocalNetworkSite>'


def line_of(document: str, snippet: str, occurrence: int = 1) -> int:
    """The 1-based line of the ``occurrence``-th line containing ``snippet`` (which must exist)."""
    hits = [n for n, line in enumerate(document.splitlines(), 1) if snippet in line]
    assert len(hits) >= occurrence, f"{snippet!r} occurs {len(hits)} times"
    return hits[occurrence - 1]


def run(document: str | bytes, rule: str) -> list[Finding]:
    data = document.encode() if isinstance(document, str) else document
    return validate_bytes(data, file="t.netcfg", selection=Selection(select=frozenset({rule})))


def found(document: str | bytes, rule: str) -> list[tuple[int | None, str]]:
    """``(line, rule)`` of every finding of ``rule`` in ``document``."""
    return [(f.line, f.rule) for f in run(document, rule)]
