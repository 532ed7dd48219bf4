"""The network, as frozen values: what a ``.netcfg`` holds, plus what the runbook needs.

Beside the elements of the XML, the model records three things the XML cannot say:

* affinity groups with their Azure location (``New-AzureAffinityGroup -Location``),
* the gateway's routing type and SKU (``New-AzureVNetGateway -GatewayType -GatewaySKU``),
* which local network site *mirrors* which VNet: the stand-in that the other side of a
  VNet-to-VNet pair connects to, whose gateway address the second pass fills in.

Prefixes are :class:`netcfg.model.prefix.Prefix`, two integers each, as written: Azure stored and
exported prefixes with host bits set (``192.168.2.0/16``), and a faithful model must give them
back as written. ``prefix.network`` is the canonical block used for every comparison.

Every object checks only its own fields when built and raises :class:`ModelError` naming
itself. Whether references resolve or ranges overlap is the validator's business, because
real files break those rules and must still be read.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from typing import Any, Protocol, TypeVar

from netcfg.errors import ModelError
from netcfg.model.prefix import Prefix
from netcfg.values import Value

NAMESPACE = "http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration"
GATEWAY_SUBNET = "GatewaySubnet"


class ConnectionType(enum.Enum):
    IPSEC = "IPsec"
    DEDICATED = "Dedicated"


class GatewayProfile(enum.Enum):
    SMALL = "Small"
    MEDIUM = "Medium"
    LARGE = "Large"
    EXTRA_LARGE = "ExtraLarge"


class GatewayType(enum.Enum):
    """``New-AzureVNetGateway -GatewayType``. The cmdlet's default is static; we never rely on it.

    A ``.netcfg`` does not record it (Set-AzureVNetConfig has no such field; the type was chosen
    when the gateway was created): a gateway read from one has type ``None``, and what its
    configuration implies is worked out by :class:`netcfg.model.gateway_types.RoutingTypes`.
    """

    DYNAMIC_ROUTING = "DynamicRouting"
    STATIC_ROUTING = "StaticRouting"


class GatewaySku(enum.Enum):
    """``New-AzureVNetGateway -GatewaySKU``, with the number of site-to-site tunnels it allows."""

    DEFAULT = "Default"
    STANDARD = "Standard"
    HIGH_PERFORMANCE = "HighPerformance"

    @property
    def max_connections(self) -> int:
        return 30 if self is GatewaySku.HIGH_PERFORMANCE else 10


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Position(Value):
    """Where an object was written in a file lxml did not parse (a topology): its line, and a path
    a person can read (``vnet 'VNet-Dublin' subnet 'Workload'``). An object read from XML has its
    lxml element as its origin instead; both have a ``sourceline``."""

    sourceline: int | None
    path: str
    keys: tuple[tuple[str, int], ...] = ()  # the line of each key written in the object's table

    def key(self, name: str) -> Position:
        """Where key ``name`` of this object is written (its table, when that line is not known)."""
        line = dict(self.keys).get(name, self.sourceline)
        return Position(sourceline=line, path=f"{self.path} {name}")


class Located(Protocol):
    """Where an object was read from: an lxml element, or a :class:`Position` in a topology."""

    @property
    def sourceline(self) -> int | None: ...


Origin = Located | None


def origin_field() -> Any:
    # Left out of equality and repr: two models are equal when the networks are equal, wherever
    # they were read from. (A dataclass field() is typed Any for exactly this use.)
    return field(default=None, compare=False, repr=False)


def _fail(kind: str, name: str, problem: str) -> ModelError:
    return ModelError(f"{kind} {name!r}: {problem}")


# Characters no Azure object name can hold, and that would change what a script or a terminal
# shows: control characters (C0, DEL, C1 with NEL), line and paragraph separators, bidirectional
# overrides, isolates and marks, non-characters and lone surrogates. Spaces, quotes, '$', '@'
# and '%' stay allowed: real exports have them ("Group ClassicRG TestVNet1", "&quot;my vnet&quot;").
# Invisible characters too (zero-width space and joiners, the word joiner and invisible operators,
# the byte-order mark, the soft hyphen, Hangul fillers, the Mongolian vowel separator, tag
# characters): with one, two names that print the same are different names.
_INVISIBLE = "\u00ad\u115f\u1160\u180e\u200b-\u200d\u2060-\u2064\u3164\ufeff\uffa0\U000e0000-\U000e007f"
# A pattern, compiled on first use (re's own cache): most runs see printable ASCII names only
# (check_name settles those without it), and compiling it costs a small file's run a millisecond.
_FORBIDDEN = (
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff\ufdd0-\ufdef"
    + _INVISIBLE
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
    + "]"
)


def _kind_of_character(char: str) -> str:
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return "a control character"
    if char in "\u2028\u2029":
        return "a line or paragraph separator"
    if 0xD800 <= code <= 0xDFFF:
        return "a lone surrogate"
    if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        return "a Unicode non-character"
    if re.fullmatch(f"[{_INVISIBLE}]", char):
        return "an invisible character (two names would print the same)"
    return "a bidirectional formatting character"


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot name an Azure object (a character it may not hold), or ``None``."""
    found = re.search(_FORBIDDEN, name)
    if found is None:
        return None
    char = found.group()
    return f"holds U+{ord(char):04X}, {_kind_of_character(char)}, which no Azure name can hold; remove it"


