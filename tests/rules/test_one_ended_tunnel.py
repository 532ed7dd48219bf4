from routing import SPACES, network
from ruletest import found, line_of, run

RULE = "one-ended-tunnel"
SITES = {"Local-Hub": [SPACES["Hub"]], "Local-Holland": [SPACES["Holland"]]}


def test_fails_when_the_other_vnet_does_not_connect_back():
    bad = network(SITES, {"Hub": ["Local-Holland"], "Holland": []})
    assert found(bad, RULE) == [(line_of(bad, '<LocalNetworkSiteRef name="Local-Holland"'), RULE)]
    assert run(bad, RULE)[0].message == (
        "the tunnel is configured on one end only: 'VNet-Hub' connects to 'Local-Holland' (which stands in for"
        " 'VNet-Holland'), but 'VNet-Holland' connects to no site that stands in for 'VNet-Hub'; connect 'VNet-Holland'"
        " to a site that stands in for 'VNet-Hub', or remove this connection"
    )


def test_passes_both_ends():
    assert found(network(SITES, {"Hub": ["Local-Holland"], "Holland": ["Local-Hub"]}), RULE) == []


def test_passes_a_site_of_another_file():
    # The other VNet is not in this file (another subscription): nothing to say from here.
    assert found(network({"Local-Elsewhere": ["10.9.0.0/16"]}, {"Hub": ["Local-Elsewhere"]}), RULE) == []
