"""Azure accepted every well-formed file of the real corpus: no errors, and only the warnings
their notes in SOURCES.tsv lead us to expect."""

from collections import Counter

import pytest

from netcfg.findings import Severity
from netcfg.validate import validate_path

from conftest import CORPUS, MALFORMED, corpus_params, corpus_files

# file -> the warnings it must get, with the note (or fact) that predicts each.
EXPECTED_WARNINGS = {
    # Microsoft's SDK test inputs and the course lab use the dummy VPN device address 1.1.1.1
    "Azure__azure-sdk-for-net__PointToSiteNetworkConfiguration.xml": {"placeholder-gateway-address": 1},
    "Azure__azure-sdk-for-net__SiteToSiteNetworkConfiguration.xml": {"placeholder-gateway-address": 1},
    "Azure__azure-sdk-for-net__WideVNetNetworkConfiguration.xml": {"placeholder-gateway-address": 1},
    # the course lab's 1.1.1.1, and its "placeholder Location="Location1" (not a real region)"
    "vijayraavi__20533-ImplementingMicrosoftAzureInfrastructureSolutions__NetworkConfig.txt": {
        "placeholder-gateway-address": 1,
        "unknown-location": 1,
    },
    "vijayraavi__20533-ImplementingMicrosoftAzureInfrastructureSolutions__NetworkConfig.b068b3a.txt": {
        "placeholder-gateway-address": 1,
        "unknown-location": 1,
    },
    # "non-canonical 10.0.1.0/11 and 192.168.2.0/16, local site without VPNGatewayAddress"; the test
    # site's 100.100.100.100 is in the carrier-grade NAT range. (Their /29 GatewaySubnets, the
    # CLI's default, are valid on classic and get no warning.)
    "Azure__azure-xplat-cli__asm_network_local-network_list.463d1835.xml": {
        "non-canonical-prefix": 2,
        "placeholder-gateway-address": 2,
    },
    "Azure__azure-xplat-cli__cli_network_vnet_should_create_vnet_show_import_and_list.2eb845ee.xml": {
        "non-canonical-prefix": 2,
        "placeholder-gateway-address": 1,
    },
    # Empty on purpose, as their names say: uploading one deletes every VNet (empty-network says so).
    "Azure__azure-sdk-for-net__DeleteNetworkConfiguration.xml": {"empty-network": 1},
    "lavett__azure__deletevnetconfig.netcfg": {"empty-network": 1},
}


@pytest.mark.parametrize("path", corpus_params(corpus_files()))
def test_accepted_files_have_no_errors_and_only_predicted_warnings(path):
    findings = validate_path(str(path))
    if path.name == MALFORMED:
        assert [(f.line, f.rule) for f in findings] == [(6, "xml-syntax")]
        return
    assert [f for f in findings if f.severity is Severity.ERROR] == []
    assert dict(Counter(f.rule for f in findings)) == EXPECTED_WARNINGS.get(path.name, {})


def test_the_table_names_only_real_files():
    if not CORPUS.is_dir():
        pytest.skip("corpus not present")
    assert set(EXPECTED_WARNINGS) <= {p.name for p in corpus_files()}
