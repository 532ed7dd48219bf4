from routing import SPACES, network
from ruletest import found, line_of, run

RULE = "routing-loop"


def test_fails_when_two_vnets_send_a_range_to_each_other():
    # Each stand-in also lists Virginia's range, but neither Hub nor Holland connects to Virginia.
    virginia = SPACES["Virginia"]
    bad = network(
        {"Local-Hub": [SPACES["Hub"], virginia], "Local-Holland": [SPACES["Holland"], virginia]},
        {"Hub": ["Local-Holland"], "Holland": ["Local-Hub"], "Virginia": []},
    )
    assert found(bad, RULE) == [
        (line_of(bad, '<LocalNetworkSiteRef name="Local-Holland"'), RULE),
        (line_of(bad, '<LocalNetworkSiteRef name="Local-Hub"'), RULE),
    ]
    assert run(bad, RULE)[0].message == (
        "VNet 'VNet-Hub': the route to 10.2.0.0/16 loops: VNet-Hub -> Local-Holland -> VNet-Holland -> Local-Hub ->"
        " VNet-Hub; list each range in the stand-in of the one VNet that holds it"
    )


def test_passes_stand_ins_that_list_their_vnet_only():
    good = network(
        {"Local-Hub": [SPACES["Hub"]], "Local-Holland": [SPACES["Holland"]]}, {"Hub": ["Local-Holland"], "Holland": ["Local-Hub"]}
    )
    assert found(good, RULE) == []
