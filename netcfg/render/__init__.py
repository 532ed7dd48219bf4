"""Renderers: one per output format, each a function ``render(network, options) -> bytes``, listed in one table.

Adding an output is one module plus one entry in :data:`RENDERERS`; the CLI builds its ``--to``
choices from this table and :func:`netcfg.outputs.produce` reads each entry's contract (what it
refuses, which options it takes). Modules are imported only when used (aerleon's habit), so
``netcfg --help`` does not pay for Jinja or any renderer it does not run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from netcfg.deferred import load
from netcfg.errors import Hint, InputError, Option, OptionError, RefusedError
from netcfg.model import NetworkConfiguration
from netcfg.model.relation import Relation
from netcfg.model.standins import resolve
from netcfg.model.subscriptions import NetworkSet
from netcfg.registry import Registry, did_you_mean
from netcfg.values import Value


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class RenderOptions(Value):
    """What an output may be asked beyond the network itself."""

    peering: bool = False  # Resource Manager exports: join VNets by global peering instead of gateways
    subscription: str | None = None  # the subscription whose part to write, for one-subscription outputs
    gateway_types: Mapping[str, str] = field(default_factory=dict)  # --gateway-type: VNet -> "static" or "dynamic"
    accept_lost: bool = False  # Resource Manager exports: write even if the export reaches less than classic did


DEFAULT_OPTIONS = RenderOptions()


class RenderFunction(Protocol):
    def __call__(self, network: NetworkSet, options: RenderOptions, /) -> bytes: ...


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class OnePart(Value):
    """The part of a network one subscription's output is about, and the VNets of the other parts."""

    config: NetworkConfiguration
    subscription: str
    remote: Mapping[str, str] = field(default_factory=dict)  # the other subscriptions' VNets: {VNet: subscription}


def one_part(network: NetworkSet, options: RenderOptions, *, source: str | None = None) -> OnePart:
    """The subscription ``options`` names (or the only one), for an output that is one subscription's."""
    names = network.names
    wanted = options.subscription
    sole = network.sole()
    if wanted is None:
        if sole is None:
            raise InputError(
                f"this output is one subscription's, and the network spans {len(names)} ({', '.join(names)})",
                file=source,
                hints=(Hint("choose one", Option.SUBSCRIPTION, ("NAME",)),),
            )
        wanted = sole.subscription.name
    elif not network.named:
        raise OptionError(
            f"{source or 'the network'} names no subscriptions: it is one subscription's network already",
            option=Option.SUBSCRIPTION,
        )
    elif wanted not in names:
        raise OptionError(
            f"{source or 'the network'} has no subscription {wanted!r}{did_you_mean(wanted, names)}; it has {', '.join(names)}",
            option=Option.SUBSCRIPTION,
        )
    owners = network.owners()
    return OnePart(
        config=network.part(wanted),
        subscription=wanted,
        remote={vnet: owner for vnet, owner in owners.items() if owner != wanted},
    )


def refuse_ambiguous(relation: Relation | None, *, writing: str) -> None:
    """Refuse an output that needs every connected site's VNet when some are ambiguous (all named at once)."""
    found = relation.connected_ambiguities() if relation else []
    if found:
        sites = "; ".join(a.message for a in found)
        raise RefusedError(f"no {writing} was written: {sites}", hints=(Relation.fix(found),))


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class Renderer(Value):
    """One output format: where its render function lives (``"module:function"``, imported on use),
    its file name, its group, and its contract: whether it refuses a network with errors, and the
    options it takes."""

    name: str
    implementation: str
    filename: str
    summary: str
    group: str = "stretch"  # "stretch": written by 'netcfg stretch'; "graph": a 'netcfg graph' format; "export"
    # An output that acts on Azure (a runbook, a deployment) refuses a network with errors: it would
    # fail half-way. A faithful view of a file (its XML, its TOML, a picture) shows what is there.
    refuses_errors: bool = False
    takes: frozenset[Option] = frozenset()  # what it can be asked beyond the network

    @property
    def pairs(self) -> bool:
        """Whether the output says or acts on which site stands in for which VNet (the relation is then worked out)."""
        return Option.MIRRORS in self.takes

    def render(self, network: NetworkSet, options: RenderOptions = DEFAULT_OPTIONS) -> bytes:
        """The output for ``network``, its stand-ins worked out first if it uses them and they are not yet."""
        function: RenderFunction = load(self.implementation)
        return function(resolve(network) if network.relation is None and self.pairs else network, options)


# The runbook and the exports act by both; a topology records both and a picture places and pairs by them.
_PLACED_AND_PAIRED = frozenset({Option.LOCATIONS, Option.MIRRORS})
_ONE = frozenset({Option.SUBSCRIPTION})  # an output that is one subscription's: the netcfg, a deployment
_EXPORTS = _PLACED_AND_PAIRED | _ONE | {Option.PEERING, Option.GATEWAY_TYPES, Option.ACCEPT_LOST}

RENDERERS: Registry[Renderer] = Registry(
    "output",
    [
        Renderer(
            name="netcfg",
            implementation="netcfg.render.netcfg_xml:render",
            filename="NetworkConfig.netcfg",
            takes=_ONE,
            summary="the NetworkConfiguration XML for Set-AzureVNetConfig",
        ),
        Renderer(
            name="runbook",
            implementation="netcfg.render.runbook:render",
            filename="runbook.ps1",
            refuses_errors=True,
            takes=_PLACED_AND_PAIRED,
            summary="the PowerShell runbook that performs the whole procedure",
        ),
        Renderer(
            name="topology",
            implementation="netcfg.render.topology_toml:render",
            filename="topology.toml",
            takes=_PLACED_AND_PAIRED,
            summary="the topology file (TOML) that netcfg reads back",
        ),
        Renderer(
            name="dot",
            implementation="netcfg.render.graph_dot:render",
            filename="network.dot",
            group="graph",
            takes=_PLACED_AND_PAIRED,
            summary="a Graphviz DOT picture of regions, VNets, stand-in sites and tunnels",
        ),
        Renderer(
            name="mermaid",
            implementation="netcfg.render.graph_mermaid:render",
            filename="network.mmd",
            group="graph",
            takes=_PLACED_AND_PAIRED,
            summary="the same picture as a Mermaid flowchart",
        ),
        Renderer(
            name="svg",
            implementation="netcfg.render.graph_svg:render",
            filename="network.svg",
            group="graph",
            takes=_PLACED_AND_PAIRED,
            summary="the DOT picture drawn by Graphviz (needs 'dot' on the PATH)",
        ),
        Renderer(
            name="bicep",
            implementation="netcfg.render.arm.bicep:render",
            filename="main.bicep",
            group="export",
            refuses_errors=True,
            takes=_EXPORTS,
            summary="the network rebuilt on Resource Manager, as Bicep",
        ),
        Renderer(
            name="az-powershell",
            implementation="netcfg.render.arm.az_powershell:render",
            filename="az-network.ps1",
            group="export",
            refuses_errors=True,
            takes=_EXPORTS,
            summary="the same, as an Az PowerShell script",
        ),
        Renderer(
            name="arm",
            implementation="netcfg.render.arm.template:render",
            filename="azuredeploy.json",
            group="export",
            refuses_errors=True,
            takes=_EXPORTS,
            summary="the same, as an ARM JSON deployment template",
        ),
    ],
)


def group(name: str) -> list[str]:
    """The names of one group's renderers (for CLI choices)."""
    return RENDERERS.names(lambda renderer: renderer.group == name)
