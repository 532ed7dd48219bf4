"""Say the same thing everywhere: an option name means one thing in every command, usage errors exit 2,
and a refusal with several causes names them all."""

from __future__ import annotations

import click
import pytest

from netcfg.cli import COMMANDS, cli


def options_by_name() -> dict[str, list[tuple[str, str]]]:
    """Every visible long option: ``{--name: [(command, what it takes), ...]}`` (hidden ones are old spellings)."""
    ctx = click.Context(cli)
    found: dict[str, list[tuple[str, str]]] = {}
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        assert command is not None
        for parameter in command.params:
            if isinstance(parameter, click.Option) and not parameter.hidden:
                takes = "flag" if parameter.is_flag else parameter.metavar or getattr(parameter.type, "name", "")
                for option in parameter.opts:
                    if option.startswith("--"):
                        found.setdefault(option, []).append((name, str(takes)))
    return found


def test_every_option_name_means_one_thing_across_commands():
    # --format is each command's output format (its choices differ, its meaning does not).
    mixed = {
        name: uses for name, uses in options_by_name().items() if name != "--format" and len({takes for _, takes in uses}) > 1
    }
    assert mixed == {}


def test_the_renamed_options_still_run_with_a_warning(run, tmp_path):
    from conftest import GOLDEN

    old = run("reach", str(GOLDEN / "article.netcfg"), "--from", "VNet-Dublin")
    assert old.stderr.startswith("netcfg: warning: --from is deprecated; write --only-from\n")
    assert old.stdout == run("reach", str(GOLDEN / "article.netcfg"), "--only-from", "VNet-Dublin").stdout
    stretched = run("stretch", "--subscription", "Dublin=A", "--subscription", "Holland=B", "--out", str(tmp_path / "n"))
    assert stretched.exit_code == 0
    assert stretched.stderr == "netcfg: warning: --subscription is deprecated; write --subscription-of\n"


@pytest.mark.parametrize(
    "args",
    [
        ["stretch", "Dublin"],
        ["stretch", "--transit"],
        ["stretch", "--shape", "hub"],
        ["stretch", "--address-pool", "10.0.0.0/33"],
        ["stretch", "--base", "no-such-export.netcfg"],
        ["stretch", "--base", "Prod=no-such-export.netcfg"],
        ["validate", "no-such-file.netcfg"],
        ["export", "no-such-file.netcfg", "--to", "bicep"],
        ["export", "--to", "bicep"],
        ["reach", "-", "-"],
    ],
)
def test_usage_errors_exit_2_with_nothing_written(run, tmp_path, args):
    args = [a.replace("no-such", str(tmp_path / "no-such")) for a in args]
    if args[0] == "stretch":
        args += ["--out", str(tmp_path / "out")]
    result = run(*args)
    assert result.exit_code == 2, (args, result.stderr)
    assert result.stdout == "" and not (tmp_path / "out").exists()


def test_unreadable_input_is_2_where_1_is_an_answer(run, tmp_path):
    bad = tmp_path / "bad.netcfg"
    bad.write_text("<NetworkConfiguration")
    from conftest import GOLDEN

    for args in (["diff", str(bad), str(GOLDEN / "article.netcfg")], ["reach", str(bad)]):
        result = run(*args)
        assert result.exit_code == 2 and result.stderr.startswith("netcfg: error: ") and result.stderr.count("\n") == 1
    assert run("show", str(bad)).exit_code == 1


def test_a_settings_file_that_is_wrong_is_a_usage_error(run, tmp_path, monkeypatch):
    from conftest import GOLDEN

    (tmp_path / ".netcfg.toml").write_text('ignor = ["xsd"]\n')
    (tmp_path / "n.netcfg").write_bytes((GOLDEN / "article.netcfg").read_bytes())
    result = run("validate", str(tmp_path / "n.netcfg"))
    assert result.exit_code == 2 and "unknown key 'ignor' (did you mean 'ignore'?)" in result.stderr


def test_validate_for_an_output_reports_what_that_output_refuses(run, tmp_path):
    path = tmp_path / "n.netcfg"
    path.write_text(
        '<NetworkConfiguration xmlns="http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration">'
        '<VirtualNetworkConfiguration><VirtualNetworkSites><VirtualNetworkSite name="VNet-A" Location="Narnia">'
        "<AddressSpace><AddressPrefix>10.0.0.0/16</AddressPrefix></AddressSpace></VirtualNetworkSite>"
        "</VirtualNetworkSites></VirtualNetworkConfiguration></NetworkConfiguration>"
    )
    assert run("validate", str(path)).exit_code == 0  # an export as it is: a warning
    refused = run("export", str(path), "--to", "bicep")
    assert refused.exit_code == 1 and f"(to list them all: netcfg validate --for bicep {path})" in refused.stderr
    judged = run("validate", "--for", "bicep", str(path))
    assert judged.exit_code == 1 and "error [unknown-location]" in judged.stdout


def test_validate_finds_the_topologies_in_a_folder(run, tmp_path):
    assert run("stretch", "--out", str(tmp_path / "network")).exit_code == 0
    (tmp_path / "network" / ".netcfg.toml").write_text("strict = false\n")  # settings, not a topology
    result = run("validate", "--format", "sarif", str(tmp_path / "network"))
    assert result.exit_code == 0
    import json

    uris = {r["artifactLocation"]["uri"] for run_ in json.loads(result.stdout)["runs"] for r in run_.get("artifacts", [])}
    assert any(u.endswith("topology.toml") for u in uris) or "topology.toml" in result.stdout


