"""The model as lxml elements, in the order Azure exports them: the writing twin of :mod:`netcfg.io.xml_reader`.

Things only the model knows (affinity-group locations, gateway type and SKU, mirrors) are
not written: they belong to the topology file and the runbook. Used whole by the ``.netcfg``
renderer, and one object at a time (:func:`fragment`) by ``merge``, which splices new sites
into an existing document.
"""

from __future__ import annotations


from lxml import etree

from netcfg.model import (
    NAMESPACE,
    DnsServer,
    Gateway,
    LocalNetworkSite,
    NetworkConfiguration,
    Position,
    Prefix,
    VirtualNetworkSite,
)

NSMAP = {"xsd": "http://www.w3.org/2001/XMLSchema", "xsi": "http://www.w3.org/2001/XMLSchema-instance", None: NAMESPACE}


def _tag(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def _sub(parent: etree._Element, tag: str, attributes: dict[str, str] | None = None) -> etree._Element:
    return etree.SubElement(parent, _tag(tag), attributes or {})


def _address_space(parent: etree._Element, name: str, prefixes: tuple[Prefix, ...]) -> None:
    space = _sub(parent, name)
    for prefix in prefixes:
        _sub(space, "AddressPrefix").text = str(prefix)


Lines = dict[etree._Element, int]


class _Writer:
    """Writes model objects as elements, noting for each element of an object read from a
    topology the line it was written on there: findings on a topology point at its lines."""

    def __init__(self) -> None:
        self.lines: Lines = {}

    def locate(self, element: etree._Element, origin: object) -> None:
        if isinstance(origin, Position) and origin.sourceline:
            for each in element.iter():
                self.lines.setdefault(each, origin.sourceline)  # the innermost object's line, set first, wins

    def local_site(self, parent: etree._Element, site: LocalNetworkSite) -> None:
        element = _sub(parent, "LocalNetworkSite", {"name": site.name})
        _address_space(element, "AddressSpace", site.prefixes)
        if site.gateway_address is not None:
            _sub(element, "VPNGatewayAddress").text = str(site.gateway_address)
        self.locate(element, site.origin)

    def gateway(self, parent: etree._Element, gateway: Gateway) -> None:
        attributes = {"profile": gateway.profile.value} if gateway.profile else {}
        element = _sub(parent, "Gateway", attributes)
        if gateway.client_pool:
            _address_space(element, "VPNClientAddressPool", gateway.client_pool)
        if gateway.connections:
            connections = _sub(element, "ConnectionsToLocalNetwork")
            for connection in gateway.connections:
                reference = _sub(connections, "LocalNetworkSiteRef", {"name": connection.site})
                _sub(reference, "Connection", {"type": connection.type.value})
                self.locate(reference, connection.origin)
        self.locate(element, gateway.origin)

    def vnet(self, parent: etree._Element, vnet: VirtualNetworkSite) -> None:
        placement = {"AffinityGroup": vnet.affinity_group} if vnet.affinity_group else {"Location": vnet.location or ""}
        element = _sub(parent, "VirtualNetworkSite", {"name": vnet.name, **placement})
        _address_space(element, "AddressSpace", vnet.prefixes)
        if vnet.subnets:
            subnets = _sub(element, "Subnets")
            for subnet in vnet.subnets:
                subnet_element = _sub(subnets, "Subnet", {"name": subnet.name})
                _sub(subnet_element, "AddressPrefix").text = str(subnet.prefix)
                self.locate(subnet_element, subnet.origin)
        if vnet.dns_servers:
            references = _sub(element, "DnsServersRef")
            for name in vnet.dns_servers:
                _sub(references, "DnsServerRef", {"name": name})
        if vnet.gateway is not None:
            self.gateway(element, vnet.gateway)
        self.locate(element, vnet.origin)

    def dns_server(self, parent: etree._Element, server: DnsServer) -> None:
        self.locate(_sub(parent, "DnsServer", {"name": server.name, "IPAddress": str(server.address)}), server.origin)

    def item(self, parent: etree._Element, item: DnsServer | LocalNetworkSite | VirtualNetworkSite) -> None:
        if isinstance(item, DnsServer):
            self.dns_server(parent, item)
        elif isinstance(item, LocalNetworkSite):
            self.local_site(parent, item)
        else:
            self.vnet(parent, item)

    def configuration(self, config: NetworkConfiguration) -> etree._Element:
        root = etree.Element(_tag("NetworkConfiguration"), nsmap=NSMAP)
        body = _sub(root, "VirtualNetworkConfiguration")
        dns = _sub(body, "Dns")
        if config.dns_servers:
            servers = _sub(dns, "DnsServers")
            for server in config.dns_servers:
                self.dns_server(servers, server)
        if config.local_sites:
            sites = _sub(body, "LocalNetworkSites")
            for site in config.local_sites:
                self.local_site(sites, site)
        if config.vnets:
            vnets = _sub(body, "VirtualNetworkSites")
            for vnet in config.vnets:
                self.vnet(vnets, vnet)
        return root


def fragment(item: DnsServer | LocalNetworkSite | VirtualNetworkSite) -> str:
    """One object's element as pretty-printed text (LF, two-space indent, starting at column 0),
    for splicing into a document whose default namespace is Azure's."""
    holder = etree.Element(_tag("Holder"), nsmap={None: NAMESPACE})
    _Writer().item(holder, item)
    text = etree.tostring(holder[0], encoding="unicode", pretty_print=True)
    return text.replace(f' xmlns="{NAMESPACE}"', "", 1).rstrip("\n")


def to_element(config: NetworkConfiguration) -> etree._Element:
    """The model as an lxml tree (for callers that edit or validate before writing)."""
    return _Writer().configuration(config)


def located_element(config: NetworkConfiguration) -> tuple[etree._Element, Lines]:
    """The model as an lxml tree, with the topology line of each element written from a topology object."""
    writer = _Writer()
    return writer.configuration(config), writer.lines
