"""The model as a ``.netcfg`` for ``Set-AzureVNetConfig``.

Deterministic bytes: UTF-8 with a double-quoted XML declaration (lxml would write single
quotes), two-space indent, LF line ends, and the ``xsd``/``xsi`` namespace declarations that
exports carry; elements in the order Azure exports them (see :mod:`netcfg.io.xml_writer`).
"""

from __future__ import annotations

from lxml import etree

from netcfg.io.xml_writer import to_element
from netcfg.model import NetworkConfiguration
from netcfg.model.subscriptions import NetworkSet
from netcfg.render import DEFAULT_OPTIONS, RenderOptions, one_part

DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>\n'


def render(network: NetworkSet, options: RenderOptions = DEFAULT_OPTIONS) -> bytes:
    """The ``.netcfg`` of the network's one subscription (or of the one ``options`` names)."""
    return netcfg_bytes(one_part(network, options).config)


def netcfg_bytes(config: NetworkConfiguration) -> bytes:
    """The ``.netcfg`` bytes of one subscription's configuration."""
    return DECLARATION + etree.tostring(to_element(config), encoding="utf-8", pretty_print=True)
