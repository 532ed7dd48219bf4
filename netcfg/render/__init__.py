"""Renderers: one per output format, each a module with ``render(config) -> bytes``, listed in one table.

Adding an output is one module plus one row in :data:`RENDERERS`; the CLI builds its
``--to`` choices from this table. Modules are imported only when used (aerleon's habit),
so ``netcfg --help`` does not pay for Jinja or any renderer it does not run.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from netcfg.model import NetworkConfiguration


@dataclass(frozen=True, kw_only=True)
class Renderer:
    """One output format: where its render function lives (imported on use), its file name and group."""

    name: str
    module: str
    filename: str
    summary: str
    group: str = "stretch"  # "stretch": written by 'netcfg stretch'; "graph": a 'netcfg graph' format

    function: str = "render"

    def render(self, config: NetworkConfiguration, **options: Any) -> bytes:
        return getattr(importlib.import_module(self.module), self.function)(config, **options)


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
        Renderer(name="dot", module="netcfg.render.graph_dot", filename="network.dot", group="graph",
                 summary="a Graphviz DOT picture of regions, VNets, stand-in sites and tunnels"),
        Renderer(name="mermaid", module="netcfg.render.graph_mermaid", filename="network.mmd", group="graph",
                 summary="the same picture as a Mermaid flowchart"),
        Renderer(name="svg", module="netcfg.render.graph_svg", filename="network.svg", group="graph",
                 summary="the DOT picture drawn by Graphviz (needs 'dot' on the PATH)"),
        Renderer(name="bicep", module="netcfg.render.export", function="render_bicep", filename="main.bicep",
                 group="export", summary="the network rebuilt on Resource Manager, as Bicep"),
        Renderer(name="az-powershell", module="netcfg.render.export", function="render_az_powershell",
                 filename="az-network.ps1", group="export", summary="the same, as an Az PowerShell script"),
        Renderer(name="arm", module="netcfg.render.arm_json", filename="azuredeploy.json", group="export",
                 summary="the same, as an ARM JSON deployment template"),
    )
}


def group(name: str) -> dict[str, Renderer]:
    """The renderers of one group, by name (for CLI choices)."""
    return {key: renderer for key, renderer in RENDERERS.items() if renderer.group == name}
