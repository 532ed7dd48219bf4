"""The code stays clean: ruff's pyflakes, bugbear and pyupgrade checks over the package, scripts and tests."""

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

RULES = "F,E9,B,UP,SIM"
IGNORED = "SIM108,B905,SIM905"  # taste: ternaries, zip(strict=), word lists written as one string


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    result = subprocess.run([ruff, "check", "--no-cache", "--select", RULES, "--ignore", IGNORED, "--line-length", "130",
                             "--target-version", "py311", "netcfg", "tests", "scripts/bench"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
