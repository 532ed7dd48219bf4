"""The Resource Manager plan as an ARM JSON deployment template (``netcfg export --to arm``).

The template follows the 2019-04-01 deploymentTemplate schema; every resource carries the one
pinned API version and its ``dependsOn``. References become ``resourceId()`` expressions and
parameters ``parameters()`` expressions; a literal string that starts with ``[`` is written
``[[...`` so ARM never reads a name as an expression.
"""

from __future__ import annotations

import json
from typing import Any

from netcfg import __version__
from netcfg.model.subscriptions import NetworkSet
from netcfg.render import DEFAULT_OPTIONS, RenderOptions
from netcfg.render import arm
from netcfg.render.arm import reach

SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"


def _quoted(text: str) -> str:
    """``text`` as a single-quoted string inside an ARM expression (quotes doubled)."""
    return "'" + text.replace("'", "''") + "'"


def resource_id(resource: arm.Resource, by_symbol: dict[str, arm.Resource], child: tuple[str, str] | None = None) -> str:
    """The ``resourceId(...)`` expression (without brackets) of ``resource``, or of its ``child``."""
    kind, names = resource.type, [resource.name]
    if resource.parent is not None:
        names.insert(0, by_symbol[resource.parent].name)
    if child is not None:
        kind, names = f"{kind}/{child[0]}", [*names, child[1]]
    return f"resourceId({_quoted(kind)}, {', '.join(_quoted(n) for n in names)})"


def _value(value: Any, by_symbol: dict[str, arm.Resource]) -> Any:
    if isinstance(value, arm.Ref):
        return f"[{resource_id(by_symbol[value.symbol], by_symbol, value.child)}]"
    if isinstance(value, arm.Param):
        return f"[parameters({_quoted(value.name)})]"
    if isinstance(value, str):
        return "[" + value if value.startswith("[") else value
    if isinstance(value, dict):
        return {key: _value(item, by_symbol) for key, item in value.items()}
    if isinstance(value, list):
        return [_value(item, by_symbol) for item in value]
    return value


def _parameter(parameter: arm.Parameter) -> dict[str, Any]:
    found: dict[str, Any] = {"type": parameter.type}
    if parameter.default is not None:
        found["defaultValue"] = parameter.default
    if parameter.allowed:
        found["allowedValues"] = list(parameter.allowed)
    if parameter.min_length is not None:
        found["minLength"] = parameter.min_length
    if parameter.max_length is not None:
        found["maxLength"] = parameter.max_length
    found["metadata"] = {"description": parameter.description}
    return found


def _resource(resource: arm.Resource, by_symbol: dict[str, arm.Resource]) -> dict[str, Any]:
    parent = by_symbol[resource.parent] if resource.parent else None
    found: dict[str, Any] = {}
    if resource.condition is not None:
        found["condition"] = _value(resource.condition, by_symbol)
    found |= {
        "type": resource.type,
        "apiVersion": arm.API_VERSION,
        "name": _value(f"{parent.name}/{resource.name}" if parent else resource.name, by_symbol),
    }
    if resource.location is not None:
        found["location"] = _value(resource.location, by_symbol)
    if resource.sku is not None:
        found["sku"] = dict(resource.sku)
    if resource.zones:
        found["zones"] = list(resource.zones)
    found["properties"] = _value(resource.properties, by_symbol)
    needs = ([resource.parent] if resource.parent else []) + [r.symbol for r in resource.references()]
    depends = list(dict.fromkeys(s for s in needs if s != resource.symbol))
    if depends:
        found["dependsOn"] = [f"[{resource_id(by_symbol[s], by_symbol)}]" for s in depends]
    return found


def comment_text(value: object) -> str:
    """``value`` safe inside a line comment or a PowerShell help block: one line, no block end."""
    return " ".join(str(value).split()).replace("#>", "# >").replace("*/", "* /")


def deploy_lines(plan: arm.ArmPlan) -> list[str]:
    """How to deploy ``plan``, in the words every format's header uses."""
    lines = [
        "Deploy into a resource group; each parameter without a default is asked for (keys as secrets, never on a command line)."
    ]
    if plan.two_phase:
        lines.append(
            f"Across subscriptions, in two phases: first deploy every subscription's file with"
            f" {arm.PHASE_PARAMETER}=false (its VNets and gateways), then, once every gateway exists,"
            f" each again with {arm.PHASE_PARAMETER}=true (the connections to the other subscriptions'"
            " gateways, whose resource ids are parameters)."
        )
    if plan.keys:
        shared = ", the same in both subscriptions' files" if plan.two_phase else ""
        lines.append(
            f"Each connection has its own shared key ({len(plan.keys)} here; the two connections of a pair of"
            f" VNets share one{shared}): {arm.SHARED_KEY_RULE}."
        )
    return lines


def template(plan: arm.ArmPlan) -> dict[str, Any]:
    """The deployment template of ``plan`` as a JSON-ready dictionary."""
    by_symbol = plan.by_symbol()
    return {
        "$schema": SCHEMA,
        "contentVersion": "1.0.0.0",
        "metadata": {"generator": f"netcfg {__version__}", "deploy": deploy_lines(plan), "notes": list(plan.notes)},
        "parameters": {p.name: _parameter(p) for p in plan.parameters},
        "resources": [_resource(r, by_symbol) for r in plan.resources],
    }


def render(network: NetworkSet, options: RenderOptions = DEFAULT_OPTIONS) -> bytes:
    """One subscription's network on Resource Manager, as an ARM JSON deployment template."""
    plan = reach.checked_plan(network, options, writing="ARM template")
    return (json.dumps(template(plan), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
