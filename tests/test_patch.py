"""`netcfg patch`: the second pass, offline, changing only VPNGatewayAddress text."""

import pytest

from conftest import CORPUS, DATA, GOLDEN

EXPORT = CORPUS / "extracted" / "Azure__azure-xplat-cli__asm_network_local-network_list.463d1835.xml"


def needs(path):
    if not path.exists():
        pytest.skip(f"{path.name} not present")
    return path


def changed_lines(before: bytes, after: bytes) -> list[tuple[bytes, bytes]]:
    old, new = before.split(b"\n"), after.split(b"\n")
    assert len(old) == len(new)
    return [(a, b) for a, b in zip(old, new) if a != b]


def test_patch_of_a_real_export_changes_exactly_the_address_line(run, tmp_path):
    original = needs(EXPORT).read_bytes()
    assert original.startswith(b"\xef\xbb\xbf") and b"\r\n" in original
    path = tmp_path / "export.netcfg"
    path.write_bytes(original)
    result = run("patch", str(path), "--gateway-ip", "VnetForGateway=52.169.10.20", "--in-place")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "CliTestlocNet141: VPNGatewayAddress 52.169.10.20\n"
    patched = path.read_bytes()
    assert changed_lines(original, patched) == [
        (
            b"        <VPNGatewayAddress>100.100.100.100</VPNGatewayAddress>\r",
            b"        <VPNGatewayAddress>52.169.10.20</VPNGatewayAddress>\r",
        )
    ]
    assert patched.startswith(b"\xef\xbb\xbf")
    assert (tmp_path / "export.netcfg.bak").read_bytes() == original


def test_patch_twice_changes_nothing_the_second_time(run, tmp_path):
    first = tmp_path / "first.netcfg"
    second = tmp_path / "second.netcfg"
    arguments = ["--gateway-ip", "VNet-Dublin=52.169.10.20", "--gateway-ip", "VNet-Holland=52.174.1.2"]
    assert run("patch", str(GOLDEN / "article.netcfg"), *arguments, "-o", str(first)).exit_code == 0
    assert run("patch", str(first), *arguments, "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    result = run("patch", str(second), *arguments, "--in-place")
    assert "already has these addresses: nothing changed" in result.stderr
    assert not (tmp_path / "second.netcfg.bak").exists()


def test_patch_reads_gateways_json_and_fixes_the_article_network(run, tmp_path):
    gateways = tmp_path / "gateways.json"
    gateways.write_text('{"VNet-Dublin": "52.169.10.20", "VNet-Holland": "52.174.1.2"}')
    result = run("patch", str(GOLDEN / "article.netcfg"), "--from", str(gateways))
    assert result.exit_code == 0
    text = result.stdout
    assert "<VPNGatewayAddress>52.169.10.20</VPNGatewayAddress>" in text.split('name="Local-Holland"')[0]  # Local-Dublin
    assert run("validate", "--strict", "-", input=result.stdout_bytes).exit_code == 0  # no placeholders left


def test_a_missing_address_element_is_inserted_in_the_files_own_style(run, tmp_path):
    source = (DATA / "odd-but-accepted.netcfg").read_bytes()
    path = tmp_path / "odd.netcfg"
    path.write_bytes(source)
    # 'Not yet patched' (10.40.0.0/16) stands in for no VNet until told so
    result = run("patch", str(path), "--gateway-ip", "Empty containers=52.1.2.3", "--mirror", "Not yet patched=Empty containers")
    assert result.exit_code == 0, result.stderr
    patched = result.stdout_bytes
    assert patched.startswith(b"\xef\xbb\xbf")
    inserted = patched.replace(b"\r\n        <VPNGatewayAddress>52.1.2.3</VPNGatewayAddress>", b"", 1)
    assert inserted == source


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--gateway-ip", "VNet-Paris=52.1.2.3"],
            "VNet 'VNet-Paris' is not in the network (its VNets: 'VNet-Dublin', 'VNet-Holland')",
        ),
        (
            ["--gateway-ip", "VNet-Dublin=10.1.2.3"],
            "10.1.2.3 for VNet 'VNet-Dublin' is a private address (RFC 1918), not a gateway's"
            " public IP (to accept private addresses in a lab: --allow-private)",
        ),
        (["--gateway-ip", "VNet-Dublin=224.0.0.1", "--allow-private"], "224.0.0.1 for VNet 'VNet-Dublin' is a reserved address"),
        (
            ["--gateway-ip", "VNet-Dublin=52.1.2.3", "--mirror", "Local-Holland=VNet-Dublin"],
            "wrong way round: 'Local-Holland' would get the gateway address of VNet 'VNet-Dublin', which connects to it",
        ),
    ],
)
def test_refusals_leave_the_input_byte_identical(run, tmp_path, arguments, message):
    path = tmp_path / "NetworkConfig.netcfg"
    original = (GOLDEN / "article.netcfg").read_bytes()
    path.write_bytes(original)
    result = run("patch", str(path), *arguments, "--in-place")
    assert result.exit_code == 1
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert path.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["NetworkConfig.netcfg"]


