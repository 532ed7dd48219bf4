"""What uploading one configuration over another would add, change and delete.

``Set-AzureVNetConfig`` makes the subscription look exactly like the uploaded file: anything
missing from it is deleted, and Azure refuses to change or delete a subnet that is in use
("Cannot delete or modify subnet while in use"). Those changes are marked destructive.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from netcfg.registry import Named as HasName
from netcfg.model import DnsServer, LocalNetworkSite, NetworkConfiguration, VirtualNetworkSite
from netcfg.values import Value


class Action(enum.Enum):
    ADD = "add"
    REMOVE = "remove"
    CHANGE = "change"


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class Change(Value):
    """One difference: ``kind`` is vnet, subnet, local-site, dns-server, connection or gateway;
    ``parent`` names the VNet for subnets, connections and gateways."""

    action: Action
    kind: str
    name: str
    destructive: bool
    detail: str = ""
    parent: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "action": self.action.value,
            "kind": self.kind,
            "name": self.name,
            "parent": self.parent,
            "destructive": self.destructive,
            "detail": self.detail,
        }


Named = TypeVar("Named", bound=HasName)
T = TypeVar("T")


def _by_name(items: Iterable[Named]) -> dict[str, Named]:
    return {item.name: item for item in items}


def _pairs(old: Mapping[str, T], new: Mapping[str, T]) -> Iterator[tuple[str, T | None, T | None]]:
    """Every name in either, in the order old then new, with its object on each side (or None)."""
    for name in list(old) + [n for n in new if n not in old]:
        yield name, old.get(name), new.get(name)


def _listed(values: Iterable[object]) -> str:
    return ", ".join(str(v) for v in values) or "none"


def _was(label: str, old: object, new: object) -> list[str]:
    return [f"{label} {old} -> {new}"] if old != new else []


def _vnet_changes(name: str, old: VirtualNetworkSite, new: VirtualNetworkSite) -> Iterator[Change]:
    details = _was("address space", _listed(old.prefixes), _listed(new.prefixes))
    details += _was("placement", old.affinity_group or old.location, new.affinity_group or new.location)
    details += _was("DNS servers", _listed(old.dns_servers), _listed(new.dns_servers))
    if details:
        lost = {p.network for p in old.prefixes} - {p.network for p in new.prefixes}
        yield Change(action=Action.CHANGE, kind="vnet", name=name, destructive=bool(lost), detail="; ".join(details))
    for subnet, before, after in _pairs(_by_name(old.subnets), _by_name(new.subnets)):
        if before is None and after is not None:
            yield Change(action=Action.ADD, kind="subnet", name=subnet, parent=name, destructive=False, detail=str(after.prefix))
        elif before is not None and after is None:
            yield Change(
                action=Action.REMOVE, kind="subnet", name=subnet, parent=name, destructive=True, detail=str(before.prefix)
            )
        elif before is not None and after is not None and before.prefix != after.prefix:
            yield Change(
                action=Action.CHANGE,
                kind="subnet",
                name=subnet,
                parent=name,
                destructive=True,
                detail=f"prefix {before.prefix} -> {after.prefix}",
            )
    yield from _gateway_changes(name, old, new)


def _gateway_changes(name: str, old: VirtualNetworkSite, new: VirtualNetworkSite) -> Iterator[Change]:
    if old.gateway is None and new.gateway is None:
        return
    if old.gateway is None or new.gateway is None:
        action = Action.ADD if old.gateway is None else Action.REMOVE
        yield Change(action=action, kind="gateway", name=name, parent=name, destructive=action is Action.REMOVE)
    else:
        details = _was("profile", getattr(old.gateway.profile, "value", None), getattr(new.gateway.profile, "value", None))
        details += _was("client address pool", _listed(old.gateway.client_pool), _listed(new.gateway.client_pool))
        if details:
            yield Change(
                action=Action.CHANGE, kind="gateway", name=name, parent=name, destructive=False, detail="; ".join(details)
            )
    before = {c.site: c for c in old.gateway.connections} if old.gateway else {}
    after = {c.site: c for c in new.gateway.connections} if new.gateway else {}
    for site, was, now in _pairs(before, after):
        if was is None and now is not None:
            yield Change(action=Action.ADD, kind="connection", name=site, parent=name, destructive=False, detail=now.type.value)
        elif was is not None and now is None:
            yield Change(action=Action.REMOVE, kind="connection", name=site, parent=name, destructive=True)
        elif was is not None and now is not None and was.type != now.type:
            yield Change(
                action=Action.CHANGE,
                kind="connection",
                name=site,
                parent=name,
                destructive=True,
                detail=f"type {was.type.value} -> {now.type.value}",
            )


def _dns_changes(name: str, old: DnsServer, new: DnsServer) -> Iterator[Change]:
    if old.address != new.address:
        yield Change(
            action=Action.CHANGE,
            kind="dns-server",
            name=name,
            destructive=False,
            detail=f"address {old.address} -> {new.address}",
        )


def _site_changes(name: str, old: LocalNetworkSite, new: LocalNetworkSite) -> Iterator[Change]:
    details = _was("prefixes", _listed(old.prefixes), _listed(new.prefixes))
    details += _was("VPN gateway address", old.gateway_address, new.gateway_address)
    if details:
        yield Change(action=Action.CHANGE, kind="local-site", name=name, destructive=False, detail="; ".join(details))


# Each top-level kind: its objects in a configuration, a one-line summary, and how to compare two.
TOP_LEVEL: tuple[
    tuple[
        str, Callable[[NetworkConfiguration], Iterable[Any]], Callable[[Any], str], Callable[[str, Any, Any], Iterator[Change]]
    ],
    ...,
] = (
    ("dns-server", lambda c: c.dns_servers, lambda d: str(d.address), _dns_changes),
    ("local-site", lambda c: c.local_sites, lambda s: _listed(s.prefixes), _site_changes),
    ("vnet", lambda c: c.vnets, lambda v: _listed(v.prefixes), _vnet_changes),
)


def changes(current: NetworkConfiguration, new: NetworkConfiguration) -> list[Change]:
    """Every difference between ``current`` and ``new``, in the order of the files."""
    found: list[Change] = []
    for kind, items, summary, compare in TOP_LEVEL:
        for name, old, now in _pairs(_by_name(items(current)), _by_name(items(new))):
            if old is not None and now is not None:
                found.extend(compare(name, old, now))
            else:
                action = Action.ADD if old is None else Action.REMOVE
                found.append(
                    Change(
                        action=action,
                        kind=kind,
                        name=name,
                        destructive=action is Action.REMOVE,
                        detail=summary(now if old is None else old),
                    )
                )
    return found
