"""Every rule's documented PASS and FAIL examples (what 'netcfg rules ID' prints) are run: each FAIL example
gets a finding of its rule, each PASS example none. An example is a whole .netcfg, the inside of
<VirtualNetworkConfiguration>, or a topology; its heading may give gateways.json as ``(gateways.json: {...})``."""

from __future__ import annotations

import json
import re
import textwrap
from ipaddress import IPv4Address

import pytest
from ruletest import netcfg

from netcfg.validate import Selection, validate_bytes
from netcfg.validate.rules import RULES

_BLOCK = re.compile(r"^(PASS|FAIL)([^\n]*)::\n\n((?:(?:    [^\n]*)?\n)*(?:    [^\n]*)?)", re.M)
_GATEWAYS = re.compile(r"gateways\.json: (\{[^}]*\})")


def examples(doc: str) -> list[tuple[str, str, str]]:
    """``(PASS or FAIL, heading, text)`` of each example block in a rule's docstring."""
    return [(kind, heading, textwrap.dedent(block).strip("\n") + "\n") for kind, heading, block in _BLOCK.findall(doc)]


def document(text: str) -> tuple[bytes, str]:
    if not text.lstrip().startswith("<"):
        return text.encode(), "example.toml"
    if "<NetworkConfiguration" in text or text.lstrip().startswith("<?xml"):
        return text.encode(), "example.netcfg"
    return netcfg(text).encode(), "example.netcfg"


def findings(rule_id: str, heading: str, text: str) -> list[tuple[int | None, str]]:
    """The findings of ``rule_id`` for the example, which must otherwise be a file netcfg reads (no
    syntax or schema finding but the rule's own: a PASS that passes only because nothing parsed proves nothing)."""
    data, file = document(text)
    found = _GATEWAYS.search(heading)
    addresses = {vnet: IPv4Address(ip) for vnet, ip in json.loads(found[1]).items()} if found else None
    everything = validate_bytes(data, file=file, addresses=addresses, selection=Selection(report_unused_suppressions=True))
    unread = {"xml-syntax", "xsd", "invalid-topology"} - {rule_id}
    assert not [f for f in everything if f.rule in unread], [f.message for f in everything if f.rule in unread]
    return [(f.line, f.message) for f in everything if f.rule == rule_id]


CASES = [
    pytest.param(rule.id, kind, heading, text, id=f"{rule.id}-{kind}-{n}")
    for rule in RULES.values()
    for n, (kind, heading, text) in enumerate(examples(rule.doc))
]


def test_every_rule_documents_a_pass_and_a_fail_example():
    for rule in RULES.values():
        kinds = {kind for kind, _, _ in examples(rule.doc)}
        assert kinds == {"PASS", "FAIL"}, f"{rule.id}: {sorted(kinds)}"


@pytest.mark.parametrize(("rule_id", "kind", "heading", "text"), CASES)
def test_the_documented_example_does_what_it_says(rule_id, kind, heading, text):
    found = findings(rule_id, heading, text)
    if kind == "FAIL":
        assert found, f"{rule_id}: the FAIL example gets no finding"
    else:
        assert found == [], f"{rule_id}: the PASS example gets {found}"
