"""CIDR arithmetic: overlap between many ranges, and carving new ranges out of a pool.

Two CIDR blocks are either disjoint or one contains the other. Sorting by start address
(larger block first on a tie) and sweeping with a stack of the blocks still "open" therefore
finds every overlapping pair in O(n log n + pairs), never comparing all pairs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from ipaddress import IPv4Address, IPv4Network
from typing import TypeVar

from netcfg.errors import RefusedError

T = TypeVar("T")


def overlapping_pairs(items: Iterable[tuple[IPv4Network, T]]) -> Iterator[tuple[T, T]]:
    """Yield ``(outer, inner)`` for every two items whose networks overlap.

    ``outer`` is the item whose network contains the other's (the earlier one when equal).
    Items are ``(network, payload)``; the payload is what the caller wants back.
    """
    ordered = sorted(((*span(network), payload) for network, payload in items), key=_start_then_larger)
    # Sorted by start, any overlap shows between neighbours; most real sets have none.
    if all(before[1] < after[0] for before, after in zip(ordered, ordered[1:])):
        return
    open_blocks: list[tuple[int, T]] = []  # (last address, payload), each inside the one below
    for start, last, payload in ordered:
        while open_blocks and open_blocks[-1][0] < start:
            open_blocks.pop()
        for _, outer in open_blocks:
            yield outer, payload
        open_blocks.append((last, payload))


def _start_then_larger(block: tuple[int, int, object]) -> tuple[int, int]:
    return block[0], -block[1]


def span(network: IPv4Network) -> tuple[int, int]:
    """First and last address of ``network`` as integers (cheaper to compare than ipaddress objects)."""
    start = int(network.network_address)
    return start, start + (1 << (32 - network.prefixlen)) - 1


def inside(network: IPv4Network, spans: Iterable[tuple[int, int]]) -> bool:
    """Whether ``network`` lies wholly inside one of ``spans``."""
    first, last = span(network)
    return any(low <= first and last <= high for low, high in spans)


def overlapping(network: IPv4Network, spans: Iterable[tuple[int, int]]) -> tuple[int, int] | None:
    """The first of ``spans`` that shares an address with ``network``, or ``None``."""
    first, last = span(network)
    return next(((low, high) for low, high in spans if low <= last and first <= high), None)


def first_overlap(network: IPv4Network, others: Iterable[IPv4Network]) -> IPv4Network | None:
    """The first of ``others`` that overlaps ``network``, or ``None``."""
    return next((other for other in others if network.overlaps(other)), None)


def allocate(
    pool: IPv4Network, prefixlen: int, count: int, *, avoid: Iterable[IPv4Network] = ()
) -> list[IPv4Network]:
    """The first ``count`` blocks of size ``/prefixlen`` in ``pool`` that overlap nothing in ``avoid``.

    Raises :class:`RefusedError` when the pool is too small, saying how many blocks fit.
    """
    if prefixlen < pool.prefixlen or prefixlen > 32:
        raise RefusedError(
            f"cannot carve /{prefixlen} blocks out of {pool}: the length must be between"
            f" /{pool.prefixlen} and /32"
        )
    used = sorted(set(avoid), key=lambda n: int(n.network_address))
    found: list[IPv4Network] = []
    for candidate in pool.subnets(new_prefix=prefixlen):
        if first_overlap(candidate, used) is None:
            found.append(candidate)
            if len(found) == count:
                return found
    raise RefusedError(
        f"address pool {pool} has room for {len(found)} free /{prefixlen} block(s) but {count} are"
        " needed; choose a larger --address-pool or a longer --vnet-prefix-length"
    )


# Addresses people typed while waiting for the real gateway IP (the docs suggested "5.4.3.2").
DUMMY_ADDRESSES = frozenset(int(IPv4Address(a)) for a in ("1.1.1.1", "1.2.3.4", "2.2.2.2", "4.3.2.1", "5.4.3.2", "8.8.8.8"))
_PLACEHOLDER = "a documentation address (RFC 5737)"
# Ranges no VPN device on the internet can have, each with the reason to give
# (IANA's special-purpose registry; the first match wins, so narrow ranges come first).
NOT_PUBLIC = tuple(
    (span(IPv4Network(network)), why)
    for network, why in (
        ("192.0.2.0/24", _PLACEHOLDER),
        ("198.51.100.0/24", _PLACEHOLDER),
        ("203.0.113.0/24", _PLACEHOLDER),
        ("10.0.0.0/8", "a private address (RFC 1918)"),
        ("172.16.0.0/12", "a private address (RFC 1918)"),
        ("192.168.0.0/16", "a private address (RFC 1918)"),
        ("100.64.0.0/10", "in the carrier-grade NAT range (RFC 6598), not reachable from Azure"),
        ("198.18.0.0/15", "a benchmarking address (RFC 2544)"),
        ("0.0.0.0/8", "a reserved address"),
        ("127.0.0.0/8", "a reserved address"),
        ("169.254.0.0/16", "a reserved address"),
        ("192.0.0.0/24", "a reserved address"),
        ("224.0.0.0/3", "a reserved address"),  # multicast, the old class E, and broadcast
    )
)
_DUMMY = "a well-known dummy address"
# Reasons a lab may still use the address (with --allow-private); a reserved address never works.
LAB_REASONS = frozenset(why for _, why in NOT_PUBLIC if why != "a reserved address") | {_DUMMY}


def why_not_public(address: IPv4Address) -> str | None:
    """Why ``address`` cannot be a real VPN device on the internet (placeholder, private, reserved), or ``None``."""
    value = int(address)
    if value in DUMMY_ADDRESSES:
        return _DUMMY
    return next((why for (low, high), why in NOT_PUBLIC if low <= value <= high), None)
