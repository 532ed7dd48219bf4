"""The benchmark's synthetic networks are what it claims: valid, clean, of the stated shape."""

import runpy

from netcfg.io.inputs import model_from_bytes
from netcfg.validate import validate_bytes

from conftest import ROOT

synthetic = runpy.run_path(str(ROOT / "scripts" / "bench"))["synthetic"]


def test_synthetic_configuration_is_clean_and_shaped_as_described():
    data = synthetic(50)
    assert validate_bytes(data) == []
    config = model_from_bytes(data, file="synthetic")
    assert len(config.vnets) == len(config.local_sites) == 50
    assert all(len(v.subnets) == 4 and v.gateway_subnet is not None and len(v.gateway.connections) == 3 for v in config.vnets)


def test_peak_memory_is_the_childs_own_not_the_benchmarks():
    """A child's ru_maxrss starts at its parent's size; the benchmark holds large files, so it measures via a small helper."""
    import sys

    peak_rss = runpy.run_path(str(ROOT / "scripts" / "bench"))["peak_rss"]
    ballast = bytearray(300 * 1024 * 1024)
    ballast[::4096] = b"\x01" * len(ballast[::4096])  # touch every page, so it is resident
    assert peak_rss([sys.executable, "-c", "pass"]) < 100 * 1024  # KiB: a bare Python is ~10 MB
