"""Validation: safe parse (syntax) -> XSD (shape) -> rules (meaning), collecting findings as values.

The rules run whenever the file parsed into a model, so one run reports every problem it can.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Iterator, Mapping
from ipaddress import IPv4Address
from dataclasses import dataclass

from lxml import etree

from netcfg.io import xml_reader

from netcfg.io import topology
from netcfg.io.xml_writer import located_element
from netcfg.errors import ClosedInput, InputError, ModelError
from netcfg.findings import Finding, Severity
from netcfg.model import NetworkConfiguration, Position
from netcfg.validate.rules import RULES, Problem, Rule, Subject
from netcfg.io.columns import ElementColumns
from netcfg.validate import network_set, suppressions
from netcfg.io.xsd import shape_problems

SUFFIXES = xml_reader.XML_SUFFIXES


@dataclass(frozen=True, kw_only=True)
class Selection:
    """Which rules run: all but ``ignore``, or only ``select`` when given."""

    select: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()
    report_unused_suppressions: bool = False

    def wants(self, rule_id: str) -> bool:
        return (not self.select or rule_id in self.select) and rule_id not in self.ignore


ALL = Selection()


def expand(paths: Iterable[str]) -> list[str]:
    """Files to check: each file as given, each directory's ``*.netcfg`` and ``*.xml`` (recursively), ``-`` as is."""
    found: list[str] = []
    for path in paths:
        if path != "-" and os.path.isdir(path):
            from pathlib import Path  # deferred (netcfg.deferred): only a directory argument needs it

            found += sorted(str(p) for p in Path(path).rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
        else:
            found.append(path)
    return found


def _finding(rule: Rule, problem: Problem, subject: Subject, file: str, paths: xml_reader.ElementPaths,
             columns: ElementColumns | None) -> Finding:
    where = problem.where
    line = where.sourceline if where is not None else None
    column = None
    if isinstance(where, Position):  # an object of a topology: its line there, and its readable path
        path = where.path
    elif isinstance(where, etree._Element):
        path = paths(where)
        if line is None:
            line = subject.lines.get(where)
        elif columns is not None:
            column = columns(where)
    else:
        path = ""
    return Finding(
        rule=rule.id,
        severity=problem.severity or rule.severity,
        message=problem.message,
        file=file,
        line=line,
        column=column,
        path=path,
    )


def _rule_findings(subject: Subject, file: str, selection: Selection, columns: ElementColumns | None = None,
                   silencer: suppressions.Silencer | None = None) -> Iterator[Finding]:
    paths = xml_reader.ElementPaths()
    for rule in RULES.values():
        if rule.check is not None and selection.wants(rule.id):
            for problem in rule.check(subject):
                where = problem.where if isinstance(problem.where, etree._Element) else None
                if silencer is None or not silencer.silences(rule.id, where):
                    yield _finding(rule, problem, subject, file, paths, columns)


def model_findings(config: NetworkConfiguration, *, kind: str = "topology", file: str = "",
                   selection: Selection = ALL) -> list[Finding]:
    """Every finding of the rules for a model that was not read from XML (a topology, a built network).

    The rules that read a document read the model's own ``.netcfg``; an object read from a
    topology keeps its topology line, so findings point there.
    """
    root, lines = located_element(config)
    subject = Subject.of(root, config, kind=kind, lines=lines)
    return sorted(_rule_findings(subject, file, selection), key=Finding.sort_key)


def _topology_findings(data: bytes, file: str, selection: Selection) -> Iterator[Finding]:
    try:
        network = topology.load_set(topology.text_of(data, file=file), file=file)
    except InputError as exc:
        yield Finding(rule="invalid-topology", severity=Severity.ERROR, message=exc.message, file=file, line=exc.line)
        return
    for part in network.parts:
        yield from model_findings(part.config, kind="topology", file=file, selection=selection)
    yield from network_set.set_findings(network, dict.fromkeys(network.names, file))


def _findings(data: bytes, file: str, selection: Selection) -> Iterator[Finding]:
    try:
        if xml_reader.input_kind(data, file=file) == "topology":
            yield from _topology_findings(data, file, selection)
            return
        root = xml_reader.parse_document(data, file=file)
    except InputError as exc:
        yield Finding(rule="xml-syntax", severity=Severity.ERROR, message=exc.message, file=file, line=exc.line,
                      column=exc.column)
        return
    local_name = etree.QName(root).localname
    if local_name != xml_reader.ROOT:  # not a network configuration at all: nothing more to check
        yield Finding(rule="xsd", severity=Severity.ERROR, message=xml_reader.root_problem(root) or "", file=file,
                      line=root.sourceline, path=f"/{local_name}")
        return
    columns = ElementColumns(data, root)
    silencer = suppressions.Silencer(suppressions.read(root))
    if selection.wants("xsd"):
        for element, line, path, reason in shape_problems(root):
            if silencer.silences("xsd", element):
                continue
            column = columns(element) if element is not None and element.sourceline == line else None
            yield Finding(rule="xsd", severity=Severity.ERROR, message=reason, file=file, line=line, column=column,
                          path=path)
    subject = Subject.of(root, xml_reader.build_model(root, strict=False, file=file))
    yield from _rule_findings(subject, file, selection, columns, silencer)
    if selection.report_unused_suppressions:
        for line, message in silencer.unused(RULES):
            yield Finding(rule="unused-suppression", severity=Severity.WARNING, message=message, file=file, line=line)


def validate_bytes(data: bytes, *, file: str = "-", selection: Selection = ALL) -> list[Finding]:
    """Every finding for one document, sorted by line."""
    found = [f for f in _findings(data, file, selection) if selection.wants(f.rule)]
    return sorted(found, key=Finding.sort_key)


def validate_path(path: str, *, selection: Selection = ALL) -> list[Finding]:
    """Every finding for the file at ``path`` (``-`` for standard input); unreadable files are findings too."""
    try:
        data = xml_reader.read_bytes(path)
    except ClosedInput:
        raise  # not a finding about a file: the command cannot run at all
    except InputError as exc:
        return [Finding(rule="xml-syntax", severity=Severity.ERROR, message=exc.message, file=path)]
    return validate_bytes(data, file=path, selection=selection)


def unknown_rules(ids: Collection[str]) -> list[str]:
    return sorted(set(ids) - set(RULES))


def network_findings(paths: list[str], *, addresses: Mapping[str, IPv4Address] | None = None,
                     selection: Selection = ALL) -> list[Finding]:
    """The findings about several ``.netcfg`` files as one network, one subscription's file each.

    Each file is a part named after its folder (``net/Production/NetworkConfig.netcfg`` is
    ``Production``, as ``netcfg stretch`` writes them) or, where folders repeat, after the file. A
    file that cannot be read has its own findings from :func:`validate_path`; the set is checked
    without it.
    """
    from netcfg.io.inputs import part_names
    from netcfg.model.subscriptions import NetworkSet, Part, Subscription

    parts, files = [], {}
    for path, name in zip(paths, part_names(paths)):
        try:
            root = xml_reader.parse_document(xml_reader.read_bytes(path), file=path)
            config = xml_reader.build_model(root, strict=False, file=path)
        except InputError:
            continue
        parts.append(Part(subscription=Subscription(name=name), config=config))
        files[name] = path
    try:
        network = NetworkSet(parts=tuple(parts))
    except ModelError as exc:  # one VNet name in two files: which one a stand-in means cannot be told
        return [Finding(rule="duplicate-name", severity=Severity.ERROR, message=str(exc), file=paths[0])]
    found = [f for f in network_set.set_findings(network, files, addresses) if selection.wants(f.rule)]
    return sorted(found, key=Finding.sort_key)
