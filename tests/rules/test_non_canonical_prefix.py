from ruletest import found, line_of, netcfg, run, site, vnet

RULE = "non-canonical-prefix"


def test_warns_on_host_bits():
    document = netcfg(
        "<LocalNetworkSites>\n"
        + site("L", "10.0.1.0/11")
        + "\n</LocalNetworkSites>\n<VirtualNetworkSites>\n"
        + vnet(space="192.168.2.0/16")
        + "\n</VirtualNetworkSites>"
    )
    assert found(document, RULE) == [(line_of(document, "10.0.1.0/11"), RULE), (line_of(document, "192.168.2.0/16"), RULE)]
    finding = run(document, RULE)[1]
    assert (str(finding.severity), finding.message) == (
        "warning",
        "192.168.2.0/16 has host bits set; it means 192.168.0.0/16, so write that",
    )


def test_warns_on_a_shortened_prefix_and_says_how_it_was_read():
    # A January 2014 server export held <AddressPrefix>10.0.0/24</AddressPrefix>.
    document = netcfg(
        "<VirtualNetworkSites>\n"
        + vnet(
            space="10.0.0/16",
            inner=(
                '<Subnets>\n  <Subnet name="A"><AddressPrefix>10.0.0/24</AddressPrefix></Subnet>\n'
                '  <Subnet name="B"><AddressPrefix>10.1/16</AddressPrefix></Subnet>\n</Subnets>'
            ),
        )
        + "\n</VirtualNetworkSites>"
    )
    assert found(document, RULE) == [
        (line_of(document, "10.0.0/16"), RULE),
        (line_of(document, "10.0.0/24"), RULE),
        (line_of(document, "10.1/16"), RULE),
    ]
    assert [f.message for f in run(document, RULE)][1:] == [
        "10.0.0/24 is a shortened prefix; it was read as 10.0.0.0/24, as Azure read it; write 10.0.0.0/24",
        "10.1/16 is a shortened prefix; it was read as 10.0.0.1/16, as Azure read it, which means 10.0.0.0/16; write 10.0.0.0/16",
    ]


def test_passes_canonical_prefixes():
    assert found(netcfg("<VirtualNetworkSites>\n" + vnet(space="192.168.0.0/16") + "\n</VirtualNetworkSites>"), RULE) == []
