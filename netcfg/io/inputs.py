"""Any input file as the model: a ``.netcfg`` (XML) or a topology (TOML), told apart by content.

This is the strict door used by commands that write something new from their input (render,
runbook, ...): a file that breaks the schema or holds a value the model cannot take is refused
with its line, never half-read. ``netcfg validate`` is the forgiving door that reports everything;
both decide what a file is with :func:`netcfg.io.xml_reader.input_kind`, so they refuse the same bytes
(empty input, an encoding netcfg cannot read) with the same words.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from lxml import etree

from netcfg.io import xml_reader

from netcfg.errors import InputError, ModelError, UsageError, expect_path
from netcfg.model import NetworkConfiguration
from netcfg.model.subscriptions import DEFAULT_SUBSCRIPTION, NetworkSet, Part, Subscription
from netcfg.io.xsd import schema_valid, shape_problems


def strict_document(data: bytes, *, file: str) -> etree._Element:
    """The root of a ``.netcfg`` that is well-formed, a NetworkConfiguration, and conforms to the schema."""
    root = xml_reader.parse_document(data, file=file)
    problem = xml_reader.root_problem(root)
    if problem:
        raise InputError(problem, file=file, line=root.sourceline)
    if not schema_valid(root):
        # The words validate's xsd finding uses, each problem with its line: one error, all causes.
        problems = [(line, reason.rstrip(". ")) for _, line, _, reason in shape_problems(root)]
        if len(problems) == 1:
            listed = problems[0][1]
        else:
            listed = "; ".join(f"line {line}: {reason}" if line else reason for line, reason in problems[:5])
            listed += f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise InputError(
            f"does not match the NetworkConfiguration schema: {listed}; 'netcfg validate {file}' shows each with its place",
            file=file,
            line=problems[0][0] if problems else None,
        )
    return root


def model_from_bytes(data: bytes, *, file: str) -> NetworkConfiguration:
    """The configuration held by ``data``, a ``.netcfg`` or a topology of one subscription."""
    network = network_from_bytes(data, file=file)
    sole = network.sole()
    if sole is None:
        raise InputError(
            f"holds the networks of {len(network.parts)} subscriptions ({', '.join(network.names)});"
            " this needs one subscription's network",
            file=file,
        )
    return sole.config


def read_model(path: str) -> NetworkConfiguration:
    """The configuration held by the file at ``path`` (``-`` for standard input)."""
    path = expect_path("read", path)
    return model_from_bytes(xml_reader.read_bytes(path), file=path)


def network_from_bytes(data: bytes, *, file: str) -> NetworkSet:
    """The network held by ``data``: a topology's subscriptions, or one part for a ``.netcfg`` (one subscription's file)."""
    if xml_reader.input_kind(data, file=file) == "netcfg":
        return NetworkSet.single(xml_reader.build_model(strict_document(data, file=file), strict=True, file=file))
    from netcfg.io import topology  # deferred: a .netcfg needs no TOML

    return topology.loads(topology.text_of(data, file=file), file=file)


def read_network(paths: Sequence[str]) -> NetworkSet:
    """The network in the files at ``paths``: one file's (a topology may hold several subscriptions),
    or the ``.netcfg`` files of one network, one subscription's each, named after their folders (as
    ``netcfg stretch --subscription`` writes them) or, where folders repeat, after the files.

    Which site stands in for which VNet is not worked out here (see :func:`netcfg.model.standins.resolve`).
    """
    if isinstance(paths, str) or not all(isinstance(p, str) for p in paths):
        raise UsageError(f"read_network takes a list of paths, not {paths!r:.60} (for one file: [path])")
    if not paths:
        raise UsageError("read_network needs the files of a network: none were given")
    if len(paths) == 1:
        return network_from_bytes(xml_reader.read_bytes(paths[0]), file=paths[0])
    parts = []
    for path, name in zip(paths, part_names(paths)):
        network = network_from_bytes(xml_reader.read_bytes(path), file=path)
        if network.from_topology:
            raise InputError("is a topology, which holds a whole network: give it alone, not with other files", file=path)
        parts.append(Part(subscription=Subscription(name=name), config=network.parts[0].config))
    try:
        return NetworkSet(parts=tuple(parts))
    except ModelError as exc:
        raise InputError(f"not one network: {exc}", file=paths[0]) from None


def part_names(paths: Sequence[str]) -> list[str]:
    """The subscription each of a network's files is taken for: its folder's name (as ``netcfg stretch
    --subscription`` writes them), or, where folders repeat, the file's; one file alone is one
    unnamed subscription's, as a lone ``.netcfg`` is."""
    if len(paths) == 1:
        return [DEFAULT_SUBSCRIPTION]
    folders = [os.path.basename(os.path.dirname(os.path.abspath(p))) for p in paths]
    return folders if len(set(folders)) == len(folders) else [os.path.basename(p) for p in paths]
