"""Habits from the tools netcfg's users know: pre-commit hooks, shell completion, a licence, a changelog."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from conftest import GOLDEN, ROOT


def hooks() -> dict[str, str]:
    """``{hook id: files regex}`` from .pre-commit-hooks.yaml (two keys per hook: a tiny reader, no YAML library)."""
    found, current = {}, None
    for line in (ROOT / ".pre-commit-hooks.yaml").read_text().splitlines():
        if line.startswith("- id: "):
            current = line.removeprefix("- id: ").strip()
        elif line.strip().startswith("files: ") and current:
            found[current] = line.strip().removeprefix("files: ")
    return found


@pytest.mark.parametrize(
    ("path", "hook"),
    [
        ("NetworkConfig.xml", "netcfg-validate"),
        ("exports/prod.netcfg", "netcfg-validate"),
        ("net/topology.toml", "netcfg-validate-topology"),
        ("article.topology.toml", "netcfg-validate-topology"),
        ("hub-topology.toml", "netcfg-validate-topology"),
    ],
)
def test_each_hook_checks_its_files(path, hook):
    matching = {name for name, pattern in hooks().items() if re.search(pattern, path)}
    assert matching == {hook}


@pytest.mark.parametrize("path", ["pyproject.toml", "notes.txt", "topology.toml.bak", "mytopology.toml"])
def test_no_hook_takes_other_files(path):
    assert not any(re.search(pattern, path) for pattern in hooks().values())


def complete(*words: str) -> list[str]:
    env = {
        **os.environ,
        "_NETCFG_COMPLETE": "bash_complete",
        "COMP_WORDS": " ".join(["netcfg", *words]),
        "COMP_CWORD": str(len(words)),
    }
    done = subprocess.run([sys.executable, "-m", "netcfg"], env=env, capture_output=True, text=True, check=True)
    return [line.split(",", 1)[1] for line in done.stdout.splitlines()]


def test_shell_completion_knows_commands_and_rule_ids():
    assert complete("re") == ["reach", "render"]
    assert complete("validate", "--select", "xsd,one") == ["xsd,one-ended-tunnel", "xsd,one-way-route"]
    assert complete("rules", "rout") == ["routing-loop"]


def test_the_licence_setup_cfg_names_is_there():
    assert "license = MIT" in (ROOT / "setup.cfg").read_text()
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")


def test_the_changelog_names_the_version():
    from netcfg import __version__

    assert f"\n{__version__} (" in (ROOT / "CHANGELOG.rst").read_text()


def test_a_misspelt_name_gets_the_nearest_one(run, tmp_path):
    command = run("valdate", "x")
    assert command.exit_code == 2 and "No such command 'valdate' (did you mean 'validate'?)" in command.stderr
    value = run("render", "-", "--to", "bycep", input="vnet = []\n")
    assert value.exit_code == 2 and value.stderr.rstrip().endswith("Did you mean 'bicep'?")
    rule = run("rules", "routng-loop")
    assert "no rule 'routng-loop' (did you mean 'routing-loop'?)" in rule.stderr
    topology = tmp_path / "t.toml"
    topology.write_text('[[vnets]]\nname = "a"\n')
    assert "unknown table 'vnets' (did you mean 'vnet'?)" in run("render", str(topology)).stderr
    assert "(did you mean" not in run("valdiate-nothing-like-it-at-all", "x").stderr


def test_one_name_per_idea_and_the_old_spellings_still_work_with_a_warning(run, tmp_path):
    old = run("runbook", str(GOLDEN / "article.netcfg"), "--affinity-group", "Dublin=North Europe")
    new = run("runbook", str(GOLDEN / "article.netcfg"), "--location-map", "Dublin=North Europe")
    assert old.exit_code == new.exit_code == 0 and old.stdout == new.stdout
    assert old.stderr == "netcfg: warning: --affinity-group is deprecated; write --location-map\n"
    shaped = run(
        "stretch", "A=North Europe", "B=West Europe", "C=East US", "--topology", "hub", "--hub", "A", "--out", str(tmp_path)
    )
    assert shaped.exit_code == 0 and "--topology is deprecated; write --shape" in shaped.stderr
    # --location-map means the same in every command that takes it
    for command in ("render", "runbook", "export", "graph"):
        from netcfg.cli import cli

        shown = {o for p in cli.get_command(None, command).params if not getattr(p, "hidden", False) for o in p.opts}
        assert "--location-map" in shown and "--affinity-group" not in shown, command


def test_the_readme_python_example_runs(tmp_path, monkeypatch, capsys):
    text = (ROOT / "README.rst").read_text()
    block = text.split("each imported on first use, fully typed (``py.typed``)::\n\n", 1)[1].split("\n\n\n", 1)[0]
    block = block.split("\nErrors are ``netcfg.NetcfgError``", 1)[0]
    code = "\n".join(line[4:] for line in block.splitlines())
    monkeypatch.chdir(tmp_path)
    (tmp_path / "article").mkdir()
    (tmp_path / "article" / "NetworkConfig.netcfg").write_bytes((GOLDEN / "article.netcfg").read_bytes())
    exec(compile(code, "README.rst", "exec"), {})
    printed = capsys.readouterr().out
    assert "6: warning [placeholder-gateway-address]" in printed
    assert "('VNet-Holland', 'VNet-Virginia'): 'pending'" in printed
    assert (tmp_path / "hub" / "runbook.ps1").read_bytes().startswith(b"\xef\xbb\xbf")


def test_the_api_names_are_importable_and_none_shadows_a_subpackage():
    import importlib
    import pkgutil

    import netcfg

    subpackages = {m.name for m in pkgutil.iter_modules(netcfg.__path__)}
    for name in netcfg.__all__:
        assert getattr(netcfg, name) is not None, name
        assert name not in subpackages, name
    assert importlib.import_module("netcfg.stretch").__name__ == "netcfg.stretch"


def test_all_lists_exactly_the_api_table():
    import netcfg

    assert netcfg.__all__ == ["__version__", *netcfg._API]


# Mermaid's own preprocessing, as regular expressions (mermaid-js/mermaid
# packages/mermaid/src/diagram-api/regexes.ts@1fc5bb34): directives anywhere, comments to line end.
MERMAID_DIRECTIVE = re.compile(r"%{2}{\s*(?:(\w+)\s*:|(\w+))\s*(?:(\w+)|((?:(?!}%{2}).|\r?\n)*))?\s*(?:}%{2})?", re.I)
MERMAID_COMMENT = re.compile(r"(?:^|(?<=\S))\s*%%.*\n", re.M)
INJECTION = "x%%{init: {'theme':'dark', 'themeCSS':'.node{background:url(https://e.example/x)}'}}%%`**b**`\"<b>"


def test_a_name_stays_inert_in_mermaid(run, tmp_path):
    import dataclasses

    from netcfg import stretch
    from netcfg.model.subscriptions import NetworkSet
    from netcfg.render.graph_mermaid import render

    config = stretch.stretch().parts[0].config
    vnets = (dataclasses.replace(config.vnets[0], name=INJECTION), *config.vnets[1:])
    text = render(NetworkSet.single(dataclasses.replace(config, vnets=vnets))).decode()
    assert MERMAID_DIRECTIVE.search(text) is None and MERMAID_COMMENT.search(text) is None
    labels = [label.replace("<br/>", "\n") for label in re.findall(r'\["(.*?)"\]', text)]
    assert labels and not any(ch in label for label in labels for ch in '"<>%`')
    assert "x#37;#37;{init: {'theme':'dark'" in text  # still readable, as Mermaid shows entities


def test_show_and_messages_never_write_terminal_escapes(run, tmp_path):
    path = tmp_path / "x\x1b[2J\u202eevil.netcfg"
    path.write_text("<NetworkConfiguration")
    for args in (("validate", str(path)), ("render", str(path)), ("show", str(path))):
        result = run(*args)
        assert "\x1b" not in result.stdout + result.stderr and "\u202e" not in result.stdout + result.stderr, args
        assert "x\\x1b[2J\\u202eevil.netcfg" in result.stdout + result.stderr, args
