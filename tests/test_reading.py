"""Classes of real input that Azure accepted, read as Azure read them, by every command.

Each test builds its own file in the shape of a real one (the project's checks hold more real
files of each class): the Ruby SDK's empty AffinityGroup, unused sites with lab addresses, a
shortened prefix from a 2014 export, /29 gateway subnets, reused prefixes, values split by a
comment.
"""

import json

import pytest

from netcfg.findings import Severity
from netcfg.io.inputs import model_from_bytes
from netcfg.validate import validate_bytes

NS = "http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration"

# What Microsoft's Ruby SDK sent for every VNet: an empty AffinityGroup beside a Location, and
# DnsServersRef, Subnets, AddressSpace in that order.
RUBY = f"""<?xml version="1.0"?>
<NetworkConfiguration xmlns="{NS}">
  <VirtualNetworkConfiguration>
    <Dns>
      <DnsServers>
        <DnsServer name="DNS" IPAddress="1.2.3.4"/>
      </DnsServers>
    </Dns>
    <VirtualNetworkSites>
      <VirtualNetworkSite name="newvnet" AffinityGroup="" Location="East US">
        <DnsServersRef>
          <DnsServerRef name="DNS"/>
        </DnsServersRef>
        <Subnets>
          <Subnet name="Subnet-1">
            <AddressPrefix>172.16.0.0/12</AddressPrefix>
          </Subnet>
        </Subnets>
        <AddressSpace>
          <AddressPrefix>172.16.0.0/12</AddressPrefix>
        </AddressSpace>
      </VirtualNetworkSite>
    </VirtualNetworkSites>
  </VirtualNetworkConfiguration>
</NetworkConfiguration>
"""

# Every command that reads a network (with what it needs besides the file).
READERS = [
    ["validate"],
    ["show"],
    ["render"],
    ["render", "--to", "topology"],
    ["graph", "--format", "mermaid"],
    ["runbook"],
    ["export", "--to", "bicep"],
    ["export", "--to", "az-powershell"],
]


def findings(text: str) -> list[tuple[int | None, str, str]]:
    return [(f.line, f.rule, str(f.severity)) for f in validate_bytes(text.encode(), file="t.netcfg")]


def line_of(text: str, snippet: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if snippet in line)


@pytest.mark.parametrize("command", READERS, ids=" ".join)
def test_an_empty_affinity_group_is_absent_for_every_command(run, tmp_path, command):
    path = tmp_path / "ruby.netcfg"
    path.write_text(RUBY)
    result = run(command[0], str(path), *command[1:])
    assert result.exit_code == 0, result.stderr
    if command[0] == "validate":
        assert "1 warning" in result.stdout and "[placement]" in result.stdout


def test_an_empty_affinity_group_reads_as_a_regional_vnet():
    vnet = model_from_bytes(RUBY.encode(), file="ruby.netcfg").vnets[0]
    assert (vnet.affinity_group, vnet.location) == (None, "East US")
    assert findings(RUBY) == [(line_of(RUBY, "newvnet"), "placement", "warning")]


def test_an_empty_address_space_is_still_the_schema_error_azure_gave_and_nothing_else():
    # The Ruby SDK's integration test expects "XML Schema validation error" for this upload.
    broken = RUBY.replace("<AddressPrefix>172.16.0.0/12</AddressPrefix>\n        </AddressSpace>", "</AddressSpace>")
    errors = [f for f in findings(broken) if f[2] == "error"]
    assert errors == [(line_of(broken, "<AddressSpace>"), "xsd", "error")]


def test_an_unused_site_with_a_lab_address_is_one_warning_and_a_used_one_an_error():
    site = (
        '<LocalNetworkSite name="Lab"><AddressSpace><AddressPrefix>10.0.0.0/8</AddressPrefix></AddressSpace>'
        "<VPNGatewayAddress>10.10.10.10</VPNGatewayAddress></LocalNetworkSite>"
    )
    vnet = (
        '<VirtualNetworkSite name="V" Location="West Europe"><AddressSpace><AddressPrefix>172.16.0.0/16</AddressPrefix>'
        '</AddressSpace><Subnets><Subnet name="GatewaySubnet"><AddressPrefix>172.16.1.0/29</AddressPrefix></Subnet>'
        "</Subnets>{gateway}</VirtualNetworkSite>"
    )
    unused = (
        f'<NetworkConfiguration xmlns="{NS}"><VirtualNetworkConfiguration>\n<LocalNetworkSites>\n{site}\n'
        f"</LocalNetworkSites>\n<VirtualNetworkSites>\n{vnet.format(gateway='')}\n</VirtualNetworkSites>\n"
        "</VirtualNetworkConfiguration></NetworkConfiguration>"
    )
    assert findings(unused) == [(3, "gateway-address-inside-site", "warning")]
    used = unused.replace("{gateway}", "").replace(
        "</Subnets></VirtualNetworkSite>",
        '</Subnets><Gateway><ConnectionsToLocalNetwork><LocalNetworkSiteRef name="Lab">'
        '<Connection type="IPsec"/></LocalNetworkSiteRef></ConnectionsToLocalNetwork></Gateway></VirtualNetworkSite>',
    )
    assert findings(used) == [(3, "gateway-address-inside-site", "error")]


