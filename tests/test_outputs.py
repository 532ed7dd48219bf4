"""Every output through every command that can reach it: the same checks, the same options, the same answer.

Before, the checks lived in the commands: 'netcfg runbook' refused a network with errors while
'netcfg render --to runbook' wrote one, and 'render --to bicep' ended in a KeyError.
"""

from __future__ import annotations

import pytest

from conftest import GOLDEN
from netcfg.errors import Option
from netcfg.render import RENDERERS

# How each command asks for an output, by the output's group.
ROUTES = {
    "stretch": [("render", "--to")],
    "graph": [("render", "--to"), ("graph", "--format")],
    "export": [("render", "--to"), ("export", "--to")],
}
SPECIAL = {"runbook": [("render", "--to"), ("runbook", None)]}


def routes(name: str) -> list[tuple[str, str | None]]:
    return SPECIAL.get(name) or ROUTES[RENDERERS[name].group]


def ask(run, name, source, *extra):
    results = []
    for command, option in routes(name):
        args = [command, str(source), *([option, name] if option else []), *extra]
        results.append((args, run(*args)))
    return results


ARTICLE_TOPOLOGY = (GOLDEN / "article.topology.toml").read_text()
ARTICLE_NETCFG = (GOLDEN / "article.netcfg").read_text()
BROKEN = {
    # A VNet connected to its own stand-in (connected-overlap), in a topology.
    "self-connected.toml": ARTICLE_TOPOLOGY.replace('connections = ["Local-Holland"]', 'connections = ["Local-Dublin"]'),
    # A connection to a site the file does not have (unknown-local-site): the export's KeyError.
    "missing-site.netcfg": ARTICLE_NETCFG.replace(
        '<LocalNetworkSiteRef name="Local-Holland"', '<LocalNetworkSiteRef name="Local-Nowhere"'
    ),
}


@pytest.fixture(params=sorted(BROKEN))
def broken(request, tmp_path):
    path = tmp_path / request.param
    path.write_text(BROKEN[request.param])
    assert BROKEN[request.param] not in (ARTICLE_TOPOLOGY, ARTICLE_NETCFG)  # the replacement took
    return path


@pytest.mark.parametrize("name", RENDERERS.names())
def test_a_network_with_errors_gets_the_same_answer_from_every_command(run, broken, name):
    results = ask(run, name, broken)
    answers = {(r.exit_code, r.stdout, r.stderr) for _, r in results}
    assert len(answers) == 1, [args for args, _ in results]
    ((code, stdout, stderr),) = answers
    for args, result in results:
        assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
    if RENDERERS[name].refuses_errors:
        assert code == 1 and stdout == ""
        assert stderr.startswith(f"netcfg: error: the network has 1 error, so no {name} was written: [")
        assert stderr.endswith(f" (to list them all: netcfg validate --for {name} {broken})\n") and stderr.count("\n") == 1
    elif name != "svg":  # a faithful view of the file shows what is there (svg also needs Graphviz)
        assert code == 0 and stdout and stderr == ""


@pytest.mark.parametrize("name", RENDERERS.names())
def test_every_command_gives_the_same_output(run, name):
    answers = {(r.exit_code, r.stdout, r.stderr) for _, r in ask(run, name, GOLDEN / "article.topology.toml")}
    assert len(answers) == 1
    if name != "svg":
        assert next(iter(answers))[0] == 0


@pytest.mark.parametrize("name", RENDERERS.names())
@pytest.mark.parametrize(
    "option", [("--location-map", "Dublin=North Europe"), ("--mirror", "Local-Holland=VNet-Dublin"), ("--peering",)]
)
def test_an_option_an_output_does_not_use_is_refused_the_same_way_everywhere(run, name, option):
    flag = option[0]
    results = [
        (args, r)
        for args, r in ask(run, name, GOLDEN / "article.netcfg", *option)
        if args[0] == "render" or flag in _options_of(args[0])
    ]
    takes = next(o for o in Option if o.flag == flag)
    for args, result in results:
        if takes in RENDERERS[name].takes:
            assert result.exit_code in (0, 1) and "Traceback" not in result.stderr, args
            assert result.stderr.startswith("netcfg: error:") or result.exit_code == 0 or name == "svg", args
        else:
            assert result.exit_code == 2, args
            assert f"Invalid value for '{flag}': the {name} output does not use it (it applies to " in result.stderr


def _options_of(command: str) -> set[str]:
    from netcfg.cli import cli

    found = cli.get_command(None, command)  # type: ignore[arg-type]
    assert found is not None
    return {opt for param in found.params for opt in (*param.opts, *param.secondary_opts)}


def test_an_export_of_a_bare_netcfg_suggests_an_option_the_command_has(run):
    # The article's .netcfg places its VNets in affinity groups; the file does not say where those are.
    for name in RENDERERS.names(lambda r: r.group == "export"):
        for args, result in ask(run, name, GOLDEN / "article.netcfg"):
            assert result.exit_code == 1, args
            assert result.stderr == (  # both groups in one run, with the options ready to paste
                "netcfg: error: the regions of affinity groups 'Dublin', 'Holland' are unknown (place them:"
                " --location-map Dublin=<region> --location-map Holland=<region>)\n"
            ), args
            assert "--location-map" in _options_of(args[0]), args
            fixed = run(*args, "--location-map", "Dublin=North Europe", "--location-map", "Holland=West Europe")
            assert fixed.exit_code == 0, (args, fixed.stderr)


def test_a_mirror_naming_what_the_network_lacks_is_a_usage_error_everywhere(run):
    for name in ("runbook", "bicep", "dot", "topology"):
        for args, result in ask(run, name, GOLDEN / "article.netcfg", "--mirror", "Local-Nowhere=VNet-Dublin"):
            assert result.exit_code == 2, args
            assert "Invalid value for '--mirror':" in result.stderr and "has no local site 'Local-Nowhere'" in result.stderr


def test_an_error_from_an_option_is_not_blamed_on_the_file(run):
    for args, result in ask(run, "bicep", GOLDEN / "article.topology.toml", "--location-map", "Dublin=x"):
        assert result.exit_code == 1, args
        assert result.stderr == (
            "netcfg: error: the network has 1 error, so no bicep was written: [unknown-location] the location of affinity"
            " group 'Dublin': 'x' is not an Azure region; see 'az account list-locations' (to list them all:"
            f" netcfg validate --for bicep {GOLDEN / 'article.topology.toml'}; which reads the file without what"
            " changed the network: --location-map)\n"
        ), args
