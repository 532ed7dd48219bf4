from ruletest import found, gateway, line_of, netcfg, run, site, vnet

RULE = "too-many-connections"


def document(count: int) -> str:
    sites = "\n".join(site(f"S{i}", f"10.{100 + i}.0.0/16") for i in range(count))
    return netcfg(
        "<LocalNetworkSites>\n"
        + sites
        + "\n</LocalNetworkSites>\n<VirtualNetworkSites>\n"
        + vnet(inner=gateway(*(f"S{i}" for i in range(count))))
        + "\n</VirtualNetworkSites>"
    )


def test_fails_at_eleven():
    bad = document(11)
    assert found(bad, RULE) == [(line_of(bad, "<Gateway>"), RULE)]
    assert run(bad, RULE)[0].message == (
        "the gateway of VNet 'VNet-Dublin' has 11 connections; a Default gateway allows 10:"
        " use a hub topology or the HighPerformance SKU (30)"
    )


def test_passes_ten():
    assert found(document(10), RULE) == []
