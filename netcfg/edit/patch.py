"""The second pass: each stand-in local site gets its VNet's real gateway address, every other byte kept.

The elements are found with lxml and the text changed at the offsets :mod:`netcfg.io.source_map`
finds (see there for why): only the VPNGatewayAddress values change.
"""

from __future__ import annotations

from collections.abc import Mapping
from ipaddress import IPv4Address

from lxml import etree

from netcfg.model.addressing import LAB_REASONS, why_not_public
from netcfg.errors import Hint, Option, RefusedError
from netcfg.model.network import first_by_name
from netcfg.model.relation import Relation
from netcfg.model.subscriptions import NetworkSet
from netcfg.io.xml_reader import tag_prefix, value
from netcfg.edit.document import child, indent_unit
from netcfg.io.source_map import Source, Span, apply


def patch_plan(
    network: NetworkSet, addresses: Mapping[str, IPv4Address], *, allow_private: bool = False
) -> dict[str, dict[str, IPv4Address]]:
    """``{subscription: {local site: address}}``: each VNet's gateway address for every site, in whichever
    subscription's configuration, that stands in for it (``network`` resolved: see
    :func:`netcfg.model.standins.resolve`).

    Refuses (:class:`RefusedError`), naming every such VNet at once: a VNet the network does not
    have, a VNet no site stands in for (or only ambiguously), an address that is not public unicast
    (unless ``allow_private``, for labs), the same address for two VNets, and the wrong-way-round
    mistake: a site that would get the address of a VNet that connects to it.
    """
    problems: list[str] = []
    hints: list[Hint] = []
    for name, address in addresses.items():
        said, hint = _vnet_problems(network, name, address, allow_private)
        problems += said
        hints += [hint] if hint else []
    problems += _shared_addresses(addresses)
    plans: dict[str, dict[str, IPv4Address]] = {part.subscription.name: {} for part in network.parts}
    for part in network.parts:
        vnets = first_by_name(part.config.vnets)
        for site in part.config.local_sites:
            if site.mirrors is None or site.mirrors not in addresses:
                continue
            vnet = vnets.get(site.mirrors)
            if vnet is not None and vnet.gateway and any(c.site == site.name for c in vnet.gateway.connections):
                problems.append(
                    f"wrong way round: {site.name!r} would get the gateway address of VNet {site.mirrors!r},"
                    f" which connects to it; a local site carries the address of the *other* VNet's gateway"
                )
            plans[part.subscription.name][site.name] = addresses[site.mirrors]
    if problems:
        private = any(why in LAB_REASONS for why in map(why_not_public, addresses.values())) and not allow_private
        hints += [Hint("to accept private addresses in a lab", Option.ALLOW_PRIVATE)] if private else []
        raise RefusedError("; ".join(dict.fromkeys(problems)), hints=hints)
    return plans


def _vnet_problems(network: NetworkSet, name: str, address: IPv4Address, allow_private: bool) -> tuple[list[str], Hint | None]:
    """What keeps ``address`` from going into the stand-ins of VNet ``name``, and what would settle the stand-in."""
    owners = network.owners()
    if name not in owners:
        return [f"VNet {name!r} is not in the network (its VNets: {', '.join(repr(v) for v in owners) or 'none'})"], None
    problems = _address_problems(name, address, allow_private=allow_private)
    relation = network.relation
    if relation is None or relation.for_vnet(name):
        return problems, None
    ambiguous = sorted((a for a in relation.ambiguities if name in a.vnets), key=lambda a: not a.connected)
    if ambiguous:
        sites = "; ".join(a.message for a in ambiguous)
        return [*problems, f"no local site stands in for VNet {name!r} for certain: {sites}"], Relation.fix(ambiguous)
    return [*problems, f"no local site stands in for VNet {name!r}"], Hint("name one", Option.MIRRORS, (f"SITE={name}",))


def _shared_addresses(addresses: Mapping[str, IPv4Address]) -> list[str]:
    """Two VNets' gateways never share a public IP: one given twice is a copy-paste slip."""
    by_address: dict[IPv4Address, list[str]] = {}
    for vnet, address in addresses.items():
        by_address.setdefault(address, []).append(vnet)
    return [
        f"{address} is given for VNets {', '.join(map(repr, vnets))}; each gateway has its own VIP"
        for address, vnets in by_address.items()
        if len(vnets) > 1
    ]


def _address_problems(vnet: str, address: IPv4Address, *, allow_private: bool) -> list[str]:
    """A gateway address must be public unicast (a lab may use private and documentation ones)."""
    why = why_not_public(address)
    if why and not (allow_private and why in LAB_REASONS):
        return [f"{address} for VNet {vnet!r} is {why}, not a gateway's public IP"]
    return []


def _find(root: etree._Element, tag: str, name: str) -> etree._Element:
    found = [e for e in root.iter(tag_prefix(root) + tag) if e.get("name") == name]
    if len(found) != 1:
        raise RefusedError(f"the file has {len(found)} {tag} elements named {name!r}; expected exactly one")
    return found[0]


def _prefix(span: Span) -> str:
    head, sep, _ = span.tag.rpartition(":")
    return head + sep


def patch(data: bytes, root: etree._Element, plan: Mapping[str, IPv4Address], *, file: str = "") -> bytes:
    """``data`` with the VPNGatewayAddress of each site in ``plan`` set, every other byte unchanged."""
    source = Source.read(data, file=file)
    spans = source.map(root, file=file)
    edits = []
    for site_name, address in plan.items():
        site = _find(root, "LocalNetworkSite", site_name)
        tag = f"{_prefix(spans[site])}VPNGatewayAddress"
        current = child(site, "VPNGatewayAddress")
        if current is not None:
            span = spans[current]
            if value(current) == str(address):
                continue  # already patched: a second run changes nothing
            if span.empty:
                edits.append((span.start, span.end, f"<{tag}>{address}</{tag}>"))
            else:
                edits.append((span.inner_start, span.inner_end, str(address)))
            continue
        anchor = child(site, "AddressSpace")
        if anchor is not None:
            where, indent = spans[anchor].end, source.indent(spans[anchor])
        else:
            where, indent = spans[site].inner_start, source.indent(spans[site]) + indent_unit(source, spans, root)
        edits.append((where, where, f"{source.newline}{indent}<{tag}>{address}</{tag}>"))
    return source.encode(apply(source.text, edits)) if edits else data
