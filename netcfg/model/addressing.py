"""CIDR arithmetic: overlap between many ranges, and carving new ranges out of a pool.

Two CIDR blocks are either disjoint or one contains the other, which is what lets
:func:`overlaps_with_earlier` find overlaps among many blocks without comparing all pairs.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from ipaddress import IPv4Address, IPv4Network
from typing import TypeVar

from netcfg.errors import Hint, Option, RefusedError
from netcfg.model.prefix import MASKS, Prefix, Span

T = TypeVar("T")


def overlaps_with_earlier(items: Iterable[tuple[Prefix, T]]) -> Iterator[tuple[T, T]]:
    """Yield ``(earlier, later)`` once for each item that overlaps an item before it, in the given order.

    The earlier item named is the first of the block that holds ``later`` most tightly, else the
    first of the lowest block starting inside it. A VNet's few subnets, a gateway's few sites
    (what most calls get) are compared pairwise; more go through an index (:func:`_indexed`).
    """
    listed = list(items)
    return _pairwise(listed) if len(listed) <= _PAIRWISE else _indexed(listed)


_PAIRWISE = 8  # up to this many items, comparing every pair costs less than building the index


def _pairwise(items: list[tuple[Prefix, T]]) -> Iterator[tuple[T, T]]:
    for at, (prefix, payload) in enumerate(items):
        first, last = prefix.span
        holder, holder_length, starter, starter_first = -1, -1, -1, 0  # places in items; -1: none yet
        for place in range(at):
            other = items[place][0]
            low = other.first
            if other.length <= prefix.length and low == first & MASKS[other.length]:
                if other.length > holder_length:  # the tightest holder; of equal blocks, the first
                    holder, holder_length = place, other.length
            elif first <= low <= last and (starter < 0 or low < starter_first):
                starter, starter_first = place, low
        found = holder if holder >= 0 else starter
        if found >= 0:
            yield items[found][1], payload


def _indexed(items: list[tuple[Prefix, T]]) -> Iterator[tuple[T, T]]:
    """:func:`overlaps_with_earlier` in O(log n + 32) an item: an earlier block overlaps this one when
    it contains it (one of its 33 aligned supernets was seen) or starts inside it (CIDR blocks
    nest, so a block starting inside this one lies wholly within it). Twelve thousand copies of
    one subnet give twelve thousand findings, not seventy-two million pairs."""
    seen: dict[tuple[int, int], T] = {}  # (start, prefix length) -> the first item with that block
    lengths: list[int] = []  # the prefix lengths seen, longest first: only these can hold a supernet
    starts: list[int] = []  # every seen block's start, sorted
    first_at: dict[int, T] = {}  # start -> the first item seen starting there
    for prefix, payload in items:
        start, last = prefix.span
        length = prefix.length
        earlier = next((seen[key] for bits in lengths if bits <= length and (key := (start & MASKS[bits], bits)) in seen), None)
        if earlier is None:
            at = bisect.bisect_left(starts, start)
            if at < len(starts) and starts[at] <= last:
                earlier = first_at[starts[at]]
        if earlier is not None:
            yield earlier, payload
        if (start, length) not in seen:
            seen[(start, length)] = payload
            if length not in lengths:
                lengths.append(length)
                lengths.sort(reverse=True)
            if start not in first_at:
                first_at[start] = payload
                bisect.insort(starts, start)


U = TypeVar("U")


def overlapping_pairs(firsts: Iterable[tuple[Prefix, T]], seconds: Iterable[tuple[Prefix, U]]) -> Iterator[tuple[T, U]]:
    """Every ``(first, second)`` whose blocks overlap, once per pair of blocks, in time linear in the blocks
    plus the pairs found: sorted by start (a containing block before what it holds), one sweep keeps
    the blocks that hold the current one (CIDR blocks nest or are disjoint)."""
    Block = tuple[int, int, int, int]  # first, last, 0 for firsts or 1 for seconds, index in its list
    first_items, second_items = list(firsts), list(seconds)
    blocks: list[Block] = sorted(
        [(*p.span, 0, i) for i, (p, _) in enumerate(first_items)] + [(*p.span, 1, i) for i, (p, _) in enumerate(second_items)],
        key=lambda b: (b[0], -b[1]),
    )
    open_blocks: list[Block] = []
    for block in blocks:
        while open_blocks and open_blocks[-1][1] < block[0]:
            open_blocks.pop()
        for holder in open_blocks:
            if holder[2] != block[2]:
                first, second = (holder, block) if holder[2] == 0 else (block, holder)
                yield first_items[first[3]][1], second_items[second[3]][1]
        open_blocks.append(block)


def inside(prefix: Prefix, spans: Iterable[Span]) -> bool:
    """Whether ``prefix`` lies wholly inside one of ``spans``."""
    first, last = prefix.span
    return any(low <= first and last <= high for low, high in spans)


def overlapping(prefix: Prefix, spans: Iterable[Span]) -> Span | None:
    """The first of ``spans`` that shares an address with ``prefix``, or ``None``."""
    first, last = prefix.span
    return next(((low, high) for low, high in spans if low <= last and first <= high), None)


def first_overlap(network: IPv4Network, others: Iterable[IPv4Network]) -> IPv4Network | None:
    """The first of ``others`` that overlaps ``network``, or ``None``."""
    return next((other for other in others if network.overlaps(other)), None)


def allocate(pool: IPv4Network, prefixlen: int, count: int, *, avoid: Iterable[IPv4Network] = ()) -> list[IPv4Network]:
    """The first ``count`` blocks of size ``/prefixlen`` in ``pool`` that overlap nothing in ``avoid``.

    Raises :class:`RefusedError` when the pool is too small, saying how many blocks fit.
    """
    if prefixlen < pool.prefixlen or prefixlen > 32:
        raise RefusedError(
            f"cannot carve /{prefixlen} blocks out of {pool}: the length must be between /{pool.prefixlen} and /32"
        )
    used = sorted(set(avoid), key=lambda n: int(n.network_address))
    found: list[IPv4Network] = []
    for candidate in pool.subnets(new_prefix=prefixlen):
        if first_overlap(candidate, used) is None:
            found.append(candidate)
            if len(found) == count:
                return found
    raise RefusedError(
        f"address pool {pool} has room for {len(found)} free /{prefixlen} block(s) but {count} are needed",
        hints=(
            Hint("choose a larger pool", Option.ADDRESS_POOL),
            Hint("or smaller VNets", Option.VNET_PREFIX_LENGTH, (str(prefixlen + 1),)),
        ),
    )


# Addresses people typed while waiting for the real gateway IP (the docs suggested "5.4.3.2").
DUMMY_ADDRESSES = frozenset(int(IPv4Address(a)) for a in ("1.1.1.1", "1.2.3.4", "2.2.2.2", "4.3.2.1", "5.4.3.2", "8.8.8.8"))
_PLACEHOLDER = "a documentation address (RFC 5737)"
# Ranges no VPN device on the internet can have, each with the reason to give
# (IANA's special-purpose registry; the first match wins, so narrow ranges come first).
NOT_PUBLIC = tuple(
    (Prefix.of(IPv4Network(network)).span, why)
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
