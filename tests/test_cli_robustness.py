"""Property: every command answers a damaged real file with output or one clear error, never a traceback."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import GOLDEN
from helpers import ORIGINALS, mutate

COMMANDS = [
    ["render", "{file}"],
    ["render", "{file}", "--to", "topology"],
    ["runbook", "{file}"],
    ["show", "{file}"],
    ["graph", "{file}", "--format", "mermaid"],
    ["export", "{file}", "--to", "bicep", "--location-map", "Dublin=North Europe"],
    ["diff", str(GOLDEN / "article.netcfg"), "{file}"],
    ["merge", str(GOLDEN / "article.netcfg"), "{file}"],
    ["patch", "{file}", "--gateway-ip", "VNet-Dublin=52.169.10.20"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:1] + c[2:3]))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_damaged_input_never_crashes(run, tmp_path, command, data):
    root = etree.fromstring(data.draw(st.sampled_from(ORIGINALS)))
    for _ in range(data.draw(st.integers(0, 3))):
        mutate(data, root)
    path = tmp_path / "damaged.netcfg"
    path.write_bytes(etree.tostring(root))
    result = run(*(part.replace("{file}", str(path)) for part in command))  # raises on a traceback
    if result.exit_code == 2 and command[0] == "diff":  # exit 1 is "changes" there: unreadable input is 2
        assert_one_error(result.stderr)
        return
    if result.exit_code == 2:  # a --location-map naming a group the damaged file no longer has: a usage error
        assert "--location-map" in command and "has no VNet in affinity group 'Dublin'" in result.stderr
        return
    assert result.exit_code in (0, 1)
    if result.exit_code == 1 and command[0] not in ("diff",):
        assert_one_error(result.stderr)


def assert_one_error(stderr):
    """One error: a first line that says what, then (when there are several causes) one indented line per cause."""
    first, *causes = stderr.splitlines()
    assert first.startswith("netcfg: error: ") and stderr.endswith("\n")
    assert all(line.startswith("  ") and line.strip() for line in causes), stderr
