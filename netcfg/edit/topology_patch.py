"""The second pass on a topology: each stand-in's ``gateway_address`` set to its VNet's real VIP.

A topology is hand-written, so only the ``gateway_address`` line of each site changes (or one
is added under its ``[[local_site]]`` header): comments, order, quoting and blank lines stay. The
edited text is read again and must describe the same network with only those addresses changed;
anything else (a layout this line-based edit cannot follow) is refused rather than written.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from ipaddress import IPv4Address

from netcfg.errors import InputError, RefusedError
from netcfg.io.topology import loads
from netcfg.io.topology_lines import TopologyLines
from netcfg.model.network import LocalNetworkSite
from netcfg.model.subscriptions import NetworkSet

# One basic or literal string, alone on its line but for a comment: the only form edited in place.
_ADDRESS_LINE = re.compile(r"""^(\s*gateway_address\s*=\s*)("(?:[^"\\\n]|\\.)*"|'[^'\n]*')(\s*(?:#.*)?)$""")

_NAME_LINE = re.compile(r"""^\s*name\s*=\s*(?:"(?:[^"\\\n]|\\.)*"|'[^'\n]*')\s*(?:#.*)?$""")


def patch_topology(
    text: str, network: NetworkSet, plans: Mapping[str, Mapping[str, IPv4Address]], *, file: str = ""
) -> tuple[str, dict[str, IPv4Address]]:
    """``text`` with the planned addresses (``{subscription: {site: address}}``, from
    :func:`netcfg.edit.patch.patch_plan`) written in, and the changes made, by site.

    Refuses (:class:`RefusedError`), naming every site at once, a site this edit cannot find on
    its own lines (an inline table, a value split over lines).
    """
    lines = TopologyLines(text)
    newline = "\r\n" if "\r\n" in text else "\n"
    changes: dict[int, str] = {}  # 0-based line -> its new text (with what follows it, for an added line)
    done: dict[str, IPv4Address] = {}
    problems: list[str] = []
    for part in network.parts:
        plan = plans.get(part.subscription.name, {})
        for site in part.config.local_sites:
            address = plan.get(site.name)
            if address is None or site.gateway_address == address:
                continue  # not asked, or already patched: a second run changes nothing
            problem = _change(lines, site, address, newline, changes)
            if problem:
                problems.append(problem)
            else:  # a site name can be in two subscriptions: say whose
                done[site.name + network.named_in(part.subscription.name)] = address
    if problems:
        raise RefusedError(f"{file or 'the topology'}: nothing was changed: " + "; ".join(problems))
    if not changes:
        return text, done
    kept = text.splitlines(keepends=True)
    edited = "".join(changes.get(i, line) for i, line in enumerate(kept))
    _same_network_but_addresses(edited, network, plans, file=file)
    return edited, done


def _change(
    lines: TopologyLines, site: LocalNetworkSite, address: IPv4Address, newline: str, changes: dict[int, str]
) -> str | None:
    """Record the edit of ``site``'s address in ``changes``; or say why it cannot be made."""
    where = getattr(site.origin, "sourceline", None)
    block = lines.block_at(where)
    if block is None:
        return (
            f"local site {site.name!r} is not written as a [[local_site]] table (an inline table?); write it as one, then patch"
        )
    at = lines.key(block, "gateway_address")
    if at is None:  # no address yet: one line under the site's name (or its header), indented alike
        after = _name_line(lines, block) or block[0]
        line = lines.lines[after - 1]
        indent = line[: len(line) - len(line.lstrip())] if after != block[0] else ""
        changes[after - 1] = f'{line}{_ending(lines, after - 1, newline)}{indent}gateway_address = "{address}"{newline}'
        return None
    found = _ADDRESS_LINE.match(lines.lines[at - 1])
    if found is None:
        return f'line {at}: the gateway_address of {site.name!r} is not one string on its own line; write it as gateway_address = "IP"'
    changes[at - 1] = f'{found[1]}"{address}"{found[3]}{_ending(lines, at - 1, newline)}'
    return None


def _name_line(lines: TopologyLines, block: tuple[int, int]) -> int | None:
    """The line of the table's ``name = "..."``, when the name is written whole on it."""
    at = lines.key(block, "name")
    return at if at is not None and _NAME_LINE.match(lines.lines[at - 1]) else None


def _ending(lines: TopologyLines, index: int, newline: str) -> str:
    """The line break after line ``index`` (none after a last line that has none)."""
    return newline if index < len(lines.lines) - 1 or lines.ends_with_newline else ""


def _same_network_but_addresses(
    edited: str, network: NetworkSet, plans: Mapping[str, Mapping[str, IPv4Address]], *, file: str
) -> None:
    """The edited text must read as ``network`` with only the planned addresses changed."""
    try:
        again = loads(edited, file=file)
    except InputError as exc:
        raise RefusedError(f"{file or 'the topology'}: nothing was changed: the edit would not read back ({exc})") from None
    expected = tuple(
        dataclasses.replace(
            part,
            config=dataclasses.replace(
                part.config,
                local_sites=tuple(
                    dataclasses.replace(s, gateway_address=plans.get(part.subscription.name, {}).get(s.name, s.gateway_address))
                    for s in part.config.local_sites
                ),
            ),
        )
        for part in network.parts
    )
    if tuple(p.config for p in again.parts) != tuple(p.config for p in expected):
        raise RefusedError(
            f"{file or 'the topology'}: nothing was changed: editing its gateway_address lines would change more"
            " than the addresses (a layout this edit cannot follow); set them by hand"
        )
