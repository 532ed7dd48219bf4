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

This module imports none of them, so ``import netcfg`` stays cheap.
"""

__version__ = "0.1.0"
