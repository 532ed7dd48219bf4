"""`netcfg show` and `netcfg graph`: the picture and the summary, golden, and on every real file."""

import json
import os
import shutil
import subprocess

import pytest
from lxml import etree

from conftest import GOLDEN, ROOT, assert_golden, corpus_params, well_formed_corpus_files
from helpers import one
from netcfg import stretch
from netcfg.io import topology
from netcfg.render.graph_dot import render as dot
from netcfg.render.graph_mermaid import render as mermaid

THREE = [
    stretch.Region(name="Dublin", location="North Europe"),
    stretch.Region(name="Holland", location="West Europe"),
    stretch.Region(name="Virginia", location="East US"),
]
DOT_PROGRAM = shutil.which("dot")
needs_dot = pytest.mark.skipif(
    DOT_PROGRAM is None and not os.environ.get("CI"), reason="Graphviz is not installed here (.ci/run installs it)"
)


@pytest.mark.parametrize(("name", "network"), [("article", stretch.stretch()), ("mesh-3", stretch.stretch(THREE))])
def test_golden_dot_and_mermaid(name, network):
    assert_golden(f"{name}.dot", dot(network))
    assert_golden(f"{name}.mmd", mermaid(network))


MIXED = topology.loads("""
[[local_site]]
name = "Local-A"
prefixes = ["10.0.0.0/16"]
gateway_address = "52.1.1.1"
mirrors = "VNet-A"
[[local_site]]
name = "Local-B"
prefixes = ["10.1.0.0/16"]
mirrors = "VNet-B"
[[local_site]]
name = "HQ \\"London\\""
prefixes = ["192.168.0.0/24"]
gateway_address = "52.2.2.2"
[[vnet]]
name = "VNet-A"
location = "West Europe"
prefixes = ["10.0.0.0/16"]
[vnet.gateway]
connections = ["Local-B", "HQ \\"London\\"", "Nowhere"]
[[vnet]]
name = "VNet-B"
location = "West Europe"
prefixes = ["10.1.0.0/16"]
""")


def test_one_way_on_premises_and_missing_sites_stand_out():
    text = dot(MIXED).decode()
    assert (
        '"vnet:VNet-A" -> "vnet:VNet-B" [color="#d97706", fontcolor="#d97706", style=dashed, label="one-way, via Local-B"];'
    ) in text
    assert '"vnet:VNet-A" -> "site:HQ \\"London\\"" [label="IPsec"];' in text
    assert '"missing:Nowhere" [label="Nowhere\\nno such local site", color="#dc2626"' in text
    assert "subgraph cluster_on_premises {" in text
    assert "192.0.2" not in text and "(placeholder)" in text  # Local-B has no address yet
    assert 'label="stands in for"' not in text  # the site's caption says it once
    chart = mermaid(MIXED).decode()
    assert "HQ #quot;London#quot;" in chart and 'v0 -.->|"one-way, via Local-B"| v' in chart
    assert "class m" in chart.split("classDef missing")[1]


def test_a_vnet_connected_to_its_own_stand_in_is_a_red_edge():
    import dataclasses

    from netcfg.model import Connection
    from netcfg.model.subscriptions import NetworkSet

    mixed = one(MIXED)
    b = mixed.vnets[1]
    gateway = dataclasses.replace(mixed.vnets[0].gateway, connections=(Connection(site="Local-B"),))
    config = NetworkSet.single(dataclasses.replace(mixed, vnets=(mixed.vnets[0], dataclasses.replace(b, gateway=gateway))))
    assert (
        '"vnet:VNet-B" -> "site:Local-B" [color="#dc2626", fontcolor="#dc2626", penwidth=2,'
        ' label="connects to its own stand-in"];'
    ) in dot(config).decode()
    chart = mermaid(config).decode()
    assert '-->|"connects to its own stand-in"|' in chart and "linkStyle" in chart


def test_both_pictures_carry_a_legend_that_explains_every_kind_of_line_they_draw():
    text = dot(MIXED).decode()
    edges = [line for line in text.splitlines() if " -> " in line]
    assert any("dir=both" not in e and "arrowhead=none" not in e for e in edges)  # one-headed arrows are drawn
    for picture in (text, mermaid(MIXED).decode()):
        assert "Legend" in picture and "placeholder gateway address" in picture and "an error" in picture
        assert "dotted line: the site stands in for that VNet" in picture
        assert "two-headed arrow: a tunnel" in picture
        assert (
            "one-headed arrow: from the gateway that connects, to an on-premises site (whose device the file does not show),"
            " or to a VNet that does not connect back"
        ) in picture


def test_show_text_of_the_article_network(run, tmp_path):
    run("stretch", "--out", str(tmp_path))
    result = run("show", str(tmp_path / "topology.toml"))
    assert result.exit_code == 0
    assert result.stdout == (
        "Region Dublin (affinity group, North Europe)\n"
        "  VNet-Dublin  10.0.0.0/16\n"
        "    subnets: Workload 10.0.0.0/24, GatewaySubnet 10.0.1.0/28\n"
        "    DNS servers: none\n"
        "    gateway: DynamicRouting, Default SKU; connects to Local-Holland\n"
        "Region Holland (affinity group, West Europe)\n"
        "  VNet-Holland  10.1.0.0/16\n"
        "    subnets: Workload 10.1.0.0/24, GatewaySubnet 10.1.1.0/28\n"
        "    DNS servers: none\n"
        "    gateway: DynamicRouting, Default SKU; connects to Local-Dublin\n"
        "Local network sites\n"
        "  Local-Dublin  10.0.0.0/16  gateway 192.0.2.1 (placeholder: a documentation address (RFC 5737))  stands in for"
        " 'VNet-Dublin' (given): equal prefixes (10.0.0.0/16)\n"
        "  Local-Holland  10.1.0.0/16  gateway 192.0.2.2 (placeholder: a documentation address (RFC 5737))  stands in for"
        " 'VNet-Holland' (given): equal prefixes (10.1.0.0/16)\n"
        "Connections\n"
        "  VNet-Dublin ⇄ VNet-Holland (via Local-Holland / Local-Dublin)  IPsec\n"
        "2 regions, 2 VNets, 2 local sites, 0 DNS servers, 1 connection (0 one-way), 2 placeholder gateway addresses\n"
        "Reach: 0 pairs reachable, 2 pending (the second pass), 0 unreachable; 'netcfg reach' says why\n"
    )


