"""The import direction of the design (model at the bottom, CLI on top) holds: import-linter."""

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
