"""ambiguous-stand-in: through files, and through the commands that need the answer."""

import json

from networks import netcfg
from ruletest import found, line_of, run

from netcfg.validate import Selection, validate_bytes

RULE = "ambiguous-stand-in"


def document(second_connects_back: bool) -> str:
    back = {"VNet-B": ["Local-C"]} if second_connects_back else {}
    return netcfg(
        {"VNet-A": ["10.0.0.0/16"], "VNet-B": ["10.0.0.0/16"], "VNet-C": ["10.9.0.0/16"]},
        {"Local-Shared": ["10.0.0.0/16"], "Local-C": ["10.9.0.0/16"]},
        {"VNet-A": ["Local-C"], **back, "VNet-C": ["Local-Shared"]},
    )


def test_warns_where_two_vnets_fit_a_connected_site_equally():
    bad = document(second_connects_back=True)
    assert found(bad, RULE) == [(line_of(bad, '<LocalNetworkSite name="Local-Shared"'), RULE)]
    (finding,) = run(bad, RULE)
    assert str(finding.severity) == "warning"
    assert finding.message == (
        "local site 'Local-Shared' could stand in for any of VNets 'VNet-A', 'VNet-B': its"
        " prefixes and the connections do not say which"
    )
    # What settles it is a value; the command line spells it as its flag, the library as the field.
    from netcfg.cli import flag_words

    assert finding.said(flag_words).endswith("do not say which (to settle it: --mirror Local-Shared=VNet-A)")
    assert finding.said().endswith("do not say which (to settle it: mirrors Local-Shared=VNet-A)")


def test_passes_when_the_connection_pattern_settles_it():
    assert found(document(second_connects_back=False), RULE) == []


def test_is_an_error_for_what_netcfg_writes_and_every_ambiguity_is_named_at_once(tmp_path):
    from click.testing import CliRunner

    from netcfg.cli import cli

    path = tmp_path / "n.netcfg"
    path.write_text(document(second_connects_back=True))
    result = CliRunner().invoke(cli, ["export", str(path), "--to", "bicep"])
    assert result.exit_code == 1 and "[ambiguous-stand-in] local site 'Local-Shared'" in result.stderr
    fixed = CliRunner().invoke(cli, ["show", str(path), "--mirror", "Local-Shared=VNet-B", "--format", "json"])
    sites = {s["name"]: s["stands_in_for"] for s in json.loads(fixed.stdout)["local_sites"]}
    assert sites["Local-Shared"]["vnet"] == "VNet-B" and "(given)" in sites["Local-Shared"]["reason"]
    everything = validate_bytes(path.read_bytes(), selection=Selection(select=frozenset({RULE})))
    assert len(everything) == 1
