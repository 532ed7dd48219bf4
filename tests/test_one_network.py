"""One network type through every path: each command that reads a network takes one file (a .netcfg,
or a topology of one or several subscriptions) or the .netcfg files of one network across
subscriptions, the same way, and the answers agree whichever way the network came in."""

from __future__ import annotations

import re

import pytest

LOCATIONS = ("--location-map", "Dublin=North Europe", "--location-map", "Holland=West Europe")


@pytest.fixture
def net(run, tmp_path):
    result = run(
        "stretch",
        "--subscription-of",
        "Dublin=Production",
        "--subscription-of",
        "Holland=DevTest",
        "--out",
        str(tmp_path / "net"),
    )
    assert result.exit_code == 0, result.stderr
    return tmp_path / "net"


def files(net) -> list[str]:
    return [str(net / "Production" / "NetworkConfig.netcfg"), str(net / "DevTest" / "NetworkConfig.netcfg")]


@pytest.mark.parametrize(
    "command",
    [
        ("show",),
        ("show", "--format", "json"),
        ("graph",),
        ("graph", "--format", "mermaid"),
        ("reach",),
        ("validate", "--network"),
        ("runbook", *LOCATIONS),
        ("export", "--to", "bicep", "--subscription", "DevTest", *LOCATIONS),
        ("render", "--subscription", "Production"),
    ],
)
def test_every_network_command_takes_the_files_of_a_network_and_a_topology_of_several(run, net, command):
    name, *options = command
    for sources in (files(net), [str(net / "topology.toml")]):
        if name == "validate" and sources[0].endswith(".toml"):
            options = [o for o in options if o != "--network"]  # a topology is a whole network already
        args = [*options, *sources] if name == "validate" else [*sources, *options]
        if sources[0].endswith(".toml"):
            args = _without_locations(args)
        result = run(name, *args)
        # reach exits 1 while pairs are pending (placeholders before the second pass), as documented.
        assert result.exit_code == (1 if name == "reach" else 0) and result.stderr == "", (name, sources, result.stderr)
        if name in ("show", "graph"):
            assert "Production" in result.stdout and "DevTest" in result.stdout


def _without_locations(args: list[str]) -> list[str]:
    """A topology says its affinity groups' locations: --location-map is for a bare .netcfg."""
    out, skip = [], False
    for arg in args:
        if skip:
            skip = False
            continue
        if arg == "--location-map":
            skip = True
            continue
        out.append(arg)
    return out


def test_the_files_and_the_topology_give_the_same_runbook_as_stretch(run, net):
    written = (net / "runbook.ps1").read_bytes()
    assert run("runbook", str(net / "topology.toml")).stdout_bytes == written
    assert run("runbook", *files(net), *LOCATIONS).stdout_bytes == written


def test_a_picture_draws_a_stand_in_in_the_box_of_the_subscription_that_uploads_it(run, net):
    for sources in (files(net), [str(net / "topology.toml")]):
        dot = run("graph", *sources).stdout
        boxes = dict(re.findall(r'subgraph cluster_subscription_\d+ \{\n    label="Subscription (\w+)";(.*?)\n  \}', dot, re.S))
        # Production's file holds Local-Holland, which stands in for DevTest's VNet-Holland.
        assert '"site:Local-Holland" [label=' in boxes["Production"] and '"vnet:VNet-Dublin"' in boxes["Production"]
        assert '"site:Local-Dublin" [label=' in boxes["DevTest"] and '"vnet:VNet-Holland"' in boxes["DevTest"]
        mermaid = run("graph", *sources, "--format", "mermaid").stdout
        production = mermaid.split('subgraph sub0["Subscription Production"]', 1)[1].split("\n  end\n  subgraph sub1", 1)[0]
        assert "Local-Holland<br/>" in production and "Local-Dublin<br/>" not in production
        # The line to a VNet in another box comes after the boxes (Mermaid places a node where first named).
        assert mermaid.index("-.- v") > mermaid.index('subgraph sub1["Subscription DevTest"]')


def test_settings_apply_to_every_finding_of_validate_network(run, net, monkeypatch):
    devtest = net / "DevTest" / "NetworkConfig.netcfg"
    text = devtest.read_text(encoding="utf-8-sig")
    devtest.write_text(re.sub(r'<LocalNetworkSiteRef name="Local-Dublin">.*?</LocalNetworkSiteRef>', "", text, flags=re.S))
    monkeypatch.chdir(net)
    relative = ["Production/NetworkConfig.netcfg", "DevTest/NetworkConfig.netcfg"]
    assert "[one-ended-tunnel]" in run("validate", "--network", *relative).stdout
    (net / ".netcfg.toml").write_text('ignore = ["one-ended-tunnel"]\n')
    result = run("validate", "--network", *relative)
    assert result.exit_code == 0 and "[one-ended-tunnel]" not in result.stdout
    assert "[one-ended-tunnel]" not in run("validate", "--network", "--format", "json", *relative).stdout


def test_one_named_subscription_is_said_as_several_are(run, tmp_path):
    """A topology that names its one subscription is a set of one named part: the picture boxes it,
    the summary names it, the .netcfg renders without --subscription; a lone .netcfg names none."""
    out = tmp_path / "one"
    made = run("stretch", "--subscription-of", "Dublin=Production", "--subscription-of", "Holland=Production", "--out", str(out))
    assert made.exit_code == 0, made.stderr
    topology = str(out / "topology.toml")
    dot = run("graph", topology, "--format", "dot").stdout
    assert dot.count("subgraph cluster_sub") == 1 and 'label="Subscription Production";' in dot
    show = run("show", topology, "--format", "json")
    assert show.exit_code == 0 and '"Production"' in show.stdout
    rendered = run("render", topology)
    assert rendered.exit_code == 0 and rendered.stdout_bytes == (out / "Production" / "NetworkConfig.netcfg").read_bytes()
    lone = run("graph", str(out / "Production" / "NetworkConfig.netcfg"), "--format", "dot").stdout
    assert "cluster_sub" not in lone and "Subscription" not in lone
