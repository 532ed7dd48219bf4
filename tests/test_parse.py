"""Safe parsing, and the document-to-model step on what Azure really accepted."""

from ipaddress import IPv4Address

import pytest

from netcfg.io import xml_reader
from netcfg.errors import InputError
from netcfg.model import ConnectionType, GatewayProfile
from netcfg.io.inputs import model_from_bytes, read_model

from conftest import CORPUS, DATA, MALFORMED

NS = 'xmlns="http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration"'


def xml(body: str, ns: str = NS) -> bytes:
    return f"<NetworkConfiguration {ns}><VirtualNetworkConfiguration>{body}</VirtualNetworkConfiguration></NetworkConfiguration>".encode()


def test_reads_bom_crlf_any_child_order_comments_and_odd_names():
    config = read_model(str(DATA / "odd-but-accepted.netcfg"))
    dublin, empty = config.vnets
    assert dublin.name == "Group ClassicRG VNet Dublin" and dublin.location == "North Europe"
    assert [str(p) for p in dublin.prefixes] == ["10.20.2.0/16"]  # host bits kept as written
    assert dublin.dns_servers == ("DNS 'one'",)
    assert dublin.gateway.profile is GatewayProfile.SMALL
    assert [(c.site, c.type) for c in dublin.gateway.connections] == [('Local "Holland"', ConnectionType.IPSEC)]
    assert dublin.subnets[0].origin.sourceline == 34
    assert empty.subnets == () and empty.dns_servers == () and empty.gateway.connections == ()
    holland, unpatched = config.local_sites
    assert holland.gateway_address == IPv4Address("203.0.113.20")
    assert unpatched.gateway_address is None
    assert config.dns_servers[0].name == "DNS 'one'"


def test_malformed_corpus_file_gets_its_line():
    path = CORPUS / MALFORMED
    if not path.exists():
        pytest.skip("corpus not present")
    with pytest.raises(InputError) as raised:
        read_model(str(path))
    assert raised.value.line == 6
    assert str(raised.value) == (
        f"{path}:6: not well-formed XML: Opening and ending tag mismatch: VirtualNetworkSites line 5 and VirtualNetworkSite"
    )


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (b"", 1, "the file is empty"),
        (b"   \n", 1, "the file is empty"),
        (b"<NetworkConfiguration>", 1, "not well-formed XML: Premature end of data"),
        (b"\xff\xfe\x00<", 1, "not well-formed XML"),
        (b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e "boom">]>\n<x>&e;</x>', 1, "has a DOCTYPE"),
        (b"<a>" * 300 + b"</a>" * 300, 1, "not well-formed XML: elements nest more than 256 deep; a network configuration"),
    ],
)
def test_refuses_what_is_not_safe_well_formed_xml(data, line, message):
    with pytest.raises(InputError) as raised:
        xml_reader.parse_document(data, file="f.netcfg")
    assert raised.value.line == line
    assert message in raised.value.message


def test_external_entity_is_never_expanded():
    data = b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'
    with pytest.raises(InputError) as raised:
        xml_reader.parse_document(data)
    assert "root:" not in str(raised.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            xml("", ns='xmlns="https://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration"'),
            "<NetworkConfiguration> has namespace 'https://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration';"
            ' Azure expects xmlns="http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration" (http, not https)',
        ),
        (
            xml("", ns=""),
            '<NetworkConfiguration> has no namespace; Azure expects xmlns="http://schemas.microsoft.com/'
            'ServiceHosting/2011/07/NetworkConfiguration"',
        ),
        (
            b"<ServiceConfiguration/>",
            "the root element is <ServiceConfiguration>, not <NetworkConfiguration>: this is not a network configuration",
        ),
    ],
)
def test_strict_reading_refuses_wrong_root(data, message):
    with pytest.raises(InputError) as raised:
        model_from_bytes(data, file="x.netcfg")
    assert raised.value.message == message


