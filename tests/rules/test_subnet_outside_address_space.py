from ruletest import found, line_of, netcfg, run, vnet

RULE = "subnet-outside-address-space"


def document(prefix: str) -> str:
    return netcfg(
        "<VirtualNetworkSites>\n"
        + vnet(
            space="10.1.0.0/16",
            inner=(f'<Subnets>\n  <Subnet name="App">\n    <AddressPrefix>{prefix}</AddressPrefix>\n  </Subnet>\n</Subnets>'),
        )
        + "\n</VirtualNetworkSites>"
    )


def test_fails_outside_and_says_both_ranges():
    bad = document("10.2.0.0/24")
    assert found(bad, RULE) == [(line_of(bad, '<Subnet name="App">'), RULE)]
    finding = run(bad, RULE)[0]
    assert finding.message == (
        "subnet 'App' 10.2.0.0/24 lies outside the address space of VNet 'VNet-Dublin' (10.1.0.0/16);"
        " move it inside or widen the address space"
    )
    assert finding.path == (
        "/NetworkConfiguration/VirtualNetworkConfiguration/VirtualNetworkSites"
        "/VirtualNetworkSite[@name='VNet-Dublin']/Subnets/Subnet[@name='App']"
    )


def test_fails_when_the_subnet_is_larger_than_the_space():
    assert found(document("10.0.0.0/8"), RULE) == [(line_of(document("10.0.0.0/8"), '<Subnet name="App">'), RULE)]


def test_passes_inside():
    assert found(document("10.1.2.0/24"), RULE) == []
