"""The model as a topology file (see :mod:`netcfg.io.topology` for the format)."""

from __future__ import annotations

from netcfg.io import topology
from netcfg.model.subscriptions import NetworkSet
from netcfg.render import DEFAULT_OPTIONS, RenderOptions

HEADER = """netcfg topology: the network as a person writes it.
'netcfg render' turns it into the .netcfg for Set-AzureVNetConfig."""


def render(network: NetworkSet, options: RenderOptions = DEFAULT_OPTIONS) -> bytes:
    """The whole network as one topology, its stand-ins named (``mirrors``), across subscriptions too."""
    return topology.dumps(network, header=HEADER).encode("utf-8")
