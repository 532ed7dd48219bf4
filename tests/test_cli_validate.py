"""`netcfg validate` and `netcfg rules` as users and CI run them: formats, exit codes, selection."""

import json

from conftest import DATA, GOLDEN

NS = "http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration"
BROKEN = f"""<NetworkConfiguration xmlns="{NS}">
  <VirtualNetworkConfiguration>
    <VirtualNetworkSites>
      <VirtualNetworkSite name="VNet-Dublin" Location="North Europe">
        <AddressSpace><AddressPrefix>10.1.0.0/16</AddressPrefix></AddressSpace>
        <Subnets>
          <Subnet name="App"><AddressPrefix>10.2.0.0/24</AddressPrefix></Subnet>
        </Subnets>
      </VirtualNetworkSite>
    </VirtualNetworkSites>
  </VirtualNetworkConfiguration>
</NetworkConfiguration>
"""
SUBNET_PATH = (
    "/NetworkConfiguration/VirtualNetworkConfiguration/VirtualNetworkSites/VirtualNetworkSite[@name='VNet-Dublin']"
    "/Subnets/Subnet[@name='App']"
)
MESSAGE = (
    "subnet 'App' 10.2.0.0/24 lies outside the address space of VNet 'VNet-Dublin' (10.1.0.0/16);"
    " move it inside or widen the address space"
)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_text_format_and_exit_1(run, tmp_path):
    path = write(tmp_path, "broken.netcfg", BROKEN)
    result = run("validate", path)
    assert result.exit_code == 1
    assert result.stdout == (f"{path}:7:11: error [subnet-outside-address-space] {MESSAGE}\n1 error, 0 warnings in 1 file\n")


def test_json_format(run, tmp_path):
    path = write(tmp_path, "broken.netcfg", BROKEN)
    result = run("validate", "--format", "json", path)
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [
        {
            "file": path,
            "line": 7,
            "column": 11,
            "severity": "error",
            "rule": "subnet-outside-address-space",
            "message": MESSAGE,
            "path": SUBNET_PATH,
        }
    ]


def test_github_format(run, tmp_path):
    path = write(tmp_path, "broken.netcfg", BROKEN)
    result = run("validate", "--format", "github", path)
    assert result.stdout == f"::error file={path},line=7,col=11,title=subnet-outside-address-space::{MESSAGE}\n"


def test_warnings_pass_unless_strict(run):
    path = str(GOLDEN / "article.netcfg")  # placeholder gateway addresses: warnings only
    result = run("validate", path)
    assert result.exit_code == 0
    assert result.stdout.endswith("0 errors, 2 warnings in 1 file\n")
    assert run("validate", "--strict", path).exit_code == 1


def test_clean_file_exit_0(run, tmp_path):
    odd = run("validate", str(DATA / "odd-but-accepted.netcfg"))  # what Azure accepted passes, with warnings
    assert (odd.exit_code, odd.stdout.splitlines()[-1]) == (0, "0 errors, 3 warnings in 1 file")
    clean = write(tmp_path, "clean.netcfg", BROKEN.replace("10.2.0.0/24", "10.1.0.0/24"))
    result = run("validate", clean)
    assert (result.exit_code, result.stdout) == (0, "no problems in 1 file\n")


def test_select_and_ignore(run, tmp_path):
    path = write(tmp_path, "broken.netcfg", BROKEN)
    assert run("validate", "--ignore", "subnet-outside-address-space", path).exit_code == 0
    assert run("validate", "--select", "xsd,placement", path).stdout == "no problems in 1 file\n"
    result = run("validate", "--select", "subnet-outside", path)
    assert result.exit_code == 2
    assert "no rule 'subnet-outside' (did you mean 'subnet-outside-address-space'?); 'netcfg rules' lists them" in result.stderr


def test_directories_and_stdin(run, tmp_path):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    a = write(tmp_path, "a.netcfg", BROKEN)
    b = write(tmp_path, "sub/b.xml", BROKEN)
    c = write(tmp_path, "sub/deeper/C.NETCFG", BROKEN)  # the suffix in any case, as Windows exports have it
    write(tmp_path, "ignored.txt", "not xml")
    write(tmp_path, "sub/topology.toml", "vnet = []\n")  # a directory means its .netcfg and .xml files only
    result = run("validate", str(tmp_path))
    assert result.exit_code == 1
    named = [line.split(":")[0] for line in result.stdout.splitlines()[:-1]]
    assert named == [a, b, c]  # every file below, in path order, each once
    assert result.stdout.endswith("3 errors, 0 warnings in 3 files\n")
    result = run("validate", "-", input=BROKEN)
    assert result.stdout.startswith("-:7:11: error [subnet-outside-address-space]")


def test_missing_path_is_a_usage_error(run, tmp_path):
    result = run("validate", str(tmp_path / "nope.netcfg"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_malformed_file_is_a_finding_not_a_crash(run, tmp_path):
    path = write(tmp_path, "bad.netcfg", "<NetworkConfiguration>\n<a></b>")
    result = run("validate", path)
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{path}:2:8: error [xml-syntax] not well-formed XML: Opening and ending tag mismatch")


def _validate_output(path, *, terminal, no_color=None):
    """What ``netcfg validate path`` writes to standard output when that is a terminal (a pty) or a pipe."""
    import os
    import pty
    import subprocess
    import sys

    env = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    if no_color is not None:
        env["NO_COLOR"] = no_color
    command = [sys.executable, "-m", "netcfg", "validate", path]
    if not terminal:
        return subprocess.run(command, capture_output=True, env=env, check=False).stdout
    parent, child = pty.openpty()
    with subprocess.Popen(command, stdout=child, stderr=subprocess.DEVNULL, env=env) as process:
        os.close(child)
        chunks = []
        while True:
            try:
                chunk = os.read(parent, 4096)
            except OSError:  # EIO: the child closed its end of the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=60)
    os.close(parent)
    return b"".join(chunks)


def test_colour_only_on_a_terminal_and_never_with_no_color(tmp_path):
    path = write(tmp_path, "broken.netcfg", BROKEN)
    assert b"\x1b[31merror\x1b[0m [subnet-outside-address-space]" in _validate_output(path, terminal=True)
    assert b"\x1b" not in _validate_output(path, terminal=False)
    assert b"\x1b" not in _validate_output(path, terminal=True, no_color="1")
    # no-color.org: "when present and not an empty string"; an empty NO_COLOR leaves colour on.
    assert b"\x1b[31m" in _validate_output(path, terminal=True, no_color="")


def test_rules_lists_and_explains(run):
    listing = run("rules").stdout
    assert "subnet-overlap" in listing and "placeholder-gateway-address   warning" in listing
    explained = run("rules", "missing-gateway-subnet")
    assert explained.stdout.startswith(
        "missing-gateway-subnet (error): a VNet with a gateway has no subnet named exactly GatewaySubnet"
    )
    assert "PASS" in explained.stdout and "FAIL" in explained.stdout
    assert run("rules", "nope").exit_code == 2
