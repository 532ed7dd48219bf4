"""The model checks its own fields and names the object it refuses."""

from ipaddress import IPv4Address, IPv4Interface, IPv4Network

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netcfg.errors import ModelError
from netcfg.model import (
    ConnectionType,
    Gateway,
    GatewaySku,
    LocalNetworkSite,
    Prefix,
    Subnet,
    VirtualNetworkSite,
    parse_address,
    parse_prefix,
)


def vnet(name="VNet-Dublin", prefixes=("10.0.0.0/16",), **kw):
    kw.setdefault("location", "North Europe")
    return VirtualNetworkSite.create(name=name, prefixes=prefixes, **kw)


def test_strings_become_model_values():
    site = LocalNetworkSite.create(name="Local", prefixes=["10.1.0.0/16"], gateway_address="203.0.113.7")
    assert site.prefixes == (Prefix(0x0A010000, 16),)
    assert site.gateway_address == IPv4Address("203.0.113.7")


def test_non_canonical_prefix_is_kept_as_written():
    v = vnet(prefixes=["192.168.2.0/16"])
    assert str(v.prefixes[0]) == "192.168.2.0/16"
    assert v.prefixes[0] == Prefix.of(IPv4Interface("192.168.2.0/16"))
    assert v.networks == {Prefix.of(IPv4Network("192.168.0.0/16"))}
    assert str(v.prefixes[0].network) == "192.168.0.0/16" and v.prefixes[0].has_host_bits


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: vnet(prefixes=["10.0.0/16"]), "virtual network 'VNet-Dublin': '10.0.0/16' is not an IPv4 CIDR prefix"),
        (lambda: vnet(prefixes=["10.0.0.0/255.255.0.0"]), "'10.0.0.0/255.255.0.0' is not an IPv4 CIDR prefix"),
        (lambda: vnet(prefixes=[]), "virtual network 'VNet-Dublin': needs at least one address prefix"),
        (
            lambda: vnet(affinity_group="Dublin"),
            "virtual network 'VNet-Dublin': needs exactly one of affinity group and location"
            " (got affinity group 'Dublin', location 'North Europe')",
        ),
        (lambda: vnet(location=None), "needs exactly one of affinity group and location"),
        (lambda: vnet(name=""), "virtual network has no name"),
        (lambda: Subnet.create(name="App", prefix="nope"), "subnet 'App': 'nope' is not an IPv4 CIDR prefix"),
        (
            lambda: LocalNetworkSite.create(name="L", prefixes=["10.0.0.0/8"], gateway_address="999.1.1.1"),
            "local network site 'L': '999.1.1.1' is not an IPv4 address",
        ),
        (lambda: Gateway.create(profile="Huge"), "'Huge' is not one of Small, Medium, Large, ExtraLarge"),
        (lambda: Gateway.create(sku="Ultra"), "'Ultra' is not one of Default, Standard, HighPerformance"),
    ],
)
def test_field_mistakes_raise_a_clear_error(build, message):
    with pytest.raises(ModelError) as raised:
        build()
    assert message in str(raised.value)


def test_the_constructor_takes_the_model_types_and_create_converts_the_rest():
    with pytest.raises(ModelError, match=r"^subnet 'App': prefix must be Prefix, not str; the create\(\) class"):
        Subnet(name="App", prefix="10.0.0.0/24")  # type: ignore[arg-type]
    with pytest.raises(ModelError, match="prefixes must be tuple, not list"):
        LocalNetworkSite(name="L", prefixes=[Prefix(0x0A000000, 8)])  # type: ignore[arg-type]
    with pytest.raises(ModelError, match="each of prefixes must be Prefix, not IPv4Interface"):
        LocalNetworkSite(name="L", prefixes=(IPv4Interface("10.0.0.0/8"),))  # type: ignore[arg-type]
    with pytest.raises(ModelError, match="each of subnets must be Subnet, not str"):
        VirtualNetworkSite(name="V", location="North Europe", prefixes=(Prefix(0x0A000000, 8),), subnets=("App",))  # type: ignore[arg-type]
    assert Subnet(name="App", prefix=Prefix(0x0A000000, 24)) == Subnet.create(name="App", prefix="10.0.0.0/24")
    for written in (IPv4Network("10.0.0.0/24"), IPv4Interface("10.0.0.0/24"), "10.0.0.0/24"):
        assert Subnet.create(name="App", prefix=written).prefix == Prefix(0x0A000000, 24)
    assert Subnet.create(name="App", prefix=IPv4Interface("10.0.0.9/24")).prefix == Prefix(0x0A000009, 24)


def test_objects_are_frozen():
    with pytest.raises(AttributeError):
        vnet().name = "other"  # type: ignore[misc]


def test_a_gateway_type_nothing_says_is_none_never_the_cmdlets_static_default():
    gateway = Gateway.create()
    assert gateway.type is None  # a .netcfg never says it; the exports work it out or ask
    assert gateway.sku is GatewaySku.DEFAULT and gateway.sku.max_connections == 10
    assert GatewaySku.HIGH_PERFORMANCE.max_connections == 30


