from ruletest import found, gateway, line_of, netcfg, run, site, vnet

RULE = "missing-gateway-subnet"


def document(subnet_name: str, *sites: str) -> str:
    inner = gateway(*sites).replace('name="GatewaySubnet"', f'name="{subnet_name}"')
    return netcfg(
        "<LocalNetworkSites>\n"
        + site("L", "10.1.0.0/16")
        + "\n</LocalNetworkSites>\n<VirtualNetworkSites>\n"
        + vnet(inner=inner)
        + "\n</VirtualNetworkSites>"
    )


def test_fails_when_the_name_is_not_exactly_gatewaysubnet():
    bad = document("gatewaysubnet", "L")
    assert found(bad, RULE) == [(line_of(bad, "<Gateway>"), RULE)]
    assert run(bad, RULE)[0].message == (
        "VNet 'VNet-Dublin' has a gateway but no subnet named 'GatewaySubnet'; rename subnet"
        " 'gatewaysubnet' to 'GatewaySubnet' (the name is case-sensitive)"
    )


def test_fails_with_no_gateway_subnet_at_all():
    bad = document("Workload", "L")
    assert "add a /28 subnet named 'GatewaySubnet' inside 10.0.0.0/16" in run(bad, RULE)[0].message


def test_passes_with_gatewaysubnet_or_without_connections():
    assert found(document("GatewaySubnet", "L"), RULE) == []
    assert found(document("Workload"), RULE) == []
