"""Renderers: one per output format, each a module with ``render(config) -> bytes``, listed in one table.

Adding an output is one module plus one row in :data:`RENDERERS`; the CLI builds its
``--to`` choices from this table. Modules are imported only when used (aerleon's habit),
so ``netcfg --help`` does not pay for Jinja or any renderer it does not run.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from netcfg.model import NetworkConfiguration


@dataclass(frozen=True, kw_only=True)
class Renderer:
    name: str
    module: str
    filename: str
    summary: str
    stretch_writes: bool = True  # whether 'netcfg stretch' writes this output beside the others

    def render(self, config: NetworkConfiguration) -> bytes:
        return importlib.import_module(self.module).render(config)


RENDERERS: dict[str, Renderer] = {
    renderer.name: renderer
    for renderer in (
        Renderer(
            name="netcfg",
            module="netcfg.render.netcfg_xml",
            filename="NetworkConfig.netcfg",
            summary="the NetworkConfiguration XML for Set-AzureVNetConfig",
        ),
        Renderer(
            name="runbook",
            module="netcfg.render.runbook",
            filename="runbook.ps1",
            summary="the PowerShell runbook that performs the whole procedure",
        ),
        Renderer(
            name="topology",
            module="netcfg.render.topology_toml",
            filename="topology.toml",
            summary="the topology file (TOML) that netcfg reads back",
        ),
    )
}
