"""The topology file: the model as TOML a person writes by hand (read with ``tomllib``).

It holds everything the model holds, including what a ``.netcfg`` cannot say (affinity-group
locations, gateway type and SKU, which local site mirrors which VNet). A complete example::

    [[affinity_group]]
    name = "Dublin"
    location = "North Europe"

    [[dns_server]]
    name = "DNS-Dublin"
    address = "10.0.0.4"

    [[local_site]]
    name = "Local-Holland"
    prefixes = ["10.1.0.0/16"]
    gateway_address = "192.0.2.2"      # optional; the second pass fills in the real one
    mirrors = "VNet-Holland"           # optional; omit for an on-premises site

    [[vnet]]
    name = "VNet-Dublin"
    affinity_group = "Dublin"          # or: location = "North Europe"
    prefixes = ["10.0.0.0/16"]
    dns_servers = ["DNS-Dublin"]       # optional
    subnets = [
      { name = "Workload", prefix = "10.0.0.0/24" },
      { name = "GatewaySubnet", prefix = "10.0.1.0/28" },
    ]

    [vnet.gateway]                     # optional
    type = "DynamicRouting"            # or StaticRouting; left out: not known, as in a .netcfg
    sku = "Default"                    # default; or Standard, HighPerformance
    profile = "Small"                  # optional: Small, Medium, Large, ExtraLarge
    client_pool = ["172.16.0.0/24"]    # optional, point-to-site
    connections = ["Local-Holland"]    # IPsec; or { site = "...", type = "Dedicated" }

:func:`dump` writes this form back, so that a model survives ``dump`` then ``load`` unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from netcfg.errors import InputError, InputErrors, ModelError
from netcfg.model import (
    AffinityGroup,
    Position,
    Connection,
    ConnectionType,
    DnsServer,
    Gateway,
    GatewaySku,
    LocalNetworkSite,
    NetworkConfiguration,
    Subnet,
    VirtualNetworkSite,
)
from netcfg.io.topology_lines import TopologyLines
from netcfg.model.subscriptions import DEFAULT_SUBSCRIPTION, NetworkSet, Part, Subscription
from netcfg.registry import did_you_mean, nearest

T = TypeVar("T")

# What each table may hold. Unknown keys are refused: a misspelt key silently ignored is a
# network silently different from what its author meant.
TOP_KEYS = {"subscription", "affinity_group", "dns_server", "local_site", "vnet"}
KEYS = {
    "subscription": {"name", "id"},
    "affinity_group": {"name", "location", "subscription"},
    "dns_server": {"name", "address", "subscription"},
    "local_site": {"name", "prefixes", "gateway_address", "mirrors", "subscription"},
    "vnet": {"name", "affinity_group", "location", "prefixes", "dns_servers", "subnets", "gateway", "subscription"},
    "subnet": {"name", "prefix"},
    "gateway": {"type", "sku", "profile", "client_pool", "connections"},
    "connection": {"site", "type"},
}
# The keys that name another object: findings about a reference point at the key's own line.
_REFERENCES = {"local_site": ("mirrors",), "vnet": ("affinity_group", "dns_servers")}
_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")
# A topology that names none of these is empty by accident (a blank or commented-out file);
# 'vnet = []' says on purpose that the network is empty, as an export of an empty subscription is.
NETWORK_KEYS = {"dns_server", "local_site", "vnet"}
EMPTY = (
    "the topology is empty: it defines no VNet, local site or DNS server (uploading an empty network would"
    " delete every VNet in the subscription; write 'vnet = []' if that is what you mean)"
)


_NOWHERE = "\0"  # the subscription of an object whose subscription is wrong: it joins no part


class _Reader:
    """Reads the tables of one topology into model objects, each with its line as its origin."""

    def __init__(self, file: str, lines: TopologyLines) -> None:
        self.file = file
        self.lines = lines
        # What is wrong with an object is noted and the reading goes on, so that one run names every
        # problem of the file; the shape of the file itself (a table where an array goes) still stops it.
        self.problems: list[tuple[int | None, str]] = []

    def fail(self, message: str, line: int | None = None) -> InputError:
        self.problems.append((line, message))
        return InputErrors(self.problems, file=self.file)

    def note(self, message: str, line: int | None) -> None:
        self.problems.append((line, message))

    def table(self, kind: str, value: object, where: str, line: int | None) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(f"{where} must be a table (got {value!r})", line)
        unknown = sorted(set(value) - KEYS[kind])
        known = ", ".join(sorted(KEYS[kind]))
        block = self.lines.block_at(line)
        if not unknown:
            return value
        read = {k: v for k, v in value.items() if k not in unknown}
        for key in unknown:  # each on its own line, the rest of the table still read
            self.note(
                f"{where}: unknown key {key!r}{did_you_mean(key, KEYS[kind])}; a {kind} takes {known}",
                self.lines.key(block, key) or line,
            )
            meant = nearest(key, KEYS[kind])
            if meant is not None and meant not in value:  # read as meant, so its value is checked too
                read[meant] = value[key]
        return read

    def tables(self, kind: str, data: Mapping[str, Any], key: str) -> list[tuple[Position, Mapping[str, Any]]]:
        """``(position, table)`` for each table of the top-level array ``data[key]``."""
        value = data.get(key, [])
        if not isinstance(value, list):
            raise self.fail(f"{key!r} must be an array of tables ([[{key}]] or [ {{...}}, ... ])")
        found = []
        for i, item in enumerate(value):
            block = self.lines.block(key, i)
            name = item.get("name") if isinstance(item, Mapping) else None
            keys = tuple((k, line) for k in _REFERENCES.get(kind, ()) if (line := self.lines.key(block, k)) is not None)
            here = Position(
                sourceline=block[0] if block else None,
                keys=keys,
                path=f"{kind} {name!r}" if isinstance(name, str) and name else f"{kind} #{i + 1}",
            )
            found.append((here, self.table(kind, item, here.path, here.sourceline)))
        return found

    def make(self, where: Position, build: Callable[[], T]) -> T | None:
        """``build()``, or ``None`` with its problem noted (the reading goes on to find the others)."""
        try:
            return build()
        except ModelError as exc:  # it names the object already; the line says where (the value's own, if known)
            block = self.block_of(where)
            line = self.lines.key(block, exc.field) if exc.field else None
            if line is None and isinstance(exc.value, str):
                line = self.lines.string(block, exc.value)
            self.note(str(exc), line or where.sourceline)
        except TypeError as exc:
            self.note(f"{where.path}: {exc}", where.sourceline)
        return None

    def inside(self, owner: Position, what: str, value: object, after: int = 0) -> Position:
        """The position of ``what`` (a subnet, a connection) written as the string ``value`` in ``owner``'s table."""
        block = self.block_of(owner)
        line = self.lines.string(block, value, after=after) if isinstance(value, str) else None
        return Position(sourceline=line or owner.sourceline, path=f"{owner.path} {what}")

    def block_of(self, where: Position) -> tuple[int, int] | None:
        return self.lines.block_at(where.sourceline)

    def connection(self, value: object, owner: Position, gateway_line: int, number: int) -> Connection | None:
        site = value if isinstance(value, str) else value.get("site") if isinstance(value, Mapping) else None
        where = self.inside(
            owner, f"connection #{number}" if not isinstance(site, str) else f"connection to {site!r}", site, after=gateway_line
        )
        if isinstance(value, str):
            return self.make(where, lambda: Connection.create(site=value, origin=where))
        item = self.table("connection", value, where.path, where.sourceline)
        return self.make(where, lambda: Connection.create(site=item.get("site"), type=item.get("type", "IPsec"), origin=where))

    def gateway(self, value: object, owner: Position) -> Gateway | None:
        line = self.lines.key(self.block_of(owner), "gateway") or owner.sourceline
        where = Position(sourceline=line, path=f"{owner.path} gateway")
        item = self.table("gateway", value, where.path, where.sourceline)
        connections = item.get("connections", [])
        if not isinstance(connections, list):
            raise self.fail(f"{where.path}: 'connections' must be an array", where.sourceline)
        return self.make(
            where,
            lambda: Gateway.create(
                type=item.get("type"),  # left out: not known, as in a .netcfg
                sku=item.get("sku", GatewaySku.DEFAULT.value),
                profile=item.get("profile"),
                client_pool=item.get("client_pool", ()),
                connections=[found for i, c in enumerate(connections) if (found := self.connection(c, owner, line or 0, i + 1))],
                origin=where,
            ),
        )

    def subnets(self, item: Mapping[str, Any], owner: Position) -> list[Subnet]:
        value = item.get("subnets", [])
        if not isinstance(value, list):
            raise self.fail(f"{owner.path}: 'subnets' must be an array of tables", owner.sourceline)
        found = []
        for i, entry in enumerate(value):
            name = entry.get("name") if isinstance(entry, Mapping) else None
            where = self.inside(owner, f"subnet {name!r}" if isinstance(name, str) else f"subnet #{i + 1}", name)
            table = self.table("subnet", entry, where.path, where.sourceline)
            subnet = self.subnet(where, table)
            if subnet is not None:
                found.append(subnet)
        return found

    def subnet(self, where: Position, table: Mapping[str, Any]) -> Subnet | None:
        return self.make(where, lambda: Subnet.create(name=table.get("name"), prefix=table.get("prefix"), origin=where))

    def vnet(self, where: Position, item: Mapping[str, Any]) -> VirtualNetworkSite | None:
        subnets = self.subnets(item, where)
        gateway = self.gateway(item["gateway"], where) if "gateway" in item else None
        return self.make(
            where,
            lambda: VirtualNetworkSite.create(
                name=item.get("name"),
                affinity_group=item.get("affinity_group"),
                location=item.get("location"),
                prefixes=item.get("prefixes", ()),
                dns_servers=item.get("dns_servers", ()),
                subnets=subnets,
                gateway=gateway,
                origin=where,
            ),
        )

    def affinity_group(self, where: Position, table: Mapping[str, Any]) -> AffinityGroup | None:
        return self.make(
            where, lambda: AffinityGroup(name=table.get("name", ""), location=table.get("location", ""), origin=where)
        )

    def dns_server(self, where: Position, table: Mapping[str, Any]) -> DnsServer | None:
        return self.make(where, lambda: DnsServer.create(name=table.get("name"), address=table.get("address"), origin=where))

    def local_site(self, where: Position, table: Mapping[str, Any]) -> LocalNetworkSite | None:
        return self.make(
            where,
            lambda: LocalNetworkSite.create(
                name=table.get("name"),
                prefixes=table.get("prefixes", ()),
                gateway_address=table.get("gateway_address"),
                mirrors=table.get("mirrors"),
                origin=where,
            ),
        )

    def read(self, data: Mapping[str, Any]) -> NetworkSet:
        unknown = sorted(set(data) - TOP_KEYS)
        if unknown:
            raise self.fail(
                f"unknown table {unknown[0]!r}{did_you_mean(unknown[0], TOP_KEYS)}; a topology has {', '.join(sorted(TOP_KEYS))}"
            )
        subscriptions = [s for w, t in self.tables("subscription", data, "subscription") if (s := self.subscription(w, t))]
        owner = self.owner_of(subscriptions)

        def read_all(kind: str, build: Callable[[Position, Mapping[str, Any]], Any]) -> list[tuple[str | None, Any]]:
            pairs = [(owner(w, t), build(w, t)) for w, t in self.tables(kind, data, kind)]
            return [(o, made) for o, made in pairs if made is not None and o is not _NOWHERE]

        groups = read_all("affinity_group", self.affinity_group)
        servers = read_all("dns_server", self.dns_server)
        sites = read_all("local_site", self.local_site)
        vnets = read_all("vnet", self.vnet)
        if self.problems:
            raise InputErrors(self.problems, file=self.file)
        if not (vnets or sites or servers) and not NETWORK_KEYS & set(data):
            raise self.fail(EMPTY, 1)
        return self.network(subscriptions, groups, servers, sites, vnets)

    def network(self, subscriptions: list[Subscription], *owned: list[tuple[str | None, Any]]) -> NetworkSet:
        """One part per subscription (one unnamed part when there are none), each with the objects it owns."""
        groups, servers, sites, vnets = owned
        each: list[Subscription | None] = list(subscriptions) or [None]
        parts = []
        for subscription in each:
            name = subscription.name if subscription else None
            config = NetworkConfiguration.create(
                affinity_groups=[g for n, g in groups if n == name],
                dns_servers=[d for n, d in servers if n == name],
                local_sites=[s for n, s in sites if n == name],
                vnets=[v for n, v in vnets if n == name],
            )
            parts.append(Part(subscription=subscription or Subscription(name=DEFAULT_SUBSCRIPTION), config=config))
        try:
            return NetworkSet(parts=tuple(parts), from_topology=True)
        except ModelError as exc:
            raise self.fail(str(exc)) from None

    def subscription(self, where: Position, table: Mapping[str, Any]) -> Subscription | None:
        return self.make(where, lambda: Subscription(name=table.get("name", ""), id=table.get("id"), origin=where))

    def owner_of(self, subscriptions: list[Subscription]) -> Callable[[Position, Mapping[str, Any]], str | None]:
        """How each object's subscription is told: its ``subscription`` key, or the only one there is."""
        names = [s.name for s in subscriptions]

        def owner(where: Position, table: Mapping[str, Any]) -> str | None:
            given = table.get("subscription")
            if given is None:
                if len(names) > 1:
                    self.note(
                        f"{where.path}: which subscription is it in? add subscription = one of {', '.join(map(repr, names))}",
                        where.sourceline,
                    )
                    return _NOWHERE
                return names[0] if names else None
            if given not in names:
                known = f"the topology has {', '.join(map(repr, names))}" if names else "the topology has no [[subscription]]"
                self.note(
                    f"{where.path}: subscription {given!r}{did_you_mean(str(given), names)} is not one of"
                    f" its [[subscription]] tables; {known}",
                    where.sourceline,
                )
                return _NOWHERE
            return str(given)

        return owner


