"""The second pass: each stand-in local site gets its VNet's real gateway address, every other byte kept.

The elements are found with lxml and the text changed at the offsets :mod:`netcfg.io.source_map`
finds (see there for why): only the VPNGatewayAddress values change.
"""

from __future__ import annotations

from collections.abc import Mapping
from ipaddress import IPv4Address

from lxml import etree

from netcfg.model.addressing import LAB_REASONS, why_not_public
from netcfg.errors import RefusedError
from netcfg.model import NetworkConfiguration, ambiguity_message
from netcfg.io.xml_reader import tag_prefix, value
from netcfg.edit.document import child, indent_unit
from netcfg.io.source_map import Source, Span, apply


def patch_plan(
    config: NetworkConfiguration, addresses: Mapping[str, IPv4Address], *, allow_private: bool = False
) -> dict[str, IPv4Address]:
    """``{local site: address}``: each VNet's gateway address for every local site that mirrors it.

    Refuses (:class:`RefusedError`) a VNet not in the configuration, a VNet no site mirrors, an
    address that is not public unicast (unless ``allow_private``, for labs), and the
    wrong-way-round mistake: a site that would get the address of a VNet that connects to it.
    """
    plan: dict[str, IPv4Address] = {}
    for name, address in addresses.items():
        vnet = config.vnet(name)
        if vnet is None:
            known = ", ".join(repr(v.name) for v in config.vnets) or "none"
            raise RefusedError(f"VNet {name!r} is not in the file (its VNets: {known})")
        _refuse_address(name, address, allow_private=allow_private)
        sites = [s for s in config.local_sites if s.mirrors == name]
        if not sites:
            raise RefusedError(ambiguity_message(config, name) or (
                f"no local site stands in for VNet {name!r} (none has exactly its prefixes); name it with --mirror SITE={name}"))
        connected = {c.site for c in vnet.gateway.connections} if vnet.gateway else set()
        for site in sites:
            if site.name in connected:
                raise RefusedError(
                    f"wrong way round: {site.name!r} would get the gateway address of VNet {name!r}, but {name!r}"
                    f" connects to {site.name!r}; a local site carries the address of the *other* VNet's gateway"
                )
            plan[site.name] = address
    return plan


def patch_plans(configs: Mapping[str, NetworkConfiguration], addresses: Mapping[str, IPv4Address], *,
                allow_private: bool = False) -> dict[str, dict[str, IPv4Address]]:
    """``{file: {local site: address}}`` for the files of one network across subscriptions.

    A VNet's gateway address goes into every site, in whichever file, that stands in for it. The
    refusals are :func:`patch_plan`'s, asked of the whole network: a VNet in none of the files, a
    VNet no site stands in for, an address that is not public, the wrong way round.
    """
    _check_addresses(configs, addresses, allow_private=allow_private)
    plans: dict[str, dict[str, IPv4Address]] = {file: {} for file in configs}
    for file, config in configs.items():
        for site in config.local_sites:
            if site.mirrors is None or site.mirrors not in addresses:
                continue
            vnet = config.vnet(site.mirrors)
            if vnet is not None and vnet.gateway and any(c.site == site.name for c in vnet.gateway.connections):
                raise RefusedError(f"wrong way round: {site.name!r} in {file} would get the gateway address of VNet"
                                   f" {site.mirrors!r}, which connects to it; a local site carries the address of the"
                                   " *other* VNet's gateway")
            plans[file][site.name] = addresses[site.mirrors]
    unused = next((n for n in addresses if not any(n in plan_vnets(configs[f], plans[f]) for f in configs)), None)
    if unused is not None:
        raise RefusedError(f"no local site in these files stands in for VNet {unused!r}; name it with --mirror SITE={unused}")
    return plans


def _check_addresses(configs: Mapping[str, NetworkConfiguration], addresses: Mapping[str, IPv4Address], *,
                     allow_private: bool) -> None:
    owners = {v.name: file for file, config in configs.items() for v in config.vnets}
    for name, address in addresses.items():
        if name not in owners:
            raise RefusedError(f"VNet {name!r} is in none of the files (their VNets: {', '.join(map(repr, owners)) or 'none'})")
        _refuse_address(name, address, allow_private=allow_private)


def _refuse_address(vnet: str, address: IPv4Address, *, allow_private: bool) -> None:
    """A gateway address must be public unicast (a lab may use private and documentation ones)."""
    why = why_not_public(address)
    if why and not (allow_private and why in LAB_REASONS):
        hint = "; --allow-private accepts it for a lab" if why in LAB_REASONS else ""
        raise RefusedError(f"{address} for VNet {vnet!r} is {why}, not a gateway's public IP{hint}")


def plan_vnets(config: NetworkConfiguration, plan: Mapping[str, IPv4Address]) -> set[str]:
    """The VNets whose gateway addresses ``plan`` writes into ``config``'s sites."""
    return {site.mirrors for site in config.local_sites if site.name in plan and site.mirrors}


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
