"""`netcfg merge`, `stretch --base` and `netcfg diff`: add a network to an export without losing anything."""

import difflib
import json

import pytest

from conftest import CORPUS, GOLDEN

EXPORTS = [
    CORPUS / "extracted" / "Azure__azure-xplat-cli__asm_network_local-network_list.463d1835.xml",
    CORPUS / "extracted" / "Azure__azure-xplat-cli__cli_network_vnet_should_create_vnet_show_import_and_list.2eb845ee.xml",
    CORPUS / "Azure__azure-powershell__vnetconfig.netcfg",
    CORPUS / "Azure__azure-sdk-for-net__PointToSiteNetworkConfiguration.xml",
]


def only_insertions(before: bytes, after: bytes) -> list[str]:
    """The lines ``after`` adds to ``before``; fails if any line of ``before`` changed or went."""
    old, new = before.decode("utf-8-sig").splitlines(True), after.decode("utf-8-sig").splitlines(True)
    added = []
    for tag, _, _, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        assert tag in ("equal", "insert"), f"{tag}: BASE was changed"
        if tag == "insert":
            added += new[j1:j2]
    return added


@pytest.mark.parametrize("export", EXPORTS, ids=lambda p: p.name)
def test_stretch_into_a_real_export_keeps_all_of_it_and_adds_only(run, tmp_path, export):
    if not export.exists():
        pytest.skip("corpus not present")
    result = run(
        "stretch",
        "Paris=France Central",
        "Oslo=Norway East",
        "--base",
        str(export),
        "--out",
        str(tmp_path),
        "--address-pool",
        "172.16.0.0/12",
    )  # these exports fill most of 10.0.0.0/8
    assert result.exit_code == 0, result.stderr
    merged = (tmp_path / "NetworkConfig.netcfg").read_bytes()
    base = export.read_bytes()
    assert merged[:3] == base[:3]  # the BOM, when there was one
    added = only_insertions(base, merged)
    assert any('<VirtualNetworkSite name="VNet-Paris"' in line for line in added)
    if b"\r\n" in base:
        assert all(line.endswith("\r\n") for line in added)
    changes = run("diff", str(export), str(tmp_path / "NetworkConfig.netcfg"), "--format", "json")
    assert changes.exit_code == 1
    assert {c["action"] for c in json.loads(changes.stdout)} == {"add"}
    assert run("validate", str(tmp_path / "NetworkConfig.netcfg")).exit_code == 0
    # the runbook works on the new network only, and uploads the merged file
    runbook = (tmp_path / "runbook.ps1").read_text(encoding="utf-8-sig")
    assert "$VirtualNetworks = @('VNet-Paris', 'VNet-Oslo')" in runbook


def test_stretch_base_avoids_every_range_in_use(run, tmp_path):
    export = EXPORTS[0]
    if not export.exists():
        pytest.skip("corpus not present")
    # the export uses 10.0.0.0/8 (several VNets), 192.168.0.0/16 and 10.x sites: the default pool is full
    result = run("stretch", "--base", str(export), "--out", str(tmp_path))
    assert result.exit_code == 1
    assert "address pool 10.0.0.0/8 has room for 0 free /16 block(s) but 2 are needed" in result.stderr
    assert not (tmp_path / "NetworkConfig.netcfg").exists()
    ok = run("stretch", "--base", str(export), "--address-pool", "172.16.0.0/12", "--out", str(tmp_path))
    assert ok.exit_code == 0, ok.stderr
    assert "<AddressPrefix>172.16.0.0/16</AddressPrefix>" in (tmp_path / "NetworkConfig.netcfg").read_text(encoding="utf-8-sig")


def test_merge_a_topology_into_an_empty_container(run, tmp_path):
    base = tmp_path / "base.netcfg"
    base.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<NetworkConfiguration xmlns="http://schemas.microsoft.com/'
        'ServiceHosting/2011/07/NetworkConfiguration">\n  <VirtualNetworkConfiguration>\n    <Dns />\n'
        "    <VirtualNetworkSites />\n  </VirtualNetworkConfiguration>\n</NetworkConfiguration>\n"
    )
    result = run("merge", str(base), str(GOLDEN / "article.topology.toml"))
    assert result.exit_code == 0, result.stderr
    merged = result.stdout
    assert merged.count("<VirtualNetworkSites>") == 1 and "<VirtualNetworkSites />" not in merged
    assert merged.index("<LocalNetworkSites>") < merged.index("<VirtualNetworkSites>")  # export order kept
    assert run("diff", str(GOLDEN / "article.netcfg"), "-", input=merged).exit_code == 0  # same network as the article


