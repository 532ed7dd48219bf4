"""Rules about a VNet's subnets, its GatewaySubnet above all."""

from __future__ import annotations

from collections.abc import Iterator

from netcfg.model.addressing import inside, overlaps_with_earlier
from netcfg.model import GATEWAY_SUBNET, VirtualNetworkSite
from netcfg.validate.rules.base import ERROR, NetworkSubject, Problem, Subject, network_rule, rule

SMALLEST_GATEWAY_SUBNET = 29
RECOMMENDED_GATEWAY_SUBNET = 28


def _space(vnet: VirtualNetworkSite) -> str:
    return ", ".join(str(p) for p in vnet.prefixes)


@rule("subnet-outside-address-space", ERROR, "a subnet is not inside its VNet's address space")
def subnet_outside_address_space(subject: Subject) -> Iterator[Problem]:
    """Subnets are carved from the VNet's AddressSpace; each must lie inside one of its prefixes.

    PASS::

        [[vnet]]
        name = "VNet-Dublin"
        location = "North Europe"
        prefixes = ["10.1.0.0/16"]
        subnets = [{ name = "App", prefix = "10.1.2.0/24" }]

    FAIL::

        [[vnet]]
        name = "VNet-Dublin"
        location = "North Europe"
        prefixes = ["10.1.0.0/16"]
        subnets = [{ name = "App", prefix = "10.2.0.0/24" }]
    """
    for vnet in subject.model.vnets:
        spaces = [p.span for p in vnet.prefixes]
        for subnet in vnet.subnets:
            if not inside(subnet.prefix, spaces):
                yield Problem(
                    subnet.origin,
                    f"subnet {subnet.name!r} {subnet.prefix} lies outside the address space of VNet"
                    f" {vnet.name!r} ({_space(vnet)}); move it inside or widen the address space",
                )


@rule("subnet-overlap", ERROR, "two subnets of one VNet overlap")
def subnet_overlap(subject: Subject) -> Iterator[Problem]:
    """Subnets of one VNet must not share addresses.

    PASS::

        [[vnet]]
        name = "VNet-Dublin"
        location = "North Europe"
        prefixes = ["10.1.0.0/16"]
        subnets = [{ name = "Front", prefix = "10.1.0.0/24" }, { name = "Back", prefix = "10.1.1.0/24" }]

    FAIL::

        [[vnet]]
        name = "VNet-Dublin"
        location = "North Europe"
        prefixes = ["10.1.0.0/16"]
        subnets = [{ name = "Front", prefix = "10.1.0.0/16" }, { name = "Back", prefix = "10.1.1.0/24" }]
    """
    for vnet in subject.model.vnets:
        for earlier, later in overlaps_with_earlier((subnet.prefix, subnet) for subnet in vnet.subnets):
            yield Problem(
                later.origin,
                f"subnet {later.name!r} {later.prefix} overlaps subnet {earlier.name!r} {earlier.prefix} in VNet {vnet.name!r}",
            )


@rule("missing-gateway-subnet", ERROR, "a VNet with a gateway has no subnet named exactly GatewaySubnet")
def missing_gateway_subnet(subject: Subject) -> Iterator[Problem]:
    """A gateway with site connections or a point-to-site client pool needs a subnet named exactly
    ``GatewaySubnet``; without it Azure cannot create the gateway, and its error did not say why.

    PASS::

        [[local_site]]
        name = "Local-Holland"
        prefixes = ["10.1.0.0/16"]
        [[vnet]]
        name = "VNet-Dublin"
        location = "North Europe"
        prefixes = ["10.0.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.0.1.0/28" }]
        gateway = { connections = ["Local-Holland"] }

    FAIL (a subnet named almost right)::

        [[local_site]]
        name = "Local-Holland"
        prefixes = ["10.1.0.0/16"]
        [[vnet]]
        name = "VNet-Dublin"
        location = "North Europe"
        prefixes = ["10.0.0.0/16"]
        subnets = [{ name = "Gateway", prefix = "10.0.1.0/28" }]
        gateway = { connections = ["Local-Holland"] }
    """
    for vnet in subject.model.vnets:
        gateway = vnet.gateway
        if gateway is None or not (gateway.connections or gateway.client_pool) or vnet.gateway_subnet is not None:
            continue
        near = next((s.name for s in vnet.subnets if s.name.casefold().replace("-", "") == GATEWAY_SUBNET.casefold()), None)
        hint = (
            f"; rename subnet {near!r} to {GATEWAY_SUBNET!r} (the name is case-sensitive)"
            if near
            else (f"; add a /{RECOMMENDED_GATEWAY_SUBNET} subnet named {GATEWAY_SUBNET!r} inside {_space(vnet)}")
        )
        yield Problem(gateway.origin, f"VNet {vnet.name!r} has a gateway but no subnet named {GATEWAY_SUBNET!r}{hint}")


