"""Rendering the model to .netcfg: golden files, idempotence, and round trips over the real corpus."""

import pytest

from helpers import one
from netcfg import stretch

from netcfg.io import xml_reader
from netcfg.render import RENDERERS
from netcfg.model.subscriptions import NetworkSet
from netcfg.render.netcfg_xml import netcfg_bytes as render
from netcfg.io.xsd import schema_valid, shape_problems
from netcfg.io.inputs import model_from_bytes, read_model

from conftest import DATA, assert_golden, corpus_params, well_formed_corpus_files

THREE_REGIONS = [
    stretch.Region(name="Dublin", location="North Europe"),
    stretch.Region(name="Holland", location="West Europe"),
    stretch.Region(name="Virginia", location="East US"),
]


def test_article_network_golden():
    data = render(one(stretch.stretch()))
    assert b'<VirtualNetworkSite name="VNet-Dublin" AffinityGroup="Dublin">' in data
    assert b"<VPNGatewayAddress>192.0.2.2</VPNGatewayAddress>" in data
    assert_golden("article.netcfg", data)


def test_three_region_mesh_golden():
    assert_golden("mesh-3.netcfg", render(one(stretch.stretch(THREE_REGIONS))))


def test_odd_input_renders_in_export_order_golden():
    assert_golden("odd-but-accepted.canonical.netcfg", render(read_model(str(DATA / "odd-but-accepted.netcfg"))))


def test_rendered_files_conform_to_our_schema():
    for config in (
        one(stretch.stretch()),
        one(stretch.stretch(THREE_REGIONS)),
        read_model(str(DATA / "odd-but-accepted.netcfg")),
    ):
        root = xml_reader.parse_document(render(config))
        assert schema_valid(root), list(shape_problems(root))


@pytest.mark.parametrize("path", corpus_params(well_formed_corpus_files()))
def test_corpus_round_trips_to_an_equal_model_and_renders_idempotently(path):
    config = read_model(str(path))
    once = render(config)
    again = model_from_bytes(once, file="rendered")
    assert again == config
    assert render(again) == once


def test_registry_renders_the_same_bytes():
    config = one(stretch.stretch())
    assert RENDERERS["netcfg"].render(NetworkSet.single(config)) == render(config)
