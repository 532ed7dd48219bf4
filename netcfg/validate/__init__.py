"""Validation: safe parse (syntax) -> XSD (shape) -> rules (meaning), collecting findings as values.

The rules run whenever a file parsed into a model, so one run reports every problem it can. File
rules run on each file; network rules run once on the whole network, with the stand-in relation
worked out once (:func:`netcfg.model.standins.resolve`): a ``.netcfg`` alone, a topology (which may
span subscriptions), or the files of one network given together (``validate --network``). Each
finding goes to the file its object came from, under that file's selection and suppressions.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple
from dataclasses import dataclass
from ipaddress import IPv4Address

from lxml import etree

from netcfg.errors import ClosedInput, Hint, InputError, InputErrors, ModelError, Option, UsageError, expect_path
from netcfg.findings import Finding, Severity
from netcfg.io import xml_reader
from netcfg.io.columns import ElementColumns
from netcfg.io.xsd import shape_problems
from netcfg.model import Position
from netcfg.model.standins import resolve
from netcfg.model.subscriptions import NetworkSet, Part, Subscription
from netcfg.validate.rules import RULES, NetworkSubject, Problem, Rule, Subject
from netcfg.values import Value

if TYPE_CHECKING:
    from netcfg.validate import suppressions

SUFFIXES = xml_reader.XML_SUFFIXES


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class Selection(Value):
    """Which rules run: all but ``ignore``, or only ``select`` when given."""

    select: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()
    report_unused_suppressions: bool = False
    # Judge the network as one netcfg is about to create (validate --for OUTPUT): as a runbook or an
    # export judges it, a few rules are errors there that are warnings in an old export.
    as_new: bool = False

    @property
    def kind(self) -> str:
        """How the rules see a .netcfg: "netcfg" (an export as it is), or "topology" (a network to create)."""
        return "topology" if self.as_new else "netcfg"

    def __post_init__(self) -> None:
        # A selection naming no real rule would check nothing and look clean: said instead.
        for name, value in (("select", self.select), ("ignore", self.ignore)):
            if isinstance(value, str) or not all(isinstance(v, str) for v in value):
                raise UsageError(f"Selection {name} is a set of rule IDs such as {{'xsd'}}, not {value!r:.60}")
            unknown = sorted(set(value) - set(RULES))
            if unknown:
                raise UsageError(
                    f"Selection {name}: no rule {unknown[0]!r}{RULES.suggest(unknown[0])}; 'netcfg rules' lists them"
                )

    def wants(self, rule_id: str) -> bool:
        return (not self.select or rule_id in self.select) and rule_id not in self.ignore


ALL = Selection()
Addresses = Mapping[str, IPv4Address]


def expand(paths: Iterable[str]) -> list[str]:
    """Files to check: each file as given, each directory's ``*.netcfg`` and ``*.xml`` and its topologies
    (recursively), ``-`` as is."""
    found: list[str] = []
    for path in paths:
        if path != "-" and os.path.isdir(path):
            from pathlib import Path  # deferred (netcfg.deferred): only a directory argument needs it

            found += sorted(
                str(p) for p in Path(path).rglob("*") if p.is_file() and (p.suffix.lower() in SUFFIXES or _is_topology(p))
            )
        else:
            found.append(path)
    return found


# A folder holds other TOML too (.netcfg.toml settings, pyproject.toml, any tool's): a topology is a
# .toml file with one of the tables only a topology has.
_TOPOLOGY_TABLES = ("[[vnet]]", "[[local_site]]", "[[subscription]]", "[[affinity_group]]")


def _is_topology(path: Any) -> bool:
    if path.suffix.lower() != ".toml" or path.name in (".netcfg.toml", "pyproject.toml"):
        return False
    try:
        head = path.read_bytes()[: 1 << 20].decode("utf-8", errors="replace")
    except OSError:
        return True  # unreadable: checked, so that the reason is said
    return any(line.strip().startswith(_TOPOLOGY_TABLES) for line in head.splitlines())


class _Document(NamedTuple):
    """One file of the network being checked: where its findings go, and what may silence them.

    (A named tuple, as the rules' records are: see netcfg.validate.rules.base.)"""

    file: str
    selection: Selection
    paths: xml_reader.ElementPaths
    root: etree._Element | None = None  # a .netcfg's document (a topology has none)
    columns: ElementColumns | None = None
    silencer: suppressions.Silencer | None = None

    def finding(self, rule: Rule, problem: Problem, lines: Mapping[etree._Element, int] | None = None) -> Finding:
        where = problem.where
        line = where.sourceline if where is not None else None
        column, path = None, ""
        if isinstance(where, Position):  # an object of a topology: its line there, and its readable path
            path = where.path
        elif isinstance(where, etree._Element):
            path = self.paths(where)
            if line is None and lines:
                line = lines.get(where)
            elif self.columns is not None:
                column = self.columns(where)
        return Finding(
            rule=rule.id,
            severity=problem.severity or rule.severity,
            message=problem.message,
            file=self.file,
            line=line,
            column=column,
            path=path,
            hints=problem.hints,
        )

    def keeps(self, rule: Rule, problem: Problem) -> bool:
        """Whether a finding of ``rule`` here is reported (selected, not silenced)."""
        if not self.selection.wants(rule.id):
            return False
        element = problem.where if isinstance(problem.where, etree._Element) else None
        return self.silencer is None or not self.silencer.silences(rule.id, element)


def _file_findings(subject: Subject, document: _Document) -> Iterator[Finding]:
    for rule in RULES.values():
        if rule.check is not None and document.selection.wants(rule.id):
            for problem in rule.check(subject):
                if document.keeps(rule, problem):
                    yield document.finding(rule, problem, subject.lines)


def _network_findings(subject: NetworkSubject, documents: list[_Document]) -> Iterator[Finding]:
    """The network rules' findings, each in the file its object came from."""
    by_root = {document.root: document for document in documents if document.root is not None}
    for rule in RULES.values():
        if rule.network_check is None or not any(d.selection.wants(rule.id) for d in documents):
            continue
        for problem in rule.network_check(subject):
            where = problem.where
            root = where.getroottree().getroot() if isinstance(where, etree._Element) else None
            document = by_root.get(root, documents[0]) if root is not None else documents[0]
            if document.keeps(rule, problem):
                yield document.finding(rule, problem)


def _unused_suppressions(documents: Iterable[_Document]) -> Iterator[Finding]:
    for document in documents:
        if document.silencer is not None:
            for line, message in document.silencer.unused(RULES, stale=document.selection.report_unused_suppressions):
                yield Finding(
                    rule="unused-suppression", severity=Severity.WARNING, message=message, file=document.file, line=line
                )


def _parts_findings(
    network: NetworkSet, documents: list[_Document], subjects: list[Subject], addresses: Addresses | None, kind: str
) -> Iterator[Finding]:
    """File rules on each part's subject (in its document), then network rules on the resolved whole."""
    for subject, document in zip(subjects, documents):
        yield from _file_findings(subject, document)
    yield from _network_findings(NetworkSubject.of(network, kind=kind, addresses=addresses), documents)


def _topology_subjects(network: NetworkSet) -> list[Subject]:
    subjects = []
    for part in network.parts:
        from netcfg.io.xml_writer import located_element  # deferred: only a topology needs it

        root, lines = located_element(part.config)
        subjects.append(Subject.of(root, part.config, kind="topology", lines=lines))
    return subjects


def model_findings(
    network: NetworkSet, *, file: str = "", selection: Selection = ALL, addresses: Addresses | None = None
) -> list[Finding]:
    """Every finding of the rules for a network that was not read from XML (a topology, a built network),
    judged as a new network (a topology is what netcfg turns into new files).

    The rules that read a document read the network's own ``.netcfg``; an object read from a
    topology keeps its topology line, so findings point there.
    """
    if network.relation is None:
        network = resolve(network)
    document = _Document(file=file, selection=selection, paths=xml_reader.ElementPaths())
    found = _parts_findings(network, [document] * len(network.parts), _topology_subjects(network), addresses, "topology")
    return sorted(found, key=Finding.sort_key)


def _topology_findings(data: bytes, file: str, selection: Selection, addresses: Addresses | None) -> Iterator[Finding]:
    try:
        from netcfg.io import topology  # deferred: a .netcfg, what most runs check, needs no TOML

        network = topology.loads(topology.text_of(data, file=file), file=file)
    except InputErrors as exc:  # every problem of the file, each with its line
        for line, message in exc.problems:
            yield Finding(rule="invalid-topology", severity=Severity.ERROR, message=message, file=file, line=line)
        return
    except InputError as exc:
        yield Finding(rule="invalid-topology", severity=Severity.ERROR, message=exc.message, file=file, line=exc.line)
        return
    yield from model_findings(network, file=file, selection=selection, addresses=addresses)


def _silencer(root: etree._Element) -> suppressions.Silencer | None:
    """What silences findings in the document: none without a comment, which most files have; the
    suppressions module is loaded for those that have one (netcfg.deferred)."""
    places = (root.itersiblings(etree.Comment, preceding=True), root.itersiblings(etree.Comment), root.iter(etree.Comment))
    if not any(next(place, None) is not None for place in places):
        return None
    from netcfg.validate import suppressions

    return suppressions.Silencer(suppressions.read(root))


def _parsed(data: bytes, file: str, selection: Selection) -> tuple[_Document | None, list[Finding]]:
    """A ``.netcfg``'s document ready for the rules, with the findings of parsing and the schema."""
    try:
        root = xml_reader.parse_document(data, file=file)
    except InputError as exc:
        return None, [
            Finding(rule="xml-syntax", severity=Severity.ERROR, message=exc.message, file=file, line=exc.line, column=exc.column)
        ]
    local_name = etree.QName(root).localname
    if local_name != xml_reader.ROOT:  # not a network configuration at all: nothing more to check
        return None, [
            Finding(
                rule="xsd",
                severity=Severity.ERROR,
                message=xml_reader.root_problem(root) or "",
                file=file,
                line=root.sourceline,
                path=f"/{local_name}",
            )
        ]
    document = _Document(
        file=file,
        selection=selection,
        paths=xml_reader.ElementPaths(),
        root=root,
        columns=ElementColumns(data, root),
        silencer=_silencer(root),
    )
    found = []
    if selection.wants("xsd"):
        for element, line, path, reason in shape_problems(root):
            if document.silencer is not None and document.silencer.silences("xsd", element):
                continue
            column = (
                document.columns(element) if document.columns and element is not None and element.sourceline == line else None
            )
            found.append(
                Finding(rule="xsd", severity=Severity.ERROR, message=reason, file=file, line=line, column=column, path=path)
            )
    return document, found


def _findings(data: bytes, file: str, selection: Selection, addresses: Addresses | None) -> Iterator[Finding]:
    try:
        kind = xml_reader.input_kind(data, file=file)
    except InputError as exc:
        rule = "invalid-topology" if file.lower().endswith(".toml") else "xml-syntax"
        yield Finding(rule=rule, severity=Severity.ERROR, message=exc.message, file=file, line=exc.line, column=exc.column)
        return
    if kind == "topology":
        yield from _topology_findings(data, file, selection, addresses)
        return
    document, found = _parsed(data, file, selection)
    yield from found
    if document is None or document.root is None:
        return
    network = resolve(NetworkSet.single(xml_reader.build_model(document.root, strict=False, file=file)))
    subject = Subject.of(document.root, network.parts[0].config, kind=selection.kind, source=data)
    yield from _parts_findings(network, [document], [subject], addresses, selection.kind)
    yield from _unused_suppressions([document])


def validate_bytes(
    data: bytes, *, file: str = "-", selection: Selection = ALL, addresses: Addresses | None = None
) -> list[Finding]:
    """Every finding for one document (a ``.netcfg`` or a topology), sorted by line.

    ``addresses`` are the gateway VIPs the runbook wrote (gateways.json), to check the second pass.
    """
    if not isinstance(data, bytes):
        raise UsageError(f"validate_bytes takes the file's bytes, not {type(data).__name__}")
    found = [f for f in _findings(data, file, selection, addresses) if selection.wants(f.rule)]
    return sorted(found, key=Finding.sort_key)


def _read(path: str) -> tuple[bytes | None, Finding | None]:
    try:
        return xml_reader.read_bytes(path), None
    except ClosedInput:
        raise  # not a finding about a file: the command cannot run at all
    except InputError as exc:
        return None, Finding(rule="xml-syntax", severity=Severity.ERROR, message=exc.message, file=path)


def validate_path(path: str, *, selection: Selection = ALL, addresses: Addresses | None = None) -> list[Finding]:
    """Every finding for the file at ``path`` (``-`` for standard input); unreadable files are findings too."""
    path = expect_path("validate_file", path)
    data, unreadable = _read(path)
    if data is None:
        return [unreadable] if unreadable else []
    return validate_bytes(data, file=path, selection=selection, addresses=addresses)


def _a_topology(data: bytes, path: str) -> bool:
    try:
        return xml_reader.input_kind(data, file=path) == "topology"
    except InputError:
        return False  # unreadable: its own finding says why


def unknown_rules(ids: Collection[str]) -> list[str]:
    return sorted(set(ids) - set(RULES))


def _repeated_vnets(documents: list[_Document], parts: list[Part]) -> Iterator[Finding]:
    """A duplicate-name finding at each VNet whose name an earlier file already has, at its own line."""
    first: dict[str, tuple[_Document, Any]] = {}
    rule = RULES["duplicate-name"]
    for document, part in zip(documents, parts):
        for vnet in part.config.vnets:
            if vnet.name not in first:
                first[vnet.name] = (document, vnet.origin)
                continue
            earlier, origin = first[vnet.name]
            if earlier is document:
                continue  # twice in one file: the file rule says so
            line = getattr(origin, "sourceline", None)
            problem = Problem(
                where=vnet.origin,
                message=f"VNet {vnet.name!r} is also in {earlier.file}{f' (line {line})' if line else ''}: the files of one"
                " network need distinct VNet names, or which one a stand-in means cannot be told; rename one,"
                " or check files that are not one network separately",
            )
            if document.keeps(rule, problem):
                yield document.finding(rule, problem)


def validate_network(
    paths: list[str], *, selection: Callable[[str], Selection] = lambda path: ALL, addresses: Addresses | None = None
) -> list[Finding]:
    """Every finding about several ``.netcfg`` files that are one network, one subscription's file each.

    Each file is a part named after its folder (``net/Production/NetworkConfig.netcfg`` is
    ``Production``, as ``netcfg stretch`` writes them) or, where folders repeat, after the file. The
    file rules run on each file and the network rules on the whole, with one stand-in relation;
    each file has its own ``selection`` (its settings). A file that cannot be read or parsed has
    its findings, and the network is checked without it.
    """
    from netcfg.io.inputs import part_names

    found: list[Finding] = []
    documents, parts, subjects = [], [], []
    for path, name in zip(paths, part_names(paths)):
        data, unreadable = _read(path)
        if data is not None and len(paths) > 1 and _a_topology(data, path):
            raise UsageError(
                f"{path} is a topology, which holds a whole network: check it alone",
                hints=(Hint("not with other files as one network", Option.NETWORK),),
            )
        if data is None:
            found += [unreadable] if unreadable else []
            continue
        document, parsed = _parsed(data, path, selection(path))
        found += parsed
        if document is None or document.root is None:
            continue
        config = xml_reader.build_model(document.root, strict=False, file=path)
        documents.append(document)
        parts.append(Part(subscription=Subscription(name=name), config=config))
    if not parts:
        return sorted(found, key=Finding.sort_key)
    repeated = list(_repeated_vnets(documents, parts))
    if repeated:  # which of the two a stand-in means cannot be told: the network rules cannot run
        return sorted(found + repeated, key=Finding.sort_key)
    try:
        network = resolve(NetworkSet(parts=tuple(parts)))
    except ModelError as exc:  # one VNet name in two files: which one a stand-in means cannot be told
        found.append(Finding(rule="duplicate-name", severity=Severity.ERROR, message=str(exc), file=documents[0].file))
        return sorted(found, key=Finding.sort_key)
    kind = selection(documents[0].file).kind
    subjects = [Subject.of(d.root, part.config, kind=kind) for d, part in zip(documents, network.parts) if d.root is not None]
    found += _parts_findings(network, documents, subjects, addresses, kind)
    found += _unused_suppressions(documents)
    return sorted((f for f in found if selection(f.file).wants(f.rule)), key=Finding.sort_key)
