"""An existing ``.netcfg`` to edit: read strictly, with the layout helpers both edits share."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree

from netcfg.errors import InputError
from netcfg.io import inputs, xml_reader
from netcfg.io.source_map import Source, Span
from netcfg.model import NetworkConfiguration
from netcfg.values import Value


@dataclass(frozen=True, eq=False, repr=False)
class Document(Value):
    """An existing ``.netcfg`` read strictly: its bytes (to keep), its root element and its model."""

    path: str
    data: bytes
    root: etree._Element
    model: NetworkConfiguration

    @classmethod
    def read(cls, path: str) -> Document:
        return cls.parse(path, xml_reader.read_bytes(path))

    @classmethod
    def parse(cls, path: str, data: bytes) -> Document:
        """The document held by ``data``, read from ``path``."""
        if xml_reader.input_kind(data, file=path) == "topology":
            raise InputError("is a topology; only a .netcfg can be edited in place (write one with 'netcfg render')", file=path)
        root = inputs.strict_document(data, file=path)
        return cls(path=path, data=data, root=root, model=xml_reader.build_model(root, file=path))


def child(element: etree._Element | None, tag: str) -> etree._Element | None:
    if element is None:
        return None
    return next((c for c in element.iterchildren(etree.Element) if etree.QName(c).localname == tag), None)


def indent_unit(source: Source, spans: Mapping[etree._Element, Span], root: etree._Element) -> str:
    """The document's indentation step (two spaces when it cannot tell)."""
    first = child(root, "VirtualNetworkConfiguration")
    if first is not None:
        step = source.indent(spans[first])[len(source.indent(spans[root])) :]
        if step:
            return step
    return "  "
