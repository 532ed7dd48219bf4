from ruletest import found, gateway, line_of, netcfg, run, site, vnet

RULE = "local-sites-overlap"


def document(second_prefix: str) -> str:
    return netcfg(
        "<LocalNetworkSites>\n"
        + site("Local-Holland", "10.1.0.0/16")
        + "\n"
        + site("OnPrem", second_prefix)
        + "\n</LocalNetworkSites>\n<VirtualNetworkSites>\n"
        + vnet(inner=gateway("Local-Holland", "OnPrem"))
        + "\n</VirtualNetworkSites>"
    )


def test_fails_on_the_second_connection():
    bad = document("10.1.5.0/24")
    assert found(bad, RULE) == [(line_of(bad, '<LocalNetworkSiteRef name="OnPrem"'), RULE)]
    assert run(bad, RULE)[0].message == (
        "local network sites 'Local-Holland' (10.1.0.0/16) and 'OnPrem' (10.1.5.0/24)"
        " both connect to VNet 'VNet-Dublin' and overlap; a gateway needs disjoint sites"
    )


def test_passes_disjoint_sites_and_unconnected_overlaps():
    assert found(document("192.168.0.0/24"), RULE) == []
