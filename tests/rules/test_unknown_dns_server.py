from ruletest import found, line_of, netcfg, run, vnet

RULE = "unknown-dns-server"
DNS = '<Dns><DnsServers><DnsServer name="DNS-1" IPAddress="10.0.0.4" /></DnsServers></Dns>\n'


def test_fails_on_a_reference_to_nothing():
    document = netcfg(
        DNS
        + "<VirtualNetworkSites>\n"
        + vnet(inner='<DnsServersRef>\n  <DnsServerRef name="DNS-2" />\n</DnsServersRef>')
        + "\n</VirtualNetworkSites>"
    )
    assert found(document, RULE) == [(line_of(document, "DNS-2"), RULE)]
    assert run(document, RULE)[0].message == "DNS server 'DNS-2' is not defined under Dns/DnsServers; did you mean 'DNS-1'?"


def test_passes_a_defined_server():
    document = netcfg(
        DNS
        + "<VirtualNetworkSites>\n"
        + vnet(inner='<DnsServersRef><DnsServerRef name="DNS-1" /></DnsServersRef>')
        + "\n</VirtualNetworkSites>"
    )
    assert found(document, RULE) == []
