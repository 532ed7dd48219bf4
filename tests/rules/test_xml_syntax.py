from ruletest import found, run

RULE = "xml-syntax"


def test_fails_on_a_stray_end_tag():
    document = "<NetworkConfiguration>\n  <VirtualNetworkSites>\n    </VirtualNetworkSite>\n"
    assert found(document, RULE) == [(3, RULE)]
    assert run(document, RULE)[0].message.startswith("not well-formed XML: Opening and ending tag mismatch")
    assert run(document, RULE)[0].column == 26


def test_passes_well_formed_xml():
    assert (
        found(
            '<NetworkConfiguration xmlns="http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration">'
            "<VirtualNetworkConfiguration/></NetworkConfiguration>",
            RULE,
        )
        == []
    )
