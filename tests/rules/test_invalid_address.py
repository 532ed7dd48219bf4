from ruletest import found, line_of, netcfg, run, site

RULE = "invalid-address"


def test_fails_on_addresses_that_are_not_ipv4():
    document = netcfg(
        '<Dns>\n  <DnsServers>\n    <DnsServer name="D" IPAddress="dns.example.com" />\n  </DnsServers>\n</Dns>\n'
        "<LocalNetworkSites>\n" + site("L", "10.9.0.0/16", "203.0.113.300") + "\n</LocalNetworkSites>"
    )
    assert found(document, RULE) == [(line_of(document, "dns.example.com"), RULE), (line_of(document, "203.0.113.300"), RULE)]
    assert run(document, RULE)[1].message == "VPN gateway address '203.0.113.300' is not an IPv4 address such as 203.0.113.10"


def test_passes_ipv4_addresses():
    document = netcfg(
        '<Dns><DnsServers><DnsServer name="D" IPAddress="10.0.0.4" /></DnsServers></Dns>\n'
        "<LocalNetworkSites>\n" + site("L", "10.9.0.0/16") + "\n</LocalNetworkSites>"
    )
    assert found(document, RULE) == []


def test_an_invalid_gateway_address_is_not_also_called_missing():
    document = netcfg("<LocalNetworkSites>\n" + site("L", "10.9.0.0/16", "nope") + "\n</LocalNetworkSites>")
    assert found(document, "placeholder-gateway-address") == []