def _no_name(kind: str, name: object, owner: str | None = None) -> ModelError:
    if owner is not None:
        kind = kind.format(owner=repr(owner))
    return ModelError(f"{kind} has no name (got {name!r}); every {kind} needs a non-empty name")


def _text(kind: str, name: object) -> str:
    # create()'s input as the str its constructor takes; the constructor checks the rest, once.
    if isinstance(name, str):
        return name
    raise _no_name(kind, name)


def check_name(kind: str, name: object, owner: str | None = None) -> str:
    # ``kind`` may name its ``owner`` ("... of virtual network {owner}"): formatted only on
    # failure, since this runs for every object of a large export.
    if not isinstance(name, str) or not name:
        raise _no_name(kind, name, owner)
    # Printable ASCII holds none of _FORBIDDEN's characters: two C calls settle most names.
    if name.isascii() and name.isprintable():
        return name
    if re.search(_FORBIDDEN, name) is not None:
        if owner is not None:
            kind = kind.format(owner=repr(owner))
        raise ModelError(f"{kind} {name!r}: the name {name_problem(name)}")
    return name


def prefix_problem(text: str) -> str:
    """What to say of an AddressPrefix that is no CIDR prefix (the reader and the invalid-prefix rule agree)."""
    return f"{text!r} is not an IPv4 CIDR prefix; write it as address/length, e.g. 10.1.0.0/16"


def address_problem(what: str, text: str) -> str:
    """What to say of an address that is no IPv4 address (the reader and the invalid-address rule agree)."""
    return f"{what} {text!r} is not an IPv4 address such as 203.0.113.10"


# What create() accepts where the model holds a Prefix: text, or an ipaddress interface or network.
PrefixLike = Prefix | IPv4Interface | IPv4Network | str
Prefixes = Iterable[PrefixLike] | str
E = TypeVar("E", bound=enum.Enum)


def _as_prefix(kind: str, name: str, value: object) -> Prefix:
    if isinstance(value, Prefix):
        return value
    if isinstance(value, (IPv4Interface, IPv4Network)):
        return Prefix.of(value)
    if isinstance(value, str) and (prefix := parse_prefix(value)) is not None:
        return prefix
    error = _fail(kind, name, f"{value!r} is not an IPv4 CIDR prefix such as 10.1.0.0/16")
    error.value = value
    raise error


def _as_prefixes(kind: str, name: str, values: Prefixes) -> tuple[Prefix, ...]:
    if isinstance(values, str):
        values = (values,)
    return tuple(_as_prefix(kind, name, v) for v in values)


def _as_address(kind: str, name: str, value: object) -> IPv4Address:
    if isinstance(value, IPv4Address):
        return value
    address = parse_address(value) if isinstance(value, str) else None
    if address is None:
        error = _fail(kind, name, f"{value!r} is not an IPv4 address such as 203.0.113.10")
        error.value = value
        raise error
    return address


