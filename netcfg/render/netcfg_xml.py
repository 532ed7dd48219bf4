"""The model as a ``.netcfg`` for ``Set-AzureVNetConfig``.

Deterministic bytes: UTF-8 with a double-quoted XML declaration (lxml would write single
quotes), two-space indent, LF line ends, and the ``xsd``/``xsi`` namespace declarations that
exports carry; elements in the order Azure exports them (see :mod:`netcfg.io.xml_writer`).
"""

from __future__ import annotations

from lxml import etree

from netcfg.io.xml_writer import to_element
from netcfg.model import NetworkConfiguration
from netcfg.render import DEFAULT_OPTIONS, RenderOptions

DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>\n'


def render(config: NetworkConfiguration, options: RenderOptions = DEFAULT_OPTIONS) -> bytes:
    """The ``.netcfg`` bytes of ``config``."""
    return DECLARATION + etree.tostring(to_element(config), encoding="utf-8", pretty_print=True)
