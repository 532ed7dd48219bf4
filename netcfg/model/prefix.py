"""The model's address block: an IPv4 CIDR prefix as two integers.

A ``.netcfg`` of 10,000 VNets holds some 50,000 prefixes, and every rule compares them.
``ipaddress.IPv4Interface`` made each one of three objects (the address, its network, the netmask)
at ~3 us apiece, and every comparison unwrapped them back into integers; a :class:`Prefix` is the
two integers the file wrote, and the span every comparison needs is arithmetic on them.
``ipaddress`` values are made on demand (:attr:`Prefix.ip`, :meth:`Prefix.ipv4_network`) where
its arithmetic serves: carving a pool, a supernet.

Azure stored and exported prefixes with host bits set (``192.168.2.0/16``), and a faithful model
gives them back as written: :attr:`Prefix.address` is what was written, :attr:`Prefix.network`
the canonical block every comparison uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Interface, IPv4Network

from netcfg.errors import ModelError
from netcfg.values import Value

Span = tuple[int, int]  # first and last address of a block, as integers

ADDRESSES = 1 << 32
MASKS = tuple(~((1 << (32 - bits)) - 1) & 0xFFFFFFFF for bits in range(33))  # prefix length -> netmask
HOSTS = tuple((1 << (32 - bits)) - 1 for bits in range(33))  # prefix length -> host part


def dotted(value: int) -> str:
    """An address as dotted decimal (``10.1.0.0``), without making an ``IPv4Address``."""
    return f"{value >> 24}.{value >> 16 & 255}.{value >> 8 & 255}.{value & 255}"


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Prefix(Value):
    """An IPv4 CIDR prefix as written: ``address`` (host bits kept) and ``length``.

    Two prefixes are equal when both are equal, as two ``IPv4Interface`` values are: ``10.0.0.1/16``
    is written differently from ``10.0.0.0/16`` though both mean the same block (compare
    :attr:`network` for that).
    """

    address: int
    length: int

    def __post_init__(self) -> None:
        # Checked once, here, so that every property below can trust its two integers; refused as
        # every model object refuses its fields (a ModelError is a ValueError too).
        if type(self.address) is not int or not 0 <= self.address < ADDRESSES:
            raise ModelError(f"a prefix's address is an integer from 0 to 2**32-1, not {self.address!r}")
        if type(self.length) is not int or not 0 <= self.length <= 32:
            raise ModelError(f"a prefix's length is an integer from 0 to 32, not {self.length!r}")

    @classmethod
    def of(cls, value: IPv4Interface | IPv4Network) -> Prefix:
        """The prefix an ``ipaddress`` interface (address kept) or network stands for."""
        if isinstance(value, IPv4Interface):
            return cls(int(value.ip), value.network.prefixlen)
        return cls(int(value.network_address), value.prefixlen)

    @property
    def first(self) -> int:
        return self.address & MASKS[self.length]

    @property
    def last(self) -> int:
        return self.address | HOSTS[self.length]

    @property
    def span(self) -> Span:
        """First and last address of the block, as integers."""
        return self.address & MASKS[self.length], self.address | HOSTS[self.length]

    @property
    def has_host_bits(self) -> bool:
        return self.address & HOSTS[self.length] != 0

    @property
    def network(self) -> Prefix:
        """The canonical block (host bits cleared): itself when it has none, as most prefixes."""
        if self.address & HOSTS[self.length]:
            return Prefix(self.address & MASKS[self.length], self.length)
        return self

    @property
    def ip(self) -> IPv4Address:
        """The address as written, as an ``ipaddress`` value."""
        return IPv4Address(self.address)

    def ipv4_network(self) -> IPv4Network:
        """The canonical block as an ``ipaddress`` network, for its arithmetic (subnets, supernets)."""
        return IPv4Network((self.address & MASKS[self.length], self.length))

    def overlaps(self, other: Prefix) -> bool:
        return self.first <= other.last and other.first <= self.last

    def within(self, other: Prefix) -> bool:
        """Whether every address of this block is in ``other``'s."""
        return other.first <= self.first and self.last <= other.last

    def __contains__(self, address: object) -> bool:
        """Whether an address (``IPv4Address`` or integer) is in the block."""
        value = int(address) if isinstance(address, (IPv4Address, int)) else None
        return value is not None and self.address & MASKS[self.length] <= value <= self.address | HOSTS[self.length]

    def __str__(self) -> str:
        return f"{dotted(self.address)}/{self.length}"

    def __repr__(self) -> str:
        return f"Prefix('{self}')"
