"""The stand-in relation as values: which local site stands in for which VNet, and why.

Worked out once per network by :func:`netcfg.model.standins.resolve` and carried by the
:class:`~netcfg.model.subscriptions.NetworkSet` it belongs to, so that every command (validate,
show, graph, reach, patch, runbook, export) reads the same answer with the same reason.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

from netcfg.errors import Hint, Option
from netcfg.values import Value


class Why(enum.Enum):
    """How a site's prefixes relate to the VNet it stands in for."""

    EQUAL = "equal-prefixes"  # exactly the VNet's address space: the article's stand-in
    SPLIT = "split-prefixes"  # the same addresses, written as other prefixes (two /17s for a /16)
    PLUS = "space-plus-ranges"  # the VNet's whole space, and ranges reached through it (on premises, a pool)
    TRANSIT = "transit-union"  # the VNet's space and other VNets' spaces: transit through it
    SUPERNET = "covering-supernet"  # a prefix that holds the VNet's space and more
    PART = "part-of-space"  # only part of the VNet's space: the rest has no route
    NONE = "none-of-space"  # none of it (only the user's word can say so)

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Why.EQUAL: "equal prefixes",
    Why.SPLIT: "its space in other prefixes",
    Why.PLUS: "its space plus other ranges",
    Why.TRANSIT: "transit",
    Why.SUPERNET: "a covering supernet",
    Why.PART: "part of its space",
    Why.NONE: "none of its space",
}


@dataclass(frozen=True, kw_only=True, slots=True, eq=False, repr=False)
class StandIn(Value):
    """Local site ``site`` (in ``subscription``'s configuration) stands in for VNet ``vnet``."""

    subscription: str
    site: str
    vnet: str
    why: Why  # how the site's prefixes relate to the VNet's space
    given: bool = False  # the user said so (--mirror, a topology's mirrors); else worked out
    pattern: bool = False  # other VNets fitted the site as well; the connection pattern chose this one
    detail: str = ""  # the prefixes that say so, in words

    @property
    def reason(self) -> str:
        """One line: ``stands in for 'VNet-B': equal prefixes (10.1.0.0/16), settled by the connection pattern``."""
        how = self.why.label + (f" ({self.detail})" if self.detail else "")
        said = " (given)" if self.given else ""
        settled = ", settled by the connection pattern" if self.pattern else ""
        return f"stands in for {self.vnet!r}{said}: {how}{settled}"

    def as_dict(self) -> dict[str, object]:
        return {
            "site": self.site,
            "subscription": self.subscription,
            "vnet": self.vnet,
            "why": self.why.value,
            "given": self.given,
            "connection_pattern": self.pattern,
            "reason": self.reason,
        }


@dataclass(frozen=True, kw_only=True, slots=True, eq=False, repr=False)
class Ambiguity(Value):
    """A site that could stand in for several VNets, which its prefixes and connections do not tell apart."""

    subscription: str
    site: str
    vnets: tuple[str, ...]
    connected: bool  # a gateway connects to it: the second pass and an export need the answer

    @property
    def message(self) -> str:
        return (
            f"local site {self.site!r} could stand in for any of VNets {', '.join(map(repr, self.vnets))}: its"
            " prefixes and the connections do not say which"
        )


@dataclass(frozen=True, kw_only=True, slots=True, eq=False, repr=False)
class UnknownVNet(Value):
    """A site the user said stands in for a VNet the network does not have (a typo, most often)."""

    subscription: str
    site: str
    vnet: str


@dataclass(frozen=True, kw_only=True, slots=True, eq=False, repr=False)
class Relation(Value):
    """The stand-in relation of a whole network: by ``(subscription, site)``, with what it could not decide."""

    stand_ins: dict[tuple[str, str], StandIn] = field(default_factory=dict)
    ambiguities: tuple[Ambiguity, ...] = ()
    unknown: tuple[UnknownVNet, ...] = ()

    def of(self, subscription: str, site: str) -> StandIn | None:
        return self.stand_ins.get((subscription, site))

    def for_vnet(self, vnet: str) -> list[StandIn]:
        """Every site, in any subscription, that stands in for ``vnet``."""
        return [s for s in self.stand_ins.values() if s.vnet == vnet]

    def connected_ambiguities(self) -> list[Ambiguity]:
        return [a for a in self.ambiguities if a.connected]

    @staticmethod
    def fix(ambiguities: Iterable[Ambiguity]) -> Hint:
        """The mirrors that settle ``ambiguities``, ready to paste: each site's first candidate (choose the right ones)."""
        chosen = {a.site: a.vnets[0] for a in ambiguities}
        return Hint("to settle it", Option.MIRRORS, tuple(f"{site}={vnet}" for site, vnet in chosen.items()))