def test_strict_reading_refuses_schema_violations_with_line():
    data = xml(
        '\n<VirtualNetworkSites>\n<VirtualNetworkSite name="v" Location="x">\n<AddressSpace/>\n</VirtualNetworkSite>\n</VirtualNetworkSites>'
    )
    with pytest.raises(InputError) as raised:
        model_from_bytes(data, file="x.netcfg")
    assert raised.value.line == 4
    # validate's words (one wording for one problem), without a stray '.;'
    assert raised.value.message == (
        "does not match the NetworkConfiguration schema: The content of element 'AddressSpace' is not complete. Tag"
        " 'AddressPrefix' expected; 'netcfg validate x.netcfg' shows each with its place"
    )


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        (
            '<VirtualNetworkSites><VirtualNetworkSite name="v" Location="x">\n<AddressSpace>\n<AddressPrefix>10.0.0.0/16/8</AddressPrefix>'
            "</AddressSpace></VirtualNetworkSite></VirtualNetworkSites>",
            3,
            "'10.0.0.0/16/8' is not an IPv4 CIDR prefix",
        ),
        (
            '<VirtualNetworkSites>\n<VirtualNetworkSite name="v" Location="x" AffinityGroup="g"><AddressSpace>'
            "<AddressPrefix>10.0.0.0/16</AddressPrefix></AddressSpace></VirtualNetworkSite></VirtualNetworkSites>",
            2,
            "virtual network 'v': needs exactly one of affinity group and location",
        ),
        (
            '<Dns><DnsServers>\n\n<DnsServer name="d" IPAddress="10.0.0.300"/></DnsServers></Dns>',
            3,
            "DNS server address '10.0.0.300' is not an IPv4 address",
        ),
    ],
)
def test_strict_reading_refuses_values_the_model_cannot_hold(body, line, message):
    with pytest.raises(InputError) as raised:
        model_from_bytes(xml(body), file="x.netcfg")
    assert (raised.value.line, raised.value.message[: len(message)]) == (line, message)


def test_lenient_build_leaves_out_what_it_cannot_hold():
    body = (
        '<VirtualNetworkSites><VirtualNetworkSite name="both" Location="x" AffinityGroup="g"><AddressSpace>'
        "<AddressPrefix>10.0.0.0/16</AddressPrefix></AddressSpace></VirtualNetworkSite>"
        '<VirtualNetworkSite name="ok" Location="x"><AddressSpace><AddressPrefix>bad</AddressPrefix>'
        "<AddressPrefix>10.1.0.0/16</AddressPrefix></AddressSpace></VirtualNetworkSite></VirtualNetworkSites>"
    )
    config = xml_reader.build_model(xml_reader.parse_document(xml(body)), strict=False)
    assert [(v.name, [str(p) for p in v.prefixes]) for v in config.vnets] == [("ok", ["10.1.0.0/16"])]


def test_element_path_names_sites_and_numbers_repeats():
    root = xml_reader.parse_document((DATA / "odd-but-accepted.netcfg").read_bytes())
    config = xml_reader.build_model(root)
    assert xml_reader.element_path(config.vnets[0].subnets[0].origin) == (
        "/NetworkConfiguration/VirtualNetworkConfiguration/VirtualNetworkSites"
        "/VirtualNetworkSite[@name='Group ClassicRG VNet Dublin']/Subnets/Subnet[@name='GatewaySubnet']"
    )
    assert xml_reader.element_path(config.local_sites[0].origin).endswith("""LocalNetworkSite[@name='Local "Holland"']""")
    assert xml_reader.element_path(config.dns_servers[0].origin).endswith("""DnsServer[@name="DNS 'one'"]""")
    gateway = root.find(".//{*}LocalNetworkSiteRef")
    assert xml_reader.element_path(gateway).endswith(
        """/Gateway/ConnectionsToLocalNetwork/LocalNetworkSiteRef[@name='Local "Holland"']"""
    )
    assert xml_reader.element_path(root.find(".//{*}DnsServerRef")).endswith("""/DnsServersRef/DnsServerRef[@name="DNS 'one'"]""")
    prefixes = "<AddressPrefix>10.0.0.0/16</AddressPrefix><AddressPrefix>10.1.0.0/16</AddressPrefix>"
    site = f"<LocalNetworkSites><LocalNetworkSite name='s'><AddressSpace>{prefixes}</AddressSpace></LocalNetworkSite></LocalNetworkSites>"
    twice = xml_reader.parse_document(xml(site))
    second = twice.findall(".//{*}AddressPrefix")[1]
    assert xml_reader.element_path(second).endswith("/LocalNetworkSite[@name='s']/AddressSpace/AddressPrefix[2]")


def test_read_bytes_refuses_oversized_input(tmp_path, monkeypatch):
    monkeypatch.setattr(xml_reader, "MAX_BYTES", 10)
    big = tmp_path / "big.netcfg"
    big.write_bytes(b"x" * 11)
    with pytest.raises(InputError, match="larger than"):
        xml_reader.read_bytes(str(big))


def test_read_bytes_reports_unreadable_file(tmp_path):
    with pytest.raises(InputError, match="cannot read the file: Is a directory"):
        xml_reader.read_bytes(str(tmp_path))
