"""`netcfg runbook` and the runbook `netcfg stretch` writes."""

import pytest

from conftest import GOLDEN, corpus_params, well_formed_corpus_files
from helpers import check_script


def test_stretch_writes_the_runbook_beside_the_netcfg(run, tmp_path):
    result = run("stretch", "--out", str(tmp_path))
    assert result.exit_code == 0
    assert f"wrote {tmp_path / 'runbook.ps1'}" in result.stdout
    assert (tmp_path / "runbook.ps1").read_bytes() == (GOLDEN / "article.runbook.ps1").read_bytes()


def test_runbook_from_the_topology_equals_the_stretch_one(run, tmp_path):
    run("stretch", "--out", str(tmp_path))
    result = run("runbook", str(tmp_path / "topology.toml"))
    assert result.exit_code == 0 and result.stdout_bytes == (GOLDEN / "article.runbook.ps1").read_bytes()


def test_runbook_from_a_bare_netcfg_takes_locations_from_options(run, tmp_path):
    out = tmp_path / "r.ps1"
    result = run("runbook", str(GOLDEN / "article.netcfg"), "-o", str(out), "--location-map", "Dublin=North Europe")
    assert result.exit_code == 0 and result.stderr == ""
    text = out.read_text(encoding="utf-8-sig")
    assert "New-AzureAffinityGroup -Name 'Dublin' -Location 'North Europe'" in text
    assert "New-AzureAffinityGroup -Name 'Holland'" not in text  # location unknown: only checked to exist
    assert "throw (\"Affinity group '{0}' does not exist" in text
    assert "'Local-Holland' = 'VNet-Holland'" in text  # mirror inferred from equal prefixes
    check_script(out.read_bytes())


def test_mirror_override(run):
    result = run("runbook", str(GOLDEN / "article.netcfg"), "--mirror", "Local-Holland=VNet-Dublin")
    assert "'Local-Holland' = 'VNet-Dublin'" in result.stdout_bytes.decode("utf-8-sig")
    bad = run("runbook", str(GOLDEN / "article.netcfg"), "--mirror", "Local-Nowhere=VNet-Dublin")
    assert bad.exit_code == 2 and "has no local site 'Local-Nowhere'" in bad.stderr
    assert run("runbook", str(GOLDEN / "article.netcfg"), "--mirror", "nonsense").exit_code == 2


def test_a_network_with_errors_gets_no_runbook(run, tmp_path):
    topology = (
        (GOLDEN / "article.topology.toml")
        .read_text()
        .replace('connections = ["Local-Holland"]', 'connections = ["Local-Dublin"]')
    )
    path = tmp_path / "t.toml"
    path.write_text(topology)
    out = tmp_path / "r.ps1"
    result = run("runbook", str(path), "-o", str(out))
    assert result.exit_code == 1 and not out.exists()
    assert result.stderr == (
        "netcfg: error: the network has 1 error, so no runbook was written: [connected-overlap] VNet"
        " 'VNet-Dublin' connects to 'Local-Dublin', which stands in for 'VNet-Dublin' itself; connect it"
        f" to the local site of the other VNet (to list them all: netcfg validate --for runbook {path})\n"
    )


@pytest.mark.parametrize("path", corpus_params(well_formed_corpus_files()))
def test_every_corpus_file_gets_a_runbook_or_one_clear_reason(run, path):
    result = run("runbook", str(path))
    if result.exit_code == 0:
        check_script(result.stdout_bytes)
    else:
        assert result.exit_code == 1 and result.stderr.startswith("netcfg: error: ") and result.stderr.count("\n") == 1