def test_no_site_mirrors_the_vnet(run, tmp_path):
    path = tmp_path / "c.netcfg"
    path.write_bytes(
        (GOLDEN / "article.netcfg")
        .read_bytes()
        .replace(
            b"<AddressPrefix>10.0.0.0/16</AddressPrefix>\n        </AddressSpace>\n        <VPN",
            b"<AddressPrefix>10.9.0.0/16</AddressPrefix>\n        </AddressSpace>\n        <VPN",
        )
    )
    result = run("patch", str(path), "--gateway-ip", "VNet-Dublin=52.1.2.3")
    assert result.exit_code == 1
    assert "no local site stands in for VNet 'VNet-Dublin'" in result.stderr


def test_allow_private_for_labs(run):
    result = run("patch", str(GOLDEN / "article.netcfg"), "--gateway-ip", "VNet-Dublin=10.1.2.3", "--allow-private")
    assert result.exit_code == 0


def test_usage_errors(run, tmp_path):
    article = str(GOLDEN / "article.netcfg")
    assert run("patch", article).exit_code == 2
    assert run("patch", article, "--gateway-ip", "VNet-Dublin=nope").exit_code == 2
    assert run("patch", article, "--gateway-ip", "VNet-Dublin=52.1.2.3", "--in-place", "-o", str(tmp_path / "x")).exit_code == 2
    bad = tmp_path / "g.json"
    bad.write_text("[1, 2]")
    result = run("patch", article, "--from", str(bad))
    assert result.exit_code == 1 and "not a gateway address file" in result.stderr


def test_topology_gives_the_mirror_relation(run, tmp_path):
    topology = tmp_path / "t.toml"
    topology.write_text(
        (GOLDEN / "article.topology.toml").read_text().replace('mirrors = "VNet-Holland"', 'mirrors = "VNet-Dublin"')
    )
    result = run("patch", str(GOLDEN / "article.netcfg"), "--gateway-ip", "VNet-Dublin=52.1.2.3", "--topology", str(topology))
    assert result.exit_code == 1 and "wrong way round" in result.stderr


def test_the_runbook_and_patch_follow_one_stand_in_relation(run, tmp_path):
    # A hub with transit, read back from the bare .netcfg: the sites the runbook's second pass fills
    # in are the ones patch fills in, with the same VNet's address.
    import re

    assert (
        run(
            "stretch",
            "A=North Europe",
            "B=West Europe",
            "C=East US",
            "--shape",
            "hub",
            "--hub",
            "A",
            "--transit",
            "--out",
            str(tmp_path),
        ).exit_code
        == 0
    )
    source = str(tmp_path / "NetworkConfig.netcfg")
    script = run("runbook", source).stdout_bytes.decode("utf-8-sig")
    mirrors = dict(re.findall(r"^\s+'([^']+)' = '(VNet-[ABC])'$", script, re.M))
    vips = {"VNet-A": "52.0.0.1", "VNet-B": "52.0.0.2", "VNet-C": "52.0.0.3"}
    patched = run(
        "patch", source, *[p for v, ip in vips.items() for p in ("--gateway-ip", f"{v}={ip}")], "-o", str(tmp_path / "p.netcfg")
    )
    owner = {ip: vnet for vnet, ip in vips.items()}
    plan = {site: owner[ip] for site, ip in re.findall(r"^(\S+): VPNGatewayAddress (\S+)$", patched.stderr, re.M)}
    assert plan == mirrors == {"Local-B": "VNet-B", "Local-C": "VNet-C", "Local-A-for-B": "VNet-A", "Local-A-for-C": "VNet-A"}


