"""netcfg: Azure classic (Service Management) network configuration as a tool.

The library API is small and lives in the modules that own each idea:

* :mod:`netcfg.model`    the network (frozen dataclasses, ``ipaddress`` types)
* :mod:`netcfg.sources`  read a ``.netcfg`` or a topology file into the model
* :mod:`netcfg.render`   turn the model into files (``.netcfg``, topology, ...)
* :mod:`netcfg.validate` check an existing ``.netcfg`` and get findings
* :mod:`netcfg.build`    build the stretched network of the article, or a mesh

This module imports none of them, so ``import netcfg`` stays cheap.
"""

__version__ = "0.1.0"
