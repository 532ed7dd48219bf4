"""A network across two subscriptions, as the files 'netcfg stretch --subscription' writes, for the set rules."""

from __future__ import annotations

from pathlib import Path

from netcfg import stretch
from netcfg.model.subscriptions import NetworkSet
from netcfg.render.netcfg_xml import netcfg_bytes

REGIONS = [stretch.Region(name="Dublin", location="North Europe"), stretch.Region(name="Holland", location="West Europe")]


def network() -> NetworkSet:
    return stretch.stretch(REGIONS, stretch.StretchPlan(subscriptions=(("Dublin", "Production"), ("Holland", "DevTest"))))


def write(folder: Path, replace: dict[str, tuple[str, str]] | None = None) -> list[str]:
    """Each subscription's NetworkConfig.netcfg in folder/<subscription>/, with (old, new) replaced in the named one."""
    paths = []
    for part in network().parts:
        text = netcfg_bytes(part.config).decode()
        old, new = (replace or {}).get(part.subscription.name, ("", ""))
        if old:
            assert old in text
            text = text.replace(old, new, 1)
        path = folder / part.subscription.name / "NetworkConfig.netcfg"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        paths.append(str(path))
    return paths


def found(run, paths: list[str], rule: str, *extra: str) -> list[tuple[str, int | None, str]]:
    import json

    result = run("validate", "--network", "--format", "json", *extra, *paths)
    return [(Path(f["file"]).parent.name, f["line"], f["message"]) for f in json.loads(result.stdout) if f["rule"] == rule]