def text_of(data: bytes, *, file: str = "") -> str:
    """The text of a topology file: UTF-8, as TOML requires (a byte-order mark is allowed)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"neither XML nor UTF-8 text (byte {exc.start}); expected a .netcfg or a topology .toml", file=file, line=line
        ) from None


def loads(text: str, *, file: str = "") -> NetworkSet:
    """The network described by topology TOML ``text``, one part per subscription (one part when it names none)."""
    import tomllib  # deferred (netcfg.deferred): 'netcfg validate' of a .netcfg never reads TOML

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_LINE.search(str(exc))
        reason = _TOML_LINE.sub("", str(exc)).strip()
        raise InputError(f"not valid TOML: {reason}", file=file, line=int(match[1]) if match else None) from None
    except ValueError:  # an integer longer than Python converts (4,300 digits): tomllib's int() refuses it
        raise InputError("not a topology: it holds a number longer than 4,300 digits, which no value can be", file=file) from None
    except RecursionError:  # tomllib parses nested arrays and tables recursively
        raise InputError("not a topology: its arrays or tables nest too deeply to read", file=file) from None
    return _Reader(file, TopologyLines(text)).read(data)


# --- writing -------------------------------------------------------------------------------

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _string(value: object) -> str:
    text = str(value)
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _strings(values: Iterable[object]) -> str:
    return "[" + ", ".join(_string(v) for v in values) + "]"


def _inline(pairs: dict[str, object]) -> str:
    return "{ " + ", ".join(f"{k} = {_string(v)}" for k, v in pairs.items()) + " }"


def _connection(connection: Connection) -> str:
    if connection.type is ConnectionType.IPSEC:
        return _string(connection.site)
    return _inline({"site": connection.site, "type": connection.type.value})


def _vnet_lines(vnet: VirtualNetworkSite) -> list[str]:
    lines = ["[[vnet]]", f"name = {_string(vnet.name)}"]
    if vnet.affinity_group is not None:
        lines.append(f"affinity_group = {_string(vnet.affinity_group)}")
    else:
        lines.append(f"location = {_string(vnet.location)}")
    lines.append(f"prefixes = {_strings(vnet.prefixes)}")
    if vnet.dns_servers:
        lines.append(f"dns_servers = {_strings(vnet.dns_servers)}")
    if vnet.subnets:
        lines.append("subnets = [")
        lines += [f"  {_inline({'name': s.name, 'prefix': s.prefix})}," for s in vnet.subnets]
        lines.append("]")
    gateway = vnet.gateway
    if gateway is not None:
        # A .netcfg does not say the type: say so rather than write the topology's default as a fact.
        kind = (
            f"type = {_string(gateway.type.value)}"
            if gateway.type
            else '# type: not in the .netcfg; write type = "StaticRouting" or "DynamicRouting" if you know it'
        )
        lines += ["", "[vnet.gateway]", kind, f"sku = {_string(gateway.sku.value)}"]
        if gateway.profile is not None:
            lines.append(f"profile = {_string(gateway.profile.value)}")
        if gateway.client_pool:
            lines.append(f"client_pool = {_strings(gateway.client_pool)}")
        lines.append("connections = [" + ", ".join(_connection(c) for c in gateway.connections) + "]")
    return lines


def _blocks(config: NetworkConfiguration, subscription: str | None) -> list[list[str]]:
    owner = [f"subscription = {_string(subscription)}"] if subscription is not None else []
    blocks: list[list[str]] = []
    for group in config.affinity_groups:
        blocks.append(["[[affinity_group]]", f"name = {_string(group.name)}", *owner, f"location = {_string(group.location)}"])
    for server in config.dns_servers:
        blocks.append(["[[dns_server]]", f"name = {_string(server.name)}", *owner, f"address = {_string(server.address)}"])
    for site in config.local_sites:
        lines = ["[[local_site]]", f"name = {_string(site.name)}", *owner, f"prefixes = {_strings(site.prefixes)}"]
        if site.gateway_address is not None:
            lines.append(f"gateway_address = {_string(site.gateway_address)}")
        if site.mirrors is not None:
            lines.append(f"mirrors = {_string(site.mirrors)}")
        blocks.append(lines)
    for vnet in config.vnets:
        lines = _vnet_lines(vnet)
        blocks.append(lines[:2] + owner + lines[2:])
    return blocks


def dumps(network: NetworkSet, *, header: str = "") -> str:
    """``network`` as topology TOML that :func:`loads` reads back to an equal network; a network in
    one unnamed subscription is written without subscriptions, as :func:`dump` writes it."""
    blocks: list[list[str]] = []
    for part in network.named:
        sub = part.subscription
        blocks.append(["[[subscription]]", f"name = {_string(sub.name)}"] + ([f"id = {_string(sub.id)}"] if sub.id else []))
    for part in network.parts:
        blocks += _blocks(part.config, part.subscription.name if part.subscription.named else None)
    if not any(p.config.vnets or p.config.local_sites or p.config.dns_servers for p in network.parts):
        blocks.append(["# An empty network: uploading it deletes every VNet in the subscription.", "vnet = []"])
    head = [f"# {line}".rstrip() for line in header.splitlines()]
    body = "\n\n".join("\n".join(block) for block in blocks)
    return ("\n".join(head) + "\n\n" if head else "") + body + "\n"