def test_a_gateways_file_nested_too_deeply_is_one_clear_error(run, tmp_path):
    deep = tmp_path / "gateways.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    result = run("patch", str(GOLDEN / "article.netcfg"), "--from", str(deep))
    assert (result.exit_code, result.stderr) == (
        1,
        f"netcfg: error: {deep}: not a gateway address file: it nests too deeply to read\n",
    )


def test_patch_reads_the_gateways_file_windows_powershell_writes(run, tmp_path):
    # Set-Content -Encoding UTF8 in Windows PowerShell 5.1 starts the file with a byte-order mark.
    gateways = tmp_path / "gateways.json"
    gateways.write_bytes(b'\xef\xbb\xbf{\r\n    "VNet-Dublin":  "52.169.10.20",\r\n    "VNet-Holland":  "52.174.1.2"\r\n}')
    result = run("patch", str(GOLDEN / "article.netcfg"), "--from", str(gateways))
    assert result.exit_code == 0, result.stderr
    assert "52.174.1.2" in result.stdout


@pytest.mark.parametrize(
    ("data", "said"),
    [
        # What Windows PowerShell 5.1's '>' writes: UTF-16 with a byte-order mark. Read as it is.
        ('{"VNet-Dublin": "52.169.10.20"}'.encode("utf-16"), None),
        (
            b'{"VNet-Dublin": "52.169.10.20", "VNet-Dublin": "1.2.3.4"}',
            "VNet 'VNet-Dublin' is given twice; keep one address for it",
        ),
        (
            b'{"VNet-Dublin": 5, "VNet-Holland": "300.1.1.1"}',  # every wrong entry, at once
            "the address of 'VNet-Dublin' is 5, not an address in quotes; the address of 'VNet-Holland', '300.1.1.1', is"
            " not an IPv4 address such as 203.0.113.10",
        ),
        (b" " * (1 << 20) + b"{}", "1,048,578 bytes, and one holds a line per gateway"),
    ],
)
def test_a_gateway_address_file_is_read_as_written_or_refused_with_every_reason(run, tmp_path, data, said):
    path = tmp_path / "gateways.json"
    path.write_bytes(data)
    result = run("patch", str(GOLDEN / "article.netcfg"), "--from", str(path))
    if said is None:
        assert result.exit_code == 0 and "Local-Dublin: VPNGatewayAddress 52.169.10.20" in result.stderr + result.stdout
    else:
        assert result.exit_code == 1 and result.stderr == f"netcfg: error: {path}: not a gateway address file: {said}\n"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--gateway-ip", "VNet-Dublin=52.1.1.1", "--gateway-ip", "VNet-Dublin=52.1.1.2"], "is given more than once"),
        (["--gateway-ip", "VNet-Dublin=52.1.1.1", "--no-backup"], "--no-backup is for --in-place"),
        (["--gateway-ip", "VNet-Dublin=300.1.1.1", "--gateway-ip", "VNet-Holland=x"], "'300.1.1.1' is not an IPv4 address"),
    ],
)
def test_a_patch_asked_wrongly_is_a_usage_error_saying_why(run, args, said):
    result = run("patch", str(GOLDEN / "article.netcfg"), *args)
    assert result.exit_code == 2 and said in result.stderr and result.stdout == ""
    if "300.1.1.1" in said:
        assert "'x' is not an IPv4 address" in result.stderr  # both wrong addresses, at once


def test_standard_input_is_patched_to_standard_output_but_not_in_place(run):
    data = (GOLDEN / "article.netcfg").read_bytes()
    result = run("patch", "-", "--gateway-ip", "VNet-Dublin=52.169.10.20", input=data)
    assert result.exit_code == 0 and b"<VPNGatewayAddress>52.169.10.20</VPNGatewayAddress>" in result.stdout_bytes
    refused = run("patch", "-", "--in-place", "--gateway-ip", "VNet-Dublin=52.169.10.20", input=data)
    assert refused.exit_code == 2 and "standard input cannot be edited in place" in refused.stderr


def test_an_empty_gateway_file_says_so(run, tmp_path):
    path = tmp_path / "gateways.json"
    path.write_text("{}")
    result = run("patch", str(GOLDEN / "article.netcfg"), "--from", str(path))
    assert result.exit_code == 2 and f"{path} gives no address: it holds {{}}" in result.stderr
