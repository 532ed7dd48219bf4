"""The topology file: what people write by hand, read strictly, written back faithfully."""

import pytest

from helpers import one
from netcfg import stretch

from netcfg.io import topology
from netcfg.model.subscriptions import NetworkSet
from netcfg.errors import InputError
from netcfg.model import ConnectionType, GatewaySku, GatewayType
from netcfg.render.topology_toml import render as render_topology

from conftest import assert_golden, corpus_params, well_formed_corpus_files


def _documented_example() -> str:
    """The indented block after '::' in netcfg.io.topology's docstring (the README shows the same)."""
    lines = topology.__doc__.split("::", 1)[1].splitlines()[1:]
    block = []
    for line in lines:
        if line.strip() and not line.startswith("    "):
            break
        block.append(line[4:])
    return "\n".join(block)


EXAMPLE = _documented_example()


def test_the_documented_example_loads():
    config = one(topology.loads(EXAMPLE))
    (vnet,) = config.vnets
    assert vnet.affinity_group == "Dublin" and config.affinity_groups[0].location == "North Europe"
    assert vnet.gateway.type is GatewayType.DYNAMIC_ROUTING and vnet.gateway.sku is GatewaySku.DEFAULT
    assert [c.site for c in vnet.gateway.connections] == ["Local-Holland"]
    assert config.local_sites[0].mirrors == "VNet-Holland"
    assert [s.name for s in vnet.subnets] == ["Workload", "GatewaySubnet"]


def test_article_topology_golden():
    assert_golden("article.topology.toml", render_topology(stretch.stretch()))


def test_dump_then_load_is_identity_for_names_that_need_escaping():
    text = """
[[vnet]]
name = "x\\"; Remove-Item C:\\\\ -Recurse; \\"$tab"
location = "West Europe"
prefixes = ["10.0.0.0/16"]
[vnet.gateway]
type = "StaticRouting"
sku = "HighPerformance"
connections = [{ site = "ER", type = "Dedicated" }, "plain"]
"""
    config = one(topology.loads(text))
    assert config.vnets[0].gateway.connections[0].type is ConnectionType.DEDICATED
    assert topology.loads(topology.dumps(NetworkSet.single(config))).parts[0].config == config


@pytest.mark.parametrize("path", corpus_params(well_formed_corpus_files()))
def test_every_corpus_model_survives_the_topology_file(path):
    from netcfg.io.inputs import read_model

    config = read_model(str(path))
    assert topology.loads(topology.dumps(NetworkSet.single(config))).parts[0].config == config


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("[[vnet]\nname = 1", 1, "not valid TOML"),
        ('[[vnet]]\nname = "a"\nname = "b"', None, "not valid TOML: Cannot overwrite a value"),
        ('[[vnet]]\nname = "a"\nlocation\nx = 1', 3, "not valid TOML: Expected '=' after a key"),
        (
            '[[network]]\nname = "a"',
            None,
            "unknown table 'network'; a topology has affinity_group, dns_server, local_site, subscription, vnet",
        ),
        (
            '[[vnet]]\nname = "a"\nlocation = "x"\nprefix = ["10.0.0.0/8"]',
            4,  # the misspelt key's own line
            "vnet 'a': unknown key 'prefix' (did you mean 'prefixes'?); a vnet takes affinity_group, dns_servers, gateway, location,"
            " name, prefixes, subnets, subscription",
        ),
        (
            '[[vnet]]\nname = "a"\nlocation = "x"\nprefixes = ["10.0.0.0/40"]',
            4,  # the line of the bad value
            "virtual network 'a': '10.0.0.0/40' is not an IPv4 CIDR prefix such as 10.1.0.0/16",
        ),
        (
            '[[vnet]]\nname = "a"\nprefixes = ["10.0.0.0/8"]',
            1,
            "virtual network 'a': needs exactly one of affinity group and location",
        ),
        ('[[local_site]]\nprefixes = ["10.0.0.0/8"]', 1, "local network site has no name"),
        ("vnet = 3", None, "'vnet' must be an array of tables"),
        (
            '[[vnet]]\nname = "a"\nlocation = "x"\nprefixes = ["10.0.0.0/8"]\n[vnet.gateway]\nconnections = [{ site = "s", type = "GRE" }]',
            6,
            "connection to 's': 'GRE' is not one of IPsec, Dedicated",
        ),
        (
            '[[vnet]]\nname = "a"\nlocation = "x"\nprefixes = ["10.0.0.0/8"]\nsubnets = [\n  { name = "ok", prefix ='
            ' "10.0.0.0/24" },\n  { name = "a\\u202eb", prefix = "10.0.1.0/24" },\n]',
            7,
            "subnet 'a\\u202eb': the name holds U+202E, a bidirectional formatting character, which no Azure name can hold",
        ),
    ],
)
def test_mistakes_are_refused_with_what_and_where(text, line, message):
    with pytest.raises(InputError) as raised:
        topology.loads(text, file="t.toml")
    assert raised.value.line == line
    assert message in raised.value.message
