import pytest

from netcfg.validate import validate_bytes

RULE = "invalid-topology"


def findings(text: str) -> list[tuple[int | None, str, str]]:
    return [(f.line, f.rule, f.message) for f in validate_bytes(text.encode(), file="t.toml")]


def test_fails_on_a_misspelt_key_at_its_own_line_and_reads_the_value_as_meant():
    text = '[[vnet]]\nname = "A"\nlocation = "North Europe"\nprefixes = ["10.0.0.0/16"]\n\n[[vnet]]\nname = "B"\nloaction = "x"\n'
    assert findings(text) == [
        (
            6,
            RULE,
            "virtual network 'B': needs at least one address prefix",
        ),
        (
            8,
            RULE,
            "vnet 'B': unknown key 'loaction' (did you mean 'location'?); a vnet takes affinity_group, dns_servers,"
            " gateway, location, name, prefixes, subnets, subscription",
        ),
    ]


def test_fails_on_toml_syntax_at_its_line():
    assert findings('[[vnet]]\nname = "A"\nprefixes = [10.0.0.0/16]\n') == [(3, RULE, "not valid TOML: Unclosed array")]


def test_fails_on_a_value_the_model_refuses_at_the_object_s_line():
    text = (
        '[[vnet]]\nname = "A"\nlocation = "North Europe"\nprefixes = ["10.0.0.0/16"]\nsubnets = [\n'
        '  { name = "ok", prefix = "10.0.0.0/24" },\n  { name = "bad", prefix = "10.0.1.0/24/8" },\n]\n'
    )
    [(line, rule, message)] = findings(text)
    assert (line, rule) == (7, RULE) and "'10.0.1.0/24/8' is not an IPv4 CIDR prefix" in message


@pytest.mark.parametrize("text", ["# only a comment\n", '[[affinity_group]]\nname = "A"\nlocation = "North Europe"\n'])
def test_fails_on_a_topology_that_defines_nothing(text):
    assert [f[1:] for f in findings(text)] == [
        (
            RULE,
            "the topology is empty: it defines no VNet, local site or DNS"
            " server (uploading an empty network would delete every VNet in"
            " the subscription; write 'vnet = []' if that is what you mean)",
        )
    ]


def test_passes_a_network_that_is_empty_on_purpose():
    # It reads; what it would do (delete every VNet) is empty-network's to say.
    assert [rule for _, rule, _ in findings("# the export of an empty subscription\nvnet = []\n")] == ["empty-network"]


def test_fails_on_nesting_too_deep_to_read():
    text = "x = " + "[" * 500 + "]" * 500 + "\n"
    assert [f[1:] for f in findings(text)] == [(RULE, "not a topology: its arrays or tables nest too deeply to read")]


def test_passes_a_topology_it_can_read():
    assert findings('[[vnet]]\nname = "A"\nlocation = "North Europe"\nprefixes = ["10.0.0.0/16"]\n') == []
