from ruletest import found, line_of, netcfg, run, site, vnet

RULE = "non-canonical-prefix"


def test_warns_on_host_bits():
    document = netcfg("<LocalNetworkSites>\n" + site("L", "10.0.1.0/11") + "\n</LocalNetworkSites>\n<VirtualNetworkSites>\n"
                      + vnet(space="192.168.2.0/16") + "\n</VirtualNetworkSites>")
    assert found(document, RULE) == [(line_of(document, "10.0.1.0/11"), RULE), (line_of(document, "192.168.2.0/16"), RULE)]
    finding = run(document, RULE)[1]
    assert (str(finding.severity), finding.message) == (
        "warning", "192.168.2.0/16 has host bits set; it means 192.168.0.0/16, so write that")


def test_passes_canonical_prefixes():
    assert found(netcfg("<VirtualNetworkSites>\n" + vnet(space="192.168.0.0/16") + "\n</VirtualNetworkSites>"), RULE) == []
