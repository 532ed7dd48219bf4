from ruletest import found, line_of, netcfg, run, site

RULE = "gateway-address-inside-site"


def test_fails_inside():
    document = netcfg("<LocalNetworkSites>\n" + site("OnPrem", "10.1.0.0/16", "10.1.0.4") + "\n</LocalNetworkSites>")
    assert found(document, RULE) == [(line_of(document, '"OnPrem"'), RULE)]
    assert run(document, RULE)[0].message == ("local network site 'OnPrem' has its VPN gateway address 10.1.0.4 inside its"
                                              " own prefix 10.1.0.0/16; use the device's public address")


def test_passes_outside():
    assert found(netcfg("<LocalNetworkSites>\n" + site("OnPrem", "10.1.0.0/16") + "\n</LocalNetworkSites>"), RULE) == []
