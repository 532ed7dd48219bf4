"""The rules the pipeline itself reports: before any rule function can run, and about suppressions."""

from __future__ import annotations

from netcfg.validate.rules.base import ERROR, REGISTRY, WARNING, Rule

REGISTRY.add(Rule(
    id="xml-syntax",
    severity=ERROR,
    summary="the file is not well-formed XML, is empty, too large, too deep, or declares a DOCTYPE",
    check=None,
    doc="""Nothing else can be checked until the file parses. DOCTYPEs and entities are refused,
never expanded or fetched: a .netcfg never needs them.

PASS::

    <NetworkConfiguration xmlns="http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration">
      <VirtualNetworkConfiguration />
    </NetworkConfiguration>

FAIL (a stray end tag, as in a real file on GitHub)::

    <VirtualNetworkSites>
      </VirtualNetworkSite>""",
))

REGISTRY.add(Rule(
    id="xsd",
    severity=ERROR,
    summary="the document does not have the shape of schemas/NetworkConfiguration.xsd",
    check=None,
    doc="""Unknown elements, missing required attributes, an empty AddressSpace, a Connection type
other than IPsec/Dedicated, a Gateway profile other than Small/Medium/Large/ExtraLarge. Azure
answered these with "XML Schema validation error in network configuration at line 0,0.".
Inside VirtualNetworkSite and LocalNetworkSite any child order is accepted, as Azure did.

PASS::

    <Gateway profile="Small" />

FAIL::

    <Gateway profile="Huge" />
    <AddressSpace />""",
))

REGISTRY.add(Rule(
    id="invalid-topology",
    severity=ERROR,
    summary="a topology file is not valid TOML, is empty, or holds a key or value netcfg cannot read",
    check=None,
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
))

REGISTRY.add(Rule(
    id="unused-suppression",
    severity=WARNING,
    summary="an inline suppression silences nothing, or names no rule (with --report-unused-suppressions)",
    check=None,
    doc="""Reported only when asked (``validate --report-unused-suppressions``), so that suppressions
do not outlive the findings they were written for.

PASS (the lab's placeholder addresses are silenced, and there are some)::

    <!-- netcfg: ignore[placeholder-gateway-address] -->
    <LocalNetworkSites> ... <VPNGatewayAddress>1.1.1.1</VPNGatewayAddress> ...

FAIL (nothing here has that finding any more)::

    <!-- netcfg: ignore[placeholder-gateway-address] -->
    <LocalNetworkSites> ... <VPNGatewayAddress>52.169.10.20</VPNGatewayAddress> ...""",
))

# The checks of a network across subscriptions (netcfg/validate/network_set.py): each file may be
# right alone and the network still wrong.
REGISTRY.add(Rule(
    id="stand-in-prefixes",
    severity=ERROR,
    summary="across subscriptions: a site overlaps another subscription's VNet without having exactly its space",
    check=None,
    doc="""A local site in one subscription's file that stands in for a VNet of another subscription
must list exactly that VNet's address space: the gateway routes by it, and the second pass
finds the site by it. Checked on a topology across subscriptions, and on several .netcfg files
given with 'validate --network'.

PASS (DevTest's stand-in for Production's VNet-Dublin)::

    Production: <VirtualNetworkSite name="VNet-Dublin"> ... 10.0.0.0/16
    DevTest:    <LocalNetworkSite name="Local-Dublin"> ... 10.0.0.0/16

FAIL::

    Production: <VirtualNetworkSite name="VNet-Dublin"> ... 10.0.0.0/16
    DevTest:    <LocalNetworkSite name="Local-Dublin"> ... 10.0.0.0/17""",
))

REGISTRY.add(Rule(
    id="overlapping-networks",
    severity=ERROR,
    summary="across subscriptions: two subscriptions' VNets of one network overlap",
    check=None,
    doc="""The VNets of one network need distinct address spaces whichever subscription holds them:
a gateway could not tell them apart. Checked across subscriptions (a topology with several, or
'validate --network').

PASS::

    Production: VNet-Dublin 10.0.0.0/16
    DevTest:    VNet-Holland 10.1.0.0/16

FAIL::

    Production: VNet-Dublin 10.0.0.0/16
    DevTest:    VNet-Holland 10.0.128.0/17""",
))

REGISTRY.add(Rule(
    id="gateway-address-mismatch",
    severity=ERROR,
    summary="after the second pass, a stand-in's gateway address is not its VNet's gateway VIP (with --gateways)",
    check=None,
    doc="""With 'validate --gateways gateways.json' (the VIPs the runbook wrote), every site that stands in
for a VNet must carry that VNet's gateway VIP, in whichever subscription's file it is.

PASS (gateways.json: {"VNet-Dublin": "52.169.10.20"})::

    <LocalNetworkSite name="Local-Dublin"> ... <VPNGatewayAddress>52.169.10.20</VPNGatewayAddress>

FAIL::

    <LocalNetworkSite name="Local-Dublin"> ... <VPNGatewayAddress>52.174.1.2</VPNGatewayAddress>""",
))
