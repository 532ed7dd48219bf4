from ruletest import found, line_of, netcfg, run, vnet

RULE = "xsd"


def test_fails_on_shape_violations_with_the_offending_line():
    document = netcfg(
        "<VirtualNetworkSites>\n"
        + vnet(inner='<Gateway profile="Huge" />\n<Surprise />')
        + '\n<VirtualNetworkSite Location="x">\n  <AddressSpace />\n</VirtualNetworkSite>\n</VirtualNetworkSites>'
    )
    assert found(document, RULE) == [
        (line_of(document, "<Gateway profile"), RULE),
        (line_of(document, "<Surprise"), RULE),
        (line_of(document, '<VirtualNetworkSite Location="x">'), RULE),
        (line_of(document, "<AddressSpace />"), RULE),
    ]
    messages = [f.message for f in run(document, RULE)]
    assert "attribute profile='Huge': value must be one of ['Small', 'Medium', 'Large', 'ExtraLarge']" in messages[0]
    assert "Unexpected child with tag 'Surprise'" in messages[1]
    assert messages[2] == "missing required attribute 'name'"
    assert run(document, RULE)[1].path.endswith("/VirtualNetworkSite[@name='VNet-Dublin']/Surprise")


def test_fails_on_a_connection_type_other_than_ipsec_or_dedicated():
    document = netcfg("<VirtualNetworkSites>\n" + vnet(inner='<Gateway><ConnectionsToLocalNetwork><LocalNetworkSiteRef name="x">'
                                                     '<Connection type="Backend"/></LocalNetworkSiteRef></ConnectionsToLocalNetwork></Gateway>')
                      + "\n</VirtualNetworkSites>")
    assert found(document, RULE) == [(line_of(document, "Backend"), RULE)]


def test_passes_any_child_order_inside_sites():
    document = netcfg(
        '<LocalNetworkSites>\n<LocalNetworkSite name="L">\n<VPNGatewayAddress>52.1.1.1</VPNGatewayAddress>\n'
        "<AddressSpace><AddressPrefix>10.9.0.0/16</AddressPrefix></AddressSpace>\n</LocalNetworkSite>\n</LocalNetworkSites>\n"
        '<VirtualNetworkSites>\n<VirtualNetworkSite name="V" Location="x">\n<Gateway />\n<DnsServersRef />\n<Subnets />\n'
        "<AddressSpace><AddressPrefix>10.0.0.0/16</AddressPrefix></AddressSpace>\n</VirtualNetworkSite>\n</VirtualNetworkSites>"
    )
    assert found(document, RULE) == []


def test_shape_is_still_checked_under_a_wrong_namespace():
    document = netcfg("<Dns><Nonsense/></Dns>", namespace="https://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration")
    assert found(document, RULE) == [(line_of(document, "<Nonsense"), RULE)]


def test_a_different_root_is_one_finding():
    assert [(f.line, f.message) for f in run("<ServiceConfiguration/>", RULE)] == [
        (1, "the root element is <ServiceConfiguration>, not <NetworkConfiguration>: this is not a network configuration")]
