"""`netcfg stretch` and `netcfg render` as a user runs them: files, exit codes, messages."""

import os
import stat

from conftest import CORPUS, GOLDEN, MALFORMED


def test_stretch_default_writes_the_article_network(run, tmp_path):
    result = run("stretch", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "NetworkConfig.netcfg").read_bytes() == (GOLDEN / "article.netcfg").read_bytes()
    assert (tmp_path / "out" / "topology.toml").read_bytes() == (GOLDEN / "article.topology.toml").read_bytes()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["NetworkConfig.netcfg", "runbook.ps1", "topology.toml"]
    assert "2 VNets (VNet-Dublin, VNet-Holland), 2 local sites" in result.stdout
    assert stat.S_IMODE(os.stat(tmp_path / "out" / "NetworkConfig.netcfg").st_mode) == 0o644


def test_render_of_the_written_topology_reproduces_the_netcfg_byte_for_byte(run, tmp_path):
    assert run("stretch", "Dublin=North Europe", "Holland=West Europe", "Virginia=East US", "--out", str(tmp_path)).exit_code == 0
    result = run("render", str(tmp_path / "topology.toml"))
    assert result.exit_code == 0
    assert result.stdout_bytes == (tmp_path / "NetworkConfig.netcfg").read_bytes()
    assert result.stdout_bytes == (GOLDEN / "mesh-3.netcfg").read_bytes()


def test_stretch_refuses_to_overwrite_without_force(run, tmp_path):
    (tmp_path / "NetworkConfig.netcfg").write_text("mine")
    result = run("stretch", "--out", str(tmp_path))
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"netcfg: error: {tmp_path / 'NetworkConfig.netcfg'} already exists; nothing was written (to replace it: --force)\n"
    )
    assert (tmp_path / "NetworkConfig.netcfg").read_text() == "mine"
    assert not (tmp_path / "topology.toml").exists()
    assert run("stretch", "--out", str(tmp_path), "--force").exit_code == 0


def test_stretch_refusal_leaves_no_file(run, tmp_path):
    result = run("stretch", "A=North Europe", "--out", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert "needs at least two regions" in result.stderr
    assert not (tmp_path / "o").exists()


def test_stretch_usage_errors_exit_2(run, tmp_path):
    assert run("stretch", "--shape", "ring").exit_code == 2
    result = run("stretch", "--address-pool", "10.0.0/8", "--out", str(tmp_path))
    assert result.exit_code == 2 and "is not a CIDR network" in result.stderr
    assert run("stretch", "--shape", "hub", "--out", str(tmp_path)).exit_code == 2


def test_render_to_topology_and_back(run, tmp_path):
    out = tmp_path / "t.toml"
    assert run("render", str(GOLDEN / "mesh-3.netcfg"), "--to", "topology", "-o", str(out)).exit_code == 0
    assert run("render", str(out)).stdout_bytes == (GOLDEN / "mesh-3.netcfg").read_bytes()


def test_render_reads_standard_input(run):
    result = run("render", "-", input=(GOLDEN / "article.netcfg").read_bytes())
    assert result.stdout_bytes == (GOLDEN / "article.netcfg").read_bytes()


def test_render_of_malformed_file_is_one_line_with_the_line_number(run, tmp_path):
    path = CORPUS / MALFORMED
    if not path.exists():
        path = tmp_path / MALFORMED
        path.write_text("<a>\n\n\n\n\n</b>")
    out = tmp_path / "never.netcfg"
    result = run("render", str(path), "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"netcfg: error: {path}:6: not well-formed XML: ")
    assert result.stderr.count("\n") == 1
    assert not out.exists() and list(tmp_path.glob(".never*")) == []


def test_render_of_a_missing_file_is_a_usage_error(run, tmp_path):
    result = run("render", str(tmp_path / "nope.netcfg"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_render_of_something_that_is_not_a_network_configuration(run, tmp_path):
    path = tmp_path / "other.xml"
    path.write_text("<ServiceConfiguration/>")
    result = run("render", str(path))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"netcfg: error: {path}:1: the root element is <ServiceConfiguration>, not"
        " <NetworkConfiguration>: this is not a network configuration\n"
    )


def test_version_and_help(run):
    assert run("--version").stdout.startswith("netcfg, version ")
    help_text = run("--help").stdout
    assert "stretch" in help_text and "render" in help_text


def test_every_command_in_the_table_loads_under_its_own_name(run):
    from netcfg.cli import COMMANDS, cli

    for name in COMMANDS:
        command = cli.get_command(None, name)  # type: ignore[arg-type]
        assert command is not None and command.name == name, name
        assert run(name, "--help").exit_code == 0, name
    assert cli.get_command(None, "nosuch") is None  # type: ignore[arg-type]


def test_validate_loads_no_other_command_family():
    import subprocess
    import sys

    code = (
        "import sys; from netcfg.cli import cli\n"
        "cli.main(['validate', '--help'], standalone_mode=False)\n"
        "print(sorted(m for m in sys.modules if m.startswith('netcfg.cli.')))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.splitlines()[-1] == "['netcfg.cli.checking', 'netcfg.cli.group', 'netcfg.cli.options', 'netcfg.cli.validating']"


def test_the_console_entry_point_flushes_everything_before_its_fast_exit(tmp_path):
    """main() ends the process with os._exit: what the command wrote must all be out, with its exit code."""
    import subprocess
    import sys

    from conftest import GOLDEN

    rendered = subprocess.run(
        [sys.executable, "-m", "netcfg", "render", str(GOLDEN / "article.topology.toml")], capture_output=True, check=False
    )
    assert (rendered.returncode, rendered.stdout) == (0, (GOLDEN / "article.netcfg").read_bytes())
    broken = tmp_path / "broken.netcfg"
    broken.write_bytes((GOLDEN / "article.netcfg").read_bytes().replace(b"10.1.0.0/16", b"10.0.0.0/16", 1))
    checked = subprocess.run(
        [sys.executable, "-m", "netcfg", "validate", str(broken)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 1 and checked.stdout.endswith(" in 1 file\n"), checked.stdout
    usage = subprocess.run([sys.executable, "-m", "netcfg", "nosuch"], capture_output=True, text=True, check=False)
    assert usage.returncode == 2 and "No such command 'nosuch'" in usage.stderr


def test_a_profiler_still_gets_its_report_after_the_fast_exit():
    import subprocess
    import sys

    profiled = subprocess.run(
        [sys.executable, "-m", "cProfile", "-m", "netcfg", "--version"], capture_output=True, text=True, check=False
    )
    assert profiled.returncode == 0 and "function calls" in profiled.stdout, profiled.stdout[-500:]


def test_stretch_refuses_a_location_that_is_no_region_with_the_nearest_name(run, tmp_path):
    result = run("stretch", "Dublin=North Europ", "Holland=West Europe", "--out", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert result.stderr == (
        "netcfg: error: region 'Dublin': 'North Europ' is not an Azure region; did you mean 'North Europe'?\n"
    )
    assert not (tmp_path / "o").exists()


def test_stretch_takes_a_programmatic_region_name_and_writes_the_display_name(run, tmp_path):
    result = run("stretch", "Dublin=northeurope", "Holland=WEST EUROPE", "--out", str(tmp_path / "o"))
    assert result.exit_code == 0, result.stderr
    topology = (tmp_path / "o" / "topology.toml").read_text()
    assert 'location = "North Europe"' in topology and 'location = "West Europe"' in topology
