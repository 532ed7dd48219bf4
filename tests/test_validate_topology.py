"""`netcfg validate` reads a topology too: every rule, with findings at the topology's own lines."""

from netcfg.validate import validate_bytes

TOPOLOGY = """\
# a hand-written topology with one mistake of each kind
[[affinity_group]]
name = "Dublin"
location = "North Europ"

[[local_site]]
name = "Local-Holland"
prefixes = ["10.1.0.0/16"]
gateway_address = "10.1.0.4"

[[vnet]]
name = "VNet-Dublin"
affinity_group = "Dublin"
prefixes = ["10.0.0.0/16"]
subnets = [
  { name = "Workload", prefix = "10.0.0.0/24" },
  { name = "Overlap", prefix = "10.0.0.128/25" },
  { name = "GatewaySubnet", prefix = "10.0.1.0/28" },
]

[vnet.gateway]
connections = ["Local-Holland", "Local-Holand"]

[[vnet]]
name = "VNet-Dublin"
location = "West Europe"
prefixes = ["10.2.0.1/16"]
"""


def test_every_rule_runs_on_a_topology_and_reports_its_lines():
    found = [(f.line, f.rule, str(f.severity)) for f in validate_bytes(TOPOLOGY.encode(), file="t.toml")]
    assert found == [
        (2, "unknown-location", "error"),  # an error in a topology, which becomes new files
        (6, "gateway-address-inside-site", "error"),
        (17, "subnet-overlap", "error"),
        (22, "unknown-local-site", "error"),
        (24, "duplicate-name", "error"),
        (24, "non-canonical-prefix", "warning"),
    ]


def test_topology_findings_carry_a_readable_path():
    paths = {f.rule: f.path for f in validate_bytes(TOPOLOGY.encode(), file="t.toml")}
    assert paths["subnet-overlap"] == "vnet 'VNet-Dublin' subnet 'Overlap'"
    assert paths["unknown-local-site"] == "vnet 'VNet-Dublin' connection to 'Local-Holand'"


def test_validate_reads_a_topology_from_the_command_line(run, tmp_path):
    path = tmp_path / "net.toml"
    path.write_text(TOPOLOGY)
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert f"{path}:17: error [subnet-overlap] subnet 'Overlap' 10.0.0.128/25 overlaps subnet 'Workload'" in result.stdout
    assert "not well-formed XML" not in result.stdout


def test_the_article_topology_has_only_its_placeholders_before_the_second_pass(run, tmp_path):
    assert run("stretch", "--out", str(tmp_path)).exit_code == 0
    result = run("validate", str(tmp_path / "topology.toml"), "--format", "json")
    assert result.exit_code == 0
    import json

    text = (tmp_path / "topology.toml").read_text().splitlines()
    found = [(text[f["line"] - 1], f["rule"]) for f in json.loads(result.stdout)]
    assert found == [("[[local_site]]", "placeholder-gateway-address")] * 2
