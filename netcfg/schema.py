"""Our reconstructed XSD, compiled once with lxml: the fast check of a document's shape.

lxml answers "does it conform?" in about a millisecond per thousand elements. The validator
asks xmlschema for its more precise reasons only when this says no (see validate/xsd.py).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from lxml import etree

from netcfg.resources import schema_bytes

# lxml says "{http://schemas...}Name": the namespace is noise in a message about the shape.
_CLARK = re.compile(r"\{[^}]*\}")


@dataclass(frozen=True, slots=True)
class SchemaError:
    """One way a document breaks the schema, as lxml says it (namespaces left out)."""

    line: int | None
    message: str


@functools.cache
def compiled() -> etree.XMLSchema:
    return etree.XMLSchema(etree.fromstring(schema_bytes()))


def schema_errors(root: etree._Element) -> list[SchemaError]:
    """Every way ``root`` breaks the schema, in document order (empty when it conforms)."""
    schema = compiled()
    if schema.validate(root):
        return []
    return [SchemaError(entry.line or None, _CLARK.sub("", entry.message)) for entry in schema.error_log]
