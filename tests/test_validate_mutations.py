"""Property: whatever happens to a real file (elements dropped, duplicated, reordered, values garbled),
the validator answers with findings and never crashes."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from netcfg.findings import Finding
from netcfg.validate import validate_bytes

from helpers import ORIGINALS, mutate


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
