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
    document = netcfg(
        "<VirtualNetworkSites>\n"
        + vnet(
            inner='<Gateway><ConnectionsToLocalNetwork><LocalNetworkSiteRef name="x">'
            '<Connection type="Backend"/></LocalNetworkSiteRef></ConnectionsToLocalNetwork></Gateway>'
        )
        + "\n</VirtualNetworkSites>"
    )
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
    document = netcfg(
        "<Dns><Nonsense/></Dns>", namespace="https://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration"
    )
    assert found(document, RULE) == [(line_of(document, "<Nonsense"), RULE)]


def test_a_different_root_is_one_finding():
    assert [(f.line, f.message) for f in run("<ServiceConfiguration/>", RULE)] == [
        (1, "the root element is <ServiceConfiguration>, not <NetworkConfiguration>: this is not a network configuration")
    ]


def test_one_element_with_thousands_of_problems_gets_a_few_reasons_and_a_count():
    # 5,000 unknown attributes on one element once took xmlschema minutes to explain.
    attributes = " ".join(f'a{i}="x"' for i in range(5000))
    document = netcfg(
        "<VirtualNetworkSites>\n" + vnet(placement=f'Location="North Europe" {attributes}') + "\n</VirtualNetworkSites>"
    )
    findings = run(document, RULE)
    assert [f.line for f in findings] == [line_of(document, "<VirtualNetworkSite name")] * 4
    assert [f.message for f in findings][-1] == "and 4997 more schema problems in this element"


def test_thousands_of_unexpected_children_are_one_reason_each_up_to_a_bound():
    document = netcfg("<VirtualNetworkSites>\n" + "<Bogus />\n" * 40_000 + "</VirtualNetworkSites>")
    findings = run(document, RULE)
    assert 1 <= len(findings) <= 101
    assert all(f.rule == RULE and f.line is not None for f in findings)


def test_a_file_with_problems_in_many_elements_says_how_many_more_there_are():
    document = netcfg(
        "<LocalNetworkSites>\n" + "<LocalNetworkSite><AddressSpace /></LocalNetworkSite>\n" * 300 + "</LocalNetworkSites>"
    )
    findings = run(document, RULE)
    assert len(findings) <= 102
    summary = [f for f in findings if f.line is None]
    assert (
        len(summary) == 1
        and summary[0].message.startswith("and ")
        and summary[0].message.endswith("more schema problems in this file; fix the ones above first")
    )
