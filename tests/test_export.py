"""`netcfg export`: the classic network rebuilt on Resource Manager, as Bicep and as Az PowerShell."""

import dataclasses
import functools

import pytest
import tree_sitter_bicep
from tree_sitter import Language, Parser

import powershell
from conftest import GOLDEN, assert_golden, corpus_params, well_formed_corpus_files
from netcfg import build
from netcfg.errors import RefusedError
from netcfg.model import Connection, LocalNetworkSite
from netcfg.render.arm import API_VERSION, arm_location, plan
from netcfg.render.export import bicep_literal, render_az_powershell, render_bicep

THREE = [build.Region(name="Dublin", location="North Europe"), build.Region(name="Holland", location="West Europe"),
         build.Region(name="Virginia", location="East US")]


def mesh_with_on_premises():
    config = build.stretch(THREE)
    dublin = config.vnets[0]
    dublin = dataclasses.replace(dublin, gateway=dataclasses.replace(
        dublin.gateway, connections=dublin.gateway.connections + (Connection(site="HQ-London"),)))
    hq = LocalNetworkSite(name="HQ-London", prefixes=["192.168.0.0/24"], gateway_address="52.2.2.2")
    return dataclasses.replace(config, vnets=(dublin, *config.vnets[1:]), local_sites=(*config.local_sites, hq))


CASES = {
    "article.vnet2vnet": (build.stretch(), False),
    "article.peering": (build.stretch(), True),
    "mesh-3-onprem.vnet2vnet": (mesh_with_on_premises(), False),
}


@functools.cache
def bicep_parser():
    return Parser(Language(tree_sitter_bicep.language()))


def walk(node):
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def bicep_resources(data: bytes) -> list[tuple[str, dict[str, str]]]:
    """(type@version, {top-level and properties' string values}) per resource; asserts the file parses."""
    tree = bicep_parser().parse(data)
    assert not tree.root_node.has_error
    resources = []
    for node in walk(tree.root_node):
        if node.type == "resource_declaration":
            kind = next(c for c in node.children if c.type == "string").text.decode().strip("'")
            text = node.text.decode()
            resources.append((kind, text))
    return resources


@pytest.mark.parametrize("case", CASES)
def test_golden_bicep_and_az_powershell(case):
    config, peering = CASES[case]
    assert_golden(f"{case}.bicep", render_bicep(config, peering=peering))
    assert_golden(f"{case}.az.ps1", render_az_powershell(config, peering=peering))


@pytest.mark.parametrize("case", CASES)
def test_bicep_parses_with_the_right_resources_and_no_key_literal(case):
    config, peering = CASES[case]
    data = render_bicep(config, peering=peering)
    resources = bicep_resources(data)
    kinds = [kind.split("@")[0] for kind, _ in resources]
    assert all(kind.endswith("@" + API_VERSION) for kind, _ in resources)  # one pinned version
    assert kinds.count("Microsoft.Network/virtualNetworks") == len(config.vnets)
    connections = [text for kind, text in resources if kind.startswith("Microsoft.Network/connections@")]
    if peering:
        assert "Microsoft.Network/virtualNetworkGateways" not in kinds and connections == []
        assert kinds.count("Microsoft.Network/virtualNetworks/virtualNetworkPeerings") == 2
    else:
        assert kinds.count("Microsoft.Network/virtualNetworkGateways") == len(config.vnets)
        types = sorted(t.split("connectionType: ")[1].split("\n")[0] for t in connections)
        on_premises = sum(1 for s in config.local_sites if not s.mirrors)
        assert types == ["'IPsec'"] * on_premises + ["'Vnet2Vnet'"] * (len(connections) - on_premises)
        assert all("sharedKey: sharedKey\n" in t for t in connections)
    text = data.decode()
    assert "@secure()\n@description('IPsec shared key of every connection (the same on both ends)')\nparam sharedKey string" in text \
        or peering
    assert "Local-Dublin" not in text  # sites that only stood in for VNets are gone
    assert kinds.count("Microsoft.Network/localNetworkGateways") == sum(1 for s in config.local_sites if not s.mirrors)


