"""The second pass on a topology: each stand-in's ``gateway_address`` set to its VNet's real VIP.

A topology is hand-written, so only the ``gateway_address`` line of each site changes (or one
is added under its ``name``): comments, order, quoting, blank lines and line ends stay. The
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
    changes: dict[int, tuple[str, str | None]] = {}  # 0-based line -> its new text, and a line to add after it
    done: dict[str, IPv4Address] = {}
    problems: list[str] = []
    for part in network.parts:
        plan = plans.get(part.subscription.name, {})
        for site in part.config.local_sites:
            address = plan.get(site.name)
            if address is None or site.gateway_address == address:
                continue  # not asked, or already patched: a second run changes nothing
            problem = _change(lines, site, address, changes)
            if problem:
                problems.append(problem)
            else:  # a site name can be in two subscriptions: say whose
                done[site.name + network.named_in(part.subscription.name)] = address
    if problems:
        raise RefusedError(f"{file or 'the topology'}: nothing was changed: " + "; ".join(problems))
    if not changes:
        return text, done
    newline = "\r\n" if "\r\n" in text else "\n"
    edited = "".join(_edited(line, changes.get(i), newline) for i, line in enumerate(text.splitlines(keepends=True)))
    _same_network_but_addresses(edited, network, plans, file=file)
    return edited, done


def _edited(line: str, change: tuple[str, str | None] | None, newline: str) -> str:
    """``line`` (with its own line end) as ``change`` says, its line end kept; an added line takes it too."""
    if change is None:
        return line
    body = line.rstrip("\r\n")
    ending = line[len(body) :]
    new, added = change
    return new + ending if added is None else new + (ending or newline) + added + ending


def _change(
    lines: TopologyLines, site: LocalNetworkSite, address: IPv4Address, changes: dict[int, tuple[str, str | None]]
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
        changes[after - 1] = (line, f'{indent}gateway_address = "{address}"')
        return None
    found = _ADDRESS_LINE.match(lines.lines[at - 1])
    if found is None:
        return f'line {at}: the gateway_address of {site.name!r} is not one string on its own line; write it as gateway_address = "IP"'
    changes[at - 1] = (f'{found[1]}"{address}"{found[3]}', None)
    return None


def _name_line(lines: TopologyLines, block: tuple[int, int]) -> int | None:
    """The line of the table's ``name = "..."``, when the name is written whole on it."""
    at = lines.key(block, "name")
    return at if at is not None and _NAME_LINE.match(lines.lines[at - 1]) else None


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
