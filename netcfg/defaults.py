"""The domain's defaults, in one light module that the command line can read without loading the model.

They are the article's choices for ``netcfg stretch`` (:class:`netcfg.stretch.StretchPlan` uses
them); the command line shows them as its options' defaults and does not restate them.
"""

from __future__ import annotations

# The range the stretched VNets' address spaces are carved from (the article's 10.x networks).
ADDRESS_POOL = "10.0.0.0/8"
# Each VNet's address space: a /16, as in the article.
VNET_PREFIX_LENGTH = 16
# The widest and narrowest VNet space stretch carves: /8 is the whole private 10.0.0.0/8; a /27 still
# holds a /28 GatewaySubnet (the smallest classic took) and a /28 for the workload.
VNET_PREFIX_LENGTHS = (8, 27)