def test_show_json(run):
    data = json.loads(run("show", str(GOLDEN / "mesh-3.netcfg"), "--format", "json").stdout)
    assert data["counts"] == {
        "regions": 3,
        "vnets": 3,
        "local_sites": 3,
        "tunnels": 3,
        "one_way": 0,
        "dns_servers": 0,
        "placeholders": 3,
    }
    assert data["connections"][0] == {
        "ends": ["VNet-Dublin", "VNet-Holland"],
        "via": ["Local-Holland", "Local-Dublin"],
        "both_ways": True,
        "type": "IPsec",
        "target": "vnet",
    }


@needs_dot
@pytest.mark.parametrize("golden", ["article.dot", "mesh-3.dot"])
def test_golden_dot_renders_with_graphviz(golden):
    done = subprocess.run([DOT_PROGRAM or "dot", "-Tsvg"], input=(GOLDEN / golden).read_bytes(), capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    assert b"<svg" in done.stdout


@needs_dot
def test_svg_parses_and_names_every_vnet(run, tmp_path):
    out = tmp_path / "mesh.svg"
    assert run("graph", str(GOLDEN / "mesh-3.netcfg"), "--format", "svg", "-o", str(out)).exit_code == 0
    svg = etree.parse(str(out), etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    texts = " ".join(svg.getroot().itertext())
    for vnet in ("VNet-Dublin", "VNet-Holland", "VNet-Virginia"):
        assert vnet in texts


def test_svg_without_graphviz_says_how_to_install_it(run, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = run("graph", str(GOLDEN / "article.netcfg"), "--format", "svg")
    assert result.exit_code == 1
    assert "Graphviz's 'dot' is not on the PATH; install Graphviz (Debian/Ubuntu: apt-get install graphviz" in result.stderr


def test_the_readme_picture_is_the_tools(run):
    picture = ROOT / "docs" / "article.svg"
    svg = etree.parse(str(picture), etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    texts = " ".join(svg.getroot().itertext())
    assert "VNet-Dublin" in texts and "VNet-Holland" in texts and "North Europe" in texts
    assert "docs/article.svg" in (ROOT / "README.rst").read_text()


@pytest.mark.parametrize("path", corpus_params(well_formed_corpus_files()))
def test_show_and_graph_work_on_every_real_file(run, path):
    assert run("show", str(path)).exit_code == 0
    for format_ in ("dot", "mermaid"):
        result = run("graph", str(path), "--format", format_)
        assert result.exit_code == 0 and result.stdout
    if DOT_PROGRAM:
        done = subprocess.run(
            [DOT_PROGRAM, "-Tsvg"], input=run("graph", str(path)).stdout_bytes, capture_output=True, check=False
        )
        assert done.returncode == 0, done.stderr


def _fake_dot(tmp_path, monkeypatch, script: str) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "dot"
    fake.write_text("#!/bin/sh\n" + script + "\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")


@pytest.mark.parametrize(
    ("script", "message"),
    [
        ("echo 'Error: syntax error in line 1' >&2; exit 3", "Graphviz could not draw the graph: Error: syntax error in line 1"),
        ("cat > /dev/null; exit 0", "Graphviz's dot printed nothing; check the Graphviz installation (dot -V)"),
        ("kill -SEGV $$", "Graphviz could not draw the graph: it exited with status -11"),
        ("sleep 30", "Graphviz's dot did not finish within 1 s; draw a smaller network (or write it as text for Graphviz's sfdp"),
    ],
)
def test_a_dot_that_fails_is_one_clear_error_and_no_file(run, tmp_path, monkeypatch, script, message):
    from netcfg.render import graph_svg

    monkeypatch.setattr(graph_svg, "SECONDS", 1)
    _fake_dot(tmp_path, monkeypatch, script)
    out = tmp_path / "network.svg"
    result = run("graph", str(GOLDEN / "article.netcfg"), "--format", "svg", "-o", str(out))
    assert result.exit_code == 1 and not out.exists()
    assert result.stderr.startswith(f"netcfg: error: {message}") and result.stderr.count("\n") == 1


def test_a_network_too_large_for_dot_is_refused_with_advice(run, monkeypatch, tmp_path):
    from netcfg.render import graph_svg

    monkeypatch.setattr(graph_svg, "MOST_VNETS", 1)
    _fake_dot(tmp_path, monkeypatch, "sleep 30")  # never reached
    result = run("graph", str(GOLDEN / "article.netcfg"), "--format", "svg")
    assert result.exit_code == 1
    assert result.stderr == (
        "netcfg: error: 2 VNets are more than 'dot' draws in reasonable time: at most 1 (or write it as text for"
        " Graphviz's sfdp, which draws large ones (sfdp -Tsvg): --format dot; or for Mermaid: --format mermaid)\n"
    )
