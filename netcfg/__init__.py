"""netcfg: Azure classic (Service Management) network configuration as a tool.

The packages are the layers, top to bottom; each imports only from those below it
(import-linter checks it):

* :mod:`netcfg.cli`       the commands: parse arguments, call one function below, print
* :mod:`netcfg.outputs`   the one path from a network to every output, with that output's checks
* :mod:`netcfg.report`    findings, changes and networks as text or JSON
* :mod:`netcfg.stretch`   build the stretched network of the article, a mesh or a hub
* :mod:`netcfg.render`    the model as files (``.netcfg``, runbook, topology, graphs, Resource Manager)
* :mod:`netcfg.validate`  check a ``.netcfg`` or a topology and get findings
* :mod:`netcfg.edit`      byte-preserving edits: the second pass (patch) and merge
* :mod:`netcfg.io`        reading and writing files (XML, TOML, the schema, atomic writes)
* :mod:`netcfg.model`     the network (frozen dataclasses, ``ipaddress`` types) and Azure's facts
* :mod:`netcfg.registry`, :mod:`netcfg.findings`, :mod:`netcfg.errors`: shared by all

The library's front door is the names in ``__all__`` below: each is imported on first use
(:mod:`netcfg.deferred`), so ``import netcfg`` stays cheap, and type checkers see them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> where it lives; the stable API (the modules behind it may move, these names do not).
# No name here is also a subpackage's (netcfg.validate, netcfg.stretch): 'from netcfg import X' must
# keep meaning one thing.
_API = {
    # reading and checking
    "read": "netcfg.io.inputs:read_model",
    "read_network": "netcfg.outputs:load",
    "validate_file": "netcfg.validate:validate_path",
    "validate_bytes": "netcfg.validate:validate_bytes",
    "Selection": "netcfg.validate:Selection",
    "Finding": "netcfg.findings:Finding",
    "Severity": "netcfg.findings:Severity",
    # building and writing
    "stretch_network": "netcfg.stretch:stretch",
    "Region": "netcfg.stretch:Region",
    "StretchPlan": "netcfg.stretch:StretchPlan",
    "Shape": "netcfg.stretch:Shape",
    "produce": "netcfg.outputs:produce",
    "Request": "netcfg.outputs:Request",
    "write_files": "netcfg.io.writing:write_files",
    # questions about a network
    "reach": "netcfg.model.reach:reach",
    "changes": "netcfg.model.changes:changes",
    # the model
    "NetworkSet": "netcfg.model.subscriptions:NetworkSet",
    "NetworkConfiguration": "netcfg.model:NetworkConfiguration",
    "VirtualNetworkSite": "netcfg.model:VirtualNetworkSite",
    "LocalNetworkSite": "netcfg.model:LocalNetworkSite",
    "Subnet": "netcfg.model:Subnet",
    "Gateway": "netcfg.model:Gateway",
    "Connection": "netcfg.model:Connection",
    "DnsServer": "netcfg.model:DnsServer",
    "AffinityGroup": "netcfg.model:AffinityGroup",
    # errors
    "NetcfgError": "netcfg.errors:NetcfgError",
    "InputError": "netcfg.errors:InputError",
    "RefusedError": "netcfg.errors:RefusedError",
}
__all__ = [
    "__version__",
    "read",
    "read_network",
    "validate_file",
    "validate_bytes",
    "Selection",
    "Finding",
    "Severity",
    "stretch_network",
    "Region",
    "StretchPlan",
    "Shape",
    "produce",
    "Request",
    "write_files",
    "reach",
    "changes",
    "NetworkSet",
    "NetworkConfiguration",
    "VirtualNetworkSite",
    "LocalNetworkSite",
    "Subnet",
    "Gateway",
    "Connection",
    "DnsServer",
    "AffinityGroup",
    "NetcfgError",
    "InputError",
    "RefusedError",
]


def __getattr__(name: str) -> Any:
    if name in _API:
        from netcfg.deferred import load

        value = load(_API[name])
        globals()[name] = value  # once loaded, a plain attribute
        return value
    raise AttributeError(f"module 'netcfg' has no attribute {name!r}")


if TYPE_CHECKING:
    from netcfg.errors import InputError, NetcfgError, RefusedError
    from netcfg.findings import Finding, Severity
    from netcfg.io.inputs import read_model as read
    from netcfg.io.writing import write_files
    from netcfg.model import (
        AffinityGroup,
        Connection,
        DnsServer,
        Gateway,
        LocalNetworkSite,
        NetworkConfiguration,
        Subnet,
        VirtualNetworkSite,
    )
    from netcfg.model.changes import changes
    from netcfg.model.reach import reach
    from netcfg.model.subscriptions import NetworkSet
    from netcfg.outputs import Request, produce
    from netcfg.outputs import load as read_network
    from netcfg.stretch import Region, Shape, StretchPlan
    from netcfg.stretch import stretch as stretch_network
    from netcfg.validate import Selection, validate_bytes
    from netcfg.validate import validate_path as validate_file
