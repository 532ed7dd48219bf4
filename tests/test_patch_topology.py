"""`netcfg patch TOPOLOGY`: the second pass on a topology, so that reach and export see the real VIPs.

Only each stand-in's ``gateway_address`` line changes (or one is added under its header); every
other byte of the hand-written file stays. Read through files only: stretch's output and
topologies written by hand in shapes stretch never writes.
"""

from __future__ import annotations

import json

import pytest

from conftest import corpus_params, well_formed_corpus_files

GATEWAYS = {"VNet-Dublin": "52.169.10.20", "VNet-Holland": "52.174.1.2"}


def changed_lines(before: bytes, after: bytes) -> list[tuple[bytes, bytes]]:
    old, new = before.splitlines(), after.splitlines()
    assert len(old) == len(new)
    return [(a, b) for a, b in zip(old, new) if a != b]


@pytest.fixture
def gateways(tmp_path):
    path = tmp_path / "gateways.json"
    path.write_text(json.dumps(GATEWAYS))
    return path


@pytest.fixture
def article(run, tmp_path):
    assert run("stretch", "--out", str(tmp_path / "net")).exit_code == 0
    return tmp_path / "net" / "topology.toml"


def test_the_articles_topology_gets_the_real_addresses_and_reach_sees_them(run, tmp_path, article, gateways):
    assert "2 pairs: 0 reachable, 2 pending, 0 unreachable" in run("reach", str(article)).stdout
    new = tmp_path / "new.toml"
    result = run("patch", str(article), "--from", str(gateways), "-o", str(new))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "Local-Dublin: gateway_address 52.169.10.20\nLocal-Holland: gateway_address 52.174.1.2\n"
    assert changed_lines(article.read_bytes(), new.read_bytes()) == [
        (b'gateway_address = "192.0.2.1"', b'gateway_address = "52.169.10.20"'),
        (b'gateway_address = "192.0.2.2"', b'gateway_address = "52.174.1.2"'),
    ]
    assert "2 pairs: 2 reachable, 0 pending, 0 unreachable" in run("reach", str(new)).stdout
    assert run("validate", "--strict", str(new)).exit_code == 0  # no placeholder left
    # the patched topology renders the same .netcfg as patching the rendered one
    rendered = run("render", str(new)).stdout
    assert rendered == run("patch", str(article.parent / "NetworkConfig.netcfg"), "--from", str(gateways)).stdout


def test_in_place_keeps_a_backup_and_a_second_run_changes_nothing(run, article, gateways):
    before = article.read_bytes()
    assert run("patch", str(article), "--from", str(gateways), "--in-place").exit_code == 0
    assert (article.parent / "topology.toml.bak").read_bytes() == before
    patched = article.read_bytes()
    again = run("patch", str(article), "--from", str(gateways), "--in-place")
    assert again.exit_code == 0 and "already has these addresses: nothing changed" in again.stderr
    assert article.read_bytes() == patched


HAND_WRITTEN = """\ufeff# Our two regions, kept by hand.\r
[[affinity_group]]\r
name = 'Dublin'   # the old one\r
location = "North Europe"\r
\r
[[affinity_group]]\r
name = "Holland"\r
location = "West Europe"\r
\r
[[local_site]]\r
    name = "Local-Dublin"\r
    # Dublin's space and the branch office reached through it: still a stand-in, it says so\r
    prefixes = ["10.0.0.0/16", "192.168.50.0/24"]\r
    mirrors = "VNet-Dublin"\r
\r
[[local_site]]\r
name = "Local-Holland"\r
prefixes = ["10.1.0.0/17", "10.1.128.0/17"]   # split in two\r
gateway_address = '192.0.2.2'   # placeholder until the gateway exists\r
mirrors = "VNet-Holland"\r
\r
[[vnet]]\r
name = "VNet-Dublin"\r
affinity_group = "Dublin"\r
prefixes = ["10.0.0.0/16"]\r
subnets = [{ name = "Workload", prefix = "10.0.0.0/24" }, { name = "GatewaySubnet", prefix = "10.0.1.0/28" }]\r
[vnet.gateway]\r
type = "DynamicRouting"\r
connections = ["Local-Holland"]\r
\r
[[vnet]]\r
name = "VNet-Holland"\r
affinity_group = "Holland"\r
prefixes = ["10.1.0.0/16"]\r
subnets = [{ name = "Workload", prefix = "10.1.0.0/24" }, { name = "GatewaySubnet", prefix = "10.1.1.0/28" }]\r
[vnet.gateway]\r
type = "DynamicRouting"\r
connections = ["Local-Dublin"]"""


