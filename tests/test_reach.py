"""`netcfg reach`: who reaches whom by the classic gateways' static routes, over real and built networks."""

from __future__ import annotations

import dataclasses
import json
from ipaddress import IPv4Address, IPv4Interface

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import GOLDEN, corpus_params, well_formed_corpus_files
from netcfg import stretch
from netcfg.model import NetworkConfiguration
from netcfg.model.reach import Status, reach
from netcfg.render.netcfg_xml import render

THREE = [stretch.Region(name="Dublin", location="North Europe"), stretch.Region(name="Holland", location="West Europe"),
         stretch.Region(name="Virginia", location="East US")]
HUB = stretch.StretchPlan(shape=stretch.Shape.HUB, hub="Dublin")
TRANSIT = dataclasses.replace(HUB, transit=True)


def public(config: NetworkConfiguration) -> NetworkConfiguration:
    """``config`` after the second pass: every stand-in gets its VNet's (made-up, public) gateway address."""
    vips = {v.name: IPv4Address(f"52.169.{i}.20") for i, v in enumerate(config.vnets, 1)}
    sites = tuple(dataclasses.replace(s, gateway_address=vips[s.mirrors]) if s.mirrors else s for s in config.local_sites)
    return dataclasses.replace(config, local_sites=sites)


def statuses(config: NetworkConfiguration) -> dict[tuple[str, str], str]:
    return {(v.source, v.target): v.status.value for v in reach(config)}


def test_the_article_is_pending_until_the_second_pass_and_reachable_after_patch(run, tmp_path):
    before = run("reach", str(GOLDEN / "article.netcfg"), "--format", "json")
    assert before.exit_code == 1
    assert [(v["from"], v["to"], v["status"], v["path"]) for v in json.loads(before.stdout)] == [
        ("VNet-Dublin", "VNet-Holland", "pending", ["VNet-Dublin", "Local-Holland", "VNet-Holland"]),
        ("VNet-Holland", "VNet-Dublin", "pending", ["VNet-Holland", "Local-Dublin", "VNet-Dublin"]),
    ]
    assert json.loads(before.stdout)[0]["reason"].startswith(
        "local site 'Local-Holland' has gateway address 192.0.2.2, a documentation address (RFC 5737)")
    patched = tmp_path / "patched.netcfg"
    assert run("patch", str(GOLDEN / "article.netcfg"), "--gateway-ip", "VNet-Dublin=52.169.10.20",
               "--gateway-ip", "VNet-Holland=52.174.20.30", "-o", str(patched)).exit_code == 0
    after = run("reach", str(patched))
    assert after.exit_code == 0
    assert after.stdout == ("              VNet-Dublin  VNet-Holland\n"
                            "VNet-Dublin   -            yes\n"
                            "VNet-Holland  yes          -\n"
                            "\n"
                            "2 pairs: 2 reachable, 0 pending, 0 unreachable\n")


def test_a_three_region_mesh_reaches_every_pair():
    mesh = stretch.stretch(THREE)
    assert set(statuses(mesh).values()) == {"pending"}
    assert set(statuses(public(mesh)).values()) == {"reachable"} and len(statuses(mesh)) == 6


def test_a_hub_without_transit_leaves_spokes_apart_and_says_which_prefix_is_missing():
    found = {(v.source, v.target): v for v in reach(public(stretch.stretch(THREE, HUB)))}
    assert found[("VNet-Holland", "VNet-Dublin")].status is Status.REACHABLE
    spoke = found[("VNet-Holland", "VNet-Virginia")]
    assert spoke.status is Status.UNREACHABLE
    assert spoke.reason == "'VNet-Holland' has no route to 10.2.0.0/16: no local site its gateway connects to lists it"


def test_a_hub_with_transit_reaches_every_pair_through_the_hub():
    found = {(v.source, v.target): v for v in reach(public(stretch.stretch(THREE, TRANSIT)))}
    assert {v.status for v in found.values()} == {Status.REACHABLE}
    assert found[("VNet-Holland", "VNet-Virginia")].path == (
        "VNet-Holland", "Local-Dublin-for-Holland", "VNet-Dublin", "Local-Virginia", "VNet-Virginia")


