from ruletest import found, line_of, netcfg, run, site, vnet

RULE = "duplicate-name"


def test_fails_on_the_second_of_each_kind():
    document = netcfg(
        '<Dns><DnsServers>\n<DnsServer name="D" IPAddress="10.0.0.4" />\n<DnsServer name="D" IPAddress="10.0.0.5" />\n'
        "</DnsServers></Dns>\n<LocalNetworkSites>\n"
        + site("L", "10.8.0.0/16")
        + "\n"
        + site("L", "10.9.0.0/16")
        + "\n</LocalNetworkSites>\n<VirtualNetworkSites>\n"
        + vnet(
            inner='<Subnets>\n<Subnet name="S"><AddressPrefix>10.0.0.0/24</AddressPrefix></Subnet>\n'
            '<Subnet name="S"><AddressPrefix>10.0.1.0/24</AddressPrefix></Subnet>\n</Subnets>'
        )
        + "\n"
        + vnet(space="10.1.0.0/16")
        + "\n</VirtualNetworkSites>"
    )
    assert found(document, RULE) == [
        (line_of(document, "10.0.0.5"), RULE),
        (line_of(document, '<LocalNetworkSite name="L">', 2), RULE),
        (line_of(document, "10.0.1.0/24"), RULE),
        (line_of(document, '"VNet-Dublin"', 2), RULE),
    ]
    assert run(document, RULE)[3].message == (
        f"another VNet is named 'VNet-Dublin' (first at line {line_of(document, 'VNet-Dublin')}); names must be unique"
    )


def test_passes_same_subnet_name_in_different_vnets():
    inner = '<Subnets><Subnet name="S"><AddressPrefix>{}</AddressPrefix></Subnet></Subnets>'
    document = netcfg(
        "<VirtualNetworkSites>\n"
        + vnet("A", "10.0.0.0/16", inner.format("10.0.0.0/24"))
        + "\n"
        + vnet("B", "10.1.0.0/16", inner.format("10.1.0.0/24"))
        + "\n</VirtualNetworkSites>"
    )
    assert found(document, RULE) == []


def test_fails_on_a_vnet_name_in_two_files_of_one_network_at_its_own_line_and_column(run, tmp_path):
    import json

    from across import write

    # DevTest's VNet-Holland renamed to Production's VNet-Dublin.
    paths = write(tmp_path, {"DevTest": ('name="VNet-Holland"', 'name="VNet-Dublin"')})
    result = run("validate", "--network", "--format", "json", *paths)
    assert result.exit_code == 1
    production = paths[0]
    assert [(f["file"], f["line"], f["column"], f["rule"], f["message"]) for f in json.loads(result.stdout)] == [
        (
            paths[1],
            14,
            7,  # "      <VirtualNetworkSite": the element's own column
            RULE,
            f"VNet 'VNet-Dublin' is also in {production} (line 14): the files of one network need distinct VNet names,"
            " or which one a stand-in means cannot be told; rename one, or check files that are not one network separately",
        )
    ]