def _as_enum(kind: str, name: str, enum_type: type[E], value: object, *, field: str | None = None) -> E:
    if isinstance(value, enum_type):
        return value
    try:
        return enum_type(value)
    except ValueError:
        from netcfg.registry import did_you_mean

        values = [str(m.value) for m in enum_type]
        error = _fail(kind, name, f"{value!r} is not one of {', '.join(values)}{did_you_mean(str(value), values)}")
        error.field = field
        raise error from None


def _expect(kind: str, name: str, what: str, value: object, expected: type | tuple[type, ...]) -> None:
    # The constructors take the model's own types; text and lists go through create(). A wrong
    # type here is a programming error, said in the model's words rather than found later.
    if not isinstance(value, expected):
        raise _fail(
            kind,
            name,
            f"{what} must be {_type_names(expected)}, not {type(value).__name__}"
            "; the create() class method converts text, networks and lists",
        )


def _type_names(expected: type | tuple[type, ...]) -> str:
    types = expected if isinstance(expected, tuple) else (expected,)
    return " or ".join(t.__name__ for t in types)


def _expect_all(kind: str, name: str, what: str, values: object, expected: type) -> None:
    if not isinstance(values, tuple):
        _expect(kind, name, what, values, tuple)  # raises
        return
    for item in values:
        if not isinstance(item, expected):
            _expect(kind, name, f"each of {what}", item, expected)  # raises


@dataclass(frozen=True, kw_only=True, slots=True, eq=False, repr=False)
class DnsServer(Value):
    """A DNS server the VNets may refer to by name (``Dns/DnsServers/DnsServer``)."""

    name: str
    address: IPv4Address
    origin: Origin = origin_field()

    def __post_init__(self) -> None:
        check_name("DNS server", self.name)
        _expect("DNS server", self.name, "address", self.address, IPv4Address)

    @classmethod
    def create(cls, *, name: str | None, address: IPv4Address | str | None, origin: Origin = None) -> DnsServer:
        name = _text("DNS server", name)
        return cls(name=name, address=_as_address("DNS server", name, address), origin=origin)


@dataclass(frozen=True, kw_only=True, slots=True, eq=False, repr=False)
class LocalNetworkSite(Value):
    """A network on the far side of a gateway: on premises, or another VNet (then it *mirrors* it)."""

    name: str
    prefixes: tuple[Prefix, ...]
    gateway_address: IPv4Address | None = None
    mirrors: str | None = None
    origin: Origin = origin_field()

    def __post_init__(self) -> None:
        check_name("local network site", self.name)
        _expect_all("local network site", self.name, "prefixes", self.prefixes, Prefix)
        if not self.prefixes:
            raise _fail("local network site", self.name, "needs at least one address prefix")
        _expect("local network site", self.name, "gateway address", self.gateway_address, (IPv4Address, type(None)))
        if self.mirrors is not None:
            check_name("the VNet mirrored by local network site {owner}", self.mirrors, self.name)

    @classmethod
    def create(
        cls,
        *,
        name: str | None,
        prefixes: Prefixes,
        gateway_address: IPv4Address | str | None = None,
        mirrors: str | None = None,
        origin: Origin = None,
    ) -> LocalNetworkSite:
        name = _text("local network site", name)
        address = None if gateway_address is None else _as_address("local network site", name, gateway_address)
        return cls(
            name=name,
            prefixes=_as_prefixes("local network site", name, prefixes),
            gateway_address=address,
            mirrors=mirrors,
            origin=origin,
        )


@dataclass(frozen=True, kw_only=True, slots=True, eq=False, repr=False)
class Subnet(Value):
    """A subnet of a VNet; the one named exactly ``GatewaySubnet`` holds the gateway."""

    name: str
    prefix: Prefix
    origin: Origin = origin_field()

    def __post_init__(self) -> None:
        check_name("subnet", self.name)
        _expect("subnet", self.name, "prefix", self.prefix, Prefix)

    @classmethod
    def create(cls, *, name: str | None, prefix: PrefixLike | None, origin: Origin = None) -> Subnet:
        name = _text("subnet", name)
        return cls(name=name, prefix=_as_prefix("subnet", name, prefix), origin=origin)