def test_connection_type_defaults_to_ipsec():
    from netcfg.model import Connection

    assert Connection.create(site="x").type is ConnectionType.IPSEC


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.0.0.0/8", "10.0.0.0/8"),
        (" 10.0.1.0/11 ", "10.0.1.0/11"),
        ("10.0.0.0/33", None),
        ("10.0.0.0", None),
        ("a.b.c.d/8", None),
        ("010.0.0.0/8", None),
        ("10.0.0.0/08", "10.0.0.0/8"),
    ],
)
def test_parse_prefix(text, expected):
    result = parse_prefix(text)
    assert (str(result) if result else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.2.3.4", "1.2.3.4"),
        (" 10.0.0.1 ", "10.0.0.1"),
        ("0.0.0.0", "0.0.0.0"),
        ("256.1.1.1", None),
        ("01.2.3.4", None),
        ("1.2.3", None),
        ("a.b.c.d", None),
        ("1.2.3.4/32", None),
    ],
)
def test_parse_address(text, expected):
    result = parse_address(text)
    assert (str(result) if result else None) == expected


# Dotted quads near the edges the hand parser checks: octets past 255, leading zeros, lengths past 32.
_octet = st.integers(0, 300).map(str) | st.integers(0, 99).map(lambda n: f"0{n}")
_quad = st.tuples(_octet, _octet, _octet, _octet).map(".".join)


def _ipaddress_or_none(kind, text):
    try:
        return kind(text)
    except ValueError:
        return None


@given(_quad, st.integers(0, 40).map(str) | st.just("08"))
def test_parse_prefix_agrees_with_ipaddress(quad, length):
    text = f"{quad}/{length}"
    expected = _ipaddress_or_none(IPv4Interface, text)
    assert parse_prefix(text) == (None if expected is None else Prefix.of(expected))


_interfaces = st.builds(lambda a, n: IPv4Interface((a, n)), st.integers(0, 2**32 - 1), st.integers(0, 32))


@settings(max_examples=300)
@given(_interfaces, _interfaces, st.integers(0, 2**32 - 1))
def test_a_prefix_answers_as_ipaddress_does(written, other, address):
    """The model's two-integer Prefix against ipaddress, on everything it answers: text, canonical
    block, span, host bits, membership, overlap and containment."""
    prefix, second = Prefix.of(written), Prefix.of(other)
    assert str(prefix) == str(written) and prefix.ip == written.ip
    assert prefix.ipv4_network() == written.network and str(prefix.network) == str(written.network)
    assert prefix.network == Prefix.of(written.network) and prefix.length == written.network.prefixlen
    assert prefix.span == (int(written.network.network_address), int(written.network.broadcast_address))
    assert prefix.has_host_bits == (written.ip != written.network.network_address)
    assert (IPv4Address(address) in prefix) == (IPv4Address(address) in written.network) == (address in prefix)
    assert prefix.overlaps(second) == written.network.overlaps(other.network)
    assert prefix.within(second) == written.network.subnet_of(other.network)
    assert (prefix == second) == (written == other)
    assert prefix != second or hash(prefix) == hash(second)
    assert eval(repr(prefix), {"Prefix": lambda text: Prefix.of(IPv4Interface(text))}) == prefix


@pytest.mark.parametrize("fields", [(-1, 8), (2**32, 8), (0, 33), (0, -1), ("10.0.0.0", 8), (0, True), (0.0, 8)])
def test_a_prefix_refuses_what_is_no_prefix(fields):
    with pytest.raises(ValueError, match="^a prefix's (address|length) is an integer from 0 to "):
        Prefix(*fields)


@given(_quad)
def test_parse_address_agrees_with_ipaddress(quad):
    assert parse_address(quad) == _ipaddress_or_none(IPv4Address, quad)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.builds(lambda a, n: IPv4Network((a >> (32 - n) << (32 - n), n)), st.integers(0, 2**32 - 1), st.integers(0, 32)),
        max_size=25,
    )
)
def test_overlaps_with_earlier_names_exactly_the_blocks_that_overlap_an_earlier_one(networks):
    from netcfg.model.addressing import overlaps_with_earlier

    found = list(overlaps_with_earlier((Prefix.of(n), i) for i, n in enumerate(networks)))
    later = [i for _, i in found]
    assert later == [i for i, n in enumerate(networks) if any(n.overlaps(m) for m in networks[:i])]
    assert all(earlier < i and networks[earlier].overlaps(networks[i]) for earlier, i in found)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.builds(Prefix, st.integers(0, 2**32 - 1), st.integers(0, 32))
        | st.sampled_from([Prefix(0x0A000000, n) for n in (8, 16, 17, 24)] + [Prefix(0x0A008000, 17)]),
        max_size=9,
    )
)
def test_few_blocks_compared_pairwise_name_the_same_earlier_block_as_the_index(prefixes):
    """A VNet's few subnets are compared pairwise, many through the index: both name the same earlier item."""
    from netcfg.model.addressing import _indexed, _pairwise

    items = [(p, i) for i, p in enumerate(prefixes)]
    assert list(_pairwise(items)) == list(_indexed(items))
