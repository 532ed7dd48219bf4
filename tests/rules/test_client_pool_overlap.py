from ruletest import found, gateway, line_of, netcfg, run, vnet

RULE = "client-pool-overlap"


def document(pool: str) -> str:
    return netcfg("<VirtualNetworkSites>\n" + vnet(inner=gateway(pool=pool)) + "\n</VirtualNetworkSites>")


def test_fails_inside_the_vnet():
    bad = document("10.0.200.0/24")
    assert found(bad, RULE) == [(line_of(bad, "<Gateway"), RULE)]
    assert run(bad, RULE)[0].message == (
        "the client address pool 10.0.200.0/24 of VNet 'VNet-Dublin' overlaps its address"
        " space (10.0.0.0/16); pick a range outside the VNet"
    )


def test_passes_outside():
    assert found(document("172.16.0.0/24"), RULE) == []
