"""`stretch`: the article's network, meshes and hubs, and the plans it refuses."""

from ipaddress import IPv4Network

import pytest

from netcfg import stretch
from netcfg.errors import RefusedError, UsageError
from helpers import one, read_back
from netcfg.model import GatewaySku


def regions(*names):
    places = ["North Europe", "West Europe", "East US", "Japan East", "Brazil South", "Australia East", "UK South"]
    return [stretch.Region(name=n, location=places[i % len(places)]) for i, n in enumerate(names)]


def test_article_network():
    config = one(stretch.stretch())
    assert [(g.name, g.location) for g in config.affinity_groups] == [("Dublin", "North Europe"), ("Holland", "West Europe")]
    dublin, holland = config.vnets
    assert (dublin.name, dublin.affinity_group, [str(p) for p in dublin.prefixes]) == ("VNet-Dublin", "Dublin", ["10.0.0.0/16"])
    assert [(s.name, str(s.prefix)) for s in holland.subnets] == [("Workload", "10.1.0.0/24"), ("GatewaySubnet", "10.1.1.0/28")]
    assert [c.site for c in dublin.gateway.connections] == ["Local-Holland"]
    assert [c.site for c in holland.gateway.connections] == ["Local-Dublin"]
    assert [(s.name, s.mirrors, str(s.gateway_address)) for s in config.local_sites] == [
        ("Local-Dublin", "VNet-Dublin", "192.0.2.1"),
        ("Local-Holland", "VNet-Holland", "192.0.2.2"),
    ]
    # the stand-ins we record are the ones a reader of the bare .netcfg works out
    assert [(s.name, s.mirrors) for s in read_back(config).local_sites] == [(s.name, s.mirrors) for s in config.local_sites]


def test_mesh_connects_every_vnet_to_every_other_regions_site():
    config = one(stretch.stretch(regions("A", "B", "C", "D")))
    assert {v.name: [c.site for c in v.gateway.connections] for v in config.vnets} == {
        "VNet-A": ["Local-B", "Local-C", "Local-D"],
        "VNet-B": ["Local-A", "Local-C", "Local-D"],
        "VNet-C": ["Local-A", "Local-B", "Local-D"],
        "VNet-D": ["Local-A", "Local-B", "Local-C"],
    }


def test_hub_connects_spokes_to_the_hub_only():
    config = one(stretch.stretch(regions("A", "B", "C"), stretch.StretchPlan(shape=stretch.Shape.HUB, hub="B")))
    assert {v.name: [c.site for c in v.gateway.connections] for v in config.vnets} == {
        "VNet-A": ["Local-B"],
        "VNet-B": ["Local-A", "Local-C"],
        "VNet-C": ["Local-B"],
    }


def test_small_vnets_still_get_a_workload_and_gateway_subnet():
    config = one(
        stretch.stretch(regions("A", "B"), stretch.StretchPlan(pool=IPv4Network("172.16.0.0/20"), vnet_prefix_length=24))
    )
    assert [(s.name, str(s.prefix)) for s in config.vnets[1].subnets] == [
        ("Workload", "172.16.1.0/25"),
        ("GatewaySubnet", "172.16.1.128/28"),
    ]


@pytest.mark.parametrize(
    ("regions_", "plan", "message"),
    [
        (regions("A"), stretch.StretchPlan(), "needs at least two regions"),
        (regions("A", "a"), stretch.StretchPlan(), "region 'A' is given more than once"),
        (
            regions(*"ABCDEFGHIJKL"),
            stretch.StretchPlan(),
            "the gateway of VNet-A would need 11 connections, but a Default gateway allows 10 (connect through"
            " a hub: shape hub; or allow 30: sku HighPerformance)",
        ),
        (
            regions("A", "B", "C"),
            stretch.StretchPlan(pool=IPv4Network("10.0.0.0/15")),
            "address pool 10.0.0.0/15 has room for 2 free /16 block(s) but 3 are needed",
        ),
        (regions("A", "B"), stretch.StretchPlan(shape=stretch.Shape.HUB, hub="Z"), "hub 'Z' is not one of the regions (A, B)"),
        (regions("A", "B"), stretch.StretchPlan(vnet_prefix_length=28), "no room for a workload subnet"),
    ],
)
def test_refusals(regions_, plan, message):
    with pytest.raises(RefusedError, match=message.replace("(", r"\(").replace(")", r"\)")):
        stretch.stretch(regions_, plan)


def test_twelve_regions_fit_a_high_performance_mesh():
    config = one(stretch.stretch(regions(*"ABCDEFGHIJKL"), stretch.StretchPlan(sku=GatewaySku.HIGH_PERFORMANCE)))
    assert len(config.vnets[0].gateway.connections) == 11


@pytest.mark.parametrize("text", ["Dublin", "=North Europe", "Dublin=", "Dublin= "])
def test_region_syntax(run, text):
    with pytest.raises(UsageError, match="is not NAME=LOCATION"):
        stretch.parse_region(text)
    result = run("stretch", text, "--out", "-")  # a usage error: exit 2, one line
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "is not NAME=LOCATION" in result.stderr
