import pytest

from ruletest import found, line_of, netcfg, run, site, vnet

RULE = "invalid-name"


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("a&#x7F;[31m", "U+007F"),
        ("a&#x85;b", "U+0085"),
        ("a&#x2028;b", "U+2028"),
        ("a&#x2029;b", "U+2029"),
        ("VNet-&#x202E;nilbuD", "U+202E"),
        ("a&#x2066;b", "U+2066"),
        ("a&#10;b", "U+000A"),
        ("a&#9;b", "U+0009"),
        ("a&#x9B;b", "U+009B"),
        ("a&#xFDD0;", "U+FDD0"),
    ],
)
def test_fails_on_characters_no_azure_name_can_hold(written, code):
    document = netcfg("<LocalNetworkSites>\n" + site(written, "10.1.0.0/16") + "\n</LocalNetworkSites>")
    assert found(document, RULE) == [(line_of(document, written), RULE)]
    assert code in run(document, RULE)[0].message


def test_fails_on_a_reference_and_a_placement_too():
    document = netcfg(
        "<VirtualNetworkSites>\n"
        + vnet(
            "V", placement='AffinityGroup="a&#x202E;b"', inner=('<DnsServersRef><DnsServerRef name="d&#x7F;" /></DnsServersRef>')
        )
        + "\n</VirtualNetworkSites>"
    )
    assert found(document, RULE) == [(line_of(document, '"V"'), RULE), (line_of(document, "DnsServerRef"), RULE)]


def test_passes_names_real_exports_have():
    names = ["Group ClassicRG TestVNet1", "&quot;my vnet name&quot;", "$cost@centre 100%", "VNet-Málaga", "东京"]
    document = netcfg(
        "<LocalNetworkSites>\n" + "\n".join(site(n, f"10.{i}.0.0/16") for i, n in enumerate(names)) + "\n</LocalNetworkSites>"
    )
    assert found(document, RULE) == []


@pytest.mark.parametrize("raw", ["a\x7fb", "VNet-\u202enilbuD", "a\u200bb", "a\u2066b"])
def test_fails_on_the_character_written_as_itself_too(raw):
    """A file of printable ASCII is settled at once (only a reference could write such a name); a raw
    control or format character anywhere sends the rule through every name, and it finds this one."""
    document = netcfg("<LocalNetworkSites>\n" + site(raw, "10.1.0.0/16") + "\n</LocalNetworkSites>")
    assert found(document, RULE) == [(line_of(document, raw), RULE)]


def test_an_odd_character_in_a_comment_is_not_a_name():
    document = netcfg("<!-- \u202e \x7f -->\n<LocalNetworkSites>\n" + site("Local-A", "10.1.0.0/16") + "\n</LocalNetworkSites>")
    assert found(document, RULE) == []
