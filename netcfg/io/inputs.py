"""Any input file as the model: a ``.netcfg`` (XML) or a topology (TOML), told apart by content.

This is the strict door used by commands that write something new from their input (render,
runbook, ...): a file that breaks the schema or holds a value the model cannot take is refused
with its line, never half-read. ``netcfg validate`` is the forgiving door that reports everything;
both decide what a file is with :func:`netcfg.io.xml_reader.input_kind`, so they refuse the same bytes
(empty input, an encoding netcfg cannot read) with the same words.
"""

from __future__ import annotations

from lxml import etree

from netcfg.io import xml_reader

from netcfg.io import topology
from netcfg.errors import InputError, OptionError
from netcfg.model import NetworkConfiguration, infer_mirrors
from netcfg.model.subscriptions import DEFAULT_SUBSCRIPTION, NetworkSet
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


def read_network(paths: list[str]) -> NetworkConfiguration:
    """One network from the files at ``paths``: a single file's model, or the files of one network
    (say, one per subscription) joined, with each stand-in site found again across all of them.

    Names must be unique across the files: a name in two of them is refused, since which one a
    reference means could not be told.
    """
    models = [read_model(path) for path in paths]
    if len(models) == 1:
        return models[0]
    _refuse_shared_names(paths, models)
    joined = NetworkConfiguration.create(
        dns_servers=[d for m in models for d in m.dns_servers], vnets=[v for m in models for v in m.vnets],
        local_sites=[s for m in models for s in m.local_sites],
        affinity_groups=list({g.name: g for m in models for g in m.affinity_groups}.values()))
    # A site in one file stands in for a VNet in another: infer across the set, keeping what a file said.
    return joined.with_mirrors(infer_mirrors(joined.vnets, [s for s in joined.local_sites if s.mirrors is None]))


def _refuse_shared_names(paths: list[str], models: list[NetworkConfiguration]) -> None:
    seen: dict[str, str] = {}
    for path, model in zip(paths, models):
        for name in [v.name for v in model.vnets] + [s.name for s in model.local_sites]:
            if name in seen:
                raise InputError(f"{name!r} is also in {seen[name]}; the files of one network need distinct names",
                                 file=path)
            seen[name] = path


def network_from_bytes(data: bytes, *, file: str) -> NetworkSet:
    """The network held by ``data``: a topology's subscriptions, or one part for a ``.netcfg`` (one subscription's file)."""
    if xml_reader.input_kind(data, file=file) == "netcfg":
        return NetworkSet.single(model_from_bytes(data, file=file))
    return topology.load_set(topology.text_of(data, file=file), file=file)


def read_part(path: str, subscription: str | None) -> NetworkConfiguration:
    """The network of one subscription in the file at ``path``: the one there is, or the one named."""
    data = xml_reader.read_bytes(path)
    if subscription is None:
        return model_from_bytes(data, file=path)
    network = network_from_bytes(data, file=path)
    if network.names == [DEFAULT_SUBSCRIPTION]:
        raise OptionError(f"{path} names no subscriptions: it is one subscription's network already", option="--subscription")
    if subscription not in network.names:
        raise OptionError(f"{path} has no subscription {subscription!r}{did_you_mean(subscription, network.names)};"
                          f" it has {', '.join(network.names)}", option="--subscription")
    return network.part(subscription)
