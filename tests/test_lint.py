"""The code stays clean: ruff's pyflakes, bugbear and pyupgrade checks over the package, scripts and tests."""

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_ruff_finds_nothing():
    # The rules are pyproject.toml's, so that plain 'ruff check' at the root is this check.
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    result = subprocess.run([ruff, "check", "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_would_change_nothing():
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    result = subprocess.run([ruff, "format", "--check", "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_test_module_imports_another():
    # Shared helpers live in helper modules (helpers.py, powershell.py, ...): a test module imported
    # by another would run its tests twice and tie unrelated files together.
    found = [
        f"{path.name}: {line.strip()}"
        for path in (ROOT / "tests").rglob("test_*.py")
        for line in path.read_text().splitlines()
        if line.startswith(("from test_", "import test_", "from tests.test_"))
    ]
    assert found == []
