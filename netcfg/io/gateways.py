"""The gateway addresses the runbook writes (``gateways.json``) and ``netcfg patch --from`` reads."""

from __future__ import annotations

import json
from ipaddress import IPv4Address

from netcfg.errors import InputError
from netcfg.io.xml_reader import read_bytes


def read_gateway_addresses(path: str) -> dict[str, IPv4Address]:
    """``{VNet name: its gateway's public IP}`` from the JSON object at ``path``."""
    try:
        data = json.loads(read_bytes(path).decode("utf-8-sig"))  # Windows PowerShell 5.1 writes UTF-8 with a BOM
        if not isinstance(data, dict):
            raise ValueError('expected a JSON object such as {"VNet-Dublin": "203.0.113.10"}')
        return {str(vnet): IPv4Address(str(ip)) for vnet, ip in data.items()}
    except ValueError as exc:  # also UnicodeDecodeError and json's own errors
        raise InputError(f"not a gateway address file: {exc}", file=path) from None
    except RecursionError:  # json nests by recursion; a hostile file nests deeper than the stack
        raise InputError("not a gateway address file: it nests too deeply to read", file=path) from None
