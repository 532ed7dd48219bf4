"""Rules about names: unique where Azure keys by them, and references that resolve."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from lxml import etree

from netcfg.model import Position
from netcfg.validate.rules.base import ERROR, Problem, Subject, rule


def _repeats(elements: Iterable[etree._Element], what: str, *, per_parent: bool = False) -> Iterator[Problem]:
    """The second and later elements with a name already seen (within one parent, if ``per_parent``),
    names compared without case: the runbook's PowerShell hash tables and Resource Manager both
    take ``VNet-A`` and ``vnet-a`` for one name (reference §D.4)."""
    keyed = [
        ((element.getparent() if per_parent else None, (element.get("name") or "").casefold()), element)
        for element in elements
        if element.get("name") is not None
    ]
    if len({key for key, _ in keyed}) == len(keyed):
        return  # the usual case, settled by one set: every name is distinct
    first: dict[tuple[object, str], etree._Element] = {}
    for key, element in keyed:
        seen = first.setdefault(key, element)
        if seen is element:
            continue
        name, other = element.get("name"), seen.get("name")
        if name == other:
            yield Problem(element, f"another {what} is named {name!r} (first at line {seen.sourceline}); names must be unique")
        else:
            yield Problem(
                element,
                f"another {what} is named {other!r} (line {seen.sourceline}), {name!r} but for case: PowerShell (the"
                " runbook) and Resource Manager take them for one name; rename one",
            )


@rule("duplicate-name", ERROR, "two VNets, local sites, DNS servers, or subnets of one VNet share a name")
def duplicate_name(subject: Subject) -> Iterator[Problem]:
    """Azure identifies VNets, local network sites, DNS servers and a VNet's subnets by name.

    PASS::

        <VirtualNetworkSites>
          <VirtualNetworkSite name="VNet-Dublin" Location="North Europe">
            <AddressSpace><AddressPrefix>10.0.0.0/16</AddressPrefix></AddressSpace>
            <Subnets>
              <Subnet name="Front"><AddressPrefix>10.0.0.0/24</AddressPrefix></Subnet>
              <Subnet name="Back"><AddressPrefix>10.0.1.0/24</AddressPrefix></Subnet>
            </Subnets>
          </VirtualNetworkSite>
        </VirtualNetworkSites>

    FAIL::

        <VirtualNetworkSites>
          <VirtualNetworkSite name="VNet-Dublin" Location="North Europe">
            <AddressSpace><AddressPrefix>10.0.0.0/16</AddressPrefix></AddressSpace>
            <Subnets>
              <Subnet name="Front"><AddressPrefix>10.0.0.0/24</AddressPrefix></Subnet>
              <Subnet name="Front"><AddressPrefix>10.0.1.0/24</AddressPrefix></Subnet>
            </Subnets>
          </VirtualNetworkSite>
        </VirtualNetworkSites>
    """
    yield from _repeats(subject.elements("VirtualNetworkSite"), "VNet")
    yield from _repeats(subject.elements("LocalNetworkSite"), "local network site")
    yield from _repeats(subject.elements("DnsServer"), "DNS server")
    yield from _repeats(subject.elements("Subnet"), "subnet of this VNet", per_parent=True)


def _names(subject: Subject, tag: str) -> set[str]:
    # From the document, not the model: a site the model had to leave out (say, for a bad
    # prefix) still exists, and calling references to it unknown would be a second, false finding.
    return {name for e in subject.elements(tag) if (name := e.get("name")) is not None}


@rule("unknown-local-site", ERROR, "a LocalNetworkSiteRef names no LocalNetworkSite")
def unknown_local_site(subject: Subject) -> Iterator[Problem]:
    """A gateway connects to local network sites by name; the name must match a site exactly.

    PASS::

        <LocalNetworkSites>
          <LocalNetworkSite name="Local-Holland">
            <AddressSpace><AddressPrefix>10.1.0.0/16</AddressPrefix></AddressSpace>
          </LocalNetworkSite>
        </LocalNetworkSites>
        <VirtualNetworkSites>
          <VirtualNetworkSite name="VNet-Dublin" Location="North Europe">
            <AddressSpace><AddressPrefix>10.0.0.0/16</AddressPrefix></AddressSpace>
            <Subnets><Subnet name="GatewaySubnet"><AddressPrefix>10.0.1.0/28</AddressPrefix></Subnet></Subnets>
            <Gateway><ConnectionsToLocalNetwork><LocalNetworkSiteRef name="Local-Holland" /></ConnectionsToLocalNetwork></Gateway>
          </VirtualNetworkSite>
        </VirtualNetworkSites>

    FAIL::

        <LocalNetworkSites>
          <LocalNetworkSite name="Local-Holland">
            <AddressSpace><AddressPrefix>10.1.0.0/16</AddressPrefix></AddressSpace>
          </LocalNetworkSite>
        </LocalNetworkSites>
        <VirtualNetworkSites>
          <VirtualNetworkSite name="VNet-Dublin" Location="North Europe">
            <AddressSpace><AddressPrefix>10.0.0.0/16</AddressPrefix></AddressSpace>
            <Subnets><Subnet name="GatewaySubnet"><AddressPrefix>10.0.1.0/28</AddressPrefix></Subnet></Subnets>
            <Gateway><ConnectionsToLocalNetwork><LocalNetworkSiteRef name="Local-Holand" /></ConnectionsToLocalNetwork></Gateway>
          </VirtualNetworkSite>
        </VirtualNetworkSites>
    """
    known = _names(subject, "LocalNetworkSite")
    for vnet in subject.model.vnets:
        for connection in vnet.gateway.connections if vnet.gateway else ():
            if connection.site not in known:
                hint = _closest(connection.site, known)
                yield Problem(
                    connection.origin,
                    f"VNet {vnet.name!r} connects to local network site {connection.site!r}, which is not defined{hint}",
                )


@rule("unknown-dns-server", ERROR, "a DnsServerRef names no DnsServer")
def unknown_dns_server(subject: Subject) -> Iterator[Problem]:
    """A VNet refers to DNS servers by the name given under Dns/DnsServers.

    PASS::

        <Dns><DnsServers><DnsServer name="DNS-1" IPAddress="10.0.0.4" /></DnsServers></Dns>
        <VirtualNetworkSites>
          <VirtualNetworkSite name="VNet-Dublin" Location="North Europe">
            <AddressSpace><AddressPrefix>10.0.0.0/16</AddressPrefix></AddressSpace>
            <DnsServersRef><DnsServerRef name="DNS-1" /></DnsServersRef>
          </VirtualNetworkSite>
        </VirtualNetworkSites>

    FAIL::

        <Dns><DnsServers><DnsServer name="DNS-1" IPAddress="10.0.0.4" /></DnsServers></Dns>
        <VirtualNetworkSites>
          <VirtualNetworkSite name="VNet-Dublin" Location="North Europe">
            <AddressSpace><AddressPrefix>10.0.0.0/16</AddressPrefix></AddressSpace>
            <DnsServersRef><DnsServerRef name="DNS-2" /></DnsServersRef>
          </VirtualNetworkSite>
        </VirtualNetworkSites>
    """
    known = _names(subject, "DnsServer")
    for reference in subject.elements("DnsServerRef"):
        name = reference.get("name")
        if name is not None and name not in known:
            yield Problem(reference, f"DNS server {name!r} is not defined under Dns/DnsServers{_closest(name, known)}")


@rule("unknown-affinity-group", ERROR, "a topology places a VNet in an affinity group it does not define")
def unknown_affinity_group(subject: Subject) -> Iterator[Problem]:
    """A topology that defines affinity groups (``[[affinity_group]]``, each with the location netcfg
    creates it in) places VNets in them by name; a name that matches none (a typo) would create a
    group nobody meant, or fail. A topology that defines none (one read from an export) refers to
    groups that exist already, and is not checked: the runbook checks they exist.

    PASS::

        [[affinity_group]]
        name = "Holland"
        location = "West Europe"
        [[vnet]]
        name = "VNet-Holland"
        affinity_group = "Holland"
        prefixes = ["10.1.0.0/16"]

    FAIL::

        [[affinity_group]]
        name = "Holland"
        location = "West Europe"
        [[vnet]]
        name = "VNet-Holland"
        affinity_group = "Hollnd"
        prefixes = ["10.1.0.0/16"]
    """
    groups = {g.name for g in subject.model.affinity_groups}
    if not groups:
        return
    for vnet in subject.model.vnets:
        origin = vnet.origin  # only what a topology says: a .netcfg's groups exist in Azure already
        if isinstance(origin, Position) and vnet.affinity_group is not None and vnet.affinity_group not in groups:
            yield Problem(
                origin.key("affinity_group"),
                f"VNet {vnet.name!r} is in affinity group {vnet.affinity_group!r}, which the topology"
                f" does not define{_closest(vnet.affinity_group, groups)}; add an [[affinity_group]]"
                " with its location, or correct the name",
            )


def _closest(name: str, known: set[str]) -> str:
    import difflib

    match = difflib.get_close_matches(name, sorted(known), n=1)
    return f"; did you mean {match[0]!r}?" if match else ""
