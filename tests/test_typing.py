"""The package keeps its typed contracts and small functions: mypy --strict, and radon's complexity grade."""

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def _tool(name: str) -> str:
    return shutil.which(name) or str(Path(sys.executable).parent / name)


def test_mypy_strict_finds_nothing():
    # The options are in setup.cfg ([mypy] strict = True); lxml's types come from types-lxml.
    result = subprocess.run(
        [_tool("mypy"), "--config-file", "setup.cfg", "--no-incremental", "netcfg"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Success: no issues found")


def test_no_type_ignore_and_no_setattr_in_the_package():
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "netcfg").rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "type: ignore" in line or "setattr(" in line
    ]
    assert found == []


def test_no_function_is_more_complex_than_grade_c():
    # radon grade D starts at cyclomatic complexity 21.
    result = subprocess.run([_tool("radon"), "cc", "--min", "D", "netcfg"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
