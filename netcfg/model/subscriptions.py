"""A network across subscriptions: one network configuration per subscription, as Azure keeps them.

"The VNet to VNet connections can even span subscriptions" (the article). On the classic platform
each subscription has its own network configuration (``Set-AzureVNetConfig`` replaces that
subscription's whole file), so such a network is a *set*: each part holds its subscription's
VNets, affinity groups and DNS servers, and a local site for every VNet its gateways connect to,
wherever that VNet is. The second pass writes a gateway address found in one subscription into
another subscription's file.

Within a part, names are unique as Azure requires; across parts a local site's name may repeat
(two subscriptions each need a stand-in for the same VNet). VNet names must be unique across the
set: a stand-in names the VNet it stands in for, and that name has to mean one VNet.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field

from netcfg.errors import ModelError
from netcfg.model.network import NetworkConfiguration, Origin, check_name, first_by_name, origin_field
from netcfg.model.relation import Relation
from netcfg.values import Value

DEFAULT_SUBSCRIPTION = "default"  # the subscription of a network that names none

# A subscription id as Azure shows it (Get-AzureSubscription's SubscriptionId): a GUID.
_GUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"  # compiled if an id is given

# Each subscription's NetworkConfig.netcfg is kept in a folder named after it (netcfg stretch
# writes it there, the runbook reads it there on Windows, validate --network names a file's part
# after its folder), so a subscription's name must be one folder name on every system the files
# travel to: no path separators or parent references, none of the characters Windows refuses in
# a file name, no trailing dot or space (Windows drops them), no device name (CON, NUL, ...).
# (Naming Files, Paths, and Namespaces, learn.microsoft.com/windows/win32/fileio/naming-a-file.)
_NOT_IN_FOLDER_NAMES = frozenset('<>:"/\\|?*')
_DEVICE_NAMES = frozenset({"CON", "PRN", "AUX", "NUL", *(f"{d}{n}" for d in ("COM", "LPT") for n in "123456789")})


def folder_problem(name: str) -> str | None:
    """Why ``name`` cannot be a subscription's folder name, or ``None``."""
    bad = next((c for c in name if c in _NOT_IN_FOLDER_NAMES), None)
    if bad is not None:
        return f"holds {bad!r}, which cannot be in a folder name"
    if name in (".", ".."):
        return "is a parent or current folder reference, not a folder name"
    if name != name.rstrip(". "):
        return "ends with a dot or a space, which Windows drops from folder names"
    if name.split(".")[0].upper() in _DEVICE_NAMES:
        return "is a Windows device name, which cannot name a folder"
    return None


@dataclass(frozen=True, kw_only=True, slots=True, eq=False, repr=False)
class Subscription(Value):
    """A subscription: the name people use for it and, when known, its id (what scripts should select by)."""

    name: str
    id: str | None = None
    origin: Origin = origin_field()

    @property
    def named(self) -> bool:
        """Whether anyone named this subscription (a topology, a folder, ``--subscription``): the
        subscription of a lone ``.netcfg`` is not, and what is said of its network does not name it.

        The one place where what is written depends on whether there are subscriptions to tell
        apart: a named one gets its folder, its box in a picture, its name after its VNets' names."""
        return self.name != DEFAULT_SUBSCRIPTION or self.id is not None

    def __post_init__(self) -> None:
        check_name("subscription", self.name)
        problem = folder_problem(self.name)
        if problem is not None:
            raise ModelError(
                f"subscription {self.name!r}: the name {problem} (each subscription's NetworkConfig.netcfg"
                " is kept in a folder named after it); choose a name that can name a folder: the"
                " runbook's -SubscriptionName @{ NAME = '<name in Azure>' } gives the name Azure knows"
            )
        if self.id is not None and (not isinstance(self.id, str) or re.fullmatch(_GUID, self.id) is None):
            raise ModelError(
                f"subscription {self.name!r}: id {self.id!r} is not a subscription id such as"
                " 00000000-0000-0000-0000-000000000000"
            )


@dataclass(frozen=True, kw_only=True, slots=True, eq=False, repr=False)
class Part(Value):
    """One subscription's network configuration."""

    subscription: Subscription
    config: NetworkConfiguration