@pytest.mark.parametrize("command", READERS, ids=" ".join)
def test_a_shortened_prefix_is_read_as_azure_read_it_by_every_command(run, tmp_path, command):
    path = tmp_path / "2014.netcfg"
    path.write_text(
        RUBY.replace('AffinityGroup="" ', "").replace(
            "172.16.0.0/12</AddressPrefix>\n          </Subnet>", "172.16.0/24</AddressPrefix>\n          </Subnet>"
        )
    )
    result = run(command[0], str(path), *command[1:])
    assert result.exit_code == 0, result.stderr
    if command == ["render"]:
        assert "<AddressPrefix>172.16.0.0/24</AddressPrefix>" in result.stdout
    if command[0] == "validate":
        assert "[non-canonical-prefix] 172.16.0/24 is a shortened prefix; it was read as 172.16.0.0/24" in result.stdout


def test_a_29_gateway_subnet_is_valid_on_classic():
    text = (
        RUBY.replace('AffinityGroup="" ', "")
        .replace("172.16.0.0/12</AddressPrefix>\n          </Subnet>", "172.16.0.0/24</AddressPrefix>\n          </Subnet>")
        .replace(
            "</Subnets>",
            '  <Subnet name="GatewaySubnet"><AddressPrefix>172.16.1.0/29</AddressPrefix></Subnet>\n        </Subnets>',
        )
    )
    assert findings(text) == []


def test_a_value_split_by_a_comment_or_cdata_is_read_whole(run, tmp_path):
    text = (
        RUBY.replace('AffinityGroup="" ', "")
        .replace(
            '<DnsServer name="DNS" IPAddress="1.2.3.4"/>\n      </DnsServers>\n    </Dns>',
            '<DnsServer name="DNS" IPAddress="1.2.3.4"/>\n      </DnsServers>\n    </Dns>\n    <LocalNetworkSites>\n'
            '      <LocalNetworkSite name="OnPrem"><AddressSpace><AddressPrefix>192.168.<!-- x -->0.0/16</AddressPrefix>'
            "</AddressSpace><VPNGatewayAddress>52.169.10.20<!-- -->0</VPNGatewayAddress></LocalNetworkSite>\n"
            "    </LocalNetworkSites>",
        )
        .replace(
            "<AddressPrefix>172.16.0.0/12</AddressPrefix>\n        </AddressSpace>",
            "<AddressPrefix><![CDATA[172.16]]>.0.0/12</AddressPrefix>\n        </AddressSpace>",
        )
    )
    config = model_from_bytes(text.encode(), file="split.netcfg")
    site = config.local_sites[0]
    assert (str(site.prefixes[0]), str(site.gateway_address)) == ("192.168.0.0/16", "52.169.10.200")
    assert str(config.vnets[0].prefixes[0]) == "172.16.0.0/12"
    assert [f for f in findings(text) if f[1] in ("invalid-prefix", "invalid-address")] == []
    shown = json.loads(run("show", "-", "--format", "json", input=text).stdout)
    assert shown["local_sites"][0]["gateway_address"] == "52.169.10.200"


REUSED = f"""<NetworkConfiguration xmlns="{NS}">
  <VirtualNetworkConfiguration>
    <LocalNetworkSites>
      <LocalNetworkSite name="a"><AddressSpace><AddressPrefix>10.1.0.0/16</AddressPrefix></AddressSpace><VPNGatewayAddress>192.0.2.1</VPNGatewayAddress></LocalNetworkSite>
      <LocalNetworkSite name="b"><AddressSpace><AddressPrefix>10.2.0.0/16</AddressPrefix></AddressSpace><VPNGatewayAddress>192.0.2.2</VPNGatewayAddress></LocalNetworkSite>
      <LocalNetworkSite name="lab"><AddressSpace><AddressPrefix>10.1.0.0/16</AddressPrefix></AddressSpace><VPNGatewayAddress>192.0.2.3</VPNGatewayAddress></LocalNetworkSite>
    </LocalNetworkSites>
    <VirtualNetworkSites>
      {{A}}
      {{B}}
      <VirtualNetworkSite name="C" Location="East US"><AddressSpace><AddressPrefix>10.1.0.0/16</AddressPrefix></AddressSpace></VirtualNetworkSite>
    </VirtualNetworkSites>
  </VirtualNetworkConfiguration>
</NetworkConfiguration>
"""


