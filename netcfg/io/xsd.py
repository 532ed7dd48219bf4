"""Our reconstructed XSD: the one place a document's shape is checked.

lxml decides fast whether a document conforms;
xmlschema explains why not, with better reasons (every unexpected child, not only the first).
xmlschema is slow to import and to compile the schema, so it is loaded only for a document lxml
has already rejected. It also works out all of an element's problems before giving the first,
at a cost that grows with their square: one element with 5,000 unknown attributes took minutes,
one with 40,000 unknown children tens of seconds. So it is asked only where that cost is bounded (few
problems in all, no element with very many children or attributes); elsewhere lxml's own
messages are used. Either way a finding names its element (hence our path and line), each
element gives at most a few reasons and a count of the rest, and a file at most :data:`MOST`:
lxml's verdict is kept, the reading cost is bounded.

Two users: the strict readers (:func:`schema_valid`, lxml's verdict, then the reasons) and the
``xsd`` finding (:func:`shape_problems`).
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Iterable, Iterator
from typing import Any

from lxml import etree

from netcfg.io.assets import schema_bytes
from netcfg.io.xml_reader import ElementPaths
from netcfg.model.network import NAMESPACE

# lxml says "{http://schemas...}Name", xmlschema "nc:Name": the namespace is noise in a message about the shape.
_CLARK = re.compile(r"\{[^}]*\}|\bnc:")


@functools.cache
def compiled() -> etree.XMLSchema:
    return etree.XMLSchema(etree.fromstring(schema_bytes()))


def schema_valid(root: etree._Element) -> bool:
    """Whether ``root`` conforms to the schema (lxml's check, the fast one; :func:`shape_problems` says why not)."""
    return bool(compiled().validate(in_azure_namespace(root)))


# xmlschema is asked only up to these sizes, where its quadratic cost is still small.
XMLSCHEMA_BUDGET = 25  # problems lxml counts in the whole document
XMLSCHEMA_WIDEST = 1000  # children, or attributes, of any one element
PER_ELEMENT = 3  # reasons given for one element before "and N more"
MOST = 100  # findings for one file before "and N more"

Problem = tuple[etree._Element | None, int | None, str]  # (element, line, reason)


@functools.cache
def _xmlschema() -> Any:
    import xmlschema

    return xmlschema.XMLSchema(schema_bytes().decode("utf-8"))


def in_azure_namespace(root: etree._Element) -> etree._Element:
    """``root`` itself, or a copy moved into Azure's namespace so its shape can still be checked."""
    found = etree.QName(root).namespace
    if found == NAMESPACE:
        return root
    moved = copy.deepcopy(root)
    for element in moved.iter(etree.Element):
        name = etree.QName(element)
        if name.namespace == found:
            element.tag = f"{{{NAMESPACE}}}{name.localname}"
    etree.cleanup_namespaces(moved, top_nsmap={None: NAMESPACE})
    return moved


def _from_lxml(root: etree._Element, log: list[Any]) -> Iterator[Problem]:
    tree = root.getroottree()
    elements: dict[str, etree._Element | None] = {}  # an element with many problems is looked up once
    for entry in log:
        if entry.path not in elements:
            found = tree.xpath(entry.path) if entry.path else []
            elements[entry.path] = found[0] if found and isinstance(found[0], etree._Element) else None
        yield elements[entry.path], entry.line or None, _CLARK.sub("", entry.message)


def _from_xmlschema(root: etree._Element) -> Iterator[Problem]:
    for error in _xmlschema().iter_errors(root):
        element = error.elem
        index = getattr(error, "index", None)
        if isinstance(index, int) and element is not None and 0 <= index < len(element):
            element = element[index]  # "unexpected child at position N": point at the child itself
        reason = _CLARK.sub("", str(error.reason or error.message))
        yield element, getattr(element, "sourceline", None) or error.sourceline, reason


def _capped(problems: Iterable[Problem]) -> Iterator[Problem]:
    """At most PER_ELEMENT reasons per element and about MOST in all, each excess said once as a count."""
    by_element: dict[int, list[Problem]] = {}
    for problem in problems:
        by_element.setdefault(id(problem[0]), []).append(problem)
    shown = hidden = 0
    for group in by_element.values():
        if shown >= MOST:
            hidden += len(group)
            continue
        yield from group[:PER_ELEMENT]
        shown += min(len(group), PER_ELEMENT)
        if len(group) > PER_ELEMENT:
            element, line, _ = group[PER_ELEMENT]
            yield element, line, f"and {len(group) - PER_ELEMENT} more schema problems in this element"
            shown += 1
    if hidden:
        yield None, None, f"and {hidden} more schema problems in this file; fix the ones above first"


def shape_problems(root: etree._Element) -> Iterator[tuple[etree._Element | None, int | None, str, str]]:
    """``(element, line, path, reason)`` for every way ``root`` breaks the schema; nothing when it conforms."""
    root = in_azure_namespace(root)
    schema = compiled()
    if schema.validate(root):
        return
    log = list(schema.error_log)
    affordable = len(log) <= XMLSCHEMA_BUDGET and all(
        len(e) <= XMLSCHEMA_WIDEST and len(e.attrib) <= XMLSCHEMA_WIDEST for e in root.iter(etree.Element)
    )
    problems = list(_from_xmlschema(root)) if affordable else list(_from_lxml(root, log))
    if not problems:  # xmlschema saw nothing wrong where lxml did: lxml's verdict stands
        problems = list(_from_lxml(root, log))
    paths = ElementPaths()
    for element, line, reason in _capped(problems):
        yield element, line, paths(element) if element is not None else "", reason