@dataclass(frozen=True, kw_only=True, slots=True, eq=False, repr=False)
class Connection(Value):
    """A gateway's connection to a local network site (``LocalNetworkSiteRef``)."""

    site: str
    type: ConnectionType = ConnectionType.IPSEC
    origin: Origin = origin_field()

    def __post_init__(self) -> None:
        check_name("connection's local network site", self.site)
        _expect("connection to", self.site, "type", self.type, ConnectionType)

    @classmethod
    def create(cls, *, site: str | None, type: ConnectionType | str = ConnectionType.IPSEC, origin: Origin = None) -> Connection:
        site = _text("connection's local network site", site)
        return cls(site=site, type=_as_enum("connection to", site, ConnectionType, type, field="type"), origin=origin)


@dataclass(frozen=True, kw_only=True, slots=True, eq=False, repr=False)
class Gateway(Value):
    """A VNet's VPN gateway: its site connections, point-to-site pool, and the routing type and SKU to create it with.

    ``type`` is ``None`` when the file does not say it (a ``.netcfg`` never does).
    """

    profile: GatewayProfile | None = None
    client_pool: tuple[Prefix, ...] = ()
    connections: tuple[Connection, ...] = ()
    type: GatewayType | None = None
    sku: GatewaySku = GatewaySku.DEFAULT
    origin: Origin = origin_field()

    def __post_init__(self) -> None:
        _expect("gateway", "profile", "profile", self.profile, (GatewayProfile, type(None)))
        _expect_all("gateway", "client pool", "client pool", self.client_pool, Prefix)
        _expect_all("gateway", "connections", "connections", self.connections, Connection)
        _expect("gateway", "type", "type", self.type, (GatewayType, type(None)))
        _expect("gateway", "SKU", "SKU", self.sku, GatewaySku)

    @classmethod
    def create(
        cls,
        *,
        profile: GatewayProfile | str | None = None,
        client_pool: Prefixes = (),
        connections: Iterable[Connection] = (),
        type: GatewayType | str | None = None,
        sku: GatewaySku | str = GatewaySku.DEFAULT,
        origin: Origin = None,
    ) -> Gateway:
        return cls(
            profile=None if profile is None else _as_enum("gateway", "profile", GatewayProfile, profile, field="profile"),
            client_pool=_as_prefixes("gateway", "client pool", client_pool),
            connections=tuple(connections),
            type=None if type is None else _as_enum("gateway", "type", GatewayType, type, field="type"),
            sku=_as_enum("gateway", "SKU", GatewaySku, sku, field="sku"),
            origin=origin,
        )


@dataclass(frozen=True, kw_only=True, slots=True, eq=False, repr=False)
class VirtualNetworkSite(Value):
    """A VNet, placed either in an affinity group or (regional VNet) in a location."""

    name: str
    prefixes: tuple[Prefix, ...]
    affinity_group: str | None = None
    location: str | None = None
    subnets: tuple[Subnet, ...] = ()
    dns_servers: tuple[str, ...] = ()
    gateway: Gateway | None = None
    origin: Origin = origin_field()

    def __post_init__(self) -> None:
        check_name("virtual network", self.name)
        _expect_all("virtual network", self.name, "prefixes", self.prefixes, Prefix)
        if not self.prefixes:
            raise _fail("virtual network", self.name, "needs at least one address prefix")
        if (self.affinity_group is None) == (self.location is None):
            raise _fail(
                "virtual network",
                self.name,
                "needs exactly one of affinity group and location"
                f" (got affinity group {self.affinity_group!r}, location {self.location!r})",
            )
        for placement in (self.affinity_group, self.location):
            if placement is not None:
                check_name("placement of virtual network {owner}", placement, self.name)
        _expect_all("virtual network", self.name, "subnets", self.subnets, Subnet)
        _expect_all("virtual network", self.name, "DNS server references", self.dns_servers, str)
        for server in self.dns_servers:
            check_name("DNS server reference of virtual network {owner}", server, self.name)
        _expect("virtual network", self.name, "gateway", self.gateway, (Gateway, type(None)))

    @classmethod
    def create(
        cls,
        *,
        name: str | None,
        prefixes: Prefixes,
        affinity_group: str | None = None,
        location: str | None = None,
        subnets: Iterable[Subnet] = (),
        dns_servers: Iterable[str] | str = (),
        gateway: Gateway | None = None,
        origin: Origin = None,
    ) -> VirtualNetworkSite:
        name = _text("virtual network", name)
        return cls(
            name=name,
            prefixes=_as_prefixes("virtual network", name, prefixes),
            affinity_group=affinity_group,
            location=location,
            subnets=tuple(subnets),
            dns_servers=(dns_servers,) if isinstance(dns_servers, str) else tuple(dns_servers),
            gateway=gateway,
            origin=origin,
        )

    @property
    def networks(self) -> frozenset[Prefix]:
        """The address space as canonical blocks."""
        return frozenset(p.network for p in self.prefixes)

    @property
    def gateway_subnet(self) -> Subnet | None:
        return next((s for s in self.subnets if s.name == GATEWAY_SUBNET), None)


