"""The runbook: golden scripts that parse, call the classic cmdlets correctly, and keep names inert."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import powershell
from conftest import GOLDEN, assert_golden
from helpers import check_script, one
from netcfg import stretch
from netcfg.errors import RefusedError
from netcfg.model import GatewayType
from netcfg.render.powershell import ps_literal
from netcfg.model.subscriptions import NetworkSet
from netcfg.render import runbook


def render(config):
    return runbook.render(NetworkSet.single(config))


THREE = [
    stretch.Region(name="Dublin", location="North Europe"),
    stretch.Region(name="Holland", location="West Europe"),
    stretch.Region(name="Virginia", location="East US"),
]


def test_article_runbook_golden():
    assert_golden("article.runbook.ps1", render(one(stretch.stretch())))


def test_three_region_mesh_runbook_golden():
    assert_golden("mesh-3.runbook.ps1", render(one(stretch.stretch(THREE))))


@pytest.mark.parametrize("golden", ["article.runbook.ps1", "mesh-3.runbook.ps1"])
def test_goldens_parse_and_call_the_classic_cmdlets_correctly(golden):
    commands = check_script((GOLDEN / golden).read_bytes())
    gateways = [c for c in commands if c.name == "New-AzureVNetGateway"]
    assert gateways and all(c.parameters["GatewayType"].text == "DynamicRouting" for c in gateways)
    keys = [c for c in commands if c.name == "Set-AzureVNetGatewayKey"]
    assert keys and all(c.parameters["SharedKey"].kind == "variable" for c in keys), "the key is never a literal"
    connects = [c for c in commands if c.name == "Set-AzureVNetGateway"]
    assert {(k.parameters["VNetName"].text, k.parameters["LocalNetworkSiteName"].text) for k in keys} == {
        (c.parameters["VNetName"].text, c.parameters["LocalNetworkSiteName"].text) for c in connects
    }


def test_the_article_runbook_does_every_step():
    commands = check_script(render(one(stretch.stretch())))
    called = [c.name for c in commands]
    for cmdlet in (
        "New-AzureAffinityGroup",
        "Get-AzureVNetConfig",
        "Set-AzureVNetConfig",
        "New-AzureVNetGateway",
        "Get-AzureVNetGateway",
        "Set-AzureVNetGatewayKey",
        "Set-AzureVNetGateway",
        "Get-AzureVNetConnection",
        "Write-Progress",
        "Read-Host",
        "Start-Job",
    ):
        assert cmdlet in called, cmdlet
    pairs = {
        (c.parameters["VNetName"].text, c.parameters["LocalNetworkSiteName"].text)
        for c in commands
        if c.name == "Set-AzureVNetGatewayKey"
    }
    assert pairs == {("VNet-Dublin", "Local-Holland"), ("VNet-Holland", "Local-Dublin")}  # both ends of the pair
    text = render(one(stretch.stretch())).decode("utf-8-sig")
    assert (
        "[CmdletBinding(SupportsShouldProcess = $true)]" in text
        and "#Requires -Modules @{ ModuleName = 'Azure'; ModuleVersion = '0.8.12' }" in text
    )
    assert "$ErrorActionPreference = 'Stop'" in text
    assert "'Local-Dublin' = 'VNet-Dublin'" in text  # the second pass follows the mirror relation


def test_comment_based_help_documents_every_parameter():
    text = render(one(stretch.stretch())).decode("utf-8-sig")
    help_block = text.split("#>", 1)[0]
    param_block = text.split("param(", 1)[1].split("\n)", 1)[0]
    parameters = re.findall(r"\]\$(\w+)", param_block)
    assert parameters == [
        "SubscriptionName",
        "SubscriptionId",
        "ConfigPath",
        "PatchedConfigPath",
        "GatewayAddressPath",
        "BackupPath",
        "SharedKey",
        "SharedKeyPath",
        "GatewayTimeoutMinutes",
        "ConnectionTimeoutMinutes",
        "PollSeconds",
        "Force",
        "ExistingGatewaysAreDynamic",
    ]
    for name in parameters:
        assert f".PARAMETER {name}\n" in help_block
    for keyword in (".SYNOPSIS", ".DESCRIPTION", ".EXAMPLE", ".NOTES"):
        assert keyword in help_block
    assert "[System.Security.SecureString]$SharedKey" in param_block


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        ("VNet-Dublin", "'VNet-Dublin'"),
        ("it's", "'it''s'"),
        ("a\u2019b", "'a\u2019\u2019b'"),
        ("$(x) `n", "'$(x) `n'"),
        (None, "$null"),
        ("", "''"),
    ],
)
def test_ps_literal(value, literal):
    assert ps_literal(value) == literal


HOSTILE = st.text(
    alphabet=st.sampled_from(list("ab '\"$`;(){}[]#<>|&@\u2018\u2019\u201a\u201b\u201c-=%\\"))
    | st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Cf", "Cn"), blacklist_characters="\ufffe\uffff"),
    min_size=1,
    max_size=24,
).filter(lambda s: s.strip() == s and "=" not in s)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(HOSTILE, HOSTILE), min_size=2, max_size=3, unique_by=lambda t: t[0].casefold()))
def test_hostile_names_stay_inert_string_literals(regions):
    # Locations are checked against Azure's regions when a network is built, but a .netcfg or a
    # bare model can still carry anything, so the runbook must keep them inert too.
    built = one(stretch.stretch([stretch.Region(name=n, location="North Europe") for n, _ in regions]))
    hostile = render(built.with_placements({n: loc for n, loc in regions}))
    plain = render(one(stretch.stretch([stretch.Region(name=f"R{i}", location="North Europe") for i in range(len(regions))])))
    check_script(hostile)
    # Same network, other names: the script has exactly the same structure, so no name became code.
    assert powershell.node_types(powershell.parse(hostile)) == powershell.node_types(powershell.parse(plain))


def test_an_injection_attempt_is_one_literal():
    name = "x'; Remove-Item C:\\ -Recurse; '"
    built = one(
        stretch.stretch([stretch.Region(name=name, location="North Europe"), stretch.Region(name="B", location="West Europe")])
    )
    data = render(built.with_placements({"B": "$(evil)"}))
    commands = check_script(data)
    assert "Remove-Item" not in {c.name for c in commands}
    groups = [c for c in commands if c.name == "New-AzureAffinityGroup"]
    assert (groups[0].parameters["Name"].text, groups[1].parameters["Location"].text) == (name, "$(evil)")


def test_static_gateways_cannot_connect_vnets():
    config = one(stretch.stretch())
    vnet = config.vnets[0]
    import dataclasses

    static = dataclasses.replace(vnet, gateway=dataclasses.replace(vnet.gateway, type=GatewayType.STATIC_ROUTING))
    with pytest.raises(RefusedError, match="VNet-to-VNet and multi-site connections need DynamicRouting"):
        render(dataclasses.replace(config, vnets=(static, config.vnets[1])))
