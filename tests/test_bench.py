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


def test_every_shape_of_the_benchmark_is_a_clean_network_of_that_shape(tmp_path):
    from netcfg.io.inputs import network_from_bytes
    from netcfg.model.standins import resolve
    from netcfg.validate import validate_network

    bench = runpy.run_path(str(ROOT / "scripts" / "bench"))
    for name, make in bench["SHAPES"].items():
        data = make(40)
        assert validate_bytes(data) == [], name
        network = resolve(network_from_bytes(data, file=name))
        config = network.parts[0].config
        assert len(config.vnets) == 40, name
        relation = network.relation
        if name == "multi-site":  # three offices each: on premises, no stand-in
            assert sum(1 for s in config.local_sites if s.mirrors is None) == 120
        if name == "hub with transit":  # each spoke's own stand-in for its hub, by transit
            assert sum(1 for s in relation.stand_ins.values() if s.why.value == "transit-union") == 36
    paths = []
    for k, data in enumerate(bench["across_subscriptions"](40)):
        path = tmp_path / f"part{k}" / "NetworkConfig.netcfg"
        path.parent.mkdir()
        path.write_bytes(data)
        paths.append(str(path))
    assert validate_network(paths) == []


def test_a_missed_row_says_where_the_time_goes_step_by_step(tmp_path):
    """The bench breaks a missed row's validate down by the pipeline's own steps, every rule one of them."""
    import json
    import subprocess
    import sys

    bench = runpy.run_path(str(ROOT / "scripts" / "bench"))
    path = tmp_path / "hub.netcfg"
    path.write_bytes(bench["hub_transit"](40))
    steps = json.loads(subprocess.run([sys.executable, "-c", bench["PHASES"], str(path)], capture_output=True, check=True).stdout)
    from netcfg.validate.rules import RULES

    assert set(bench["STEPS"]) - {"network subject"} <= set(steps) and "network subject" in steps
    assert {f"rule {r}" for r in RULES if RULES[r].scope != "pipeline"} <= set(steps)
    assert all(ms >= 0 for ms in steps.values()) and steps["total"] >= steps["model"] + steps["stand-ins"]

    run = bench["Bench"]("netcfg", 1, tmp_path)
    label = "hub with transit: validate N=1,000 vs lxml parse+XSD"
    run.explained[label] = steps
    assert bench["_where_the_time_goes"](run, missed=set()) == []
    said = bench["_where_the_time_goes"](run, missed={label})
    assert said[0].startswith("\nwhere the time goes") and said[1].startswith("  hub with transit: imports ")
    assert " rules " in said[1] and "misdirected-route" in said[1] and said[1].rstrip().split()[-1].isdigit()
