"""Rules about a VNet's subnets, its GatewaySubnet above all."""

from __future__ import annotations

from collections.abc import Iterator

from netcfg.model.addressing import inside, overlaps_with_earlier, span
from netcfg.model import GATEWAY_SUBNET, VirtualNetworkSite
from netcfg.validate.rules.base import ERROR, Problem, Subject, rule

SMALLEST_GATEWAY_SUBNET = 29
RECOMMENDED_GATEWAY_SUBNET = 28


def _space(vnet: VirtualNetworkSite) -> str:
    return ", ".join(str(p) for p in vnet.prefixes)


@rule("subnet-outside-address-space", ERROR, "a subnet is not inside its VNet's address space")
def subnet_outside_address_space(subject: Subject) -> Iterator[Problem]:
    """Subnets are carved from the VNet's AddressSpace; each must lie inside one of its prefixes.

    PASS::

        <AddressSpace><AddressPrefix>10.1.0.0/16</AddressPrefix></AddressSpace>
        <Subnet name="App"><AddressPrefix>10.1.2.0/24</AddressPrefix></Subnet>

    FAIL::

        <Subnet name="App"><AddressPrefix>10.2.0.0/24</AddressPrefix></Subnet>
    """
    for vnet in subject.model.vnets:
        spaces = [span(p.network) for p in vnet.prefixes]
        for subnet in vnet.subnets:
            if not inside(subnet.prefix.network, spaces):
                yield Problem(subnet.origin, f"subnet {subnet.name!r} {subnet.prefix} lies outside the address space of VNet"
                                             f" {vnet.name!r} ({_space(vnet)}); move it inside or widen the address space")


@rule("subnet-overlap", ERROR, "two subnets of one VNet overlap")
def subnet_overlap(subject: Subject) -> Iterator[Problem]:
    """Subnets of one VNet must not share addresses.

    PASS::

        <Subnet name="Front"><AddressPrefix>10.1.0.0/24</AddressPrefix></Subnet>
        <Subnet name="Back"><AddressPrefix>10.1.1.0/24</AddressPrefix></Subnet>

    FAIL::

        <Subnet name="Front"><AddressPrefix>10.1.0.0/16</AddressPrefix></Subnet>
        <Subnet name="Back"><AddressPrefix>10.1.1.0/24</AddressPrefix></Subnet>
    """
    for vnet in subject.model.vnets:
        for earlier, later in overlaps_with_earlier((subnet.prefix.network, subnet) for subnet in vnet.subnets):
            yield Problem(later.origin, f"subnet {later.name!r} {later.prefix} overlaps subnet {earlier.name!r}"
                                        f" {earlier.prefix} in VNet {vnet.name!r}")


@rule("missing-gateway-subnet", ERROR, "a VNet with a gateway has no subnet named exactly GatewaySubnet")
def missing_gateway_subnet(subject: Subject) -> Iterator[Problem]:
    """A gateway with site connections or a point-to-site client pool needs a subnet named exactly
    ``GatewaySubnet``; without it Azure cannot create the gateway, and its error did not say why.

    PASS::

        <Subnet name="GatewaySubnet"><AddressPrefix>10.1.1.0/28</AddressPrefix></Subnet>
        ...
        <Gateway><ConnectionsToLocalNetwork><LocalNetworkSiteRef name="Local-Holland" /></ConnectionsToLocalNetwork></Gateway>

    FAIL::

        <Subnet name="Gateway"><AddressPrefix>10.1.1.0/28</AddressPrefix></Subnet>
        ...
        <Gateway><ConnectionsToLocalNetwork><LocalNetworkSiteRef name="Local-Holland" /></ConnectionsToLocalNetwork></Gateway>
    """
    for vnet in subject.model.vnets:
        gateway = vnet.gateway
        if gateway is None or not (gateway.connections or gateway.client_pool) or vnet.gateway_subnet is not None:
            continue
        near = next((s.name for s in vnet.subnets if s.name.casefold().replace("-", "") == GATEWAY_SUBNET.casefold()), None)
        hint = f"; rename subnet {near!r} to {GATEWAY_SUBNET!r} (the name is case-sensitive)" if near else (
            f"; add a /{RECOMMENDED_GATEWAY_SUBNET} subnet named {GATEWAY_SUBNET!r} inside {_space(vnet)}")
        yield Problem(gateway.origin, f"VNet {vnet.name!r} has a gateway but no subnet named {GATEWAY_SUBNET!r}{hint}")


@rule("gateway-subnet-too-small", ERROR, f"GatewaySubnet is smaller than /{SMALLEST_GATEWAY_SUBNET}")
def gateway_subnet_too_small(subject: Subject) -> Iterator[Problem]:
    """The classic gateway needs a GatewaySubnet of at least /29, the documented minimum and the
    default of the cross-platform CLI, so /29 passes and anything smaller is an error. (Resource
    Manager recommends /27; ``netcfg export`` says so where it matters.)

    PASS::

        <Subnet name="GatewaySubnet"><AddressPrefix>10.1.1.0/29</AddressPrefix></Subnet>

    FAIL::

        <Subnet name="GatewaySubnet"><AddressPrefix>10.1.1.0/30</AddressPrefix></Subnet>
    """
    for vnet in subject.model.vnets:
        subnet = vnet.gateway_subnet
        if subnet is None:
            continue
        length = subnet.prefix.network.prefixlen
        if length > SMALLEST_GATEWAY_SUBNET:
            yield Problem(subnet.origin, f"GatewaySubnet of VNet {vnet.name!r} is /{length}; a gateway needs at least"
                                         f" /{SMALLEST_GATEWAY_SUBNET} (/{RECOMMENDED_GATEWAY_SUBNET} recommended)")
