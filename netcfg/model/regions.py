"""The one table of Azure regions: display names ("North Europe") and programmatic names ("northeurope").

Sources (facts, not code):

* ``Azure/azure-sdk-for-net`` ``sdk/core/Azure.Core/src/AzureLocation.cs`` at commit 8802eec9:
  the ``AzureLocation`` list of the Azure SDK for .NET (public, China, US Government and the
  retired Azure Germany regions), each as ``CreateStaticReference("northeurope", "North Europe")``.
  Its ``AzureLocation(string)`` constructor matches a name by dropping spaces and lower-casing,
  which is how this module matches too: ``Central Us`` (an odd casing in a Microsoft test file)
  is Central US.
* Regions opened after that list, as ``az account list-locations -o table`` prints them
  (gist ausfestivus/04e55c7d80229069bf3bc75870630ec8, 2026): Austria East, Belgium Central,
  Chile Central, Indonesia Central, Jio India Central, Jio India West, Malaysia West, New Zealand North.

Classic networks used display names; Resource Manager uses programmatic names. Classic
US Government exports wrote ``USGov Virginia``, which matches ``US Gov Virginia`` the same way.

Which regions have availability zones (the ``zones`` column; Resource Manager exports need it: an
AZ-SKU VPN gateway's public IP must be zone-redundant exactly where the region has zones, reference
§D.4):

* ``MicrosoftDocs/azure-docs`` ``articles/reliability/regions-list.md`` at commit 38aa843f
  (ms.date 2025-04-15), the "Availability zone support" column of the public regions;
* Belgium Central, opened after that: "Belgium Central 3" in the "Availability zones" column of
  the same page as published on learn.microsoft.com (azure/reliability/regions-list, 2026);
* sovereign clouds: US Gov Virginia in the Azure Government list of
  learn.microsoft.com/azure/reliability/availability-zones-service-support, China North 3 in
  docs.azure.cn/reliability/availability-zones-region-support.

A region not listed there has no zones here. A region that gains zones later would need its
gateway IP zoned: the table is dated, and a wrong answer is Azure's deployment error
``VmssVpnGatewayPublicIpsMustHaveZonesConfigured``, not a silent fault.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from netcfg.values import Value


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Region(Value):
    """An Azure region: how the portal and classic files name it, and how Resource Manager does."""

    name: str  # programmatic, e.g. "northeurope"
    display_name: str  # e.g. "North Europe"
    zones: bool = False  # whether the region has availability zones (see the module's sources)


_TABLE = (
    ("eastasia", "East Asia"),
    ("southeastasia", "Southeast Asia"),
    ("centralus", "Central US"),
    ("eastus", "East US"),
    ("eastus2", "East US 2"),
    ("westus", "West US"),
    ("westus2", "West US 2"),
    ("westus3", "West US 3"),
    ("northcentralus", "North Central US"),
    ("southcentralus", "South Central US"),
    ("northeurope", "North Europe"),
    ("westeurope", "West Europe"),
    ("japanwest", "Japan West"),
    ("japaneast", "Japan East"),
    ("brazilsouth", "Brazil South"),
    ("australiaeast", "Australia East"),
    ("australiasoutheast", "Australia Southeast"),
    ("southindia", "South India"),
    ("centralindia", "Central India"),
    ("westindia", "West India"),
    ("canadacentral", "Canada Central"),
    ("canadaeast", "Canada East"),
    ("uksouth", "UK South"),
    ("ukwest", "UK West"),
    ("westcentralus", "West Central US"),
    ("koreacentral", "Korea Central"),
    ("koreasouth", "Korea South"),
    ("francecentral", "France Central"),
    ("francesouth", "France South"),
    ("australiacentral", "Australia Central"),
    ("australiacentral2", "Australia Central 2"),
    ("uaecentral", "UAE Central"),
    ("uaenorth", "UAE North"),
    ("southafricanorth", "South Africa North"),
    ("southafricawest", "South Africa West"),
    ("swedencentral", "Sweden Central"),
    ("swedensouth", "Sweden South"),
    ("switzerlandnorth", "Switzerland North"),
    ("switzerlandwest", "Switzerland West"),
    ("germanynorth", "Germany North"),
    ("germanywestcentral", "Germany West Central"),
    ("germanycentral", "Germany Central"),
    ("germanynortheast", "Germany Northeast"),
    ("norwaywest", "Norway West"),
    ("norwayeast", "Norway East"),
    ("brazilsoutheast", "Brazil Southeast"),
    ("chinanorth", "China North"),
    ("chinaeast", "China East"),
    ("chinanorth2", "China North 2"),
    ("chinanorth3", "China North 3"),
    ("chinaeast2", "China East 2"),
    ("chinaeast3", "China East 3"),
    ("qatarcentral", "Qatar Central"),
    ("usdodcentral", "US DoD Central"),
    ("usdodeast", "US DoD East"),
    ("usgovarizona", "US Gov Arizona"),
    ("usgovtexas", "US Gov Texas"),
    ("usgovvirginia", "US Gov Virginia"),
    ("usgoviowa", "US Gov Iowa"),
    ("israelcentral", "Israel Central"),
    ("italynorth", "Italy North"),
    ("polandcentral", "Poland Central"),
    ("mexicocentral", "Mexico Central"),
    ("spaincentral", "Spain Central"),
    # opened after the SDK list (az account list-locations, 2026)
    ("austriaeast", "Austria East"),
    ("belgiumcentral", "Belgium Central"),
    ("chilecentral", "Chile Central"),
    ("indonesiacentral", "Indonesia Central"),
    ("jioindiacentral", "Jio India Central"),
    ("jioindiawest", "Jio India West"),
    ("malaysiawest", "Malaysia West"),
    ("newzealandnorth", "New Zealand North"),
)
# The regions with availability zones, by programmatic name (sources in the module's docstring).
_ZONES = frozenset(
    {
        "australiaeast",
        "austriaeast",
        "belgiumcentral",
        "brazilsouth",
        "canadacentral",
        "centralindia",
        "centralus",
        "chilecentral",
        "eastasia",
        "eastus",
        "eastus2",
        "francecentral",
        "germanywestcentral",
        "indonesiacentral",
        "israelcentral",
        "italynorth",
        "japaneast",
        "japanwest",
        "koreacentral",
        "malaysiawest",
        "mexicocentral",
        "newzealandnorth",
        "northeurope",
        "norwayeast",
        "polandcentral",
        "qatarcentral",
        "southafricanorth",
        "southcentralus",
        "southeastasia",
        "spaincentral",
        "swedencentral",
        "switzerlandnorth",
        "uaenorth",
        "uksouth",
        "westeurope",
        "westus2",
        "westus3",
        "usgovvirginia",
        "chinanorth3",
    }
)
REGIONS: dict[str, Region] = {name: Region(name=name, display_name=display, zones=name in _ZONES) for name, display in _TABLE}


def _key(text: str) -> str:
    # AzureLocation's own rule: drop the spaces, lower-case the rest.
    return "".join(text.split()).lower()


def find(text: str) -> Region | None:
    """The region ``text`` names, as a display name in any case or a programmatic name; ``None`` if none."""
    return REGIONS.get(_key(text))


@functools.lru_cache(maxsize=256)  # a large file repeats its one wrong location thousands of times
def suggest(text: str, *, count: int = 3) -> tuple[str, ...]:
    """The display names nearest to ``text`` (for "did you mean"), best first; may be empty.

    Only those about as near as the best one: ``North Europ`` suggests North Europe alone,
    not West Europe as well.
    """
    import difflib  # only a name that is no region needs it

    key = _key(text)
    scored = sorted(
        ((difflib.SequenceMatcher(None, key, name).ratio(), region.display_name) for name, region in REGIONS.items()),
        key=lambda pair: -pair[0],
    )
    best = scored[0][0] if scored else 0.0
    return tuple(display for score, display in scored[:count] if score >= 0.6 and score >= best - 0.05)


def unknown_message(text: str) -> str:
    """Why ``text`` is not a region, with the nearest names (one clause, no trailing period)."""
    near = suggest(text)
    hint = f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else "; see 'az account list-locations'"
    return f"{text!r} is not an Azure region{hint}"
