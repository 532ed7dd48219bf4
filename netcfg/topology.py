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
    type = "DynamicRouting"            # default; or StaticRouting
    sku = "Default"                    # default; or Standard, HighPerformance
    profile = "Small"                  # optional: Small, Medium, Large, ExtraLarge
    client_pool = ["172.16.0.0/24"]    # optional, point-to-site
    connections = ["Local-Holland"]    # IPsec; or { site = "...", type = "Dedicated" }

:func:`dump` writes this form back, so that a model survives ``dump`` then ``load`` unchanged.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from typing import Any

from netcfg.errors import InputError, ModelError
from netcfg.model import (
    AffinityGroup,
    Connection,
    ConnectionType,
    DnsServer,
    Gateway,
    GatewaySku,
    GatewayType,
    LocalNetworkSite,
    NetworkConfiguration,
    Subnet,
    VirtualNetworkSite,
)

# What each table may hold. Unknown keys are refused: a misspelt key silently ignored is a
# network silently different from what its author meant.
TOP_KEYS = {"affinity_group", "dns_server", "local_site", "vnet"}
KEYS = {
    "affinity_group": {"name", "location"},
    "dns_server": {"name", "address"},
    "local_site": {"name", "prefixes", "gateway_address", "mirrors"},
    "vnet": {"name", "affinity_group", "location", "prefixes", "dns_servers", "subnets", "gateway"},
    "subnet": {"name", "prefix"},
    "gateway": {"type", "sku", "profile", "client_pool", "connections"},
    "connection": {"site", "type"},
}
_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")


