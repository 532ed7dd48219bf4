import pytest

from ruletest import found, line_of, netcfg, run, site

RULE = "placeholder-gateway-address"


@pytest.mark.parametrize(
    ("address", "why"),
    [
        (None, "has no VPNGatewayAddress; set it to the peer's public gateway IP (the second pass)"),
        ("192.0.2.1", "has VPN gateway address 192.0.2.1, a documentation address (RFC 5737); replace it"),
        ("5.4.3.2", "a well-known dummy address"),
        ("10.20.30.40", "a private address"),
        ("100.100.100.100", "in the carrier-grade NAT range (RFC 6598)"),
        ("240.0.0.1", "a reserved address"),
    ],
)
def test_warns_on_missing_and_placeholder_addresses(address, why):
    document = netcfg("<LocalNetworkSites>\n" + site("Local-Holland", "10.1.0.0/16", address) + "\n</LocalNetworkSites>")
    assert found(document, RULE) == [(line_of(document, '"Local-Holland"'), RULE)]
    finding = run(document, RULE)[0]
    assert str(finding.severity) == "warning" and why in finding.message


def test_passes_a_public_address():
    assert (
        found(netcfg("<LocalNetworkSites>\n" + site("L", "10.1.0.0/16", "52.169.10.20") + "\n</LocalNetworkSites>"), RULE) == []
    )
