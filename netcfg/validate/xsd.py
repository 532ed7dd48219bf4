"""The ``xsd`` findings: lxml decides fast whether a document conforms; xmlschema explains why not.

xmlschema costs ~170 ms to import and ~150 ms to compile the schema, so it is only loaded
for a document lxml has already rejected. Its errors carry the element (hence our path and
line) and a reason; lxml's own messages are the fallback.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

from netcfg.model import NAMESPACE
from netcfg.parse import element_path
from netcfg.resources import schema_bytes
from netcfg.schema import schema_errors

_CLARK = re.compile(r"\{[^}]*\}|\bnc:")


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


def shape_problems(root: etree._Element) -> Iterator[tuple[int | None, str, str]]:
    """``(line, path, reason)`` for every way ``root`` breaks the schema; nothing when it conforms."""
    root = in_azure_namespace(root)
    fallback = schema_errors(root)
    if not fallback:
        return
    detailed = list(_xmlschema().iter_errors(root))
    if not detailed:
        for error in fallback:
            yield error.line, "", error.message
        return
    for error in detailed:
        element = error.elem
        index = getattr(error, "index", None)
        if isinstance(index, int) and element is not None and len(element) > index:
            element = element[index]  # "unexpected child at position N": point at the child itself
        reason = _CLARK.sub("", str(error.reason or error.message))
        line = getattr(element, "sourceline", None) or error.sourceline
        yield line, element_path(element) if element is not None else "", reason
