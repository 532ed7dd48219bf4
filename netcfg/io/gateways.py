"""The gateway addresses the runbook writes (``gateways.json``) and ``netcfg patch --from`` reads.

The runbook writes it with ``Set-Content -Encoding UTF8`` (UTF-8 with a byte-order mark), but a
person who saves the VIPs by hand in Windows PowerShell 5.1 with ``>`` gets UTF-16 with a mark:
both are read. The file holds one address per gateway, so it is small: a larger one is refused
before it is parsed, and every wrong entry is named at once.
"""

from __future__ import annotations

import codecs
import json
from ipaddress import IPv4Address
from typing import Any

from netcfg.errors import InputError
from netcfg.io.xml_reader import read_bytes

LARGEST = 1 << 20  # bytes: tens of thousands of gateways; anything larger is not this file
_MARKS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_EXAMPLE = '{"VNet-Dublin": "203.0.113.10"}'


def _text(data: bytes) -> str:
    encoding = next((name for mark, name in _MARKS if data.startswith(mark)), "utf-8")
    return data.decode(encoding)


class _Twice(ValueError):
    """A VNet given twice in the object."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json's object hook: a VNet given twice is a mistake to say, not a value to drop silently."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _Twice(f"VNet {key!r} is given twice; keep one address for it")
        found[key] = value
    return found


def read_gateway_addresses(path: str) -> dict[str, IPv4Address]:
    """``{VNet name: its gateway's public IP}`` from the JSON object at ``path``."""
    data = read_bytes(path)
    if len(data) > LARGEST:
        raise InputError(f"not a gateway address file: {len(data):,} bytes, and one holds a line per gateway", file=path)
    try:
        parsed = json.loads(_text(data), object_pairs_hook=_pairs)
    except _Twice as exc:
        raise InputError(f"not a gateway address file: {exc}", file=path) from None
    except ValueError as exc:  # also UnicodeDecodeError and json's own errors
        raise InputError(f"not a gateway address file: {exc}; it holds a JSON object such as {_EXAMPLE}", file=path) from None
    except RecursionError:  # json nests by recursion; a hostile file nests deeper than the stack
        raise InputError("not a gateway address file: it nests too deeply to read", file=path) from None
    if not isinstance(parsed, dict):
        raise InputError(f"not a gateway address file: expected a JSON object such as {_EXAMPLE}", file=path)
    found, problems = {}, []
    for vnet, value in parsed.items():
        if not isinstance(value, str):
            problems.append(f"the address of {vnet!r} is {json.dumps(value)[:40]}, not an address in quotes")
            continue
        try:
            found[vnet] = IPv4Address(value.strip())
        except ValueError:
            problems.append(f"the address of {vnet!r}, {value!r}, is not an IPv4 address such as 203.0.113.10")
    if problems:
        raise InputError(f"not a gateway address file: {'; '.join(problems)}", file=path)
    return found
