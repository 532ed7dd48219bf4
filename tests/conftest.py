"""Shared fixtures: the real corpus beside the project, golden files, and a CLI runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from netcfg.cli import cli

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
DATA = Path(__file__).resolve().parent / "data"
CORPUS = Path(os.environ.get("NETCFG_CORPUS", ROOT.parent / "shared" / "corpus" / "real"))
MALFORMED = "lavett__azure__vnetconfig.netcfg"


def corpus_files() -> list[Path]:
    """Every network configuration in the real corpus (none when the corpus is not beside us)."""
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix != ".tsv")


def well_formed_corpus_files() -> list[Path]:
    return [p for p in corpus_files() if p.name != MALFORMED]


def corpus_params(files: list[Path]) -> list:
    """pytest parameters named by file, or one skipped parameter when the corpus is absent."""
    if not files:
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"corpus not found at {CORPUS}"))]
    return [pytest.param(p, id=p.name) for p in files]


def assert_golden(name: str, actual: bytes) -> None:
    """Compare with tests/golden/NAME; on a difference write NAME.actual beside it to review.

    Review and accept a change with: python scripts/accept-goldens NAME
    """
    expected_path = GOLDEN / name
    actual_path = GOLDEN / f"{name}.actual"
    expected = expected_path.read_bytes() if expected_path.exists() else None
    if expected == actual:
        actual_path.unlink(missing_ok=True)
        return
    actual_path.write_bytes(actual)
    if expected is None:
        pytest.fail(f"no golden file {expected_path}; review {actual_path} and accept it")
    assert actual.decode() == expected.decode(), f"differs from {expected_path}; see {actual_path}"


@pytest.fixture
def run():
    """Run the CLI in-process: run("validate", "x.netcfg") -> click Result (stdout and stderr apart)."""
    runner = CliRunner()

    def invoke(*args: str, input: bytes | str | None = None) -> Result:
        return runner.invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke
