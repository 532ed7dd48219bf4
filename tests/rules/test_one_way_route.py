from routing import hub
from ruletest import found, line_of, run

RULE = "one-way-route"


def test_fails_when_the_answers_have_no_route_back():
    bad = hub(holland_lists_virginia=False)
    assert found(bad, RULE) == [(line_of(bad, '<LocalNetworkSiteRef name="Local-Hub-for-Virginia"'), RULE)]
    assert run(bad, RULE)[0].message == (
        "VNet 'VNet-Virginia' sends 10.1.0.0/16 to 'VNet-Holland' through 'Local-Hub-for-Virginia', but the answers"
        " cannot return: 'VNet-Holland' has no route to 10.2.0.0/16: no local site its gateway connects to lists it"
    )


def test_passes_a_hub_with_transit_both_ways():
    assert found(hub(), RULE) == []
    assert found(hub(), "routing-loop") == [] and found(hub(), "one-ended-tunnel") == []
