"""The import direction of the design (model at the bottom, CLI on top) holds: import-linter."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_import_contract_is_kept():
    lint_imports = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run([lint_imports, str(ROOT / "setup.cfg")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_every_module_has_a_layer():
    import configparser
    import pkgutil

    import netcfg

    parser = configparser.ConfigParser()
    parser.read(ROOT / "setup.cfg")
    layered = {name.strip() for line in parser["importlinter:contract:layers"]["layers"].split("\n") for name in line.split("|")}
    modules = {f"netcfg.{m.name}" for m in pkgutil.iter_modules(netcfg.__path__) if m.name != "__main__"}
    assert modules - layered == set(), "add these to the import contract in setup.cfg"


def test_every_subpackage_is_installed():
    """setup.cfg lists packages by name: one left out is missing from a normal (not editable) install."""
    import configparser

    parser = configparser.ConfigParser()
    parser.read(ROOT / "setup.cfg")
    listed = set(parser["options"]["packages"].split())
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "netcfg").rglob("__init__.py")}
    assert on_disk - listed == set(), "add these to [options] packages in setup.cfg"


def _flags() -> set[str]:
    import click

    from netcfg.cli import COMMANDS, cli

    ctx = click.Context(cli)
    return {
        flag
        for name in COMMANDS
        for parameter in cli.get_command(ctx, name).params  # type: ignore[union-attr]
        for flag in (*parameter.opts, *parameter.secondary_opts)
        if flag.startswith("--")
    }


def _said(tree: ast.AST) -> list[tuple[int, str]]:
    """Every string a module's code says (f-strings whole), not its documentation."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    # A rule's doc= is its documentation ('netcfg rules RULE'), as a docstring is.
    docstrings |= {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.keyword) and node.arg == "doc"}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            found.append((node.lineno, node.value))
    return found


def test_only_the_command_line_spells_its_flags():
    """Below netcfg.cli, an error or a finding says what would fix it as a Hint (an Option and its
    values), and the command line spells the flag; a library caller reads the request's field
    instead. The text reports of show and reach (netcfg.report.network, .reach) are the commands'
    own words and may suggest a command line; the az CLI's flags in an export's header are not ours."""
    import re

    flags = sorted(_flags(), key=len, reverse=True)
    pattern = re.compile("(?<![\\w-])(" + "|".join(map(re.escape, flags)) + ")(?![\\w-])")
    spelled = []
    for path in sorted((ROOT / "netcfg").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith("netcfg/cli/") or relative in ("netcfg/report/network.py", "netcfg/report/reach.py"):
            continue
        for line, text in _said(ast.parse(path.read_text(), filename=relative)):
            if relative == "netcfg/errors.py" and text.startswith("--"):
                continue  # the Option table: where each flag is spelled once
            spelled += [f"{relative}:{line}: {m.group(1)}" for m in pattern.finditer(text)]
    assert spelled == []
