import pytest

from ruletest import found, line_of, netcfg, run, vnet

RULE = "gateway-subnet-too-small"


def document(length: int) -> str:
    return netcfg("<VirtualNetworkSites>\n" + vnet(inner=(
        f'<Subnets>\n  <Subnet name="GatewaySubnet"><AddressPrefix>10.0.1.0/{length}</AddressPrefix></Subnet>\n</Subnets>'))
        + "\n</VirtualNetworkSites>")


def test_fails_below_29():
    bad = document(30)
    assert found(bad, RULE) == [(line_of(bad, "GatewaySubnet"), RULE)]
    assert str(run(bad, RULE)[0].severity) == "error"


def test_warns_at_29():
    assert [(str(f.severity), f.line) for f in run(document(29), RULE)] == [("warning", line_of(document(29), "GatewaySubnet"))]


@pytest.mark.parametrize("length", [27, 28])
def test_passes_28_and_larger(length):
    assert found(document(length), RULE) == []
