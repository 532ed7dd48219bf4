from ruletest import found, line_of, netcfg, run, vnet

RULE = "placement"


def test_fails_on_both_and_on_neither():
    document = netcfg(
        "<VirtualNetworkSites>\n"
        + vnet("Both", placement='AffinityGroup="Dublin" Location="North Europe"')
        + "\n"
        + vnet("Neither", "10.1.0.0/16", placement="")
        + "\n"
        + vnet("Empty", "10.2.0.0/16", placement='AffinityGroup="" Location=" "')
        + "\n</VirtualNetworkSites>"
    )
    assert found(document, RULE) == [
        (line_of(document, '"Both"'), RULE),
        (line_of(document, '"Neither"'), RULE),
        (line_of(document, '"Empty"'), RULE),
    ]
    assert [f.message for f in run(document, RULE)][:2] == [
        "VNet 'Both' has both AffinityGroup 'Dublin' and Location 'North Europe'; keep one (Location for a regional VNet)",
        "VNet 'Neither' has neither AffinityGroup nor Location; add Location=\"<region>\"",
    ]


def test_passes_either_one():
    document = netcfg(
        "<VirtualNetworkSites>\n"
        + vnet("A", placement='AffinityGroup="Dublin"')
        + "\n"
        + vnet("B", "10.1.0.0/16")
        + "\n</VirtualNetworkSites>"
    )
    assert found(document, RULE) == []


def test_an_empty_attribute_is_absent_with_a_warning_only():
    # Microsoft's Ruby SDK wrote every VNet this way, and Azure deployed VMs into them.
    from ruletest import validate_bytes

    document = netcfg(
        "<VirtualNetworkSites>\n"
        + vnet("v-net", "172.16.0.0/12", placement='AffinityGroup="" Location="East US"')
        + "\n</VirtualNetworkSites>"
    )
    assert [(f.line, f.rule, str(f.severity)) for f in validate_bytes(document.encode())] == [
        (line_of(document, '"v-net"'), RULE, "warning")
    ]
    assert run(document, RULE)[0].message == (
        "VNet 'v-net' has an empty AffinityGroup attribute, which Azure read as"
        " absent (the VNet is placed by Location 'East US'); remove it"
    )
