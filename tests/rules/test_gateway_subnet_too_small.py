import pytest

from ruletest import found, line_of, netcfg, run, vnet

RULE = "gateway-subnet-too-small"


def document(length: int) -> str:
    return netcfg(
        "<VirtualNetworkSites>\n"
        + vnet(
            inner=(
                f'<Subnets>\n  <Subnet name="GatewaySubnet"><AddressPrefix>10.0.1.0/{length}</AddressPrefix></Subnet>\n</Subnets>'
            )
        )
        + "\n</VirtualNetworkSites>"
    )


def test_fails_below_29():
    bad = document(30)
    assert found(bad, RULE) == [(line_of(bad, "GatewaySubnet"), RULE)]
    assert str(run(bad, RULE)[0].severity) == "error"


@pytest.mark.parametrize("length", [27, 28, 29])
def test_passes_29_and_larger(length):
    # /29 was the documented minimum and the cross-platform CLI's default: valid on classic.
    assert found(document(length), RULE) == []
