"""The model as a ``.netcfg`` for ``Set-AzureVNetConfig``.

Deterministic bytes: UTF-8 with a double-quoted XML declaration (lxml would write single
quotes), two-space indent, LF line ends, and the ``xsd``/``xsi`` namespace declarations that
exports carry; elements in the order Azure exports them (see :mod:`netcfg.elements`).
"""

from __future__ import annotations

from lxml import etree

from netcfg.elements import to_element
from netcfg.model import NetworkConfiguration

DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>\n'


def render(config: NetworkConfiguration) -> bytes:
    """The ``.netcfg`` bytes of ``config``."""
    return DECLARATION + etree.tostring(to_element(config), encoding="utf-8", pretty_print=True)
