"""netcfg.values: the frozen dataclasses' equality, hashing and repr, written once, against the
methods the ``dataclass`` decorator itself would have generated for the same fields."""

import dataclasses
import importlib
import itertools
import pkgutil
import sys

import pytest
from conftest import GOLDEN, corpus_files

import netcfg
from netcfg.errors import NetcfgError
from netcfg.io.xml_reader import build_model, parse_document
from netcfg.model import NetworkConfiguration, Prefix
from netcfg.values import Value


def _package_classes() -> list[type]:
    for module in pkgutil.walk_packages(netcfg.__path__, "netcfg."):
        if not module.name.endswith("__main__"):  # which runs the command line
            importlib.import_module(module.name)
    seen, found = set(), []
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("netcfg"):
            for value in vars(module).values():
                if isinstance(value, type) and value.__module__ == module.__name__ and value not in seen:
                    seen.add(value)
                    found.append(value)
    return found


FROZEN = [c for c in _package_classes() if dataclasses.is_dataclass(c) and c.__dataclass_params__.frozen]


def test_every_frozen_dataclass_is_a_value_with_no_generated_equality_or_repr():
    assert len(FROZEN) > 40
    for cls in FROZEN:
        params = cls.__dataclass_params__
        assert issubclass(cls, Value), cls
        assert (params.eq, params.repr) == (False, False), f"{cls.__qualname__}: declare eq=False, repr=False (netcfg.values)"
        assert cls.__eq__ is Value.__eq__ and cls.__hash__ is Value.__hash__, cls
    assert not [c for c in _package_classes() if dataclasses.is_dataclass(c) and issubclass(c, Value) and c not in FROZEN]


def _twin(cls: type) -> type:
    """The same fields under the decorator's own generated methods (frozen, eq, repr)."""
    fields = [(f.name, f.type, dataclasses.field(default=None, compare=f.compare, repr=f.repr)) for f in dataclasses.fields(cls)]
    return dataclasses.make_dataclass(cls.__name__, fields, frozen=True, kw_only=True)


def _as_twin(value: object, twins: dict[type, type]) -> object:
    cls = type(value)
    twin = twins.setdefault(cls, _twin(cls))
    return twin(**{f.name: getattr(value, f.name) for f in dataclasses.fields(cls)})


def _objects(config: NetworkConfiguration) -> list[object]:
    found: list[object] = [config, *config.dns_servers, *config.local_sites, *config.vnets]
    for site in config.local_sites:
        found += site.prefixes
    for vnet in config.vnets:
        found += [*vnet.prefixes, *vnet.subnets]
        if vnet.gateway is not None:
            found += [vnet.gateway, *vnet.gateway.connections, *vnet.gateway.client_pool]
    return found


def _configs() -> list[NetworkConfiguration]:
    files = [*corpus_files(), GOLDEN / "article.netcfg"]
    configs = []
    for path in files:
        try:
            configs.append(build_model(parse_document(path.read_bytes(), file=str(path)), strict=False, file=str(path)))
        except NetcfgError:
            continue  # the malformed file of the corpus
    return configs


@pytest.mark.parametrize("config", _configs(), ids=lambda c: f"{len(c.vnets)}-vnets-{len(c.local_sites)}-sites")
def test_values_answer_as_the_generated_methods_would(config):
    twins: dict[type, type] = {}
    objects = _objects(config)
    # Each object with a copy made anew (another origin: not compared), and with every other object.
    copies = [dataclasses.replace(o, origin=None) if hasattr(o, "origin") else dataclasses.replace(o) for o in objects]
    for value in objects:
        if type(value) is not Prefix:  # Prefix writes its own repr: Prefix('10.0.0.0/16')
            assert repr(value) == repr(_as_twin(value, twins))
    for first, second in itertools.chain(zip(objects, copies), itertools.combinations(objects, 2)):
        expected = _as_twin(first, twins) == _as_twin(second, twins) if type(first) is type(second) else False
        assert (first == second) is expected and (first != second) is not expected
        if expected:
            assert hash(first) == hash(second)
    assert len(set(objects)) == len({_as_twin(o, twins) for o in objects})


def test_a_value_is_never_equal_to_another_class_with_the_same_fields():
    prefix = Prefix(0x0A000000, 8)

    @dataclasses.dataclass(frozen=True, eq=False, repr=False)
    class Other(Value):
        address: int
        length: int

    assert prefix != Other(0x0A000000, 8) and Other(0x0A000000, 8) == Other(0x0A000000, 8)
    assert (
        repr(Other(1, 2))
        == "test_a_value_is_never_equal_to_another_class_with_the_same_fields.<locals>.Other(address=1, length=2)"
    )