def test_transit_survives_the_netcfg_and_the_cli(run, tmp_path):
    assert run("stretch", "Dublin=North Europe", "Holland=West Europe", "Virginia=East US", "--shape", "hub",
               "--hub", "Dublin", "--transit", "--out", str(tmp_path)).exit_code == 0
    netcfg = tmp_path / "NetworkConfig.netcfg"
    # Read back without the topology, each transit site is found to stand in for the hub.
    shown = run("show", str(netcfg), "--format", "json")
    mirrors = {s["name"]: s["mirrors"] for s in json.loads(shown.stdout)["local_sites"]}
    assert mirrors["Local-Dublin-for-Holland"] == mirrors["Local-Dublin-for-Virginia"] == "VNet-Dublin"
    patched = tmp_path / "patched.netcfg"
    result = run("patch", str(netcfg), "--gateway-ip", "VNet-Dublin=52.169.10.20", "--gateway-ip", "VNet-Holland=52.174.20.30",
                 "--gateway-ip", "VNet-Virginia=52.170.30.40", "-o", str(patched))
    assert result.exit_code == 0, result.stderr
    assert "Local-Dublin-for-Holland: VPNGatewayAddress 52.169.10.20" in result.stderr
    assert run("reach", str(patched)).stdout.endswith("6 pairs: 6 reachable, 0 pending, 0 unreachable\n")
    assert run("validate", str(patched)).exit_code == 0


def test_without_transit_stretch_says_spokes_reach_only_the_hub(run, tmp_path):
    result = run("stretch", "Dublin=North Europe", "Holland=West Europe", "Virginia=East US", "--shape", "hub",
                 "--hub", "Dublin", "--out", str(tmp_path))
    assert "The spokes reach the hub Dublin only, not each other" in result.stdout
    assert run("stretch", "--transit", "--out", str(tmp_path / "x")).exit_code == 1


def _with_site_prefixes(config: NetworkConfiguration, site: str, prefixes: list[str]) -> NetworkConfiguration:
    sites = tuple(dataclasses.replace(s, prefixes=tuple(IPv4Interface(p) for p in prefixes)) if s.name == site else s
                  for s in config.local_sites)
    return dataclasses.replace(config, local_sites=sites)


def test_a_one_way_route_is_unreachable_and_says_the_answer_cannot_return():
    # Holland's stand-in for the hub forgets Virginia: Virginia's packets arrive, Holland's answers have no route.
    config = _with_site_prefixes(public(stretch.stretch(THREE, TRANSIT)), "Local-Dublin-for-Holland", ["10.0.0.0/16"])
    verdict = {(v.source, v.target): v for v in reach(config)}[("VNet-Virginia", "VNet-Holland")]
    assert verdict.status is Status.UNREACHABLE
    assert verdict.reason == ("one-way: traffic reaches 'VNet-Holland' but the answer cannot return: 'VNet-Holland' has no"
                              " route to 10.2.0.0/16: no local site its gateway connects to lists it")


def test_a_routing_loop_is_found():
    # Each VNet sends the on-premises range to the other: neither delivers it.
    config = public(stretch.stretch())
    config = _with_site_prefixes(config, "Local-Holland", ["10.1.0.0/16", "192.168.0.0/24"])
    config = _with_site_prefixes(config, "Local-Dublin", ["10.0.0.0/16", "192.168.0.0/24"])
    config = dataclasses.replace(config, local_sites=(*config.local_sites, dataclasses.replace(
        config.local_sites[0], name="HQ", prefixes=(IPv4Interface("192.168.0.0/24"),), mirrors=None)))
    verdict = {(v.source, v.target): v for v in reach(config)}[("VNet-Dublin", "HQ")]
    assert verdict.status is Status.UNREACHABLE
    assert verdict.reason == ("the route to 192.168.0.0/24 loops: VNet-Dublin -> Local-Holland -> VNet-Holland ->"
                              " Local-Dublin -> VNet-Dublin")


def test_a_tunnel_configured_on_one_end_is_unreachable():
    config = public(stretch.stretch())
    holland = dataclasses.replace(config.vnets[1], gateway=dataclasses.replace(config.vnets[1].gateway, connections=()))
    config = dataclasses.replace(config, vnets=(config.vnets[0], holland))
    verdict = {(v.source, v.target): v for v in reach(config)}[("VNet-Dublin", "VNet-Holland")]
    assert verdict.reason == ("the tunnel is configured on one end only: 'VNet-Dublin' connects to 'Local-Holland' (which"
                              " stands in for 'VNet-Holland'), but 'VNet-Holland' connects to no site that stands in for"
                              " 'VNet-Dublin'")


