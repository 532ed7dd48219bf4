"""The topology's JSON Schema (netcfg schema topology) and the reader agree.

Every topology netcfg writes (goldens, and every real file as a topology) is valid; every key
the reader refuses, and every value outside an enumeration, the schema refuses too.
"""

from __future__ import annotations

import copy
import json
import tomllib

import jsonschema
import pytest

from conftest import GOLDEN, corpus_params, well_formed_corpus_files
from netcfg.errors import InputError
from netcfg.io import topology
from netcfg.io.topology import KEYS, TOP_KEYS


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    from netcfg.io.assets import topology_schema_bytes

    schema = json.loads(topology_schema_bytes())
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def test_the_command_prints_the_shipped_schema(run):
    from netcfg.io.assets import topology_schema_bytes

    assert run("schema", "topology").stdout.encode() == topology_schema_bytes()


def test_the_golden_topology_and_the_docstring_example_are_valid(validator):
    validator.validate(tomllib.loads((GOLDEN / "article.topology.toml").read_text()))
    example = topology.__doc__.split("A complete example::\n\n", 1)[1].split("\n\n:func:", 1)[0]
    validator.validate(tomllib.loads("\n".join(line[4:] for line in example.splitlines())))


@pytest.mark.parametrize("path", corpus_params(well_formed_corpus_files()))
def test_every_real_file_as_a_topology_is_valid(run, validator, path):
    result = run("render", str(path), "--to", "topology")
    if result.exit_code != 0:  # a file the strict reader refuses has no topology
        return
    validator.validate(tomllib.loads(result.stdout))


ARTICLE = tomllib.loads((GOLDEN / "article.topology.toml").read_text())
# Where each kind of table sits in the article's topology.
WHERE = {
    "affinity_group": lambda d: d["affinity_group"][0],
    "local_site": lambda d: d["local_site"][0],
    "vnet": lambda d: d["vnet"][0],
    "subnet": lambda d: d["vnet"][0]["subnets"][0],
    "gateway": lambda d: d["vnet"][0]["gateway"],
}


def _refused_by_reader(data: dict) -> bool:
    text = _toml(data)
    try:
        topology.loads(text)
    except InputError:
        return True
    return False


def _toml(data: dict) -> str:
    """``data`` as TOML the reader takes (tables as inline arrays; enough for these tests)."""

    def value(v: object) -> str:
        if isinstance(v, str):
            return json.dumps(v)
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{k} = {value(x)}" for k, x in v.items()) + " }"
        return json.dumps(v)

    return "\n".join(f"{key} = {value(items)}" for key, items in data.items()) + "\n"


@pytest.mark.parametrize("kind", sorted(WHERE))
def test_an_unknown_key_is_refused_by_both(validator, kind):
    data = copy.deepcopy(ARTICLE)
    WHERE[kind](data)["colour"] = "blue"
    assert _refused_by_reader(data)
    assert not validator.is_valid(data)
    assert not _refused_by_reader(ARTICLE) and validator.is_valid(ARTICLE)


def test_an_unknown_table_and_a_value_outside_its_enumeration_are_refused_by_both(validator):
    data = copy.deepcopy(ARTICLE)
    data["network"] = [{"name": "x"}]
    assert _refused_by_reader(data) and not validator.is_valid(data)
    for key, bad in (("type", "Static"), ("sku", "Ultra"), ("profile", "Huge")):
        data = copy.deepcopy(ARTICLE)
        data["vnet"][0]["gateway"][key] = bad
        assert _refused_by_reader(data) and not validator.is_valid(data), key


def test_both_placements_or_neither_are_refused_by_both(validator):
    both = copy.deepcopy(ARTICLE)
    both["vnet"][0]["location"] = "North Europe"
    neither = copy.deepcopy(ARTICLE)
    del neither["vnet"][0]["affinity_group"]
    for data in (both, neither):
        assert _refused_by_reader(data) and not validator.is_valid(data)


def test_the_schema_names_exactly_the_keys_the_reader_takes(validator):
    schema = validator.schema
    assert set(schema["properties"]) == TOP_KEYS
    items = {kind: schema["properties"][kind]["items"]["properties"] for kind in TOP_KEYS}
    for kind in TOP_KEYS:
        assert set(items[kind]) == KEYS[kind], kind
    assert set(items["vnet"]["subnets"]["items"]["properties"]) == KEYS["subnet"]
    assert set(items["vnet"]["gateway"]["properties"]) == KEYS["gateway"]
    connection = items["vnet"]["gateway"]["properties"]["connections"]["items"]["oneOf"][1]
    assert set(connection["properties"]) == KEYS["connection"]