@rule("gateway-subnet-too-small", ERROR, f"GatewaySubnet is smaller than /{SMALLEST_GATEWAY_SUBNET}")
def gateway_subnet_too_small(subject: Subject) -> Iterator[Problem]:
    """The classic gateway needs a GatewaySubnet of at least /29, the documented minimum and the
    default of the cross-platform CLI, so /29 passes and anything smaller is an error. (Resource
    Manager recommends /27; ``netcfg export`` says so where it matters.)

    PASS::

        [[vnet]]
        name = "VNet-Dublin"
        location = "North Europe"
        prefixes = ["10.1.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.1.1.0/29" }]

    FAIL::

        [[vnet]]
        name = "VNet-Dublin"
        location = "North Europe"
        prefixes = ["10.1.0.0/16"]
        subnets = [{ name = "GatewaySubnet", prefix = "10.1.1.0/30" }]
    """
    for vnet in subject.model.vnets:
        subnet = vnet.gateway_subnet
        if subnet is None:
            continue
        length = subnet.prefix.length
        if length > SMALLEST_GATEWAY_SUBNET:
            yield Problem(
                subnet.origin,
                f"GatewaySubnet of VNet {vnet.name!r} is /{length}; a gateway needs at least"
                f" /{SMALLEST_GATEWAY_SUBNET} (/{RECOMMENDED_GATEWAY_SUBNET} recommended)",
            )


@network_rule("overlapping-networks", ERROR, "across subscriptions: two subscriptions' VNets of one network overlap")
def overlapping_networks(subject: NetworkSubject) -> Iterator[Problem]:
    """The VNets of one network need distinct address spaces whichever subscription holds them: a
    gateway could not tell them apart. Within one subscription Azure accepted overlapping VNets
    (test subscriptions reused one range), so only VNets of different subscriptions are compared.

    PASS::

        [[subscription]]
        name = "Production"
        [[subscription]]
        name = "DevTest"
        [[vnet]]
        name = "VNet-Dublin"
        subscription = "Production"
        location = "North Europe"
        prefixes = ["10.0.0.0/16"]
        [[vnet]]
        name = "VNet-Holland"
        subscription = "DevTest"
        location = "West Europe"
        prefixes = ["10.1.0.0/16"]

    FAIL::

        [[subscription]]
        name = "Production"
        [[subscription]]
        name = "DevTest"
        [[vnet]]
        name = "VNet-Dublin"
        subscription = "Production"
        location = "North Europe"
        prefixes = ["10.0.0.0/16"]
        [[vnet]]
        name = "VNet-Holland"
        subscription = "DevTest"
        location = "West Europe"
        prefixes = ["10.0.128.0/17"]
    """
    if len(subject.network.names) < 2:  # pairs within one subscription are other rules' business
        return
    items = [
        (p, (part.subscription.name, vnet)) for part in subject.network.parts for vnet in part.config.vnets for p in vnet.prefixes
    ]
    for (first_owner, first), (owner, later) in overlaps_with_earlier(items):
        if first_owner != owner:
            yield Problem(
                later.origin,
                f"VNet {later.name!r} ({owner}) overlaps VNet {first.name!r} ({first_owner});"
                " the VNets of one network need distinct address spaces, across subscriptions too",
            )