def test_a_hand_written_topology_keeps_every_other_byte(run, tmp_path, gateways):
    """BOM, CRLF, comments, indentation, single quotes, no final newline, a site with no address yet."""
    path = tmp_path / "ours.toml"
    path.write_bytes(HAND_WRITTEN.encode())
    result = run("patch", str(path), "--from", str(gateways), "--in-place")
    assert result.exit_code == 0, result.stderr
    expected = HAND_WRITTEN.replace(
        '    name = "Local-Dublin"\r\n', '    name = "Local-Dublin"\r\n    gateway_address = "52.169.10.20"\r\n'
    ).replace(
        "gateway_address = '192.0.2.2'   # placeholder until the gateway exists",
        'gateway_address = "52.174.1.2"   # placeholder until the gateway exists',
    )
    assert path.read_bytes() == expected.encode()
    assert "2 pairs: 2 reachable, 0 pending, 0 unreachable" in run("reach", str(path)).stdout


def test_across_subscriptions_each_site_is_patched_where_it_is_uploaded(run, tmp_path, gateways):
    out = tmp_path / "net"
    assert run("stretch", "--subscription", "Dublin=Sub-A", "--subscription", "Holland=Sub-B", "--out", str(out)).exit_code == 0
    topology = out / "topology.toml"
    result = run("patch", str(topology), "--from", str(gateways), "--in-place")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "Local-Holland (Sub-A): gateway_address 52.174.1.2\nLocal-Dublin (Sub-B): gateway_address 52.169.10.20\n"
    )
    assert "2 pairs: 2 reachable, 0 pending, 0 unreachable" in run("reach", str(topology)).stdout
    # the same addresses as patching the two subscriptions' .netcfg files
    files = [str(out / sub / "NetworkConfig.netcfg") for sub in ("Sub-A", "Sub-B")]
    assert run("patch", *files, "--from", str(gateways), "--in-place").exit_code == 0
    rendered = [run("render", str(topology), "--subscription", sub).stdout for sub in ("Sub-A", "Sub-B")]
    assert rendered == [(out / sub / "NetworkConfig.netcfg").read_text() for sub in ("Sub-A", "Sub-B")]


def test_a_site_this_edit_cannot_find_on_its_own_lines_is_refused_with_every_other_and_nothing_changes(run, tmp_path, gateways):
    path = tmp_path / "inline.toml"
    vnets = HAND_WRITTEN.lstrip("\ufeff").replace("\r\n", "\n").split("[[vnet]]", 1)[1]
    path.write_text(
        'local_site = [\n  { name = "Local-Dublin", mirrors = "VNet-Dublin", prefixes = ["10.0.0.0/16"] },\n'
        '  { name = "Local-Holland", mirrors = "VNet-Holland", prefixes = ["10.1.0.0/16"] },\n]\n\n'
        '[[affinity_group]]\nname = "Dublin"\nlocation = "North Europe"\n\n'
        '[[affinity_group]]\nname = "Holland"\nlocation = "West Europe"\n\n[[vnet]]' + vnets
    )
    assert run("validate", str(path)).exit_code == 0, run("validate", str(path)).stdout
    before = path.read_bytes()
    result = run("patch", str(path), "--from", str(gateways), "--in-place")
    assert result.exit_code == 1
    assert result.stderr.count("is not written as a [[local_site]] table") == 2 and "nothing was changed" in result.stderr
    assert path.read_bytes() == before and not (tmp_path / "inline.toml.bak").exists()


def test_an_address_written_over_several_lines_is_refused_at_its_line(run, tmp_path, gateways, article):
    text = article.read_text().replace('gateway_address = "192.0.2.1"', 'gateway_address = """192.0.2.1"""')
    article.write_text(text)
    result = run("patch", str(article), "--from", str(gateways), "-o", str(tmp_path / "new.toml"))
    assert result.exit_code == 1 and not (tmp_path / "new.toml").exists()
    assert "line 15: the gateway_address of 'Local-Dublin' is not one string on its own line" in result.stderr