def reused_vnet(name: str, space: str, site: str) -> str:
    return (
        f'<VirtualNetworkSite name="{name}" Location="East US"><AddressSpace><AddressPrefix>{space}</AddressPrefix>'
        f'</AddressSpace><Subnets><Subnet name="GatewaySubnet"><AddressPrefix>{space.rsplit(".", 2)[0]}.255.0/29</AddressPrefix>'
        f'</Subnet></Subnets><Gateway><ConnectionsToLocalNetwork><LocalNetworkSiteRef name="{site}"/>'
        "</ConnectionsToLocalNetwork></Gateway></VirtualNetworkSite>"
    )


def test_reused_prefixes_are_settled_by_the_connection_pattern(run, tmp_path):
    # A and C both have 10.1.0.0/16, and so do sites a and lab; B connects to a, and A connects
    # to b (B's twin), so a stands in for A. lab, connected to by nobody, could be A's or C's.
    text = REUSED.replace("{A}", reused_vnet("A", "10.1.0.0/16", "b")).replace("{B}", reused_vnet("B", "10.2.0.0/16", "a"))
    path = tmp_path / "reused.netcfg"
    path.write_text(text)
    shown = json.loads(run("show", str(path), "--format", "json").stdout)
    assert {s["name"]: s["mirrors"] for s in shown["local_sites"]} == {"a": "A", "b": "B", "lab": None}
    reasons = {s["name"]: s["stands_in_for"]["reason"] for s in shown["local_sites"] if s["stands_in_for"]}
    assert reasons["a"] == "stands in for 'A': equal prefixes (10.1.0.0/16), settled by the connection pattern"
    assert [(a["site"], a["vnets"]) for a in shown["ambiguous"]] == [("lab", ["A", "C"])]


def test_what_cannot_be_settled_is_called_ambiguous_with_the_way_out(run, tmp_path):
    # B connects to lab, which has A's and C's prefixes, and both A and C connect to b (B's
    # stand-in): nothing says which of them lab stands in for.
    text = REUSED.replace("{A}", reused_vnet("A", "10.1.0.0/16", "b")).replace("{B}", reused_vnet("B", "10.2.0.0/16", "lab"))
    text = text.replace('<LocalNetworkSite name="a">', '<LocalNetworkSite name="x">').replace(
        '<VirtualNetworkSite name="C" Location="East US"><AddressSpace><AddressPrefix>10.1.0.0/16</AddressPrefix></AddressSpace></VirtualNetworkSite>',
        reused_vnet("C", "10.1.0.0/16", "b"),
    )
    path = tmp_path / "ambiguous.netcfg"
    path.write_text(text)
    before = path.read_bytes()
    result = run("patch", str(path), "--gateway-ip", "A=52.169.10.20", "--in-place")
    assert result.exit_code == 1
    assert result.stderr == (
        "netcfg: error: no local site stands in for VNet 'A' for certain: local site 'lab' could"
        " stand in for any of VNets 'A', 'C': its prefixes and the connections do not say which;"
        " local site 'x' could stand in for any of VNets 'A', 'C': its prefixes and the connections"
        " do not say which (to settle it: --mirror lab=A --mirror x=A)\n"
    )
    assert path.read_bytes() == before
    refused = run("runbook", str(path))
    assert refused.exit_code == 1
    assert (
        "[ambiguous-stand-in] local site 'lab' could stand in for any of VNets 'A', 'C': its prefixes and the"
        " connections do not say which"
    ) in refused.stderr
    assert "(to settle it: --mirror lab=A; to list them all: netcfg validate --for runbook" in refused.stderr
    assert run("patch", str(path), "--gateway-ip", "A=52.169.10.20", "--mirror", "lab=A").exit_code == 0


def test_severities_are_what_the_rule_table_says():
    # One file with a finding of each reading class, checked against the documented levels.
    text = RUBY.replace("172.16.0.0/12</AddressPrefix>\n          </Subnet>", "172.16.0/24</AddressPrefix>\n          </Subnet>")
    assert {(rule, severity) for _, rule, severity in findings(text)} == {
        ("placement", str(Severity.WARNING)),
        ("non-canonical-prefix", str(Severity.WARNING)),
    }
