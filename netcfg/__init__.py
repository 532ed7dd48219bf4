"""netcfg: Azure classic (Service Management) network configuration as a tool.

The library API lives in the modules that own each idea:

* :mod:`netcfg.model`    the network (frozen dataclasses, ``ipaddress`` types)
* :mod:`netcfg.sources`  read a ``.netcfg`` or a topology file into the model
* :mod:`netcfg.build`    build the stretched network of the article, a mesh or a hub
* :mod:`netcfg.render`   turn the model into files (``.netcfg``, runbook, topology, graphs, ARM)
* :mod:`netcfg.validate` check an existing ``.netcfg`` and get findings
* :mod:`netcfg.edit`     byte-preserving edits: the second pass (patch) and merge
* :mod:`netcfg.compare`  what an upload would add, change and delete
* :mod:`netcfg.guard`    the checks that refuse to write something broken

This module imports none of them, so ``import netcfg`` stays cheap.
"""

__version__ = "0.1.0"
