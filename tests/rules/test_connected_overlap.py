from ruletest import found, gateway, line_of, netcfg, run, site, vnet

RULE = "connected-overlap"


def document(target: str) -> str:
    return netcfg(
        "<LocalNetworkSites>\n"
        + site("Local-Dublin", "10.0.0.0/16")
        + "\n"
        + site("Local-Holland", "10.1.0.0/16")
        + "\n"
        + site("OnPrem", "10.0.128.0/17")
        + "\n</LocalNetworkSites>\n<VirtualNetworkSites>\n"
        + vnet(inner=gateway(target))
        + "\n</VirtualNetworkSites>"
    )


def test_fails_when_a_vnet_connects_to_its_own_mirror():
    bad = document("Local-Dublin")
    assert found(bad, RULE) == [(line_of(bad, "<LocalNetworkSiteRef"), RULE)]
    assert run(bad, RULE)[0].message == (
        "VNet 'VNet-Dublin' connects to 'Local-Dublin', which stands in for 'VNet-Dublin'"
        " itself; connect it to the local site of the other VNet"
    )


def test_fails_when_an_on_premises_range_overlaps():
    bad = document("OnPrem")
    assert run(bad, RULE)[0].message == (
        "VNet 'VNet-Dublin' (10.0.0.0/16) overlaps local network site 'OnPrem'"
        " (10.0.128.0/17) that its gateway connects to; the ranges on both ends of a tunnel"
        " must be disjoint"
    )


def test_passes_the_other_regions_site():
    assert found(document("Local-Holland"), RULE) == []
