import pytest

from ruletest import found, line_of, netcfg, run, vnet

RULE = "unknown-location"


def document(*locations: str) -> str:
    vnets = [vnet(f"V{i}", f"10.{i}.0.0/16", placement=f'Location="{loc}"') for i, loc in enumerate(locations)]
    return netcfg("<VirtualNetworkSites>\n" + "\n".join(vnets) + "\n</VirtualNetworkSites>")


def test_warns_on_a_location_that_is_no_region_with_the_nearest_names():
    # A course file's "Location1", a book's "[region name]", a typo.
    bad = document("Location1", "[region name]", "North Europ")
    assert found(bad, RULE) == [
        (line_of(bad, "Location1"), RULE),
        (line_of(bad, "[region name]"), RULE),
        (line_of(bad, "North Europ"), RULE),
    ]
    findings = run(bad, RULE)
    assert {str(f.severity) for f in findings} == {"warning"}
    assert [f.message for f in findings] == [
        "the location of VNet 'V0': 'Location1' is not an Azure region; see 'az account list-locations'",
        "the location of VNet 'V1': '[region name]' is not an Azure region; see 'az account list-locations'",
        "the location of VNet 'V2': 'North Europ' is not an Azure region; did you mean 'North Europe'?",
    ]


@pytest.mark.parametrize(
    "location",
    ["North Europe", "Central Us", "northeurope", "West US 2", "USGov Virginia", "Germany Central", "New Zealand North"],
)
def test_passes_region_display_and_programmatic_names_in_any_case(location):
    assert found(document(location), RULE) == []


def test_an_empty_location_is_the_placement_rule_s_business():
    assert found(document(""), RULE) == []
