from ruletest import found, gateway, line_of, netcfg, run, site, vnet

RULE = "unknown-local-site"


def document(reference: str) -> str:
    return netcfg(
        "<LocalNetworkSites>\n" + site("Local-Holland", "10.1.0.0/16") + "\n</LocalNetworkSites>\n"
        "<VirtualNetworkSites>\n" + vnet(inner=gateway(reference)) + "\n</VirtualNetworkSites>"
    )


def test_fails_on_a_misspelt_site_and_suggests_the_name():
    bad = document("Local-Holand")
    assert found(bad, RULE) == [(line_of(bad, "<LocalNetworkSiteRef"), RULE)]
    assert run(bad, RULE)[0].message == (
        "VNet 'VNet-Dublin' connects to local network site 'Local-Holand', which is not defined; did you mean 'Local-Holland'?"
    )


def test_passes_an_existing_site():
    assert found(document("Local-Holland"), RULE) == []
