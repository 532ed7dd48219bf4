from ruletest import found, line_of, netcfg, run, vnet

RULE = "placement"


def test_fails_on_both_and_on_neither():
    document = netcfg("<VirtualNetworkSites>\n"
                      + vnet("Both", placement='AffinityGroup="Dublin" Location="North Europe"') + "\n"
                      + vnet("Neither", "10.1.0.0/16", placement="") + "\n</VirtualNetworkSites>")
    assert found(document, RULE) == [(line_of(document, '"Both"'), RULE), (line_of(document, '"Neither"'), RULE)]
    assert [f.message for f in run(document, RULE)] == [
        "VNet 'Both' has both AffinityGroup 'Dublin' and Location 'North Europe'; keep one (Location for a regional VNet)",
        "VNet 'Neither' has neither AffinityGroup nor Location; add Location=\"<region>\"",
    ]


def test_passes_either_one():
    document = netcfg("<VirtualNetworkSites>\n" + vnet("A", placement='AffinityGroup="Dublin"') + "\n"
                      + vnet("B", "10.1.0.0/16") + "\n</VirtualNetworkSites>")
    assert found(document, RULE) == []
