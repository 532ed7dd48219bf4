import json

from across import found, write

RULE = "gateway-address-mismatch"


def test_passes_after_the_second_pass_and_fails_on_a_wrong_vip(run, tmp_path):
    paths = write(tmp_path, {"DevTest": ("192.0.2.1", "52.169.10.20"), "Production": ("192.0.2.2", "52.174.1.2")})
    gateways = tmp_path / "gateways.json"
    gateways.write_text(json.dumps({"VNet-Dublin": "52.169.10.20", "VNet-Holland": "52.174.1.2"}))
    assert found(run, paths, RULE, "--gateways", str(gateways)) == []
    gateways.write_text(json.dumps({"VNet-Dublin": "52.169.10.21", "VNet-Holland": "52.174.1.2"}))
    assert found(run, paths, RULE, "--gateways", str(gateways)) == [("DevTest", 6, (
        "local site 'Local-Dublin' (DevTest) has gateway address 52.169.10.20, but the gateway of 'VNet-Dublin', which"
        " it stands in for, has 52.169.10.21; run 'netcfg patch --from gateways.json'"))]
    assert "--gateways checks a network across subscriptions: add --network" in run(
        "validate", "--gateways", str(gateways), paths[0]).stderr