@dataclass(frozen=True, kw_only=True, slots=True, eq=False, repr=False)
class AffinityGroup(Value):
    """An affinity group and the Azure location it is created in (not part of the XML)."""

    name: str
    location: str
    origin: Origin = origin_field()

    def __post_init__(self) -> None:
        check_name("affinity group", self.name)
        check_name(f"location of affinity group {self.name!r}", self.location)


@dataclass(frozen=True, kw_only=True, slots=True, eq=False, repr=False)
class NetworkConfiguration(Value):
    """A subscription's whole network configuration, as ``Set-AzureVNetConfig`` uploads it."""

    dns_servers: tuple[DnsServer, ...] = ()
    local_sites: tuple[LocalNetworkSite, ...] = ()
    vnets: tuple[VirtualNetworkSite, ...] = ()
    affinity_groups: tuple[AffinityGroup, ...] = ()

    def __post_init__(self) -> None:
        for what, values, expected in (
            ("DNS servers", self.dns_servers, DnsServer),
            ("local sites", self.local_sites, LocalNetworkSite),
            ("VNets", self.vnets, VirtualNetworkSite),
            ("affinity groups", self.affinity_groups, AffinityGroup),
        ):
            _expect_all("network configuration", what, what, values, expected)

    @classmethod
    def create(
        cls,
        *,
        dns_servers: Iterable[DnsServer] = (),
        local_sites: Iterable[LocalNetworkSite] = (),
        vnets: Iterable[VirtualNetworkSite] = (),
        affinity_groups: Iterable[AffinityGroup] = (),
    ) -> NetworkConfiguration:
        return cls(
            dns_servers=tuple(dns_servers),
            local_sites=tuple(local_sites),
            vnets=tuple(vnets),
            affinity_groups=tuple(affinity_groups),
        )

    @property
    def group_locations(self) -> dict[str, str]:
        """Each affinity group's Azure location, by group name."""
        return {group.name: group.location for group in self.affinity_groups}

    def with_placements(self, locations: dict[str, str]) -> NetworkConfiguration:
        """A copy where the affinity groups named in ``locations`` are in those Azure locations."""
        known = {g.name: g for g in self.affinity_groups}
        known.update({name: AffinityGroup(name=name, location=loc) for name, loc in locations.items()})
        return dataclasses.replace(self, affinity_groups=tuple(known.values()))

    def with_mirrors(self, mirrors: dict[str, str]) -> NetworkConfiguration:
        """A copy where each local site named in ``mirrors`` stands in for the VNet given there."""
        sites = tuple(dataclasses.replace(s, mirrors=mirrors[s.name]) if s.name in mirrors else s for s in self.local_sites)
        return dataclasses.replace(self, local_sites=sites)

    def vnet(self, name: str) -> VirtualNetworkSite | None:
        return next((v for v in self.vnets if v.name == name), None)

    def local_site(self, name: str) -> LocalNetworkSite | None:
        return next((s for s in self.local_sites if s.name == name), None)


