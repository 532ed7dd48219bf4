from ruletest import found, line_of, netcfg, run, vnet

RULE = "invalid-prefix"


def test_fails_on_prefixes_that_are_not_cidr():
    document = netcfg(
        "<VirtualNetworkSites>\n"
        + vnet(
            space="10.0.0.0/16/8",
            inner=(
                '<Subnets>\n  <Subnet name="A"><AddressPrefix>10.0.1.0/255.255.255.0</AddressPrefix></Subnet>\n'
                '  <Subnet name="B"><AddressPrefix>010.0.2/24</AddressPrefix></Subnet>\n</Subnets>'
            ),
        )
        + "\n</VirtualNetworkSites>"
    )
    assert found(document, RULE) == [
        (line_of(document, "10.0.0.0/16/8"), RULE),
        (line_of(document, "255.255.255.0"), RULE),
        (line_of(document, "010.0.2/24"), RULE),
    ]
    assert (
        run(document, RULE)[0].message
        == "'10.0.0.0/16/8' is not an IPv4 CIDR prefix; write it as address/length, e.g. 10.1.0.0/16"
    )


def test_passes_cidr_prefixes_and_the_shortened_forms_azure_read():
    assert found(netcfg("<VirtualNetworkSites>\n" + vnet() + "\n</VirtualNetworkSites>"), RULE) == []
    assert found(netcfg("<VirtualNetworkSites>\n" + vnet(space="10.0.0/24") + "\n</VirtualNetworkSites>"), RULE) == []


def test_a_bad_prefix_does_not_stop_the_other_rules():
    document = netcfg(
        "<VirtualNetworkSites>\n"
        + vnet(
            space="10.0.0.0/33",
            inner='<Subnets>\n<Subnet name="A"><AddressPrefix>'
            '10.0.1.0/24</AddressPrefix></Subnet>\n<Subnet name="A"><AddressPrefix>10.0.2.0/24</AddressPrefix></Subnet>\n'
            "</Subnets>",
        )
        + "\n</VirtualNetworkSites>"
    )
    from ruletest import validate_bytes

    assert {f.rule for f in validate_bytes(document.encode())} == {"invalid-prefix", "duplicate-name"}
