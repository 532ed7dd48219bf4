"""The model as a topology file (see :mod:`netcfg.topology` for the format)."""

from __future__ import annotations

from netcfg import topology
from netcfg.model import NetworkConfiguration

HEADER = """netcfg topology: the network as a person writes it.
'netcfg render' turns it into the .netcfg for Set-AzureVNetConfig."""


def render(config: NetworkConfiguration) -> bytes:
    return topology.dump(config, header=HEADER).encode("utf-8")