@pytest.mark.parametrize("case", CASES)
def test_az_powershell_parses_and_keeps_the_key_out(case):
    config, peering = CASES[case]
    tree = powershell.parse(render_az_powershell(config, peering=peering))
    assert powershell.syntax_errors(tree) == []
    commands = powershell.commands(tree)
    connections = [c for c in commands if c.name == "New-AzVirtualNetworkGatewayConnection"]
    assert all(c.parameters["SharedKey"].kind == "variable" for c in connections)
    assert {c.parameters["ConnectionType"].text for c in connections} <= {"Vnet2Vnet", "IPsec"}
    gateways = [c for c in commands if c.name == "New-AzVirtualNetworkGateway"]
    assert all(c.parameters["VpnType"].text == "RouteBased" and c.parameters["GatewayType"].text == "Vpn" for c in gateways)
    assert len([c for c in commands if c.name == "Add-AzVirtualNetworkPeering"]) == (2 if peering else 0)
    assert "Write-Host" not in {c.name for c in commands}


def test_names_arm_refuses_are_all_reported_before_writing(run, tmp_path):
    topology = tmp_path / "t.toml"
    topology.write_text((GOLDEN / "article.topology.toml").read_text().replace('"Workload"', '"Work load"')
                        .replace('name = "VNet-Holland"', 'name = "VNet Holland."').replace('"VNet-Holland"', '"VNet Holland."'))
    out = tmp_path / "main.bicep"
    result = run("export", str(topology), "--to", "bicep", "-o", str(out))
    assert result.exit_code == 1 and not out.exists()
    assert "ARM would refuse these names, so nothing was written: virtual network name 'VNet Holland.': ARM takes 2 to 64" in result.stderr
    assert "subnet name 'Work load'" in result.stderr and "connection name 'VNet-Dublin-to-VNet Holland.'" in result.stderr


def test_an_unknown_region_is_refused_and_location_map_fixes_it(run):
    result = run("export", str(GOLDEN / "article.netcfg"), "--to", "bicep")
    assert result.exit_code == 1
    assert "the region of affinity group(s) 'Dublin', 'Holland' is unknown; give it with --location-map Dublin=<region>" in result.stderr
    fixed = run("export", str(GOLDEN / "article.netcfg"), "--to", "bicep", "--location-map", "Dublin=North Europe",
                "--location-map", "Holland=West Europe")
    assert fixed.exit_code == 0
    assert fixed.stdout_bytes == (GOLDEN / "article.vnet2vnet.bicep").read_bytes()


def test_on_premises_site_without_an_address_is_refused():
    config = mesh_with_on_premises()
    hq = dataclasses.replace(config.local_sites[-1], gateway_address=None)
    with pytest.raises(RefusedError, match="on-premises local site 'HQ-London' has no VPN gateway address"):
        plan(dataclasses.replace(config, local_sites=(*config.local_sites[:-1], hq)))


@pytest.mark.parametrize(("display", "arm"), [("North Europe", "northeurope"), ("Central Us", "centralus"), ("East US 2", "eastus2")])
def test_arm_location(display, arm):
    assert arm_location(display) == arm


def test_bicep_literal_cannot_interpolate():
    assert bicep_literal("a'b${c}\\") == "'a\\'b\\${c}\\\\'"


@pytest.mark.parametrize("path", corpus_params(well_formed_corpus_files()))
def test_export_of_every_real_file_works_or_says_why(run, path):
    result = run("export", str(path), "--to", "bicep")
    if result.exit_code == 0:
        bicep_resources(result.stdout_bytes)
    else:
        assert result.exit_code == 1 and result.stderr.startswith("netcfg: error: ") and result.stderr.count("\n") == 1