class _Reader:
    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, message: str) -> InputError:
        return InputError(message, file=self.file)

    def table(self, kind: str, value: object, where: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(f"{where} must be a table (got {value!r})")
        unknown = sorted(set(value) - KEYS[kind])
        if unknown:
            known = ", ".join(sorted(KEYS[kind]))
            raise self.fail(f"{where}: unknown key {unknown[0]!r}; a {kind} takes {known}")
        return value

    def tables(self, kind: str, data: Mapping[str, Any], key: str, where: str) -> list[tuple[str, Mapping[str, Any]]]:
        """``(where, table)`` for each table of the array ``data[key]``; ``where`` names it for messages."""
        value = data.get(key, [])
        if not isinstance(value, list):
            raise self.fail(f"{where}{key!r} must be an array of tables ([[{key}]] or [ {{...}}, ... ])")
        found = []
        for i, item in enumerate(value):
            name = item.get("name") if isinstance(item, Mapping) else None
            here = f"{where}{kind} {name!r}" if isinstance(name, str) and name else f"{where}{kind} #{i + 1}"
            found.append((here, self.table(kind, item, here)))
        return found

    def make(self, where: str, build: Callable[[], Any]) -> Any:
        try:
            return build()
        except (ModelError, TypeError) as exc:
            raise self.fail(f"{where}: {exc}") from None

    def connection(self, value: object, where: str) -> Connection:
        if isinstance(value, str):
            return self.make(where, lambda: Connection(site=value))
        item = self.table("connection", value, where)
        return self.make(where, lambda: Connection(site=item.get("site"), type=item.get("type", "IPsec")))

    def gateway(self, value: object, where: str) -> Gateway:
        item = self.table("gateway", value, f"{where} gateway")
        connections = item.get("connections", [])
        if not isinstance(connections, list):
            raise self.fail(f"{where} gateway: 'connections' must be an array")
        return self.make(
            where,
            lambda: Gateway(
                type=item.get("type", GatewayType.DYNAMIC_ROUTING.value),
                sku=item.get("sku", GatewaySku.DEFAULT.value),
                profile=item.get("profile"),
                client_pool=item.get("client_pool", ()),
                connections=[self.connection(c, f"{where} connection #{i + 1}") for i, c in enumerate(connections)],
            ),
        )

    def vnet(self, where: str, item: Mapping[str, Any]) -> VirtualNetworkSite:
        subnets = [
            self.make(here, lambda s=s: Subnet(name=s.get("name"), prefix=s.get("prefix")))
            for here, s in self.tables("subnet", item, "subnets", f"{where} ")
        ]
        gateway = self.gateway(item["gateway"], where) if "gateway" in item else None
        return self.make(
            where,
            lambda: VirtualNetworkSite(
                name=item.get("name"),
                affinity_group=item.get("affinity_group"),
                location=item.get("location"),
                prefixes=item.get("prefixes", ()),
                dns_servers=item.get("dns_servers", ()),
                subnets=subnets,
                gateway=gateway,
            ),
        )

    def read(self, data: Mapping[str, Any]) -> NetworkConfiguration:
        unknown = sorted(set(data) - TOP_KEYS)
        if unknown:
            raise self.fail(f"unknown table {unknown[0]!r}; a topology has {', '.join(sorted(TOP_KEYS))}")
        return NetworkConfiguration(
            affinity_groups=[
                self.make(w, lambda t=t: AffinityGroup(name=t.get("name"), location=t.get("location")))
                for w, t in self.tables("affinity_group", data, "affinity_group", "")
            ],
            dns_servers=[
                self.make(w, lambda t=t: DnsServer(name=t.get("name"), address=t.get("address")))
                for w, t in self.tables("dns_server", data, "dns_server", "")
            ],
            local_sites=[
                self.make(
                    w,
                    lambda t=t: LocalNetworkSite(
                        name=t.get("name"),
                        prefixes=t.get("prefixes", ()),
                        gateway_address=t.get("gateway_address"),
                        mirrors=t.get("mirrors"),
                    ),
                )
                for w, t in self.tables("local_site", data, "local_site", "")
            ],
            vnets=[self.vnet(w, t) for w, t in self.tables("vnet", data, "vnet", "")],
        )


def load(text: str, *, file: str = "") -> NetworkConfiguration:
    """The model described by topology TOML ``text``; :class:`InputError` says what and where if not."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_LINE.search(str(exc))
        reason = _TOML_LINE.sub("", str(exc)).strip()
        raise InputError(f"not valid TOML: {reason}", file=file, line=int(match[1]) if match else None) from None
    return _Reader(file).read(data)


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


def _strings(values: object) -> str:
    return "[" + ", ".join(_string(v) for v in values) + "]"  # type: ignore[attr-defined]


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
        lines += ["", "[vnet.gateway]", f"type = {_string(gateway.type.value)}", f"sku = {_string(gateway.sku.value)}"]
        if gateway.profile is not None:
            lines.append(f"profile = {_string(gateway.profile.value)}")
        if gateway.client_pool:
            lines.append(f"client_pool = {_strings(gateway.client_pool)}")
        lines.append("connections = [" + ", ".join(_connection(c) for c in gateway.connections) + "]")
    return lines


def dump(config: NetworkConfiguration, *, header: str = "") -> str:
    """``config`` as topology TOML that :func:`load` reads back to an equal model."""
    blocks: list[list[str]] = []
    for group in config.affinity_groups:
        blocks.append(["[[affinity_group]]", f"name = {_string(group.name)}", f"location = {_string(group.location)}"])
    for server in config.dns_servers:
        blocks.append(["[[dns_server]]", f"name = {_string(server.name)}", f"address = {_string(server.address)}"])
    for site in config.local_sites:
        lines = ["[[local_site]]", f"name = {_string(site.name)}", f"prefixes = {_strings(site.prefixes)}"]
        if site.gateway_address is not None:
            lines.append(f"gateway_address = {_string(site.gateway_address)}")
        if site.mirrors is not None:
            lines.append(f"mirrors = {_string(site.mirrors)}")
        blocks.append(lines)
    blocks += [_vnet_lines(vnet) for vnet in config.vnets]
    head = [f"# {line}".rstrip() for line in header.splitlines()]
    body = "\n\n".join("\n".join(block) for block in blocks)
    return ("\n".join(head) + "\n\n" if head else "") + body + "\n"
