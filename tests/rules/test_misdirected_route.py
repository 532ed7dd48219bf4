"""misdirected-route: a site that lists another VNet's addresses without standing in for it takes its traffic."""

from networks import netcfg
from ruletest import found, line_of, run

RULE = "misdirected-route"


def test_fails_on_an_on_premises_supernet_holding_another_vnet():
    bad = netcfg({"VNet-A": ["172.16.0.0/16"], "VNet-B": ["10.1.0.0/16"]}, {"Corp": ["10.0.0.0/8"]}, {"VNet-A": ["Corp"]})
    assert found(bad, RULE) == [(line_of(bad, '<LocalNetworkSiteRef name="Corp"'), RULE)]
    assert run(bad, RULE)[0].message == (
        "VNet 'VNet-A' sends 10.1.0.0/16 (VNet 'VNet-B') to 'Corp' through local site 'Corp', which lists 10.0.0.0/8:"
        " it never reaches 'VNet-B'; narrow the site's prefixes, or connect to a site that stands in for 'VNet-B'"
    )


def test_passes_transit_through_a_hub_and_a_supernet_that_stands_in():
    # Holland's stand-in for the hub lists Virginia too: the hub delivers it, so it is not misdirected.
    hub = netcfg(
        {"VNet-Hub": ["10.0.0.0/16"], "VNet-Holland": ["10.1.0.0/16"], "VNet-Virginia": ["10.2.0.0/16"]},
        {
            "Local-Holland": ["10.1.0.0/16"],
            "Local-Virginia": ["10.2.0.0/16"],
            "Local-Hub-for-Holland": ["10.0.0.0/16", "10.2.0.0/16"],
            "Local-Hub-for-Virginia": ["10.0.0.0/16", "10.1.0.0/16"],
        },
        {
            "VNet-Hub": ["Local-Holland", "Local-Virginia"],
            "VNet-Holland": ["Local-Hub-for-Holland"],
            "VNet-Virginia": ["Local-Hub-for-Virginia"],
        },
    )
    assert found(hub, RULE) == []
    supernet = netcfg(
        {"VNet-A": ["10.0.0.0/16"], "VNet-B": ["10.2.0.0/16"]},
        {"Local-A": ["10.0.0.0/16"], "Local-B": ["10.2.0.0/15"]},
        {"VNet-A": ["Local-B"], "VNet-B": ["Local-A"]},
    )
    assert found(supernet, RULE) == []