def test_merge_is_a_no_op_when_everything_is_there(run):
    result = run("merge", str(GOLDEN / "article.netcfg"), str(GOLDEN / "article.topology.toml"))
    assert result.stdout_bytes == (GOLDEN / "article.netcfg").read_bytes()
    assert result.stderr == (
        f"nothing to add: {GOLDEN / 'article.netcfg'} already holds local network site 'Local-Dublin',"
        " local network site 'Local-Holland', VNet 'VNet-Dublin', VNet 'VNet-Holland' (on standard output)\n"
    )


def test_merge_says_what_it_added_and_where_it_wrote(run, tmp_path):
    topology = tmp_path / "t.toml"
    topology.write_text('[[vnet]]\nname = "VNet-New"\nlocation = "West Europe"\nprefixes = ["10.9.0.0/16"]\n')
    out = tmp_path / "merged.netcfg"
    result = run("merge", str(GOLDEN / "article.netcfg"), str(topology), "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == f"added VNet 'VNet-New' to what {GOLDEN / 'article.netcfg'} holds; wrote {out}\n"
    assert '<VirtualNetworkSite name="VNet-New" Location="West Europe">' in out.read_text()


def test_merge_refuses_a_name_with_other_content(run, tmp_path):
    topology = tmp_path / "t.toml"
    topology.write_text((GOLDEN / "article.topology.toml").read_text().replace('"10.1.0.0/16"', '"10.7.0.0/16"'))
    out = tmp_path / "out.netcfg"
    result = run("merge", str(GOLDEN / "article.netcfg"), str(topology), "-o", str(out))
    assert result.exit_code == 1 and not out.exists()
    assert result.stderr == (
        f"netcfg: error: 2 names are already in {GOLDEN / 'article.netcfg'} with different content:"
        " local network site 'Local-Holland', VNet 'VNet-Holland'; rename the new ones or make them equal"
        f" ('netcfg diff {GOLDEN / 'article.netcfg'} NEW' shows how they differ)\n"
    )


def test_merge_refuses_a_vnet_that_overlaps_what_it_connects_to(run, tmp_path):
    topology = tmp_path / "t.toml"
    topology.write_text(
        '[[vnet]]\nname = "VNet-New"\nlocation = "West Europe"\nprefixes = ["10.1.0.0/24"]\n'
        'subnets = [{ name = "GatewaySubnet", prefix = "10.1.0.0/28" }]\n'
        '[vnet.gateway]\nconnections = ["Local-Holland"]\n'
    )
    result = run("merge", str(GOLDEN / "article.netcfg"), str(topology))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(
        f"netcfg: error: merging into {GOLDEN / 'article.netcfg'} would give errors, so nothing was written:\n"
        "  [connected-overlap] VNet 'VNet-New' (10.1.0.0/24) overlaps local network site 'Local-Holland'"
    )


def test_diff_marks_deletions_and_subnet_changes_destructive(run, tmp_path):
    new = tmp_path / "new.toml"
    text = (GOLDEN / "article.topology.toml").read_text()
    text = text.replace('{ name = "Workload", prefix = "10.0.0.0/24" }', '{ name = "Workload", prefix = "10.0.2.0/24" }')
    text = text.split('[[vnet]]\nname = "VNet-Holland"')[0]  # Holland's VNet is gone
    new.write_text(text)
    result = run("diff", str(GOLDEN / "article.netcfg"), str(new))
    assert result.exit_code == 1
    assert result.stdout == (
        "~ change subnet 'Workload' in VNet 'VNet-Dublin': prefix 10.0.0.0/24 -> 10.0.2.0/24  [DESTRUCTIVE]\n"
        "- remove vnet 'VNet-Holland': 10.1.0.0/16  [DESTRUCTIVE]\n"
        "0 to add, 1 to change, 1 to remove; 2 destructive\n"
    )
    as_json = json.loads(run("diff", str(GOLDEN / "article.netcfg"), str(new), "--format", "json").stdout)
    assert as_json[1] == {
        "action": "remove",
        "kind": "vnet",
        "name": "VNet-Holland",
        "parent": None,
        "destructive": True,
        "detail": "10.1.0.0/16",
    }


def test_diff_of_identical_networks(run):
    result = run("diff", str(GOLDEN / "article.netcfg"), str(GOLDEN / "article.topology.toml"))
    assert (result.exit_code, result.stdout) == (0, "no changes\n")


def test_regional_stretch_has_no_affinity_groups(run, tmp_path):
    assert run("stretch", "--regional", "--out", str(tmp_path)).exit_code == 0
    netcfg = (tmp_path / "NetworkConfig.netcfg").read_text()
    assert '<VirtualNetworkSite name="VNet-Dublin" Location="North Europe">' in netcfg
    assert "New-AzureAffinityGroup" not in (tmp_path / "runbook.ps1").read_text(encoding="utf-8-sig").split("try {", 1)[1]
