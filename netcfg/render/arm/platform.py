"""What a deployment today refuses that Microsoft's published schemas allow.

Each rule checks an ARM JSON template (as ``netcfg export --to arm`` writes it) and says why, with
its source (reference §D.4 unless noted). The export is planned to pass them all; the tests run
them on every export, and plant each mistake once to see its rule find it.
"""

from __future__ import annotations

from collections.abc import Iterable
from ipaddress import IPv4Network
from typing import Any

from netcfg.model import regions
from netcfg.render.arm import GATEWAYS, LONGEST_NAME, NAME_RULES, PUBLIC_IPS, ZONES


# template (as --to arm writes it) and says why, with its source (reference §D.4 unless noted).
def _resources(template: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [r for r in template.get("resources", []) if r.get("type") == kind]


def _az_skus(template: dict[str, Any]) -> list[str]:
    return [
        f"gateway {g['name']!r} has SKU {g['properties']['sku']['name']}, which Azure no longer creates (only AZ SKUs"
        " since January 2025: gateway-sku-consolidation.md)"
        for g in _resources(template, GATEWAYS)
        if not str(g["properties"]["sku"]["name"]).endswith("AZ")
    ]


def _static_standard_ips(template: dict[str, Any]) -> list[str]:
    return [
        f"public IP {p['name']!r} must be Standard and Static for a gateway (about-gateway-skus.md; VPN FAQ)"
        for p in _resources(template, PUBLIC_IPS)
        if p.get("sku", {}).get("name") != "Standard" or p["properties"].get("publicIPAllocationMethod") != "Static"
    ]


def _route_based(template: dict[str, Any]) -> list[str]:
    return [
        f"gateway {g['name']!r} is {g['properties']['vpnType']}: PolicyBased exists only with the Basic SKU"
        for g in _resources(template, GATEWAYS)
        if g["properties"].get("vpnType") != "RouteBased"
    ]


def _prefixes(value: Any) -> Iterable[str]:
    """Every address prefix anywhere in a resource's properties."""
    if isinstance(value, list):
        for item in value:
            yield from _prefixes(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key == "addressPrefixes":
                yield from item
            elif key == "addressPrefix":
                yield item
            else:
                yield from _prefixes(item)


def _canonical(template: dict[str, Any]) -> list[str]:
    found = []
    for resource in template.get("resources", []):
        for prefix in _prefixes(resource.get("properties", {})):
            if str(IPv4Network(prefix, strict=False)) != prefix:
                found.append(f"{resource['name']!r}: prefix {prefix} has host bits set; Resource Manager refuses it (§D.3)")
    return found


def _case_unique(template: dict[str, Any]) -> list[str]:
    seen: dict[tuple[str, str], str] = {}
    found = []
    for resource in template.get("resources", []):
        key = (resource["type"], str(resource["name"]).casefold())
        if key in seen:
            found.append(f"{seen[key]!r} and {resource['name']!r} are one {resource['type']} (names are case-insensitive)")
        seen[key] = resource["name"]
    return found


def _name_lengths(template: dict[str, Any]) -> list[str]:
    found = []
    for resource in template.get("resources", []):
        name = str(resource["name"]).rsplit("/", 1)[-1]
        shortest, longest = NAME_RULES.get(resource["type"], (1, LONGEST_NAME))
        if not shortest <= len(name) <= longest:
            found.append(f"{resource['type']} name {name!r} is not {shortest} to {longest} characters")
    return found


def _region(template: dict[str, Any], value: Any) -> regions.Region | None:
    """The region a resource's location names: a literal, or a parameter's default (and every value it allows)."""
    text = str(value)
    if text.startswith("[parameters('"):
        parameter = template.get("parameters", {}).get(text[len("[parameters('") : -len("')]")], {})
        text = str(parameter.get("defaultValue", ""))
    return regions.find(text)


def _zones(template: dict[str, Any]) -> list[str]:
    """An AZ-SKU gateway's Standard IP needs zones where the region has them, and none where it has not
    (VmssVpnGatewayPublicIpsMustHaveZonesConfigured / RegionalVmssVpnGatewayPublicIpsMustNotHaveZonesConfigured);
    a location parameter may only allow regions of the same kind."""
    found = []
    for ip in _resources(template, PUBLIC_IPS):
        region = _region(template, ip.get("location"))
        zones = tuple(ip.get("zones", ()))
        if region is None:
            found.append(f"public IP {ip['name']!r}: its location {ip.get('location')!r} is no known region")
            continue
        if zones != (ZONES if region.zones else ()):
            want = f"zones {list(ZONES)}" if region.zones else "no zones"
            found.append(f"public IP {ip['name']!r} in {region.display_name} needs {want}, has {list(zones)}")
        text = str(ip.get("location"))
        if text.startswith("[parameters('"):
            parameter = template["parameters"][text[len("[parameters('") : -len("')]")]]
            other = [
                name
                for name in parameter.get("allowedValues", [None])
                if name is None or (r := regions.find(name)) is None or r.zones != region.zones
            ]
            if other:
                found.append(
                    f"public IP {ip['name']!r}: its location parameter allows regions of another kind"
                    f" ({', '.join(map(str, other[:3]))})"
                )
    return found


PLATFORM = (
    ("zones where the region has them", _zones),
    ("AZ gateway SKUs only", _az_skus),
    ("Standard, static public IPs", _static_standard_ips),
    ("route-based gateways", _route_based),
    ("canonical prefixes", _canonical),
    ("case-unique names", _case_unique),
    ("name lengths", _name_lengths),
)


def platform_problems(template: dict[str, Any]) -> list[str]:
    """Every way an ARM JSON template breaks a rule of :data:`PLATFORM`."""
    return [problem for _, check in PLATFORM for problem in check(template)]
