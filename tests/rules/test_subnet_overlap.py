from ruletest import found, line_of, netcfg, run, vnet

RULE = "subnet-overlap"


def document(second: str) -> str:
    return netcfg(
        "<VirtualNetworkSites>\n"
        + vnet(
            inner=(
                '<Subnets>\n  <Subnet name="Front"><AddressPrefix>10.0.0.0/23</AddressPrefix></Subnet>\n'
                f'  <Subnet name="Back"><AddressPrefix>{second}</AddressPrefix></Subnet>\n</Subnets>'
            )
        )
        + "\n</VirtualNetworkSites>"
    )


def test_fails_on_the_later_subnet():
    bad = document("10.0.1.0/24")
    assert found(bad, RULE) == [(line_of(bad, '"Back"'), RULE)]
    assert run(bad, RULE)[0].message == "subnet 'Back' 10.0.1.0/24 overlaps subnet 'Front' 10.0.0.0/23 in VNet 'VNet-Dublin'"


def test_passes_disjoint_subnets():
    assert found(document("10.0.2.0/24"), RULE) == []
