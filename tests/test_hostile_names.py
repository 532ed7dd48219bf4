"""Names that try to escape: every name from any input is inert in every output, or refused alike.

The attacks of the third hostile-input round: a subscription name that closes the runbook's help
block (``#>``) and runs a command before ``param()``, subscription names that are paths.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import powershell
from helpers import check_script
from netcfg import stretch
from netcfg.errors import ModelError
from netcfg.io import topology
from netcfg.model.subscriptions import Subscription
from netcfg.render.powershell import environment, ps_comment, ps_literal
from netcfg.render.runbook import render as render_set

ESCAPE = "a#>Stop-Computer<#b"


def across(names: list[str], subscriptions: list[str]):
    regions = [stretch.Region(name=n, location=loc) for n, loc in zip(names, ("North Europe", "West Europe", "East US"))]
    return stretch.stretch(regions, stretch.StretchPlan(subscriptions=tuple(zip(names, subscriptions))))


def in_block_comment(text: str) -> bytes:
    return f"<#\n    {text}\n#>\nWrite-Output 1\n".encode()


@pytest.mark.parametrize("value", [ESCAPE, "#>", "<#", "##>>", "<<##", "a'#>'b", "x\u2019#>", "#", ">", "plain"])
def test_a_value_in_a_comment_cannot_end_it(value):
    found = ps_comment(value)
    assert "#>" not in found and "<#" not in found
    tree = powershell.parse(in_block_comment(found))
    assert powershell.syntax_errors(tree) == []
    assert [c.name for c in powershell.commands(tree)] == ["Write-Output"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("#<>'ab\u2019 ")), max_size=16))
def test_any_value_in_a_comment_is_one_expression_equal_to_it(value):
    found = ps_comment(value)
    assert "#>" not in found and "<#" not in found
    if found.startswith("("):  # the concatenation of literals spells the value again
        pieces = [powershell.parse(f"Write-Output {p}".encode()) for p in found[1:-1].split(" + ")]
        texts = [powershell.commands(tree)[0].positional[0].text for tree in pieces]
        assert "".join(texts) == value
    else:
        assert found == ps_literal(value)


def test_a_value_written_without_a_quoting_filter_is_a_bug_caught_before_writing():
    template = environment().from_string("Write-Output {{ name }}\n")
    assert template.render(name="vnetDublin") == "Write-Output vnetDublin\n"
    with pytest.raises(AssertionError, match="without a quoting filter"):
        template.render(name="x'; Stop-Computer; '")


def test_hostile_names_across_subscriptions_leave_the_runbook_as_it_was_with_plain_names():
    # Names of every kind (VNet, site, affinity group, subscription) holding comment ends and quotes.
    hostile = render_set(
        across(
            [ESCAPE, "x'; Stop-Computer; '", "$(Stop-Computer)"],
            ["Prod'; Stop-Computer; '#", "Dev #Stop-Computer $(x)", "`Test@{x=1}"],
        )
    )
    plain = render_set(across(["R0", "R1", "R2"], ["S0", "S1", "S2"]))
    commands = check_script(hostile)
    assert "Stop-Computer" not in {c.name for c in commands}
    assert powershell.node_types(powershell.parse(hostile)) == powershell.node_types(powershell.parse(plain))
    selected = [c.parameters["Part"].text for c in commands if c.name == "Select-PartSubscription"]
    assert {"Prod'; Stop-Computer; '#", "Dev #Stop-Computer $(x)", "`Test@{x=1}"} <= set(selected)


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("../../escape", "holds '/'"),
        ("/tmp/abs", "holds '/'"),
        ("a\\b", "holds '\\\\'"),
        ("..", "is a parent or current folder reference"),
        ("Prod#>Stop-Computer<#x", "holds '>'"),
        ("NUL", "is a Windows device name"),
        ("com1.txt", "is a Windows device name"),
        ("Prod.", "ends with a dot or a space"),
        ("C:", "holds ':'"),
    ],
)
def test_a_subscription_name_that_cannot_be_a_folder_is_refused_alike_everywhere(run, tmp_path, name, why):
    words = f"subscription {name!r}: the name {why}"
    with pytest.raises(ModelError) as refused:
        Subscription(name=name)
    assert words in str(refused.value)
    out = tmp_path / "out"
    result = run(
        "stretch",
        "Dublin=North Europe",
        "Holland=West Europe",
        "--subscription",
        f"Dublin={name}",
        "--subscription",
        "Holland=DevTest",
        "--out",
        str(out),
    )
    assert result.exit_code == 1 and words in result.stderr
    assert list(tmp_path.iterdir()) == [] and not (tmp_path.parent / "escape").exists()
    toml_name = name.replace("\\", "\\\\")
    path = tmp_path / "t.toml"
    path.write_text(topology.dumps(across(["Dublin", "Holland"], ["Production", "DevTest"])).replace("Production", toml_name))
    for command in ("runbook", "show", "reach"):
        result = run(command, str(path))
        # reach's exit 1 means "a pair is not reachable": input it cannot read is 2 there
        assert result.exit_code == (2 if command == "reach" else 1) and words in result.stderr, command
    findings = run("validate", "--format", "json", str(path))
    assert findings.exit_code == 1 and '"invalid-topology"' in findings.stdout


def test_subscription_names_that_differ_only_in_case_are_one_folder_and_refused(run, tmp_path):
    result = run(
        "stretch",
        "Dublin=North Europe",
        "Holland=West Europe",
        "--subscription",
        "Dublin=Prod",
        "--subscription",
        "Holland=prod",
        "--out",
        str(tmp_path / "out"),
    )
    assert result.exit_code == 1 and "'Prod' and 'prod' differ only in case" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("twin", ["vnet-a", "VNET-A"])
def test_names_equal_but_for_case_are_an_error_in_validate_and_refused_by_the_runbook(run, tmp_path, twin):
    from networks import netcfg

    path = tmp_path / "n.netcfg"
    path.write_text(netcfg({"VNet-A": ["10.0.0.0/16"], twin: ["10.1.0.0/16"]}, {}, {}))
    checked = run("validate", str(path))
    assert checked.exit_code == 1 and f"'{twin}' but for case" in checked.stdout
    refused = run("runbook", str(path))
    assert refused.exit_code == 1 and "[duplicate-name]" in refused.stderr and refused.stdout == ""


@pytest.mark.parametrize("invisible", ["\u200b", "\ufeff", "\u00ad", "\u2060", "\u200d", "\U000e0041", "\u3164"])
def test_an_invisible_character_in_a_name_is_refused_everywhere(run, tmp_path, invisible):
    from networks import netcfg

    path = tmp_path / "n.netcfg"
    path.write_text(netcfg({f"VNet{invisible}-A": ["10.0.0.0/16"], "VNet-A": ["10.1.0.0/16"]}, {}, {}), encoding="utf-8")
    checked = run("validate", str(path))
    assert checked.exit_code == 1 and "[invalid-name]" in checked.stdout and "an invisible character" in checked.stdout
    for command in (["show"], ["runbook"], ["export", "--to", "bicep"]):
        result = run(*command, str(path))
        assert result.exit_code == 1 and "invisible character" in result.stderr, command


LONG = "V" * 100_000


def _long_named(tmp_path):
    path = tmp_path / "long.netcfg"
    path.write_text(
        '<NetworkConfiguration xmlns="http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration">'
        f'<VirtualNetworkConfiguration><VirtualNetworkSites><VirtualNetworkSite name="{LONG}" Location="West Europe">'
        "<AddressSpace><AddressPrefix>10.0.0.0/16</AddressPrefix></AddressSpace>"
        '<Subnets><Subnet name="x"><AddressPrefix>11.0.0.0/24</AddressPrefix></Subnet></Subnets>'
        f'<Gateway><ConnectionsToLocalNetwork><LocalNetworkSiteRef name="{LONG}x"/></ConnectionsToLocalNetwork></Gateway>'
        "</VirtualNetworkSite></VirtualNetworkSites></VirtualNetworkConfiguration></NetworkConfiguration>"
    )
    return path


def test_a_100_000_character_name_keeps_each_finding_one_readable_line(run, tmp_path):
    result = run("validate", str(_long_named(tmp_path)))
    lines = result.stdout.splitlines()
    assert result.exit_code == 1 and len(lines) == 4 and lines[-1] == "3 errors, 0 warnings in 1 file"
    assert all(len(line) < 600 for line in lines), [len(line) for line in lines]
    assert "VNet '" + "V" * 99 + "…[99,862 characters]…" + "V" * 39 + "'" in lines[0]
    # what a program reads keeps the name whole
    found = json.loads(run("validate", "--format", "json", str(_long_named(tmp_path))).stdout)
    assert any(LONG in finding["message"] for finding in found)


def test_a_100_000_character_name_in_a_refusal_is_one_readable_line(run, tmp_path):
    result = run("runbook", str(_long_named(tmp_path)), "-o", str(tmp_path / "r.ps1"))
    assert result.exit_code == 1 and not (tmp_path / "r.ps1").exists()
    assert result.stderr.startswith("netcfg: error: ") and len(result.stderr) < 2_000 and "characters]…" in result.stderr


@pytest.mark.skipif(shutil.which("dot") is None and not os.environ.get("CI"), reason="Graphviz is not installed here")
def test_a_100_000_character_name_makes_dot_that_graphviz_reads_whole(run, tmp_path):
    dot = run("graph", str(_long_named(tmp_path))).stdout
    drawn = subprocess.run(["dot", "-Tsvg"], input=dot.encode(), capture_output=True, check=False)
    assert drawn.returncode == 0, drawn.stderr[:300]
    texts = " ".join(etree.fromstring(drawn.stdout, etree.XMLParser(resolve_entities=False, no_network=True)).itertext())
    assert LONG in texts


def test_a_long_path_in_an_error_is_shown_whole(run, tmp_path):
    """Only words no one reads whole are cut: a deep folder's path (here ~500 characters) stays as it is."""
    folder = tmp_path.joinpath(*(["a-rather-long-folder-name"] * 18))
    folder.mkdir(parents=True)
    path = folder / "broken.netcfg"
    path.write_text("<NetworkConfiguration")
    result = run("show", str(path))
    assert result.exit_code == 1 and len(str(path)) > 450 and result.stderr.startswith(f"netcfg: error: {path}:1: ")
