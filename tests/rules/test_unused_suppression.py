"""Inline suppressions (<!-- netcfg: ignore[RULE] -->), and the rule that reports the stale ones."""

from netcfg.validate import Selection, validate_bytes
from ruletest import gateway, netcfg, site, vnet

RULE = "unused-suppression"
LAB = site("Lab", "192.168.0.0/24", "1.1.1.1")
OUTSIDE = vnet("V", "10.0.0.0/16", '<Subnets><Subnet name="A"><AddressPrefix>10.9.0.0/24</AddressPrefix></Subnet></Subnets>')


def findings(document: str, *, unused: bool = False) -> list[tuple[int | None, str]]:
    selection = Selection(report_unused_suppressions=unused)
    return [(f.line, f.rule) for f in validate_bytes(document.encode(), file="t.netcfg", selection=selection)]


def test_without_suppressions_the_findings_are_there():
    document = netcfg(
        f"<LocalNetworkSites>\n{LAB}\n</LocalNetworkSites>\n<VirtualNetworkSites>\n{OUTSIDE}\n</VirtualNetworkSites>"
    )
    rules = {rule for _, rule in findings(document)}
    assert {"placeholder-gateway-address", "subnet-outside-address-space"} <= rules


def test_a_comment_before_an_element_silences_it_and_what_it_holds():
    document = netcfg(f"<!-- netcfg: ignore[placeholder-gateway-address] -->\n<LocalNetworkSites>\n{LAB}\n</LocalNetworkSites>")
    assert findings(document) == []
    assert findings(document, unused=True) == []


def test_a_comment_first_inside_an_element_silences_the_whole_element():
    inner = '<!-- netcfg: ignore[subnet-outside-address-space] -->\n<Subnets><Subnet name="A"><AddressPrefix>10.9.0.0/24</AddressPrefix></Subnet></Subnets>'
    document = netcfg(f"<VirtualNetworkSites>\n{vnet('V', '10.0.0.0/16', inner)}\n</VirtualNetworkSites>")
    assert findings(document) == []


def test_a_comment_silences_only_the_rules_it_names_and_only_where_it_is():
    document = netcfg(
        f"<LocalNetworkSites>\n{LAB}\n</LocalNetworkSites>\n"
        "<!-- netcfg: ignore[placeholder-gateway-address] -->\n"
        f"<VirtualNetworkSites>\n{OUTSIDE}\n</VirtualNetworkSites>"
    )
    rules = [rule for _, rule in findings(document)]
    assert "placeholder-gateway-address" in rules and "subnet-outside-address-space" in rules


def test_a_file_comment_silences_everywhere_even_outside_the_root():
    body = f"<LocalNetworkSites>\n{LAB}\n</LocalNetworkSites>\n<VirtualNetworkSites>\n{OUTSIDE}\n</VirtualNetworkSites>"
    document = netcfg(body).replace(
        "<NetworkConfiguration",
        "<!-- netcfg: ignore-file[placeholder-gateway-address, subnet-outside-address-space] -->\n<NetworkConfiguration",
        1,
    )
    assert findings(document) == []


def test_fails_on_a_suppression_that_silences_nothing_or_names_no_rule():
    document = netcfg(
        "<!-- netcfg: ignore[too-many-connections, xzd] -->\n"
        f"<VirtualNetworkSites>\n{vnet(inner=gateway())}\n</VirtualNetworkSites>"
    )
    # a rule that is no rule is always a mistake; one that silences nothing only when asked
    assert [(f.line, f.rule, f.message) for f in validate_bytes(document.encode(), file="t.netcfg")] == [
        (4, RULE, "the suppression names 'xzd' (did you mean 'xsd'?), which is no rule"),
    ]
    found = validate_bytes(document.encode(), file="t.netcfg", selection=Selection(report_unused_suppressions=True))
    assert [(f.line, f.rule, f.message) for f in found] == [
        (4, RULE, "the suppression names 'xzd' (did you mean 'xsd'?), which is no rule"),
        (4, RULE, "the suppression of 'too-many-connections' silences nothing here; remove it"),
    ]


def test_passes_a_used_suppression_from_the_command_line(run, tmp_path):
    path = tmp_path / "lab.netcfg"
    path.write_text(
        netcfg(f"<!-- netcfg: ignore[placeholder-gateway-address] -->\n<LocalNetworkSites>\n{LAB}\n</LocalNetworkSites>")
    )
    result = run("validate", "--report-unused-suppressions", str(path))
    assert result.exit_code == 0 and result.stdout == "no problems in 1 file\n"


def test_a_comment_above_the_first_site_of_a_list_covers_that_site_only():
    from netcfg.validate import Selection, validate_bytes

    text = (
        '<NetworkConfiguration xmlns="http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration">\n'
        "<VirtualNetworkConfiguration>\n<LocalNetworkSites>\n"
        "<!-- netcfg: ignore[placeholder-gateway-address] -->\n"
        '<LocalNetworkSite name="Local-Dublin"><AddressSpace><AddressPrefix>10.0.0.0/16</AddressPrefix></AddressSpace>'
        "<VPNGatewayAddress>192.0.2.1</VPNGatewayAddress></LocalNetworkSite>\n"
        '<LocalNetworkSite name="Local-Holland"><AddressSpace><AddressPrefix>10.1.0.0/16</AddressPrefix></AddressSpace>'
        "<VPNGatewayAddress>192.0.2.2</VPNGatewayAddress></LocalNetworkSite>\n"
        "</LocalNetworkSites>\n</VirtualNetworkConfiguration>\n</NetworkConfiguration>\n"
    )
    selected = Selection(select=frozenset({"placeholder-gateway-address"}))
    found = validate_bytes(text.encode(), selection=selected)
    assert [(f.line, f.rule) for f in found] == [(6, "placeholder-gateway-address")]  # Local-Holland's, not silenced
    above_list = text.replace("<LocalNetworkSites>\n<!-- netcfg", "<!-- netcfg").replace(
        '-->\n<LocalNetworkSite name="Local-Dublin"', '-->\n<LocalNetworkSites>\n<LocalNetworkSite name="Local-Dublin"'
    )
    assert validate_bytes(above_list.encode(), selection=selected) == []  # above the list: the whole list
