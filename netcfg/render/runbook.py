"""The runbook: a PowerShell script that performs the whole stretched-network procedure.

Templates live in ``templates/`` (``runbook.ps1.j2`` includes one file per step). Every value
that comes from the model enters the script through :mod:`netcfg.render.powershell`'s filters
(``ps`` in code, ``ps_comment`` in comments and the help block), so no name can become code.
"""

from __future__ import annotations

from typing import Any

from netcfg import __version__
from netcfg.errors import RefusedError
from netcfg.model import Gateway, GatewaySku, GatewayType, NetworkConfiguration
from netcfg.model.standins import resolve
from netcfg.model.subscriptions import NetworkSet
from netcfg.render import DEFAULT_OPTIONS, RenderOptions, refuse_ambiguous
from netcfg.render.powershell import environment, script_bytes

TEMPLATE = "runbook.ps1.j2"
CONFIG_FILE = "NetworkConfig.netcfg"
# Every runbook selects subscriptions by id, and Select-AzureSubscription -SubscriptionId exists
# from module 0.8.12 on (ChangeLog.txt, Azure/azure-powershell@001c4541: "0.8.12 ... Fixed issues
# with Select-AzureSubscription to allow selecting subscriptions by Id"; reference §A.5). Older
# modules would stop every gateway job on parameter binding, after the upload.
MODULE_VERSION = "0.8.12"
# -GatewaySKU is in the 0.9-era module's NewAzureVNetGateway.cs@48bf44d6 and not in 0.8.7's
# reference (learn.microsoft.com dn495104); the release that added it is not pinned down (§A.5),
# so a runbook that needs a SKU other than Default asks the installed module whether its
# New-AzureVNetGateway has the parameter, before any change, instead of requiring a version.

# Classic gateways took letters and digits only, at most 128 (Set-AzureVNetGatewayKey; reference §A.1).
CLASSIC_KEY = {
    "synopsis": "1 to 128 letters and digits",
    "pattern": "^[A-Za-z0-9]{1,128}$",
    "message": "The shared key must be 1 to 128 letters and digits (Azure classic gateways accept nothing else).",
}


def _check_gateways(config: NetworkConfiguration) -> None:
    mirrored = {s.name for s in config.local_sites if s.mirrors}
    for vnet in config.vnets:
        gateway = vnet.gateway
        if gateway is None or gateway.type is not GatewayType.STATIC_ROUTING:
            continue
        vnet_to_vnet = [c.site for c in gateway.connections if c.site in mirrored]
        if vnet_to_vnet or len(gateway.connections) > 1:
            raise RefusedError(
                f"the gateway of VNet {vnet.name!r} is StaticRouting, but VNet-to-VNet and multi-site connections"
                ' need DynamicRouting; set type = "DynamicRouting" in the topology'
            )


def _gateway(vnet: str, gateway: Gateway) -> dict[str, str]:
    sku = "" if gateway.sku is GatewaySku.DEFAULT else f" -GatewaySKU {gateway.sku.value}"
    # A .netcfg does not say the type: the runbook creates DynamicRouting, which every connection
    # a classic gateway could have works with (the cmdlet's own default, StaticRouting, does not).
    kind = (gateway.type or GatewayType.DYNAMIC_ROUTING).value
    return {"vnet": vnet, "type": kind, "sku": gateway.sku.value, "action": f"New-AzureVNetGateway -GatewayType {kind}{sku}"}


def context(
    config: NetworkConfiguration, *, config_file: str = CONFIG_FILE, gateway_vnets: set[str] | None = None
) -> dict[str, Any]:
    """What the templates see: plain names and values, in the model's order.

    ``gateway_vnets``: the VNets with a gateway in the whole network, when ``config`` is one
    subscription's part of it (its stand-ins may stand in for VNets of another subscription).
    """
    _check_gateways(config)
    locations = config.group_locations
    groups = dict.fromkeys(v.affinity_group for v in config.vnets if v.affinity_group)
    with_gateway = [v for v in config.vnets if v.gateway is not None]
    if gateway_vnets is None:
        gateway_vnets = {v.name for v in with_gateway}
    gateways = [_gateway(v.name, v.gateway) for v in with_gateway if v.gateway is not None]
    return {
        "version": __version__,
        "config_file": config_file,
        "module_version": MODULE_VERSION,
        "key": CLASSIC_KEY,
        "sku_needed": any(g["sku"] != GatewaySku.DEFAULT.value for g in gateways),
        "affinity_groups": [{"name": name, "location": locations.get(name)} for name in groups],
        "vnets": [v.name for v in config.vnets],
        "local_sites": [s.name for s in config.local_sites],
        "dns_servers": [d.name for d in config.dns_servers],
        "gateways": gateways,
        "mirrors": [{"site": s.name, "vnet": s.mirrors} for s in config.local_sites if s.mirrors in gateway_vnets],
        "connections": [{"vnet": v.name, "site": c.site} for v in with_gateway if v.gateway for c in v.gateway.connections],
    }


def render(network: NetworkSet, options: RenderOptions = DEFAULT_OPTIONS) -> bytes:
    """The runbook for ``network`` (one subscription, or across several), as the bytes of a ``.ps1`` file."""
    if network.relation is None:
        network = resolve(network)
    refuse_ambiguous(network.relation, writing="runbook")
    # A named subscription is selected before anything changes; a lone .netcfg's is the current one.
    if network.named:
        return script_bytes(environment().get_template(SET_TEMPLATE).render(set_context(network)))
    return script_bytes(environment().get_template(TEMPLATE).render(context(network.parts[0].config)))


SET_TEMPLATE = "runbook-subscriptions.ps1.j2"


def set_context(network: NetworkSet) -> dict[str, Any]:
    """What the template of a runbook across subscriptions sees: one context per subscription."""
    gateway_vnets = {v.name for p in network.parts for v in p.config.vnets if v.gateway is not None}
    parts = []
    for part in network.parts:
        parts.append(
            {
                **context(part.config, gateway_vnets=gateway_vnets),
                "name": part.subscription.name,
                "id": part.subscription.id or "",
                "folder": part.subscription.name,
            }
        )
    return {
        "version": __version__,
        "config_file": CONFIG_FILE,
        "parts": parts,
        "module_version": MODULE_VERSION,
        "sku_needed": any(p["sku_needed"] for p in parts),
        "key": CLASSIC_KEY,
    }
