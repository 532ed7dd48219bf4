"""The model as a topology file (see :mod:`netcfg.io.topology` for the format)."""

from __future__ import annotations

from netcfg.io import topology
from netcfg.model import NetworkConfiguration
from netcfg.render import DEFAULT_OPTIONS, RenderOptions

HEADER = """netcfg topology: the network as a person writes it.
'netcfg render' turns it into the .netcfg for Set-AzureVNetConfig."""


def render(config: NetworkConfiguration, options: RenderOptions = DEFAULT_OPTIONS) -> bytes:
    return topology.dump(config, header=HEADER).encode("utf-8")
