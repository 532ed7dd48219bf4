"""Which site stands in for which VNet: decided once, the same in every command, read from the files users have.

Each network is a .netcfg or a topology on disk, in shapes netcfg's own generator never writes;
every assertion goes through the command line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import corpus_params, well_formed_corpus_files
from networks import A, B, C, netcfg, pair

VIPS = {"VNet-Dublin": "52.169.10.20", "VNet-Holland": "52.174.20.30", "VNet-Virginia": "52.170.30.40"}


def write(tmp_path: Path, text: str, name: str = "n.netcfg") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def shown(run, *files: str, mirrors: tuple[str, ...] = ()) -> dict[str, str | None]:
    """``{site: the VNet show says it stands in for}``."""
    extra = [p for m in mirrors for p in ("--mirror", m)]
    data = json.loads(run("show", *files, "--format", "json", *extra).stdout)
    return {s["name"]: (s["stands_in_for"] or {}).get("vnet") for s in data["local_sites"]}


def reasons(run, *files: str) -> dict[str, str]:
    """``{site: why}`` from ``reach --format json``."""
    return {s["site"]: s["why"] for s in json.loads(run("reach", *files, "--format", "json").stdout)["stand_ins"]}


SHAPES = {
    # name: (Local-B's prefixes, extra netcfg options, the reason's word)
    "exactly": ([B], {}, "equal-prefixes"),
    "plus an on-premises range": ([B, "192.168.0.0/24"], {}, "space-plus-ranges"),
    "plus its point-to-site pool": ([B, "172.16.0.0/24"], {"pools": {"VNet-B": "172.16.0.0/24"}}, "space-plus-ranges"),
    "split in two": (["10.1.0.0/17", "10.1.128.0/17"], {}, "split-prefixes"),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_a_stand_in_that_lists_more_or_other_prefixes_is_its_vnets_in_every_command(run, tmp_path, shape):
    prefixes, options, why = SHAPES[shape]
    path = write(tmp_path, pair(prefixes, **options))
    assert shown(run, path)["Local-B"] == "VNet-B"
    assert reasons(run, path)["Local-B"] == why
    patched = run("patch", path, "--gateway-ip", "VNet-B=52.174.20.30", "--gateway-ip", "VNet-A=52.169.10.20")
    assert "Local-B: VPNGatewayAddress 52.174.20.30" in patched.stderr
    script = run("runbook", path).stdout_bytes.decode("utf-8-sig")
    assert "'Local-B' = 'VNet-B'" in script
    assert run("validate", path, "--format", "json").stdout.count('"rule": "one-ended-tunnel"') == 0


def test_a_covering_supernet_stands_in_where_the_vnet_connects_back(run, tmp_path):
    path = write(
        tmp_path,
        netcfg(
            {"VNet-A": [A], "VNet-B": [C]},
            {"Local-A": [A], "Local-B": ["10.2.0.0/15"]},
            {"VNet-A": ["Local-B"], "VNet-B": ["Local-A"]},
        ),
    )
    assert shown(run, path) == {"Local-A": "VNet-A", "Local-B": "VNet-B"}
    assert reasons(run, path)["Local-B"] == "covering-supernet"


def test_an_on_premises_supernet_is_no_stand_in_when_nothing_connects_back(run, tmp_path):
    path = write(tmp_path, netcfg({"VNet-A": ["172.16.0.0/16"], "VNet-B": [B]}, {"Corp": ["10.0.0.0/8"]}, {"VNet-A": ["Corp"]}))
    assert shown(run, path) == {"Corp": None}


def test_a_stand_in_missing_part_of_its_vnet_is_still_its_vnets_and_says_so(run, tmp_path):
    path = write(
        tmp_path,
        netcfg(
            {"VNet-A": [A], "VNet-B": [B, "10.11.0.0/16"]},
            {"Local-A": [A], "Local-B": [B]},
            {"VNet-A": ["Local-B"], "VNet-B": ["Local-A"]},
        ),
    )
    assert shown(run, path)["Local-B"] == "VNet-B" and reasons(run, path)["Local-B"] == "part-of-space"


def test_an_explicit_mirror_is_exact_the_sites_named_for_a_vnet_are_its_only_stand_ins(run, tmp_path):
    # Three sites with VNet-A's very prefixes; the user says S2 is A's: patch writes A's VIP into S2 only.
    path = write(
        tmp_path,
        netcfg(
            {"VNet-A": [A], "VNet-B": [B]},
            {"S1": [A], "S2": [A], "S3": [A], "Local-B": [B]},
            {"VNet-A": ["Local-B"], "VNet-B": ["S2"]},
        ),
    )
    result = run("patch", path, "--gateway-ip", "VNet-A=52.169.10.20", "--mirror", "S2=VNet-A", "-o", str(tmp_path / "o"))
    assert result.exit_code == 0, result.stderr
    assert re.findall(r"^(\S+): VPNGatewayAddress", result.stderr, re.M) == ["S2"]
    assert shown(run, path, mirrors=("S2=VNet-A",)) == {"S1": None, "S2": "VNet-A", "S3": None, "Local-B": "VNet-B"}
    assert "'S2' = 'VNet-A'" in run("runbook", path, "--mirror", "S2=VNet-A").stdout_bytes.decode("utf-8-sig")


def test_every_ambiguity_is_named_at_once_with_a_ready_to_paste_fix(run, tmp_path):
    # Two VNets reuse one range; two connected sites have it; both VNets connect back: nothing tells them apart.
    path = write(
        tmp_path,
        netcfg(
            {"VNet-1": [A], "VNet-2": [A], "VNet-X": ["10.8.0.0/16"], "VNet-Y": ["10.9.0.0/16"]},
            {"S1": [A], "S2": [A], "Local-X": ["10.8.0.0/16"], "Local-Y": ["10.9.0.0/16"]},
            {"VNet-X": ["S1"], "VNet-Y": ["S2"], "VNet-1": ["Local-X", "Local-Y"], "VNet-2": ["Local-X", "Local-Y"]},
        ),
    )
    refused = run("export", path, "--to", "bicep")
    assert refused.exit_code == 1
    assert "local site 'S1' could stand in for any of VNets 'VNet-1', 'VNet-2'" in refused.stderr
    assert "local site 'S2' could stand in for any of VNets 'VNet-1', 'VNet-2'" in refused.stderr
    findings = json.loads(run("validate", path, "--format", "json").stdout)
    assert sorted(f["message"].split("'")[1] for f in findings if f["rule"] == "ambiguous-stand-in") == ["S1", "S2"]
    patch = run("patch", path, "--gateway-ip", "VNet-1=52.169.10.20")
    assert patch.exit_code == 1 and "do not say which (to settle it: --mirror S1=VNet-1 --mirror S2=VNet-1)" in patch.stderr
    fixed = run("export", path, "--to", "bicep", "--mirror", "S1=VNet-1", "--mirror", "S2=VNet-2")
    assert fixed.exit_code == 0, fixed.stderr


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("mirrors", "VNet-Hollnd", "mirrors 'VNet-Hollnd', which is no VNet of the network (did you mean 'VNet-Holland'?)"),
        ("affinity_group", "Hollnd", "affinity group 'Hollnd', which the topology does not define; did you mean 'Holland'?"),
    ],
)
def test_a_typo_in_a_topology_reference_is_an_error_in_every_command(run, tmp_path, key, value, words):
    assert run("stretch", "--out", str(tmp_path / "net")).exit_code == 0
    text = (tmp_path / "net" / "topology.toml").read_text()
    text = text.replace(f'{key} = "{"VNet-Holland" if key == "mirrors" else "Holland"}"', f'{key} = "{value}"', 1)
    path = write(tmp_path, text, "typo.toml")
    line = next(n for n, content in enumerate(text.splitlines(), 1) if value in content)
    for command in (
        ["validate"],
        ["show"],
        ["graph"],
        ["reach"],
        ["runbook"],
        ["render"],
        ["export", "--to", "bicep"],
        ["patch", str(tmp_path / "net" / "NetworkConfig.netcfg"), "--gateway-ip", "VNet-Dublin=52.169.10.20", "--topology"],
    ):
        result = run(*command, path)
        # reach's exit 1 means "a pair is not reachable": input it cannot take is 2 there
        assert result.exit_code == (2 if command == ["reach"] else 1), (command, result.stdout, result.stderr)
        said = result.stdout + result.stderr
        assert words in said and (f"line {line}" in said or f":{line}:" in said), (command, said)


def test_hub_transit_across_subscriptions_validates_patches_and_catches_a_wrong_way_vip(run, tmp_path):
    args = [
        "stretch",
        "Dublin=North Europe",
        "Holland=West Europe",
        "Virginia=East US",
        "--shape",
        "hub",
        "--hub",
        "Dublin",
        "--transit",
        "--subscription",
        "Dublin=Hub",
        "--subscription",
        "Holland=Spoke1",
        "--subscription",
        "Virginia=Spoke2",
        "--out",
        str(tmp_path / "net"),
    ]
    assert run(*args).exit_code == 0
    files = [str(tmp_path / "net" / part / "NetworkConfig.netcfg") for part in ("Hub", "Spoke1", "Spoke2")]
    checked = json.loads(run("validate", "--network", "--format", "json", *files).stdout)
    assert {f["rule"] for f in checked} == {"placeholder-gateway-address"}
    # The second pass without --topology: the transit stand-ins are found across the files.
    vips = [p for vnet, ip in VIPS.items() for p in ("--gateway-ip", f"{vnet}={ip}")]
    patched = run("patch", *files, *vips, "--in-place")
    assert patched.exit_code == 0, patched.stderr
    assert f"{files[1]}: Local-Dublin-for-Holland: VPNGatewayAddress 52.169.10.20" in patched.stderr
    gateways = tmp_path / "gateways.json"
    gateways.write_text(json.dumps(VIPS))
    assert run("validate", "--network", "--gateways", str(gateways), *files).stdout == "no problems in 3 files\n"
    assert "6 pairs: 6 reachable" in run("reach", *files).stdout
    # The hub's VIP swapped for Holland's on Holland's transit stand-in: the wrong way round.
    text = Path(files[1]).read_text().replace("52.169.10.20", "52.174.20.30")
    Path(files[1]).write_text(text)
    wrong = run("validate", "--network", "--gateways", str(gateways), *files)
    assert wrong.exit_code == 1
    assert (
        "local site 'Local-Dublin-for-Holland' (Spoke1) stands in for 'VNet-Dublin' (Hub) but has the VIP of"
        " 'VNet-Holland', which connects to it: the wrong way round"
    ) in wrong.stdout


@pytest.mark.parametrize("path", corpus_params(well_formed_corpus_files()))
def test_every_command_sees_the_same_stand_ins_in_every_real_file(run, path):
    shown_json = run("show", str(path), "--format", "json")
    if shown_json.exit_code != 0:  # the strict reader refuses it, as every command does
        assert run("reach", str(path)).stderr == shown_json.stderr
        return
    from_show = {s["name"]: s["mirrors"] for s in json.loads(shown_json.stdout)["local_sites"]}
    from_reach = {s["site"]: s["vnet"] for s in json.loads(run("reach", str(path), "--format", "json").stdout)["stand_ins"]}
    assert {site: vnet for site, vnet in from_show.items() if vnet} == from_reach
    from netcfg.io import topology

    written = topology.loads(run("render", str(path), "--to", "topology").stdout)
    assert {s.name: s.mirrors for part in written.parts for s in part.config.local_sites if s.mirrors} == from_reach
