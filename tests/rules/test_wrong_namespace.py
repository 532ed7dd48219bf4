from ruletest import found, netcfg, run

RULE = "wrong-namespace"


def test_fails_on_the_https_trap_and_names_both_namespaces():
    document = netcfg("<Dns />", namespace="https://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration")
    assert found(document, RULE) == [(2, RULE)]
    assert run(document, RULE)[0].message == (
        "<NetworkConfiguration> has namespace 'https://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration';"
        ' Azure expects xmlns="http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration" (http, not https)'
    )


def test_fails_without_a_namespace():
    document = "<NetworkConfiguration>\n<VirtualNetworkConfiguration/></NetworkConfiguration>"
    assert found(document, RULE) == [(1, RULE)]
    assert "has no namespace" in run(document, RULE)[0].message


def test_passes_the_right_namespace():
    assert found(netcfg("<Dns />"), RULE) == []
