"""The rules the pipeline itself reports: before any rule function can run, and about suppressions."""

from __future__ import annotations

from netcfg.validate.rules.base import ERROR, WARNING, pipeline_rule

pipeline_rule(
    id="xml-syntax",
    severity=ERROR,
    summary="the file is not well-formed XML, is empty, too large, too deep, or declares a DOCTYPE",
    doc="""Nothing else can be checked until the file parses. DOCTYPEs and entities are refused,
never expanded or fetched: a .netcfg never needs them.

PASS::

    <NetworkConfiguration xmlns="http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration">
      <VirtualNetworkConfiguration />
    </NetworkConfiguration>

FAIL (a stray end tag, as in a real file on GitHub)::

    <VirtualNetworkSites>
      </VirtualNetworkSite>""",
)

pipeline_rule(
    id="xsd",
    severity=ERROR,
    summary="the document does not have the shape of schemas/NetworkConfiguration.xsd",
    doc="""Unknown elements, missing required attributes, an empty AddressSpace, a Connection type
other than IPsec/Dedicated, a Gateway profile other than Small/Medium/Large/ExtraLarge. Azure
answered these with "XML Schema validation error in network configuration at line 0,0.".
Inside VirtualNetworkSite and LocalNetworkSite any child order is accepted, as Azure did.

PASS::

    <VirtualNetworkSites>
      <VirtualNetworkSite name="VNet-Dublin" Location="North Europe">
        <AddressSpace><AddressPrefix>10.0.0.0/16</AddressPrefix></AddressSpace>
        <Subnets><Subnet name="GatewaySubnet"><AddressPrefix>10.0.1.0/28</AddressPrefix></Subnet></Subnets>
        <Gateway profile="Small" />
      </VirtualNetworkSite>
    </VirtualNetworkSites>

FAIL (a profile Azure never had; an empty address space)::

    <VirtualNetworkSites>
      <VirtualNetworkSite name="VNet-Dublin" Location="North Europe">
        <AddressSpace />
        <Subnets><Subnet name="GatewaySubnet"><AddressPrefix>10.0.1.0/28</AddressPrefix></Subnet></Subnets>
        <Gateway profile="Huge" />
      </VirtualNetworkSite>
    </VirtualNetworkSites>""",
)

pipeline_rule(
    id="invalid-topology",
    severity=ERROR,
    summary="a topology file is not valid TOML, is empty, or holds a key or value netcfg cannot read",
    doc="""A topology is read strictly: a misspelt key is refused rather than ignored (a network silently
different from what its author meant), and a value the model cannot hold (a prefix that is no
CIDR, a name with a control character) is refused with its line. The other rules run on what
was read, with their findings at the topology's lines.

PASS::

    [[vnet]]
    name = "VNet-Dublin"
    location = "North Europe"
    prefixes = ["10.0.0.0/16"]

FAIL::

    [[vnet]]
    name = "VNet-Dublin"
    loaction = "North Europe"
""",
)

pipeline_rule(
    id="unused-suppression",
    severity=WARNING,
    summary="an inline suppression cannot work as written, or (when asked) silences nothing",
    doc="""A suppression that cannot work as written is always reported: a rule name that is no rule
(with the one meant), no rule at all, no element after it, or a ``netcfg:`` comment that is not
``ignore[...]``. One that silences nothing here any more is reported when asked (``validate
--report-unused-suppressions``), so that suppressions do not outlive the findings they were
written for.

PASS (the lab's placeholder address is silenced, and there is one)::

    <!-- netcfg: ignore[placeholder-gateway-address] -->
    <LocalNetworkSites>
      <LocalNetworkSite name="Lab">
        <AddressSpace><AddressPrefix>192.168.0.0/24</AddressPrefix></AddressSpace>
        <VPNGatewayAddress>1.1.1.1</VPNGatewayAddress>
      </LocalNetworkSite>
    </LocalNetworkSites>

FAIL (nothing here has that finding any more)::

    <!-- netcfg: ignore[placeholder-gateway-address] -->
    <LocalNetworkSites>
      <LocalNetworkSite name="Lab">
        <AddressSpace><AddressPrefix>192.168.0.0/24</AddressPrefix></AddressSpace>
        <VPNGatewayAddress>52.169.10.20</VPNGatewayAddress>
      </LocalNetworkSite>
    </LocalNetworkSites>""",
)