@dataclass(frozen=True, kw_only=True, slots=True, eq=False, repr=False)
class NetworkSet(Value):
    """The network configurations of one network, one per subscription, in the order given.

    ``relation`` is which local site stands in for which VNet, and why: ``None`` until
    :func:`netcfg.model.standins.resolve` works it out (it also writes each site's ``mirrors``).
    """

    parts: tuple[Part, ...]
    relation: Relation | None = field(default=None, compare=False)
    # Read from a topology: a network as a person designs it, which netcfg turns into new files, so
    # its references must resolve and it is judged as a new network (see netcfg.validate).
    from_topology: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        # Folders that differ only in case are one folder on Windows and macOS.
        names = [p.subscription.name.casefold() for p in self.parts]
        repeated = next((p.subscription.name for p in self.parts if names.count(p.subscription.name.casefold()) > 1), None)
        if repeated is not None:
            twins = [p.subscription.name for p in self.parts if p.subscription.name.casefold() == repeated.casefold()]
            what = (
                "is given more than once"
                if len(set(twins)) == 1
                else f"and {', '.join(repr(n) for n in twins if n != repeated)} differ only in case (one folder on Windows)"
            )
            raise ModelError(f"subscription {repeated!r} {what}")
        owner: dict[str, str] = {}
        for part in self.parts:
            for vnet in part.config.vnets:
                if vnet.name in owner and owner[vnet.name] != part.subscription.name:
                    raise ModelError(
                        f"VNet {vnet.name!r} is in subscriptions {owner[vnet.name]!r} and"
                        f" {part.subscription.name!r}; a network's VNets need distinct names"
                    )
                owner[vnet.name] = part.subscription.name

    @classmethod
    def single(cls, config: NetworkConfiguration, subscription: Subscription | None = None) -> NetworkSet:
        return cls(parts=(Part(subscription=subscription or Subscription(name=DEFAULT_SUBSCRIPTION), config=config),))

    @property
    def names(self) -> list[str]:
        return [p.subscription.name for p in self.parts]

    def sole(self) -> Part | None:
        """The part of a network in one subscription; ``None`` across several (then whoever needs one
        subscription's network must be told which). The one place that asks how many there are."""
        return self.parts[0] if len(self.parts) == 1 else None

    def part(self, name: str) -> NetworkConfiguration:
        """The network configuration of subscription ``name`` (KeyError when the set has none)."""
        for part in self.parts:
            if part.subscription.name == name:
                return part.config
        raise KeyError(name)

    def owners(self) -> dict[str, str]:
        """``{VNet: the subscription it is in}``."""
        return {vnet.name: part.subscription.name for part in self.parts for vnet in part.config.vnets}

    @property
    def named(self) -> list[Part]:
        """The parts whose subscription is named (see :attr:`Subscription.named`): all or none."""
        return [p for p in self.parts if p.subscription.named]

    def named_in(self, subscription: str) -> str:
        """`` (SUBSCRIPTION)`` after a name in a named subscription (:attr:`Subscription.named`), else nothing."""
        named = any(p.subscription.named for p in self.parts if p.subscription.name == subscription)
        return f" ({subscription})" if named else ""

    def site_owners(self) -> dict[str, str]:
        """``{local site, as :meth:`joined` names it: the subscription whose file holds (and uploads) it}``."""
        counts: dict[str, int] = {}
        for part in self.parts:
            for site in part.config.local_sites:
                counts[site.name] = counts.get(site.name, 0) + 1
        return {
            (qualified_name(s.name, part.subscription.name) if counts[s.name] > 1 else s.name): part.subscription.name
            for part in self.parts
            for s in part.config.local_sites
        }

    def joined(self) -> NetworkConfiguration:
        """The whole network as one configuration, for questions about all of it (reach, a picture).

        A local site whose name is in several subscriptions is named ``NAME (SUBSCRIPTION)`` there,
        and the connections to it with it; everything else keeps its name.
        """
        counts: dict[str, int] = {}
        for part in self.parts:
            for site in part.config.local_sites:
                counts[site.name] = counts.get(site.name, 0) + 1
        renamed = [_qualified(part, {n for n, c in counts.items() if c > 1}) for part in self.parts]
        # Side by side, pair after pair: one subscription's configuration is the whole network as it is.
        return functools.reduce(_beside, renamed)


def qualified_name(site: str, subscription: str) -> str:
    """How :meth:`NetworkSet.joined` names a local site whose name is in several subscriptions."""
    return f"{site} ({subscription})"


def _beside(one: NetworkConfiguration, other: NetworkConfiguration) -> NetworkConfiguration:
    """Two subscriptions' configurations as one: DNS servers and affinity groups by name, the first kept."""
    return NetworkConfiguration.create(
        dns_servers=list(first_by_name([*one.dns_servers, *other.dns_servers]).values()),
        local_sites=[*one.local_sites, *other.local_sites],
        vnets=[*one.vnets, *other.vnets],
        affinity_groups=list(first_by_name([*one.affinity_groups, *other.affinity_groups]).values()),
    )


def _qualified(part: Part, shared: set[str]) -> NetworkConfiguration:
    config, name = part.config, part.subscription.name
    if not shared & {s.name for s in config.local_sites}:
        return config
    sites = tuple(
        dataclasses.replace(s, name=qualified_name(s.name, name)) if s.name in shared else s for s in config.local_sites
    )
    vnets = []
    for vnet in config.vnets:
        gateway = vnet.gateway
        if gateway is not None and any(c.site in shared for c in gateway.connections):
            connections = tuple(
                dataclasses.replace(c, site=qualified_name(c.site, name)) if c.site in shared else c for c in gateway.connections
            )
            vnet = dataclasses.replace(vnet, gateway=dataclasses.replace(gateway, connections=connections))
        vnets.append(vnet)
    return dataclasses.replace(config, local_sites=sites, vnets=tuple(vnets))
