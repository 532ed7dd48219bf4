"""Property: whatever happens to a real file (elements dropped, duplicated, reordered, values garbled),
the validator answers with findings and never crashes."""

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from netcfg.findings import Finding
from netcfg.validate import validate_bytes

from conftest import well_formed_corpus_files

FILES = well_formed_corpus_files()
ORIGINALS = [f.read_bytes() for f in FILES] or [
    b'<NetworkConfiguration xmlns="http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration">'
    b'<VirtualNetworkConfiguration><VirtualNetworkSites><VirtualNetworkSite name="v" Location="x"><AddressSpace>'
    b"<AddressPrefix>10.0.0.0/16</AddressPrefix></AddressSpace></VirtualNetworkSite></VirtualNetworkSites>"
    b"</VirtualNetworkConfiguration></NetworkConfiguration>"
]
garbage = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12) | st.sampled_from(
    ["", "10.0.0.0/8", "10.0.0.0/33", "1.1.1.1", "GatewaySubnet", "IPsec", "Huge", "x" * 300])


def mutate(data: st.DataObject, root: etree._Element) -> None:
    elements = [e for e in root.iter(etree.Element)]
    target = data.draw(st.sampled_from(elements))
    action = data.draw(st.sampled_from(["drop", "duplicate", "reorder", "attribute", "text", "rename"]))
    parent = target.getparent()
    if action == "drop" and parent is not None:
        parent.remove(target)
    elif action == "duplicate" and parent is not None:
        parent.insert(parent.index(target), copy.deepcopy(target))
    elif action == "reorder" and len(target):
        children = list(target)
        order = data.draw(st.permutations(children))
        for child in children:
            target.remove(child)
        target.extend(order)
    elif action == "attribute":
        name = data.draw(st.sampled_from(sorted(target.attrib) or ["name"]))
        target.set(name, data.draw(garbage))
    elif action == "text":
        target.text = data.draw(garbage)
    elif action == "rename":
        target.tag = target.tag.rpartition("}")[0] + "}" + data.draw(st.sampled_from(["Subnet", "Gateway", "Bogus", "AddressSpace"]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_corpus_files_always_get_findings_never_a_crash(data):
    original = data.draw(st.sampled_from(ORIGINALS))
    root = etree.fromstring(original)
    for _ in range(data.draw(st.integers(1, 4))):
        mutate(data, root)
    findings = validate_bytes(etree.tostring(root), file="mutated.netcfg")
    assert all(isinstance(f, Finding) and f.rule and f.message for f in findings)


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_truncated_files_are_syntax_findings(data):
    original = data.draw(st.sampled_from(ORIGINALS))
    cut = data.draw(st.integers(0, len(original.rstrip()) - 1))  # at least the root's last '>' goes
    findings = validate_bytes(original[:cut], file="cut.netcfg")
    assert findings and all(isinstance(f, Finding) for f in findings)