def test_every_problem_of_a_topology_is_named_in_one_run_each_at_its_own_line(run, tmp_path):
    path = tmp_path / "t.toml"
    path.write_text(
        '[[vnet]]\nname = "VNet-Dublin"\nlocation = "North Europe"\nprefixs = ["10.0.0.0/16"]\n'
        'subnets = [{ name = "GatewaySubnet", prefix = "10.0.1.0/28" }]\n\n[vnet.gateway]\nsku = "Standad"\n'
        'connections = []\n\n[[vnet]]\nname = "VNet-Holland"\nlocation = "West Europe"\nprefixes = ["10.1.0.0/33"]\n'
    )
    import json

    findings = json.loads(run("validate", "--format", "json", str(path)).stdout)
    assert [(f["line"], f["message"].split(":", 1)[1].strip()[:40]) for f in findings] == [
        (4, "unknown key 'prefixs' (did you mean 'pre"),
        (8, "'Standad' is not one of Default, Standar"),
        (14, "'10.1.0.0/33' is not an IPv4 CIDR prefix"),
    ]
    assert "did you mean 'Standard'?" in findings[1]["message"]
    refused = run("show", str(path))
    assert refused.exit_code == 1 and refused.stderr.count("line ") == 3 and refused.stderr.count("\n") == 1


def test_every_affinity_group_without_a_region_is_named_at_once_with_the_fix(run, tmp_path):
    path = tmp_path / "n.netcfg"
    ns = "http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration"
    sites = "".join(
        f'<VirtualNetworkSite name="{n}" AffinityGroup="AG{i}"><AddressSpace><AddressPrefix>10.{i}.0.0/16'
        "</AddressPrefix></AddressSpace></VirtualNetworkSite>"
        for i, n in enumerate("ABC", 1)
    )
    path.write_text(
        f'<NetworkConfiguration xmlns="{ns}"><VirtualNetworkConfiguration><VirtualNetworkSites>{sites}'
        "</VirtualNetworkSites></VirtualNetworkConfiguration></NetworkConfiguration>"
    )
    result = run("export", str(path), "--to", "arm")
    assert result.exit_code == 1
    assert result.stderr == (
        "netcfg: error: the regions of affinity groups 'AG1', 'AG2', 'AG3' are unknown (place them:"
        " --location-map AG1=<region> --location-map AG2=<region> --location-map AG3=<region>)\n"
    )


def test_help_is_a_command_and_the_top_help_shows_the_procedure(run):
    top = run("help")
    assert top.exit_code == 0 and top.stdout == run("--help").stdout
    assert "The procedure:" in top.stdout and "netcfg export net/topology.toml --to bicep" in top.stdout
    assert run("help", "reach").stdout == run("reach", "--help").stdout


def test_a_topology_among_network_files_is_refused_as_reach_refuses_it(run, tmp_path):
    assert (
        run("stretch", "--subscription-of", "Dublin=P", "--subscription-of", "Holland=D", "--out", str(tmp_path / "n")).exit_code
        == 0
    )
    files = [str(tmp_path / "n" / "topology.toml"), str(tmp_path / "n" / "P" / "NetworkConfig.netcfg")]
    checked = run("validate", "--network", *files)
    assert checked.exit_code == 2 and "is a topology, which holds a whole network" in checked.stderr
    assert run("reach", *files).exit_code == 2


def test_sarif_shows_hostile_characters_escaped_as_the_text_report_does(run, tmp_path):
    import json

    path = tmp_path / "n.netcfg"
    ns = "http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration"
    path.write_text(
        f'<NetworkConfiguration xmlns="{ns}"><VirtualNetworkConfiguration><VirtualNetworkSites>'
        '<VirtualNetworkSite name="VNet-&#x202E;nilbuD" Location="North Europe"><AddressSpace><AddressPrefix>10.0.0.0/16'
        "</AddressPrefix></AddressSpace></VirtualNetworkSite></VirtualNetworkSites></VirtualNetworkConfiguration>"
        "</NetworkConfiguration>",
        encoding="utf-8",
    )
    sarif = run("validate", "--format", "sarif", str(path)).stdout
    assert "\u202e" not in sarif and "\u009b" not in sarif
    results = json.loads(sarif)["runs"][0]["results"]
    assert results and all("\u202e" not in json.dumps(r, ensure_ascii=False) for r in results)


def test_every_option_a_request_knows_is_a_command_line_flag_and_a_request_field():
    """The typed options (netcfg.errors.Option) are the one list: each is spelled by a real flag and
    names what the library calls it (a request's field, a writer's keyword, or the function)."""
    import dataclasses
    import inspect

    from netcfg import outputs, validate
    from netcfg.errors import Option
    from netcfg.io import writing
    from netcfg.outputs import Request, SecondPass
    from netcfg.stretch import StretchPlan

    ctx = click.Context(cli)
    flags = {
        flag
        for name in COMMANDS
        for parameter in cli.get_command(ctx, name).params  # type: ignore[union-attr]
        if isinstance(parameter, click.Option)
        for flag in (*parameter.opts, *parameter.secondary_opts)
    }
    fields = {f.name for kind in (Request, SecondPass, StretchPlan, validate.Selection) for f in dataclasses.fields(kind)}
    keywords = {k for f in (writing.write_files, writing.edit_in_place) for k in inspect.signature(f).parameters}
    functions = {n for module in (outputs, validate) for n in dir(module) if not n.startswith("_")}
    for option in Option:
        assert option.flag in flags, option
        assert option.field in fields | keywords | functions, option
