"""The model as a topology file (see :mod:`netcfg.io.topology` for the format)."""

from __future__ import annotations

from netcfg.io import topology
from netcfg.model import NetworkConfiguration
from netcfg.model.subscriptions import NetworkSet
from netcfg.render import DEFAULT_OPTIONS, RenderOptions

HEADER = """netcfg topology: the network as a person writes it.
'netcfg render' turns it into the .netcfg for Set-AzureVNetConfig."""


def render(config: NetworkConfiguration, options: RenderOptions = DEFAULT_OPTIONS) -> bytes:
    return topology.dump(config, header=HEADER).encode("utf-8")


def render_set(network: NetworkSet) -> bytes:
    """A network across subscriptions as one topology (one subscription: :func:`render`'s)."""
    return topology.dump_set(network, header=HEADER).encode("utf-8")
