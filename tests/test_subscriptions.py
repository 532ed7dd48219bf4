"""A stretched network across subscriptions: the files, the runbook, and checking the set as one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import powershell
from conftest import GOLDEN
from helpers import check_script
from netcfg import stretch
from netcfg.io import topology
from netcfg.model.subscriptions import NetworkSet

LOCATIONS = ("--location-map", "Dublin=North Europe", "--location-map", "Holland=West Europe")

ACROSS = [
    "Dublin=North Europe",
    "Holland=West Europe",
    "--subscription-of",
    "Dublin=Production",
    "--subscription-of",
    "Holland=DevTest",
]


@pytest.fixture
def net(run, tmp_path) -> Path:
    result = run("stretch", *ACROSS, "--out", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    return tmp_path


def test_stretch_writes_one_file_per_subscription_each_valid_alone_with_only_its_objects(run, net):
    assert sorted(str(p.relative_to(net)) for p in net.rglob("*") if p.is_file()) == [
        "DevTest/NetworkConfig.netcfg",
        "Production/NetworkConfig.netcfg",
        "runbook.ps1",
        "topology.toml",
    ]
    for subscription, vnet, site in (("Production", "VNet-Dublin", "Local-Holland"), ("DevTest", "VNet-Holland", "Local-Dublin")):
        path = net / subscription / "NetworkConfig.netcfg"
        result = run("validate", str(path))
        assert result.exit_code == 0 and "0 errors" in result.stdout
        text = path.read_text()
        assert re.findall(r'VirtualNetworkSite name="([^"]+)"', text) == [vnet]
        assert re.findall(r'LocalNetworkSite name="([^"]+)"', text) == [site]  # the stand-in for the other VNet only


def test_render_reproduces_each_subscriptions_file_byte_for_byte(run, net):
    for subscription in ("Production", "DevTest"):
        rendered = run("render", str(net / "topology.toml"), "--subscription", subscription).stdout_bytes
        assert rendered == (net / subscription / "NetworkConfig.netcfg").read_bytes()
    for command in (["render"], ["export", "--to", "bicep"]):  # each names its own option, with no '-:' for a file
        refused = run(*command[:1], str(net / "topology.toml"), *command[1:])
        assert refused.exit_code == 1 and refused.stderr == (
            "netcfg: error: this output is one subscription's, and the network spans 2 (Production, DevTest)"
            " (choose one: --subscription NAME)\n"
        )


def test_the_topology_reads_back_to_the_same_network(net):
    network = topology.loads((net / "topology.toml").read_text())
    assert network.names == ["Production", "DevTest"]
    again = topology.loads(topology.dumps(network))
    assert again == network
    assert run_validate_clean(net)


def run_validate_clean(net: Path) -> bool:
    from netcfg.validate import validate_path

    return not [f for f in validate_path(str(net / "topology.toml")) if f.severity.value == "error"]


@pytest.mark.parametrize(
    ("subscription", "old", "new"),
    [
        ("DevTest", "<AddressPrefix>10.0.0.0/16", "<AddressPrefix>10.0.0.0/17"),  # the stand-in for Production's VNet
        ("Production", "<AddressPrefix>10.1.0.0/16", "<AddressPrefix>10.1.0.0/17"),  # the stand-in for DevTest's VNet
    ],
)
def test_checking_the_two_files_as_one_network_finds_a_planted_wrong_prefix_in_either(run, net, subscription, old, new):
    path = net / subscription / "NetworkConfig.netcfg"
    path.write_text(path.read_text().replace(old, new, 1))
    alone = run("validate", str(path))
    assert alone.exit_code == 0  # each file is fine on its own
    together = run(
        "validate", "--network", str(net / "Production" / "NetworkConfig.netcfg"), str(net / "DevTest" / "NetworkConfig.netcfg")
    )
    # Azure accepted such files (the routes just fail): a warning for files, an error in a topology (below).
    assert together.exit_code == 0
    assert "warning [stand-in-prefixes] local site" in together.stdout
    assert f"({subscription}) stands in for VNet" in together.stdout


def test_a_topology_with_a_wrong_stand_in_is_an_error_where_it_is_written(run, net):
    text = (
        (net / "topology.toml")
        .read_text()
        .replace('prefixes = ["10.0.0.0/16"]\ngateway_address', 'prefixes = ["10.0.0.0/17"]\ngateway_address', 1)
    )
    path = net / "wrong.toml"
    path.write_text(text)
    result = run("validate", str(path))
    assert result.exit_code == 1 and "[stand-in-prefixes]" in result.stdout


def test_regions_need_a_subscription_each_or_none(run, tmp_path):
    result = run("stretch", "A=North Europe", "B=West Europe", "--subscription-of", "A=Production", "--out", str(tmp_path))
    assert result.exit_code == 1 and "give every region a subscription, or none: B has none" in result.stderr
    one = run(
        "stretch",
        "--subscription-of",
        "Dublin=Production",
        "--subscription-of",
        "Holland=Production",
        "--out",
        str(tmp_path / "one"),
    )
    # One subscription named for every region is named all the same: its folder, and a runbook that
    # selects it before any change (a plain runbook would act on whichever subscription is current).
    assert one.exit_code == 0, one.stderr
    assert sorted(p.relative_to(tmp_path / "one").as_posix() for p in (tmp_path / "one").rglob("*") if p.is_file()) == [
        "Production/NetworkConfig.netcfg",
        "runbook.ps1",
        "topology.toml",
    ]
    script = (tmp_path / "one" / "runbook.ps1").read_text(encoding="utf-8-sig")
    assert "[hashtable]$SubscriptionName" in script and "-Part 'Production'" in script
    assert '[[subscription]]\nname = "Production"' in (tmp_path / "one" / "topology.toml").read_text()
    same = run("runbook", str(tmp_path / "one" / "topology.toml")).stdout_bytes
    assert same == (tmp_path / "one" / "runbook.ps1").read_bytes()
    alone = run("runbook", str(tmp_path / "one" / "Production" / "NetworkConfig.netcfg"), *LOCATIONS)
    assert alone.exit_code == 0 and "[hashtable]$SubscriptionName" not in alone.stdout  # a lone .netcfg names none


def test_base_merges_each_subscriptions_export_and_keeps_every_byte(run, tmp_path):
    export = (
        (GOLDEN / "article.netcfg")
        .read_bytes()
        .replace(b"10.0.0.0/16", b"172.30.0.0/16")
        .replace(b"10.0.0.0/24", b"172.30.0.0/24")
        .replace(b"10.0.1.0/28", b"172.30.1.0/28")
    )
    (tmp_path / "prod.netcfg").write_bytes(export)
    result = run(
        "stretch",
        "Paris=France Central",
        "Oslo=Norway East",
        "--subscription-of",
        "Paris=Production",
        "--subscription-of",
        "Oslo=DevTest",
        "--base",
        f"Production={tmp_path / 'prod.netcfg'}",
        "--out",
        str(tmp_path / "out"),
    )
    assert result.exit_code == 0, result.stderr
    merged = (tmp_path / "out" / "Production" / "NetworkConfig.netcfg").read_bytes()
    assert merged.startswith(export[: export.index(b"</LocalNetworkSites>")].rsplit(b"\n", 1)[0])
    assert b'VirtualNetworkSite name="VNet-Paris"' in merged and b'VirtualNetworkSite name="VNet-Dublin"' in merged
    bad = run(
        "stretch",
        "Paris=France Central",
        "Oslo=Norway East",
        "--subscription-of",
        "Paris=Production",
        "--subscription-of",
        "Oslo=DevTest",
        "--base",
        str(tmp_path / "prod.netcfg"),
        "--out",
        str(tmp_path / "x"),
    )
    assert bad.exit_code == 2 and "is not SUBSCRIPTION=EXPORT with one of the subscriptions Production, DevTest" in bad.stderr


# --- the runbook across subscriptions ----------------------------------------------------------

THREE = [
    stretch.Region(name="Dublin", location="North Europe"),
    stretch.Region(name="Holland", location="West Europe"),
    stretch.Region(name="Virginia", location="East US"),
]


def three_across() -> NetworkSet:
    return stretch.stretch(
        THREE, stretch.StretchPlan(subscriptions=(("Dublin", "Production"), ("Holland", "DevTest"), ("Virginia", "Production")))
    )


def test_the_runbook_parses_and_calls_the_classic_cmdlets_correctly(net):
    check_script((net / "runbook.ps1").read_bytes())


def test_every_change_is_preceded_by_selecting_the_subscription_it_belongs_in():
    from netcfg.render.runbook import render as render_set

    network = three_across()
    owner_of_vnet = {v.name: p.subscription.name for p in network.parts for v in p.config.vnets}
    owner_of_group = {g.name: p.subscription.name for p in network.parts for g in p.config.affinity_groups}
    tree = powershell.parse(render_set(network))
    assert powershell.syntax_errors(tree) == []
    current, checked, folder = None, 0, None
    for command in powershell.commands(tree):
        arguments = {k: v.text if v is not None else None for k, v in command.parameters.items()}
        if command.name == "Select-PartSubscription":
            current, folder = arguments["Part"], None
        elif command.name == "Join-Path" and arguments.get("ChildPath") in owner_of_group.values():
            folder = arguments["ChildPath"]
        elif command.name == "New-AzureAffinityGroup":
            assert owner_of_group[arguments["Name"]] == current, command.line
            checked += 1
        elif command.name in ("New-AzureVNetGateway", "Set-AzureVNetGatewayKey", "Set-AzureVNetGateway"):
            assert owner_of_vnet[arguments["VNetName"]] == current, command.line
            checked += 1
        elif command.name == "Set-AzureVNetConfig":
            assert folder == current, command.line  # the file uploaded is this subscription's
            checked += 1
    # 3 groups; per VNet a gateway, and per connection a key and a connect (3 VNets, 6 connections); 2 uploads each
    assert checked == 2 + 1 + 3 + 2 * 6 + 2 * 2


def test_jobs_select_the_subscription_that_was_selected_when_they_started():
    from netcfg.render.runbook import render as render_set

    text = render_set(three_across()).decode("utf-8-sig")
    jobs = text.count("Start-Job -Name 'netcfg-gateway' -ArgumentList $subscription.SubscriptionId")
    assert jobs == 3 and text.count("Select-AzureSubscription -SubscriptionId $SubscriptionId") == 3


def test_patch_puts_each_vip_into_every_subscriptions_stand_in_all_or_nothing(run, net, tmp_path):
    files = [str(net / "Production" / "NetworkConfig.netcfg"), str(net / "DevTest" / "NetworkConfig.netcfg")]
    before = [Path(f).read_bytes() for f in files]
    gateways = tmp_path / "gateways.json"
    gateways.write_text('{"VNet-Dublin": "52.169.10.20", "VNet-Holland": "52.174.1.2"}')
    refused = run("patch", *files, "--from", str(gateways))
    assert refused.exit_code == 2 and "several files are patched --in-place" in refused.stderr
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"VNet-Dublin": "52.169.10.20", "VNet-Nowhere": "52.174.1.2"}')
    result = run("patch", *files, "--from", str(wrong), "--in-place")
    assert result.exit_code == 1 and "VNet 'VNet-Nowhere' is not in the network (its VNets:" in result.stderr
    assert [Path(f).read_bytes() for f in files] == before  # refused: nothing changed anywhere
    result = run("patch", *files, "--from", str(gateways), "--in-place", "--topology", str(net / "topology.toml"))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        f"{files[0]}: Local-Holland: VPNGatewayAddress 52.174.1.2\n{files[1]}: Local-Dublin: VPNGatewayAddress 52.169.10.20\n"
    )
    assert [Path(f + ".bak").read_bytes() for f in files] == before
    together = run("validate", "--network", "--gateways", str(gateways), *files)
    assert together.exit_code == 0 and together.stdout == "no problems in 2 files\n"
    assert "\n2 pairs: 2 reachable, 0 pending, 0 unreachable\n" in run("reach", *files).stdout


def test_show_graph_and_reach_take_the_topology_whole_by_subscription(run, tmp_path):
    assert (
        run(
            "stretch",
            "Dublin=North Europe",
            "Holland=West Europe",
            "Virginia=East US",
            "--subscription-of",
            "Dublin=Production",
            "--subscription-of",
            "Holland=DevTest",
            "--subscription-of",
            "Virginia=Production",
            "--out",
            str(tmp_path),
        ).exit_code
        == 0
    )
    topology_file = str(tmp_path / "topology.toml")
    shown = run("show", topology_file).stdout
    assert shown.startswith("Subscription Production\nRegion Dublin") and "\nSubscription DevTest\nRegion Holland" in shown
    picture = run("graph", topology_file).stdout
    assert 'label="Subscription Production";' in picture and 'label="Subscription DevTest";' in picture
    # the same site name in both subscriptions' files stays two sites
    assert '"site:Local-Dublin (Production)"' in picture and '"site:Local-Dublin (DevTest)"' in picture
    assert "\n6 pairs: 0 reachable, 6 pending, 0 unreachable\n" in run("reach", topology_file).stdout


@pytest.mark.parametrize("peering", [False, True])
def test_each_subscriptions_export_validates_and_links_to_the_others_by_resource_id(run, net, peering):
    import json

    import arm_schemas
    from netcfg.render.arm.platform import platform_problems

    extra = ["--peering"] if peering else []
    for subscription, far in (("Production", "2_VNetHolland"), ("DevTest", "1_VNetDublin")):
        result = run("export", str(net / "topology.toml"), "--to", "arm", "--subscription", subscription, *extra)
        assert result.exit_code == 0, result.stderr
        template = json.loads(result.stdout)
        if arm_schemas.present():
            assert arm_schemas.template_problems(template) == []
        assert platform_problems(template) == []
        parameter = f"remote{'VNet' if peering else 'Gateway'}{far}"
        assert list(template["parameters"])[1:3] == ["deployConnections", parameter]
        links = [
            r for r in template["resources"] if r["type"].endswith("connections" if not peering else "virtualNetworkPeerings")
        ]
        assert len(links) == 1 and f"[parameters('{parameter}')]" in json.dumps(links[0])
        bicep = run("export", str(net / "topology.toml"), "--to", "bicep", "--subscription", subscription, *extra)
        assert bicep.exit_code == 0 and f"param {parameter} string" in bicep.stdout
        az = run("export", str(net / "topology.toml"), "--to", "az-powershell", "--subscription", subscription, *extra)
        assert az.exit_code == 0, az.stderr
        check_az_across(az.stdout_bytes, parameter, peering)


def check_az_across(data: bytes, parameter: str, peering: bool) -> None:
    """The Az script reads a far gateway or VNet in its own subscription's context, -WhatIf or not, and
    restores this one; every change stays under ShouldProcess, reported under -WhatIf."""
    import runbook_checks as checks

    tree = powershell.parse(data)
    assert powershell.syntax_errors(tree) == []
    assert checks.unguarded_changes(tree) == [] and checks.whatif_hidden(tree) == []
    text = data.decode("utf-8-sig")
    script_parameter = parameter[:1].upper() + parameter[1:]
    assert f"[string]${script_parameter}," in text
    if peering:
        assert f"-RemoteVirtualNetworkId ${script_parameter} " in text
        assert f"Get-RemoteResource -ResourceId ${script_parameter} -Kind 'virtualNetworks'" in text
    else:
        assert f"${parameter}Object = Get-RemoteResource -ResourceId ${script_parameter} -Kind 'virtualNetworkGateways'" in text
        assert f"-VirtualNetworkGateway2 ${parameter}Object" in text
    body = text.split("function Get-RemoteResource", 1)[1].split("\n}\n", 1)[0]
    assert "Set-AzContext -Subscription $subscriptionId -WhatIf:$false" in body and "finally {" in body


def test_runbook_of_the_topology_is_the_runbook_across_subscriptions(run, net):
    assert run("runbook", str(net / "topology.toml")).stdout_bytes == (net / "runbook.ps1").read_bytes()


def test_stretch_says_the_flag_it_takes_for_a_regions_subscription(run, tmp_path):
    """--subscription-of, not the old --subscription (hidden, and told to move on when used)."""
    missing = run("stretch", "A=North Europe", "B=West Europe", "--subscription-of", "A=Production", "--out", str(tmp_path))
    assert missing.exit_code == 1 and "(to give one: --subscription-of B=NAME)" in missing.stderr
    unknown = run("stretch", "--subscription-of", "Nowhere=P", "--out", str(tmp_path / "n"))
    assert unknown.exit_code == 1 and "(name a region: --subscription-of Dublin=NAME)" in unknown.stderr
