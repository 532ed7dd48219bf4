from ruletest import found, netcfg, run

RULE = "empty-network"
EMPTY = (
    '<NetworkConfiguration xmlns="http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration">\n'
    "  <VirtualNetworkConfiguration />\n</NetworkConfiguration>\n"
)


def test_fails_on_a_file_that_holds_nothing_at_its_configuration():
    assert found(EMPTY, RULE) == [(2, RULE)]
    assert [f.message for f in run(EMPTY, RULE)] == [
        "the file defines no VNet: uploading it with Set-AzureVNetConfig deletes every VNet of the subscription"
        " (that is what Remove-AzureVNetConfig uploads)"
    ]


def test_passes_a_file_with_a_vnet_or_a_site():
    vnet = (
        '<VirtualNetworkSites><VirtualNetworkSite name="A" Location="North Europe"><AddressSpace>'
        "<AddressPrefix>10.0.0.0/16</AddressPrefix></AddressSpace></VirtualNetworkSite></VirtualNetworkSites>"
    )
    site = (
        '<LocalNetworkSites><LocalNetworkSite name="HQ"><AddressSpace><AddressPrefix>192.168.0.0/24'
        "</AddressPrefix></AddressSpace></LocalNetworkSite></LocalNetworkSites>"
    )
    assert found(netcfg(vnet), RULE) == [] and found(netcfg(site), RULE) == []


def test_is_an_error_for_what_would_act_on_azure(tmp_path):
    from click.testing import CliRunner

    from netcfg.cli import cli

    path = tmp_path / "empty.netcfg"
    path.write_text(EMPTY)
    assert CliRunner().invoke(cli, ["validate", str(path)]).exit_code == 0  # a warning: an export may be empty
    for command in (["runbook"], ["export", "--to", "bicep"]):
        result = CliRunner().invoke(cli, [*command, str(path)])
        assert result.exit_code == 1 and "[empty-network]" in result.stderr, command
    judged = CliRunner().invoke(cli, ["validate", "--for", "runbook", str(path)])
    assert judged.exit_code == 1 and "error [empty-network]" in judged.stdout