class _HasName(Protocol):
    @property
    def name(self) -> str: ...


_Named = TypeVar("_Named", bound=_HasName)


def first_by_name(items: Iterable[_Named]) -> dict[str, _Named]:
    """``{name: item}``, the first item of each name: a name given twice is a duplicate-name error,
    and where netcfg still has to pick one, it takes the first, everywhere."""
    found: dict[str, _Named] = {}
    for item in items:
        found.setdefault(item.name, item)
    return found


# No leading zeros (as ipaddress); the range 0-255 is checked after the match, since spelling it
# out in the pattern makes compiling the two expressions cost more than a run's parsing.
_OCTET = r"(0|[1-9][0-9]{0,2})"
_CIDR = re.compile(rf"\s*{_OCTET}\.{_OCTET}\.{_OCTET}\.{_OCTET}/([0-9]{{1,2}})\s*")
_ADDRESS = re.compile(rf"\s*{_OCTET}\.{_OCTET}\.{_OCTET}\.{_OCTET}\s*")


_SHORT_CIDR = r"\s*(0|[1-9][0-9]{0,9})(?:\.(0|[1-9][0-9]{0,9})){0,2}/([0-9]{1,2})\s*"  # compiled if ever needed


@functools.lru_cache(maxsize=65536)
def read_prefix(text: str) -> Prefix | None:
    """``text`` as Azure read an AddressPrefix, or ``None`` if it is not one.

    The full form ``a.b.c.d/n`` as :func:`parse_prefix`; and, as Azure's server did (a January
    2014 export holds ``10.0.0/24``), the shorter dotted-decimal forms of the classic
    ``inet_aton`` reading, where the last part fills the remaining bytes: ``10.0.0/24`` is
    ``10.0.0.0/24`` and ``10.1/16`` is ``10.0.0.1/16``. Octal and hexadecimal parts, which
    ``inet_aton`` would also take, are refused: nothing shows Azure accepted them, and reading
    ``010`` as 8 would surprise the person who wrote it.
    """
    found = parse_prefix(text)
    if found is not None or re.fullmatch(_SHORT_CIDR, text) is None:
        return found
    address, _, length = text.strip().partition("/")
    parts = [int(part) for part in address.split(".")]
    last_bits = 8 * (5 - len(parts))
    if int(length) > 32 or max(parts[:-1], default=0) > 255 or parts[-1] >= 1 << last_bits:
        return None
    value = parts[-1]
    for shift, part in zip((24, 16, 8), parts[:-1]):
        value |= part << shift
    return Prefix(value, int(length))


@functools.lru_cache(maxsize=65536)
def parse_address(text: str) -> IPv4Address | None:
    """``text`` as an IPv4 address, or ``None`` if it is not one (parsed by hand, as :func:`parse_prefix`)."""
    match = _ADDRESS.fullmatch(text)
    if match is None:
        return None
    value = _quad(*match.groups())
    return None if value is None else IPv4Address(value)


@functools.lru_cache(maxsize=65536)
def parse_prefix(text: str) -> Prefix | None:
    """``text`` as an IPv4 CIDR prefix (host bits allowed), or ``None`` if it is not one.

    Only the ``address/length`` form: ``ipaddress`` would also take a netmask after the slash,
    which Azure did not. Parsed by hand and cached because the validator reads every prefix of
    a large file, and ``ipaddress``'s string parsing dominated its profile.
    """
    match = _CIDR.fullmatch(text)
    if match is None:
        return None
    first, second, third, fourth, bits = match.groups()
    length, value = int(bits), _quad(first, second, third, fourth)
    return None if value is None or length > 32 else Prefix(value, length)


def _quad(first: str, second: str, third: str, fourth: str) -> int | None:
    """Four matched decimal octets as one address, or ``None`` when one is above 255. (Each converted
    on its own and compared in turn: map() and max() cost a large file more than the match.)"""
    a, b, c, d = int(first), int(second), int(third), int(fourth)
    if a > 255 or b > 255 or c > 255 or d > 255:
        return None
    return (a << 24) | (b << 16) | (c << 8) | d
