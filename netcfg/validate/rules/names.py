"""Rules about names: unique where Azure keys by them, and references that resolve."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from lxml import etree

from netcfg.validate.rules.base import ERROR, Problem, Subject, rule


def _repeats(elements: Iterable[etree._Element], what: str, *, per_parent: bool = False) -> Iterator[Problem]:
    """The second and later elements with a name already seen (within one parent, if ``per_parent``)."""
    keyed = [((element.getparent() if per_parent else None, element.get("name")), element) for element in elements]
    if len({key for key, _ in keyed}) == len(keyed):
        return  # the usual case, settled by one set: every name is distinct
    first_line: dict[tuple[object, str | None], int | None] = {}
    for key, element in keyed:
        name = key[1]
        if name is None:
            continue
        if key in first_line:
            yield Problem(element, f"another {what} is named {name!r} (first at line {first_line[key]}); names must be unique")
        else:
            first_line[key] = element.sourceline


@rule("duplicate-name", ERROR, "two VNets, local sites, DNS servers, or subnets of one VNet share a name")
def duplicate_name(subject: Subject) -> Iterator[Problem]:
    """Azure identifies VNets, local network sites, DNS servers and a VNet's subnets by name.

    PASS::

        <Subnet name="Front">...</Subnet>
        <Subnet name="Back">...</Subnet>

    FAIL::

        <Subnet name="Front">...</Subnet>
        <Subnet name="Front">...</Subnet>
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

        <LocalNetworkSite name="Local-Holland">...</LocalNetworkSite>
        ...
        <LocalNetworkSiteRef name="Local-Holland" />

    FAIL::

        <LocalNetworkSiteRef name="Local-Holand" />
    """
    known = _names(subject, "LocalNetworkSite")
    for vnet in subject.model.vnets:
        for connection in vnet.gateway.connections if vnet.gateway else ():
            if connection.site not in known:
                hint = _closest(connection.site, known)
                yield Problem(connection.origin, f"VNet {vnet.name!r} connects to local network site {connection.site!r},"
                                                 f" which is not defined{hint}")


@rule("unknown-dns-server", ERROR, "a DnsServerRef names no DnsServer")
def unknown_dns_server(subject: Subject) -> Iterator[Problem]:
    """A VNet refers to DNS servers by the name given under Dns/DnsServers.

    PASS::

        <DnsServer name="DNS-1" IPAddress="10.0.0.4" />
        ...
        <DnsServerRef name="DNS-1" />

    FAIL::

        <DnsServerRef name="DNS-2" />
    """
    known = _names(subject, "DnsServer")
    for reference in subject.elements("DnsServerRef"):
        name = reference.get("name")
        if name is not None and name not in known:
            yield Problem(reference, f"DNS server {name!r} is not defined under Dns/DnsServers{_closest(name, known)}")


def _closest(name: str, known: set[str]) -> str:
    import difflib

    match = difflib.get_close_matches(name, sorted(known), n=1)
    return f"; did you mean {match[0]!r}?" if match else ""
