import json

from across import found, write

RULE = "gateway-address-mismatch"


def test_passes_after_the_second_pass_and_fails_on_a_wrong_vip(run, tmp_path):
    paths = write(tmp_path, {"DevTest": ("192.0.2.1", "52.169.10.20"), "Production": ("192.0.2.2", "52.174.1.2")})
    gateways = tmp_path / "gateways.json"
    gateways.write_text(json.dumps({"VNet-Dublin": "52.169.10.20", "VNet-Holland": "52.174.1.2"}))
    assert found(run, paths, RULE, "--gateways", str(gateways)) == []
    gateways.write_text(json.dumps({"VNet-Dublin": "52.169.10.21", "VNet-Holland": "52.174.1.2"}))
    assert found(run, paths, RULE, "--gateways", str(gateways)) == [
        (
            "DevTest",
            6,
            (
                "local site 'Local-Dublin' (DevTest) stands in for 'VNet-Dublin' (Production) but has gateway address"
                " 52.169.10.20; the gateway of 'VNet-Dublin' has 52.169.10.21 (to put each VIP in: netcfg patch --from"
                " gateways.json)"
            ),
        )
    ]


def test_one_file_is_checked_too_and_a_swap_is_called_the_wrong_way_round(run, tmp_path):
    from ruletest import line_of

    from conftest import GOLDEN

    text = (GOLDEN / "article.netcfg").read_text().replace("192.0.2.1", "52.174.1.2").replace("192.0.2.2", "52.169.10.20")
    path = tmp_path / "swapped.netcfg"
    path.write_text(text)
    gateways = tmp_path / "gateways.json"
    gateways.write_text(json.dumps({"VNet-Dublin": "52.169.10.20", "VNet-Holland": "52.174.1.2"}))
    result = run("validate", "--format", "json", "--gateways", str(gateways), str(path))
    assert result.exit_code == 1
    assert [(f["line"], f["message"]) for f in json.loads(result.stdout) if f["rule"] == RULE] == [
        (
            line_of(text, 'LocalNetworkSite name="Local-Dublin"'),
            "local site 'Local-Dublin' stands in for 'VNet-Dublin' but has the VIP of 'VNet-Holland', which connects to"
            " it: the wrong way round; the gateway of 'VNet-Dublin' has 52.169.10.20 (to put each VIP in: netcfg"
            " patch --from gateways.json)",
        ),
        (
            line_of(text, 'LocalNetworkSite name="Local-Holland"'),
            "local site 'Local-Holland' stands in for 'VNet-Holland' but has the VIP of 'VNet-Dublin', which connects to"
            " it: the wrong way round; the gateway of 'VNet-Holland' has 52.174.1.2 (to put each VIP in: netcfg"
            " patch --from gateways.json)",
        ),
    ]
