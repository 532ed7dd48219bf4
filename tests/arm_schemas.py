"""Microsoft's published deployment-template schemas (../shared/reference/arm-schemas), used offline.

Each exported resource is validated against its ``resourceDefinitions`` entry of the Microsoft.Network
2025-07-01 schema; the ``$ref``s to ``common/definitions.json`` resolve to the local copy, and nothing
is fetched.
"""

from __future__ import annotations

import functools
import json

from conftest import ROOT

SCHEMAS = ROOT.parent / "shared" / "reference" / "arm-schemas"
NETWORK = SCHEMAS / "Microsoft.Network.NRP.2025-07-01.json"
COMMON = SCHEMAS / "common-definitions.json"
TEMPLATE = SCHEMAS / "deploymentTemplate.2019-04-01.json"
COMMON_URL = "https://schema.management.azure.com/schemas/common/definitions.json"
# resource type -> its entry under resourceDefinitions
DEFINITIONS = {
    "Microsoft.Network/virtualNetworks": "virtualNetworks",
    "Microsoft.Network/virtualNetworkGateways": "virtualNetworkGateways",
    "Microsoft.Network/connections": "connections",
    "Microsoft.Network/localNetworkGateways": "localNetworkGateways",
    "Microsoft.Network/publicIPAddresses": "publicIPAddresses",
    "Microsoft.Network/virtualNetworks/virtualNetworkPeerings": "virtualNetworks_virtualNetworkPeerings",
}


def present() -> bool:
    return NETWORK.exists() and COMMON.exists()


@functools.cache
def _validators():
    from jsonschema import Draft4Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    network = json.loads(NETWORK.read_text())
    common = json.loads(COMMON.read_text())
    network_url = network["id"].rstrip("#")
    registry = Registry().with_resources(
        [
            (network_url, Resource.from_contents(network, default_specification=DRAFT4)),
            (COMMON_URL, Resource.from_contents(common, default_specification=DRAFT4)),
        ]
    )
    return {
        kind: Draft4Validator({"$ref": f"{network_url}#/resourceDefinitions/{name}"}, registry=registry)
        for kind, name in DEFINITIONS.items()
    }


def resource_problems(resource: dict) -> list[str]:
    """Why ``resource`` (an ARM JSON resource) breaks Microsoft's schema for its type; empty when it conforms."""
    validator = _validators().get(resource["type"])
    if validator is None:
        return [f"{resource['type']} is not a type netcfg exports"]
    return [
        f"{resource['name']}: {'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in validator.iter_errors(resource)
    ]


def template_problems(template: dict) -> list[str]:
    """What the 2019-04-01 deploymentTemplate schema says of the template's own fields and parameters."""
    from jsonschema import Draft4Validator

    schema = json.loads(TEMPLATE.read_text())
    top = {key: value for key, value in schema["properties"].items() if key in ("$schema", "contentVersion", "parameters")}
    shell = {
        "definitions": schema["definitions"],
        "type": "object",
        "properties": top,
        "required": ["$schema", "contentVersion", "resources"],
    }
    found = [e.message for e in Draft4Validator(shell).iter_errors(template)]
    if template["$schema"] != "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#":
        found.append(f"$schema is {template['$schema']}")
    return found
