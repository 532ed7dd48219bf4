"""`netcfg reach`: who reaches whom by the classic gateways' static routes, read from the files users have.

Every network here is a .netcfg or a topology on disk, read by the command line: the stand-ins are
worked out from the files (never given to the routes ready-made), as a user's export would be.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import GOLDEN, corpus_params, well_formed_corpus_files
from networks import A, B, C, netcfg, pair

THREE = ["Dublin=North Europe", "Holland=West Europe", "Virginia=East US"]
VIPS = {"VNet-Dublin": "52.169.10.20", "VNet-Holland": "52.174.20.30", "VNet-Virginia": "52.170.30.40"}


def reached(run, *files: str, **options: str) -> dict[tuple[str, str], dict]:
    """``{(from, to): verdict}`` from ``netcfg reach --format json``."""
    extra = [part for key, value in options.items() for part in (f"--{key}", value)]
    result = run("reach", *files, "--format", "json", *extra)
    assert result.exit_code in (0, 1), result.stderr
    return {(v["from"], v["to"]): v for v in json.loads(result.stdout)["pairs"]}


def statuses(run, *files: str) -> dict[tuple[str, str], str]:
    return {pair_: v["status"] for pair_, v in reached(run, *files).items()}


def written(tmp_path, text: str, name: str = "n.netcfg") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def stretched(run, tmp_path, *args: str, patch: bool = True) -> str:
    """``netcfg stretch`` ARGS into a new folder of tmp_path, then (with ``patch``) the second pass with public VIPs."""
    out = tmp_path / f"net{len(list(tmp_path.iterdir()))}"
    assert run("stretch", *args, "--out", str(out)).exit_code == 0
    source = out / "NetworkConfig.netcfg"
    if not patch:
        return str(source)
    vips = [part for vnet, ip in VIPS.items() if vnet in source.read_text() for part in ("--gateway-ip", f"{vnet}={ip}")]
    result = run("patch", str(source), *vips, "-o", str(out / "patched.netcfg"))
    assert result.exit_code == 0, result.stderr
    return str(out / "patched.netcfg")


def test_the_article_is_pending_until_the_second_pass_and_reachable_after_patch(run, tmp_path):
    before = reached(run, str(GOLDEN / "article.netcfg"))
    assert [(a, b, v["status"], v["path"]) for (a, b), v in before.items()] == [
        ("VNet-Dublin", "VNet-Holland", "pending", ["VNet-Dublin", "Local-Holland", "VNet-Holland"]),
        ("VNet-Holland", "VNet-Dublin", "pending", ["VNet-Holland", "Local-Dublin", "VNet-Dublin"]),
    ]
    assert before[("VNet-Dublin", "VNet-Holland")]["reason"].startswith(
        "local site 'Local-Holland' has gateway address 192.0.2.2, a documentation address (RFC 5737)"
    )
    after = run("reach", stretched(run, tmp_path))
    assert after.exit_code == 0
    assert after.stdout.startswith(
        "              VNet-Dublin  VNet-Holland\n"
        "VNet-Dublin   -            yes\n"
        "VNet-Holland  yes          -\n"
        "\n"
        "2 pairs: 2 reachable, 0 pending, 0 unreachable\n"
        "Not modelled: point-to-site clients"
    )


def test_the_json_says_why_each_site_stands_in_and_what_is_not_modelled(run):
    result = json.loads(run("reach", str(GOLDEN / "article.netcfg"), "--format", "json").stdout)
    assert [(s["site"], s["vnet"], s["why"], s["reason"]) for s in result["stand_ins"]] == [
        ("Local-Dublin", "VNet-Dublin", "equal-prefixes", "stands in for 'VNet-Dublin': equal prefixes (10.0.0.0/16)"),
        ("Local-Holland", "VNet-Holland", "equal-prefixes", "stands in for 'VNet-Holland': equal prefixes (10.1.0.0/16)"),
    ]
    assert result["ambiguous"] == []
    assert "what an on-premises device forwards beyond its own site is not known" in result["assumptions"]


def test_a_three_region_mesh_reaches_every_pair(run, tmp_path):
    assert set(statuses(run, stretched(run, tmp_path, *THREE, patch=False)).values()) == {"pending"}
    found = statuses(run, stretched(run, tmp_path, *THREE))
    assert set(found.values()) == {"reachable"} and len(found) == 6


def test_a_hub_without_transit_leaves_spokes_apart_and_says_which_prefix_is_missing(run, tmp_path):
    found = reached(run, stretched(run, tmp_path, *THREE, "--shape", "hub", "--hub", "Dublin"))
    assert found[("VNet-Holland", "VNet-Dublin")]["status"] == "reachable"
    spoke = found[("VNet-Holland", "VNet-Virginia")]
    assert spoke["status"] == "unreachable"
    assert spoke["reason"] == "'VNet-Holland' has no route to 10.2.0.0/16: no local site its gateway connects to lists it"


def test_transit_read_back_from_the_netcfg_alone_reaches_every_pair_through_the_hub(run, tmp_path):
    netcfg_file = stretched(run, tmp_path, *THREE, "--shape", "hub", "--hub", "Dublin", "--transit", patch=False)
    shown = json.loads(run("show", netcfg_file, "--format", "json").stdout)
    why = {s["name"]: (s["stands_in_for"] or {}).get("why") for s in shown["local_sites"]}
    assert why["Local-Dublin-for-Holland"] == why["Local-Dublin-for-Virginia"] == "transit-union"
    patched = tmp_path / "patched.netcfg"
    result = run("patch", netcfg_file, *[p for v, ip in VIPS.items() for p in ("--gateway-ip", f"{v}={ip}")], "-o", str(patched))
    assert "Local-Dublin-for-Holland: VPNGatewayAddress 52.169.10.20" in result.stderr
    found = reached(run, str(patched))
    assert {v["status"] for v in found.values()} == {"reachable"}
    assert found[("VNet-Holland", "VNet-Virginia")]["path"] == [
        "VNet-Holland",
        "Local-Dublin-for-Holland",
        "VNet-Dublin",
        "Local-Virginia",
        "VNet-Virginia",
    ]
    assert run("validate", str(patched)).exit_code == 0


def test_without_transit_stretch_says_spokes_reach_only_the_hub(run, tmp_path):
    result = run("stretch", *THREE, "--shape", "hub", "--hub", "Dublin", "--out", str(tmp_path))
    assert "The spokes reach the hub Dublin only, not each other" in result.stdout


def test_a_one_way_route_is_unreachable_and_says_the_answer_cannot_return(run, tmp_path):
    # Holland's stand-in for the hub forgets Virginia: Virginia's packets arrive, Holland's answers have no route.
    from pathlib import Path

    text = Path(stretched(run, tmp_path, *THREE, "--shape", "hub", "--hub", "Dublin", "--transit")).read_text()
    text = re.sub(
        r'(<LocalNetworkSite name="Local-Dublin-for-Holland">\s*<AddressSpace>\s*<AddressPrefix>10.0.0.0/16'
        r"</AddressPrefix>)\s*<AddressPrefix>10.2.0.0/16</AddressPrefix>",
        r"\1",
        text,
    )
    verdict = reached(run, written(tmp_path, text))[("VNet-Virginia", "VNet-Holland")]
    assert verdict["status"] == "unreachable"
    assert verdict["reason"] == (
        "one-way: traffic reaches 'VNet-Holland' but the answer cannot return: 'VNet-Holland'"
        " has no route to 10.2.0.0/16: no local site its gateway connects to lists it"
    )


def test_a_routing_loop_is_found_and_validate_says_so_too(run, tmp_path):
    # Each stand-in also lists the on-premises range: each VNet sends it to the other, neither delivers it.
    path = written(
        tmp_path,
        netcfg(
            {"VNet-A": [A], "VNet-B": [B]},
            {"Local-A": [A, "192.168.0.0/24"], "Local-B": [B, "192.168.0.0/24"], "HQ": ["192.168.0.0/24"]},
            {"VNet-A": ["Local-B"], "VNet-B": ["Local-A"]},
        ),
    )
    verdict = reached(run, path)[("VNet-A", "HQ")]
    assert verdict["status"] == "unreachable"
    assert verdict["reason"] == "the route to 192.168.0.0/24 loops: VNet-A -> Local-B -> VNet-B -> Local-A -> VNet-A"
    assert "[routing-loop]" in run("validate", path).stdout


def test_a_tunnel_configured_on_one_end_is_unreachable(run, tmp_path):
    path = written(
        tmp_path, netcfg({"VNet-A": [A], "VNet-B": [B]}, {"Local-A": [A], "Local-B": [B]}, {"VNet-A": ["Local-B"], "VNet-B": []})
    )
    assert reached(run, path)[("VNet-A", "VNet-B")]["reason"] == (
        "the tunnel is configured on one end only: 'VNet-A' connects to 'Local-B' (which stands in for 'VNet-B'), but"
        " 'VNet-B' connects to no site that stands in for 'VNet-A'"
    )


@pytest.mark.parametrize(
    ("name", "site_b", "extra"),
    [
        ("plus an on-premises range behind it", [B, "192.168.0.0/24"], {}),
        ("plus its point-to-site pool", [B, "172.16.0.0/24"], {"pools": {"VNet-B": "172.16.0.0/24"}}),
        ("split in two halves", ["10.1.0.0/17", "10.1.128.0/17"], {}),
    ],
)
def test_a_stand_in_that_lists_more_or_other_prefixes_still_reaches_its_vnet(run, tmp_path, name, site_b, extra):
    path = written(tmp_path, pair(site_b, **extra))
    assert set(statuses(run, path).values()) == {"reachable"}, name
    assert "VNet-B" in {s["vnet"] for s in json.loads(run("reach", path, "--format", "json").stdout)["stand_ins"]}
    assert run("validate", path).stdout == "no problems in 1 file\n"


def test_a_covering_supernet_stands_in_and_reaches(run, tmp_path):
    path = written(
        tmp_path,
        netcfg(
            {"VNet-A": [A], "VNet-B": [C]},
            {"Local-A": [A], "Local-B": ["10.2.0.0/15"]},
            {"VNet-A": ["Local-B"], "VNet-B": ["Local-A"]},
        ),
    )
    assert set(statuses(run, path).values()) == {"reachable"}
    assert "a covering supernet (10.2.0.0/15 holds 10.2.0.0/16)" in run("show", path).stdout


def test_a_destination_split_over_two_sites_of_one_gateway_is_reachable(run, tmp_path):
    path = written(
        tmp_path,
        netcfg(
            {"VNet-A": [A], "VNet-B": [B]},
            {"Local-A": [A], "Local-B1": ["10.1.0.0/17"], "Local-B2": ["10.1.128.0/17"]},
            {"VNet-A": ["Local-B1", "Local-B2"], "VNet-B": ["Local-A"]},
        ),
    )
    assert set(statuses(run, path).values()) == {"reachable"}
    assert run("validate", path).stdout == "no problems in 1 file\n"


def test_a_stand_in_missing_part_of_its_vnet_routes_only_part_and_validate_agrees(run, tmp_path):
    path = written(
        tmp_path,
        netcfg(
            {"VNet-A": [A], "VNet-B": [B, "10.11.0.0/16"]},
            {"Local-A": [A], "Local-B": [B]},
            {"VNet-A": ["Local-B"], "VNet-B": ["Local-A"]},
        ),
    )
    assert reached(run, path)[("VNet-A", "VNet-B")]["reason"] == (
        "'VNet-A' has no route to 10.11.0.0/16: no local site its gateway connects to lists it"
    )
    assert (
        "[stand-in-prefixes] local site 'Local-B' stands in for VNet 'VNet-B' but routes only part"
        in run("validate", path).stdout
    )


def test_an_on_premises_supernet_holding_another_vnet_takes_its_traffic_and_validate_agrees(run, tmp_path):
    # VNet-B does not connect back to anything routing VNet-A: Corp's device is on premises, not B's gateway.
    path = written(tmp_path, netcfg({"VNet-A": ["172.16.0.0/16"], "VNet-B": [B]}, {"Corp": ["10.0.0.0/8"]}, {"VNet-A": ["Corp"]}))
    verdict = reached(run, path)[("VNet-A", "VNet-B")]
    assert verdict["status"] == "unreachable" and "arrives at 'Corp', not 'VNet-B'" in verdict["reason"]
    assert "[misdirected-route] VNet 'VNet-A' sends 10.1.0.0/16 (VNet 'VNet-B') to 'Corp'" in run("validate", path).stdout


def test_an_on_premises_supernet_holding_the_vnet_itself_is_refused_by_azure_and_unreachable(run, tmp_path):
    path = written(tmp_path, netcfg({"VNet-A": [A], "VNet-B": [B]}, {"Corp": ["10.0.0.0/8"]}, {"VNet-A": ["Corp"]}))
    verdict = reached(run, path)[("VNet-A", "Corp")]
    assert verdict["status"] == "unreachable"
    assert verdict["reason"] == (
        "local site 'Corp' (10.0.0.0/8) overlaps the address space of 'VNet-A', which connects"
        " to it; Azure refused such a connection"
    )
    assert "error [connected-overlap]" in run("validate", path).stdout


def test_an_express_route_connection_is_not_routed_as_ipsec_and_says_so(run, tmp_path):
    path = written(
        tmp_path,
        netcfg(
            {"VNet-A": [A], "VNet-B": [B]},
            {"Local-A": [A], "Local-B": [B], "ER": ["192.168.0.0/24"]},
            {"VNet-A": ["Local-B", "ER"], "VNet-B": ["Local-A"]},
            dedicated={("VNet-A", "ER")},
        ),
    )
    found = reached(run, path)
    assert found[("VNet-A", "ER")]["reason"] == (
        "'VNet-A' reaches 192.168.0.0/24 through 'ER' over ExpressRoute (a Dedicated connection), which reach does not follow"
    )
    assert found[("VNet-A", "VNet-B")]["status"] == "reachable"
    assert "ExpressRoute (Dedicated) connections carry no static routes here (VNet-A to ER)" in run("reach", path).stdout


STATIC = """
[[local_site]]
name = "Local-A"
prefixes = ["10.0.0.0/16"]
gateway_address = "52.169.1.20"
[[local_site]]
name = "Local-B"
prefixes = ["10.1.0.0/16"]
gateway_address = "52.169.2.20"
[[vnet]]
name = "VNet-A"
location = "North Europe"
prefixes = ["10.0.0.0/16"]
subnets = [{ name = "GatewaySubnet", prefix = "10.0.1.0/28" }]
gateway = { type = "StaticRouting", connections = ["Local-B"] }
[[vnet]]
name = "VNet-B"
location = "West Europe"
prefixes = ["10.1.0.0/16"]
subnets = [{ name = "GatewaySubnet", prefix = "10.1.1.0/28" }]
gateway = { connections = ["Local-A"] }
"""


def test_a_static_routing_gateway_makes_no_vnet_to_vnet_tunnel_and_validate_agrees(run, tmp_path):
    path = written(tmp_path, STATIC, "static.toml")
    verdict = reached(run, path)[("VNet-A", "VNet-B")]
    assert verdict["status"] == "unreachable"
    assert verdict["reason"] == (
        "the gateway of 'VNet-A' is StaticRouting, and classic VNet-to-VNet tunnels need DynamicRouting gateways on both ends"
    )
    assert (
        "error [gateway-type] the gateway of VNet 'VNet-A' is StaticRouting, but it connects to VNet 'VNet-B'"
        in run("validate", path).stdout
    )


def test_the_files_of_one_network_are_read_as_one(run, tmp_path):
    # Each subscription's file holds its VNet and a stand-in for the other VNet.
    first = written(tmp_path, netcfg({"VNet-A": [A]}, {"Local-B": [B]}, {"VNet-A": ["Local-B"]}), "a.netcfg")
    second = written(tmp_path, netcfg({"VNet-B": [B]}, {"Local-A": [A]}, {"VNet-B": ["Local-A"]}), "b.netcfg")
    assert run("reach", first, second).stdout.splitlines()[4] == "2 pairs: 2 reachable, 0 pending, 0 unreachable"
    # Alone, A's file knows Local-B only as a site on the far side (an on-premises endpoint).
    alone = reached(run, first)
    assert [(a, b, v["status"]) for (a, b), v in alone.items()] == [
        ("VNet-A", "Local-B", "reachable"),
        ("Local-B", "VNet-A", "reachable"),
    ]
    assert "--only-from" in run("reach", first, "--only-from", "VNet-Nowhere").stderr


@settings(max_examples=10, deadline=None)
@given(
    st.lists(
        st.sampled_from(["North Europe", "West Europe", "East US", "Japan East", "Brazil South", "UK South"]),
        min_size=2,
        max_size=4,
        unique=True,
    )
)
def test_every_mesh_stretch_builds_is_reachable_once_patched(locations):
    import tempfile
    from pathlib import Path

    from click.testing import CliRunner

    from netcfg.cli import cli

    runner = CliRunner()

    def run(*args):
        return runner.invoke(cli, list(args), catch_exceptions=False)

    with tempfile.TemporaryDirectory() as folder:
        regions = [f"R{i}={loc}" for i, loc in enumerate(locations)]
        assert run("stretch", *regions, "--out", folder).exit_code == 0
        source = str(Path(folder) / "NetworkConfig.netcfg")
        assert {v["status"] for v in json.loads(run("reach", source, "--format", "json").stdout)["pairs"]} == {"pending"}
        vips = [p for i in range(len(locations)) for p in ("--gateway-ip", f"VNet-R{i}=52.169.{i}.20")]
        assert run("patch", source, *vips, "--in-place").exit_code == 0
        assert run("reach", source).exit_code == 0


def test_too_many_pairs_are_refused_with_advice_and_show_does_not_count_them(run, monkeypatch):
    from netcfg.model import reach as module

    monkeypatch.setattr(module, "MOST_PAIRS", 1)
    monkeypatch.setattr(module, "MOST_COUNTED", 1)
    refused = run("reach", str(GOLDEN / "article.netcfg"))
    assert refused.exit_code == 2
    assert (
        "2 x 2 pairs are too many to answer at once (at most 1); ask about some with --only-from NAME or --only-to NAME"
        in refused.stderr
    )
    assert run("reach", str(GOLDEN / "article.netcfg"), "--only-from", "VNet-Dublin", "--only-to", "VNet-Holland").exit_code == 1
    shown = run("show", str(GOLDEN / "article.netcfg"))
    assert shown.stdout.endswith(
        "Reach: not counted for more than 1 networks; 'netcfg reach SOURCE --only-from NAME' answers for one\n"
    )


@pytest.mark.parametrize("path", corpus_params(well_formed_corpus_files()))
def test_every_real_file_gets_an_answer_for_every_pair(run, path):
    result = run("reach", str(path), "--format", "json")
    if "is not" in result.stderr or "does not match" in result.stderr:  # files the strict reader refuses, as every command does
        assert result.exit_code in (1, 2) and result.stdout == ""
        return
    assert result.exit_code in (0, 1), result.stderr
    verdicts = json.loads(result.stdout)["pairs"]
    names = {v["from"] for v in verdicts} | {v["to"] for v in verdicts}
    assert len(verdicts) == len(names) * (len(names) - 1)
    assert {v["status"] for v in verdicts} <= {"reachable", "pending", "unreachable"}
    assert all(v["reason"] for v in verdicts if v["status"] != "reachable")


def test_a_site_that_shares_a_vnets_name_is_its_own_endpoint(run, tmp_path):
    path = written(
        tmp_path,
        netcfg(
            {"VNet-A": [A], "VNet-B": [B]},
            {"Local-A": [A], "Local-B": [B], "VNet-A": ["192.168.0.0/24"]},
            {"VNet-A": ["Local-B"], "VNet-B": ["Local-A", "VNet-A"]},
        ),
    )
    names = set(reached(run, path))
    assert ("VNet-B", "VNet-A (local site)") in names and ("VNet-B", "VNet-A") in names


def _wide(tmp_path) -> str:
    """A hub with 24 spokes: each spoke reaches the hub (its one site lists only the hub), not the others."""
    vnets = {"VNet-Hub": ["10.0.0.0/16"], **{f"VNet-S{i:02}": [f"10.{i}.0.0/16"] for i in range(1, 25)}}
    sites = {"Local-Hub": ["10.0.0.0/16"], **{f"Local-S{i:02}": [f"10.{i}.0.0/16"] for i in range(1, 25)}}
    connections = {"VNet-Hub": [f"Local-S{i:02}" for i in range(1, 25)], **{f"VNet-S{i:02}": ["Local-Hub"] for i in range(1, 25)}}
    return written(tmp_path, netcfg(vnets, sites, connections))


def test_a_network_too_wide_for_a_matrix_gets_counts_from_each_network(run, tmp_path):
    result = run("reach", _wide(tmp_path))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        "(The from/to matrix would be 258 characters wide, so counts from each network instead: --summary shows"
        " only these, --only-from or --only-to narrows the question.)",
        "from      reachable  pending  unreachable",
        "VNet-Hub  24         0        0",
        "VNet-S01  1          0        23",
    ]
    assert max(len(line) for line in lines[1:27]) < 80
    assert lines[27:29] == [
        "",
        "VNet-S01 -> VNet-S02: unreachable: 'VNet-S01' has no route to 10.2.0.0/16: no local site its gateway connects to lists it",
    ]
    assert "600 pairs: 48 reachable, 0 pending, 552 unreachable" in lines


def test_only_unreachable_lists_just_those_pairs_and_the_exit_code_still_counts_all(run, tmp_path):
    source = _wide(tmp_path)
    result = run("reach", source, "--only", "unreachable")
    assert result.exit_code == 1
    pairs = [line for line in result.stdout.splitlines() if " -> " in line]
    assert len(pairs) == 24 * 23 and all(": unreachable: " in line for line in pairs)
    assert "from " not in result.stdout and "VNet-Hub  " not in result.stdout  # no matrix, no counts table
    reachable = run("reach", source, "--only", "reachable", "--only-to", "VNet-Hub")
    assert reachable.exit_code == 0  # every pair asked (to the hub) is reachable
    assert reachable.stdout.splitlines()[0] == "VNet-S01 -> VNet-Hub: reachable through VNet-S01, Local-Hub, VNet-Hub"
    data = json.loads(run("reach", source, "--only", "pending", "--format", "json").stdout)
    assert data["pairs"] == [] and data["counts"] == {"reachable": 48, "pending": 0, "unreachable": 552}


def test_summary_gives_counts_from_each_network_in_text_and_json(run):
    result = run("reach", str(GOLDEN / "article.netcfg"), "--summary")
    assert result.exit_code == 1
    assert result.stdout.startswith(
        "from          reachable  pending  unreachable\n"
        "VNet-Dublin   0          1        0\n"
        "VNet-Holland  0          1        0\n"
        "\n"
        "2 pairs: 0 reachable, 2 pending, 0 unreachable\n"
    )
    data = json.loads(run("reach", str(GOLDEN / "article.netcfg"), "--summary", "--format", "json").stdout)
    assert "pairs" not in data
    assert data["by_source"] == {
        "VNet-Dublin": {"reachable": 0, "pending": 1, "unreachable": 0},
        "VNet-Holland": {"reachable": 0, "pending": 1, "unreachable": 0},
    }


PREFIXES = ["10.0.0.0/16", "10.1.0.0/16", "10.0.0.0/15", "10.1.0.0/17", "10.1.128.0/17", "192.168.1.0/24", "10.0.0.0/8"]


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_the_shortcut_for_plain_dead_ends_answers_as_following_the_routes_does(tmp_path_factory, data):
    """Most pairs of a large network end at the source's own gateway (no route, no gateway), and reach
    answers those without following anything; on random networks read from a file, every verdict
    is the one the full trace gives."""
    from netcfg.io.inputs import read_network
    from netcfg.model.reach import Router
    from netcfg.model.standins import resolve

    vnets = {f"V{i}": [data.draw(st.sampled_from(PREFIXES))] for i in range(data.draw(st.integers(2, 4)))}
    sites = {
        f"S{i}": data.draw(st.lists(st.sampled_from(PREFIXES), min_size=1, max_size=2, unique=True))
        for i in range(data.draw(st.integers(1, 4)))
    }
    connections = {v: data.draw(st.lists(st.sampled_from(sorted(sites)), max_size=3, unique=True)) for v in vnets}
    connections = {v: c for v, c in connections.items() if c or data.draw(st.booleans())}
    dedicated = {(v, c[0]) for v, c in connections.items() if c and data.draw(st.booleans())}
    path = tmp_path_factory.mktemp("net") / "n.netcfg"
    path.write_text(netcfg(vnets, sites, connections, dedicated=dedicated))
    network = resolve(read_network([str(path)]))

    class Following(Router):
        def _dead_ends(self, source):  # no shortcut: every pair followed
            return lambda target: None

    quick, full = Router(network.joined()), Following(network.joined())
    names = list(quick.endpoints)
    for a in names:
        assert quick.verdicts(a, names) == full.verdicts(a, names), a
        assert [quick.verdict(a, b) for b in names if b != a] == full.verdicts(a, names), a


# Disjoint VNet spaces, and site prefixes that stand in, carry transit (several spaces), split a
# space, cover it, or reach on premises: routes of several hops, loops, partial routes and pieces.
SPACES = ["10.0.0.0/16", "10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16", "10.4.0.0/16"]
LISTED = [*SPACES, "10.1.0.0/17", "10.1.128.0/17", "10.0.0.0/14", "192.168.1.0/24"]


@settings(max_examples=120, deadline=None)
@given(data=st.data())
def test_a_route_is_the_same_whatever_was_followed_before(tmp_path_factory, data):
    """The router keeps each trace and finishes a route from a VNet whose route it already knows: on
    random networks of several hops (transit, loops, split destinations, placeholder addresses),
    every trace equals the one a router that has followed nothing yet gives, in any order of asking."""
    from netcfg.io.inputs import read_network
    from netcfg.model.network import parse_prefix
    from netcfg.model.reach import Router
    from netcfg.model.standins import resolve

    count = data.draw(st.integers(2, 5))
    vnets = {f"V{i}": [SPACES[i]] for i in range(count)}
    sites = {
        f"S{i}": data.draw(st.lists(st.sampled_from(LISTED), min_size=1, max_size=3, unique=True))
        for i in range(data.draw(st.integers(1, 6)))
    }
    connections = {v: data.draw(st.lists(st.sampled_from(sorted(sites)), max_size=3, unique=True)) for v in vnets}
    addresses = {s: data.draw(st.sampled_from([None, "192.0.2.1", "52.169.9.20"])) for s in sites}
    path = tmp_path_factory.mktemp("net") / "n.netcfg"
    path.write_text(netcfg(vnets, sites, connections, addresses=addresses))
    joined = resolve(read_network([str(path)])).joined()
    destinations = [parse_prefix(p) for p in LISTED]
    asked = [(v, d) for v in vnets for d in destinations]
    order = data.draw(st.permutations(asked))
    shared = Router(joined)
    followed = {(v, d): shared.trace(v, d) for v, d in order}
    assert followed == {(v, d): Router(joined).trace(v, d) for v, d in asked}


def test_a_route_split_after_a_tunnel_that_waits_for_its_address_is_pending(run, tmp_path):
    """VNet-A sends VNet-C's space to VNet-B through Local-B, whose address is still a placeholder;
    VNet-B splits it over two sites (one per half). The first tunnel is not up yet, so the pair is
    pending, and says why (the split once hid it and said reachable)."""
    path = written(
        tmp_path,
        netcfg(
            {"VNet-A": ["10.0.0.0/16"], "VNet-B": ["10.1.0.0/16"], "VNet-C": ["10.2.0.0/16"]},
            {
                "Local-B": ["10.1.0.0/16", "10.2.0.0/16"],
                "Local-A": ["10.0.0.0/16"],
                "Local-C-low": ["10.2.0.0/17"],
                "Local-C-high": ["10.2.128.0/17"],
                "Local-B-for-C": ["10.1.0.0/16", "10.0.0.0/16"],
            },
            {"VNet-A": ["Local-B"], "VNet-B": ["Local-A", "Local-C-low", "Local-C-high"], "VNet-C": ["Local-B-for-C"]},
            addresses={"Local-B": "192.0.2.1"},
        ),
    )
    said = {
        "Local-B": "VNet-B",
        "Local-A": "VNet-A",
        "Local-B-for-C": "VNet-B",
        "Local-C-low": "VNet-C",
        "Local-C-high": "VNet-C",
    }
    mirrors = [part for site, vnet in said.items() for part in ("--mirror", f"{site}={vnet}")]
    verdicts = reached(run, path, *mirrors)
    assert verdicts[("VNet-A", "VNet-C")] == {
        "from": "VNet-A",
        "to": "VNet-C",
        "status": "pending",
        "path": ["VNet-A", "Local-B", "VNet-B", "Local-C-low", "VNet-C"],
        "reason": "local site 'Local-B' has gateway address 192.0.2.1, a documentation address (RFC 5737)",
    }
    assert verdicts[("VNet-B", "VNet-C")]["status"] == "reachable"
