"""Every rule has a test module here, and a docstring with a passing and a failing example."""

from pathlib import Path

import pytest

from netcfg.validate.rules import RULES


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_has_its_own_test_module_and_examples(rule_id):
    assert (Path(__file__).parent / f"test_{rule_id.replace('-', '_')}.py").exists()
    doc = RULES[rule_id].doc
    assert "PASS" in doc and "FAIL" in doc, f"{rule_id} needs PASS and FAIL examples in its docstring"
