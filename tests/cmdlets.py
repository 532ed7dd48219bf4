"""The classic cmdlet table, read from the team's reference (../shared/reference), not retyped here.

Each row of section A.1 names a cmdlet, its parameters, and for some parameters the values
they take ("GatewayType: `StaticRouting` \\| `DynamicRouting`").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from conftest import ROOT

REFERENCE = ROOT.parent / "shared" / "reference" / "classic-cmdlets-and-peers.md"
# Parameters every cmdlet takes (PowerShell's common parameters, and -Profile on every ASM cmdlet).
COMMON = frozenset(
    {
        "Verbose",
        "Debug",
        "ErrorAction",
        "WarningAction",
        "InformationAction",
        "ErrorVariable",
        "WarningVariable",
        "InformationVariable",
        "OutVariable",
        "OutBuffer",
        "PipelineVariable",
        "Profile",
    }
)
_CELL = re.compile(r"(?<!\\)\|")
_ENUM = re.compile(r"(\w+): ((?:`\w+`(?:\s*\\\|\s*)?)+)")


@dataclass
class Cmdlet:
    name: str
    parameters: set[str]
    values: dict[str, set[str]] = field(default_factory=dict)


# Facts the runbook needs that the team's reference does not hold, each with its source.
MORE = {
    # MicrosoftDocs/azure-docs-powershell azuresmps-4.0.0/Azure/Get-AzureSubscription.md@0429942b: sets ByName
    # (-SubscriptionName), ById (-SubscriptionId), Default (-Default), Current (-Current), all with -ExtendedDetails;
    # output WindowsAzureSubscription (SubscriptionName, SubscriptionId), "in the 0.8.10 version".
    "Get-AzureSubscription": Cmdlet(
        "Get-AzureSubscription", {"SubscriptionName", "SubscriptionId", "Default", "Current", "ExtendedDetails"}
    ),
}


def classic_cmdlets() -> dict[str, Cmdlet]:
    """{name: Cmdlet} from the reference's compact table and :data:`MORE`; empty when the reference is absent."""
    if not REFERENCE.exists():
        return {}
    table = REFERENCE.read_text().split("### A.1", 1)[1].split("\n### ", 1)[0]
    found = {}
    for line in table.splitlines():
        cells = [c.strip() for c in _CELL.split(line)[1:-1]]
        match = re.match(r"`([A-Z][a-z]+-Azure\w+)`", cells[0]) if cells else None
        if not match:
            continue
        parameters = set(re.findall(r"-([A-Z][A-Za-z]+)", cells[1]))
        values = {name: set(re.findall(r"`(\w+)`", listed)) for name, listed in _ENUM.findall(cells[2]) if name in parameters}
        found[match[1]] = Cmdlet(match[1], parameters, values)
    return {**found, **MORE}
