"""The two rules the pipeline itself reports, before any rule function can run."""

from __future__ import annotations

from netcfg.validate.rules.base import ERROR, REGISTRY, Rule

REGISTRY["xml-syntax"] = Rule(
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
)

REGISTRY["xsd"] = Rule(
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
)
