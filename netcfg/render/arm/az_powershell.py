"""The Resource Manager plan as an Az PowerShell script that can be run again (``netcfg export --to
az-powershell``): its cmdlet arguments read from the plan's properties, every value through a quoting
function of PowerShell (:mod:`netcfg.render.powershell`), keys as SecureString parameters only."""

from __future__ import annotations

from typing import Any

from netcfg import __version__
from netcfg.model.subscriptions import NetworkSet
from netcfg.render import DEFAULT_OPTIONS, RenderOptions, arm
from netcfg.render.arm import reach
from netcfg.render.arm.template import comment_text, deploy_lines
from netcfg.render.powershell import environment, quoted, script_bytes


def _ps_name(name: str) -> str:
    """A template parameter's name as the script's parameter (``locationNortheurope`` -> ``LocationNortheurope``)."""
    return name[:1].upper() + name[1:]


# The FAQ's rule for a Resource Manager shared key (see arm.SHARED_KEY_PATTERN).
EXPORT_KEY = {
    "synopsis": "1 to 128 printable ASCII characters but space, hyphen and tilde",
    "pattern": arm.SHARED_KEY_PATTERN,
    "message": f"A shared key must be {arm.SHARED_KEY_RULE}.",
}


def _script_context(plan: arm.ArmPlan) -> dict[str, Any]:
    """What the script template sees beyond the plan: its parameters by kind, and what each connection's
    far end is (a gateway or site made here, or another subscription's gateway read there)."""
    by_name = {p.name: p for p in plan.parameters}
    remotes = [
        {
            "arm": r.name,
            "ps": _ps_name(r.name),
            "vnet": r.vnet,
            "description": by_name[r.name].description,
            "variable": f"{r.name}Object",
        }
        for r in plan.remotes()
    ]
    far_of: dict[str, dict[str, Any]] = {}
    for connection in plan.of_type(arm.CONNECTIONS):
        far = (connection.properties.get("virtualNetworkGateway2") or connection.properties["localNetworkGateway2"])["id"]
        if isinstance(far, arm.Remote):
            far_of[connection.symbol] = {
                "variable": f"{far.name}Object",
                "remote": True,
                "vnet": far.vnet,
                "subscription": far.subscription,
            }
        else:
            far_of[connection.symbol] = {"variable": far.symbol, "remote": False}
    keys = [
        {
            "arm": p.name,
            "ps": _ps_name(p.name),
            "description": p.description,
            "prompt": p.description.split(" (", 1)[0].replace("IPsec shared key", "Shared key"),
        }
        for p in plan.keys
    ]
    locations = [
        {"ps": _ps_name(p.name), "default": p.default, "allowed": list(p.allowed), "description": p.description}
        for p in plan.parameters
        if p.name.startswith("location")
    ]
    return {
        "locations": locations,
        "remotes": remotes,
        "remote_gateways": [r for r in remotes if r["arm"].startswith("remoteGateway")],
        "keys": keys,
        "far_of": far_of,
        "ps_name": {p.name: _ps_name(p.name) for p in plan.parameters},
        "policy": arm.POLICY_PARAMETER in by_name,
    }


def render(network: NetworkSet, options: RenderOptions = DEFAULT_OPTIONS) -> bytes:
    """One subscription's network on Resource Manager, as an Az PowerShell script that can be run again."""
    plan = reach.checked_plan(network, options, writing="Az PowerShell script")
    templates = environment()
    templates.filters["comment"] = lambda value: quoted(comment_text(value))
    by_symbol = plan.by_symbol()
    context: dict[str, Any] = {
        "version": __version__,
        "plan": plan,
        "deploy": deploy_lines(plan)[1:],  # the first line is about templates' parameters
        "by_symbol": by_symbol,
        "vnets": plan.of_type(arm.VNETS),
        "peerings": plan.of_type(arm.PEERINGS),
        "gateways": plan.of_type(arm.GATEWAYS),
        "local_gateways": plan.of_type(arm.LOCAL_GATEWAYS),
        "connections": plan.of_type(arm.CONNECTIONS),
        "point_to_site": any(p.name == "clientRootCertificateData" for p in plan.parameters),
        "ipsec": arm.POLICY_BASED_IPSEC,
        "key": EXPORT_KEY,
        **_script_context(plan),
    }
    return script_bytes(templates.get_template("export/az.ps1.j2").render(context))
