from ruletest import found, gateway, line_of, netcfg, run, site, vnet

RULE = "gateway-address-inside-site"


def connected(*sites: str) -> str:
    return "\n</LocalNetworkSites>\n<VirtualNetworkSites>\n" + vnet(inner=gateway(*sites)) + "\n</VirtualNetworkSites>"


def test_fails_inside_a_site_a_gateway_connects_to():
    document = netcfg("<LocalNetworkSites>\n" + site("OnPrem", "10.1.0.0/16", "10.1.0.4") + connected("OnPrem"))
    assert found(document, RULE) == [(line_of(document, '"OnPrem"'), RULE)]
    finding = run(document, RULE)[0]
    assert (str(finding.severity), finding.message) == (
        "error",
        "local network site 'OnPrem' has its VPN gateway address 10.1.0.4 inside its own prefix 10.1.0.0/16;"
        " use the device's public address",
    )


def test_only_warns_for_a_site_no_gateway_connects_to():
    # Azure's own exports hold such sites: a lab's 10.10.10.10 inside 10.0.0.0/8.
    document = netcfg("<LocalNetworkSites>\n" + site("Lab", "10.0.0.0/8", "10.10.10.10") + connected())
    assert [(f.line, f.rule, str(f.severity)) for f in run(document, RULE)] == [(line_of(document, '"Lab"'), RULE, "warning")]


def test_one_address_problem_is_one_finding():
    from ruletest import validate_bytes

    document = netcfg("<LocalNetworkSites>\n" + site("Lab", "10.0.0.0/8", "10.10.10.10") + connected())
    assert [f.rule for f in validate_bytes(document.encode())] == [RULE]  # not placeholder-gateway-address too


def test_passes_outside():
    assert found(netcfg("<LocalNetworkSites>\n" + site("OnPrem", "10.1.0.0/16") + "\n</LocalNetworkSites>"), RULE) == []
