"""Any input file as the model: a ``.netcfg`` (XML) or a topology (TOML), told apart by content.

This is the strict door used by commands that write something new from their input (render,
runbook, ...): a file that breaks the schema or holds a value the model cannot take is refused
with its line, never half-read. ``netcfg validate`` is the forgiving door that reports everything;
both decide what a file is with :func:`netcfg.io.xml_reader.input_kind`, so they refuse the same bytes
(empty input, an encoding netcfg cannot read) with the same words.
"""

from __future__ import annotations

import os

from lxml import etree

from netcfg.io import xml_reader

from netcfg.io import topology
from netcfg.errors import InputError, ModelError, OptionError
from netcfg.model import NetworkConfiguration, infer_mirrors
from netcfg.model.subscriptions import DEFAULT_SUBSCRIPTION, NetworkSet, Part, Subscription
from netcfg.registry import did_you_mean
from netcfg.io.xsd import schema_errors


def strict_document(data: bytes, *, file: str) -> etree._Element:
    """The root of a ``.netcfg`` that is well-formed, a NetworkConfiguration, and conforms to the schema."""
    root = xml_reader.parse_document(data, file=file)
    problem = xml_reader.root_problem(root)
    if problem:
        raise InputError(problem, file=file, line=root.sourceline)
    errors = schema_errors(root)
    if errors:
        more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
        raise InputError(
            f"does not match the NetworkConfiguration schema: {errors[0].message}{more};"
            f" run 'netcfg validate {file}' to see every problem",
            file=file,
            line=errors[0].line,
        )
    return root


def model_from_bytes(data: bytes, *, file: str) -> NetworkConfiguration:
    """The model held by ``data``, a ``.netcfg`` or a topology file."""
    if xml_reader.input_kind(data, file=file) == "netcfg":
        return xml_reader.build_model(strict_document(data, file=file), strict=True, file=file)
    return topology.load(topology.text_of(data, file=file), file=file)


def read_model(path: str) -> NetworkConfiguration:
    """The model held by the file at ``path`` (``-`` for standard input)."""
    return model_from_bytes(xml_reader.read_bytes(path), file=path)


def read_network_set(paths: list[str]) -> NetworkSet:
    """The network in the files at ``paths``: one file's (a topology may hold several subscriptions),
    or the files of one network, one subscription's each, named after their folders (as
    ``netcfg stretch --subscription`` writes them) or, where folders repeat, after the files."""
    if len(paths) == 1:
        return network_from_bytes(xml_reader.read_bytes(paths[0]), file=paths[0])
    parts = [Part(subscription=Subscription(name=name), config=read_model(path)) for path, name in zip(paths, part_names(paths))]
    try:
        return NetworkSet(parts=tuple(parts))
    except ModelError as exc:
        raise InputError(f"not one network: {exc}", file=paths[0]) from None


def part_names(paths: list[str]) -> list[str]:
    """The subscription each of a network's files is taken for: its folder's name (as ``netcfg stretch
    --subscription`` writes them), or, where folders repeat, the file's."""
    folders = [os.path.basename(os.path.dirname(os.path.abspath(p))) for p in paths]
    return folders if len(set(folders)) == len(folders) else [os.path.basename(p) for p in paths]


def read_network(paths: list[str]) -> NetworkConfiguration:
    """The whole network in the files at ``paths`` as one configuration (see :meth:`NetworkSet.joined`),
    each stand-in site found again across all of them (a site in one file stands in for a VNet in another)."""
    joined = read_network_set(paths).joined()
    return joined.with_mirrors(infer_mirrors(joined.vnets, [s for s in joined.local_sites if s.mirrors is None]))


def owners(network: NetworkSet) -> dict[str, str]:
    """``{VNet: the subscription it is in}`` for a network across subscriptions (empty for one)."""
    if len(network.parts) < 2:
        return {}
    return {vnet.name: part.subscription.name for part in network.parts for vnet in part.config.vnets}


def network_from_bytes(data: bytes, *, file: str) -> NetworkSet:
    """The network held by ``data``: a topology's subscriptions, or one part for a ``.netcfg`` (one subscription's file)."""
    if xml_reader.input_kind(data, file=file) == "netcfg":
        return NetworkSet.single(model_from_bytes(data, file=file))
    return topology.load_set(topology.text_of(data, file=file), file=file)


def read_part(path: str, subscription: str | None) -> NetworkConfiguration:
    """The network of one subscription in the file at ``path``: the one there is, or the one named."""
    return part_of(read_network_set([path]), subscription, file=path)


def part_of(network: NetworkSet, subscription: str | None, *, file: str) -> NetworkConfiguration:
    """The network of one subscription of ``network`` (read from ``file``): the one there is, or the one named."""
    path = file
    if subscription is None:
        if len(network.parts) > 1:
            raise InputError(topology.several_subscriptions(network), file=file)
        return network.parts[0].config
    if network.names == [DEFAULT_SUBSCRIPTION]:
        raise OptionError(f"{path} names no subscriptions: it is one subscription's network already", option="--subscription")
    if subscription not in network.names:
        raise OptionError(f"{path} has no subscription {subscription!r}{did_you_mean(subscription, network.names)};"
                          f" it has {', '.join(network.names)}", option="--subscription")
    return network.part(subscription)