def test_refusals_are_those_of_a_netcfg(run, tmp_path, article):
    """A VNet the network lacks, a private address: the same words as patching the .netcfg."""
    netcfg = article.parent / "NetworkConfig.netcfg"
    for arguments in (["--gateway-ip", "VNet-Dublni=52.169.10.20"], ["--gateway-ip", "VNet-Dublin=10.9.9.9"]):
        on_topology = run("patch", str(article), *arguments)
        on_netcfg = run("patch", str(netcfg), *arguments)
        assert on_topology.exit_code == on_netcfg.exit_code == 1
        assert on_topology.stderr.split(": ", 2)[-1] == on_netcfg.stderr.split(": ", 2)[-1]


def test_a_topology_is_patched_on_its_own_not_with_netcfg_files(run, article, gateways):
    result = run("patch", str(article.parent / "NetworkConfig.netcfg"), str(article), "--from", str(gateways), "--in-place")
    assert result.exit_code == 1 and "is a topology: patch it on its own" in result.stderr


@pytest.mark.parametrize("real", corpus_params(well_formed_corpus_files()))
def test_a_real_files_topology_is_patched_as_the_file_is(run, tmp_path, real):
    """Over the real corpus: the file's topology, patched, is the same network as the file patched
    (or both are refused with the same words)."""
    from netcfg.io.inputs import read_network
    from netcfg.outputs import load

    topology = tmp_path / "t.toml"
    made = run("render", str(real), "--to", "topology", "-o", str(topology))
    if made.exit_code != 0:
        pytest.skip(f"no topology for this file: {made.stderr.strip()[:120]}")
    relation = load([str(real)]).relation
    assert relation is not None
    every = [v.name for v in read_network([str(real)]).parts[0].config.vnets]
    # The VNets that have stand-ins; where none has, every VNet, which both must refuse alike.
    vnets = [name for name in every if relation.for_vnet(name)] or every
    if not vnets:
        pytest.skip("no VNet here")
    gateways = tmp_path / "gateways.json"
    gateways.write_text(json.dumps({vnet: f"52.{i // 250}.{i % 250}.10" for i, vnet in enumerate(vnets)}))
    file_patched, topology_patched = tmp_path / "p.netcfg", tmp_path / "p.toml"
    on_file = run("patch", str(real), "--from", str(gateways), "-o", str(file_patched))
    on_topology = run("patch", str(topology), "--from", str(gateways), "-o", str(topology_patched))
    assert on_file.exit_code == on_topology.exit_code, (on_file.stderr, on_topology.stderr)
    if on_file.exit_code != 0:
        assert on_file.stderr.split(": ", 2)[-1] == on_topology.stderr.split(": ", 2)[-1]
        return
    assert on_file.stderr.replace("VPNGatewayAddress", "gateway_address") == on_topology.stderr
    again = tmp_path / "again.netcfg"
    assert run("render", str(topology_patched), "-o", str(again)).exit_code == 0
    assert read_network([str(again)]).parts[0].config == read_network([str(file_patched)]).parts[0].config


def test_each_line_keeps_its_own_line_end(run, tmp_path, gateways, article):
    """A file edited on two systems mixes LF and CRLF: the changed lines keep theirs, an added line takes its neighbour's."""
    text = article.read_text().replace('gateway_address = "192.0.2.1"\n', 'gateway_address = "192.0.2.1"\r\n')
    text = text.replace('gateway_address = "192.0.2.2"\n', "")  # Local-Holland has no address yet
    text = text.replace('name = "Local-Holland"\n', 'name = "Local-Holland"\r\n')
    article.write_bytes(text.encode())
    assert run("patch", str(article), "--from", str(gateways), "--in-place").exit_code == 0
    assert article.read_bytes() == (
        text.replace('gateway_address = "192.0.2.1"\r\n', 'gateway_address = "52.169.10.20"\r\n')
        .replace('name = "Local-Holland"\r\n', 'name = "Local-Holland"\r\ngateway_address = "52.174.1.2"\r\n')
        .encode()
    )