def test_the_files_of_one_network_are_read_as_one(run, tmp_path):
    # Each subscription's file holds its VNet and a stand-in for the other VNet.
    config = public(stretch.stretch())
    files = []
    for vnet in config.vnets:
        other = next(s for s in config.local_sites if s.mirrors != vnet.name)
        part = NetworkConfiguration.create(vnets=[vnet], local_sites=[dataclasses.replace(other, mirrors=None)])
        path = tmp_path / f"{vnet.name}.netcfg"
        path.write_bytes(render(part))
        files.append(str(path))
    assert run("reach", *files).stdout.endswith("2 pairs: 2 reachable, 0 pending, 0 unreachable\n")
    # Alone, Dublin's file knows Local-Holland only as a site on the far side (an on-premises endpoint).
    alone = run("reach", files[0], "--format", "json")
    assert [(v["from"], v["to"], v["status"]) for v in json.loads(alone.stdout)] == [
        ("VNet-Dublin", "Local-Holland", "reachable"), ("Local-Holland", "VNet-Dublin", "reachable")]
    assert "--from" in run("reach", files[0], "--from", "VNet-Nowhere").stderr


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(["North Europe", "West Europe", "East US", "Japan East", "Brazil South", "UK South"]),
                min_size=2, max_size=6, unique=True))
def test_every_mesh_stretch_builds_is_reachable_once_the_addresses_are_public(locations):
    regions = [stretch.Region(name=f"R{i}", location=loc) for i, loc in enumerate(locations)]
    config = stretch.stretch(regions)
    assert {v.status for v in reach(config)} == {Status.PENDING}
    assert {v.status for v in reach(public(config))} == {Status.REACHABLE}


def test_too_many_pairs_are_refused_with_advice_and_show_does_not_count_them(run, monkeypatch):
    from netcfg.model import reach as module

    monkeypatch.setattr(module, "MOST_PAIRS", 1)
    monkeypatch.setattr(module, "MOST_COUNTED", 1)
    refused = run("reach", str(GOLDEN / "article.netcfg"))
    assert refused.exit_code == 2
    assert "2 x 2 pairs are too many to answer at once (at most 1); ask about some with --from NAME or --to NAME" in refused.stderr
    assert run("reach", str(GOLDEN / "article.netcfg"), "--from", "VNet-Dublin", "--to", "VNet-Holland").exit_code == 1
    shown = run("show", str(GOLDEN / "article.netcfg"))
    assert shown.stdout.endswith("Reach: not counted for more than 1 networks; 'netcfg reach SOURCE --from NAME'"
                                 " answers for one\n")


@pytest.mark.parametrize("path", corpus_params(well_formed_corpus_files()))
def test_every_real_file_gets_an_answer_for_every_pair(run, path):
    result = run("reach", str(path), "--format", "json")
    if "is not" in result.stderr or "does not match" in result.stderr:  # files the strict reader refuses, as every command does
        assert result.exit_code in (1, 2) and result.stdout == ""
        return
    assert result.exit_code in (0, 1), result.stderr
    verdicts = json.loads(result.stdout)
    names = {v["from"] for v in verdicts} | {v["to"] for v in verdicts}
    assert len(verdicts) == len(names) * (len(names) - 1)
    assert {v["status"] for v in verdicts} <= {"reachable", "pending", "unreachable"}
    assert all(v["reason"] for v in verdicts if v["status"] != "reachable")


def test_a_site_that_shares_a_vnets_name_is_its_own_endpoint():
    config = public(stretch.stretch())
    hq = dataclasses.replace(config.local_sites[0], name="VNet-Dublin", prefixes=(IPv4Interface("192.168.0.0/24"),),
                             mirrors=None)
    names = [(v.source, v.target) for v in reach(dataclasses.replace(config, local_sites=(*config.local_sites, hq)))]
    assert ("VNet-Holland", "VNet-Dublin (local site)") in names and ("VNet-Holland", "VNet-Dublin") in names
