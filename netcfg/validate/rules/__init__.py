"""The rule table. Importing a rules module registers its rules; the order here is the listing order."""

from __future__ import annotations

from netcfg.validate.rules import document, gateways, names, pipeline, routes, standins, subnets  # noqa: F401  (registration)
from netcfg.registry import Registry
from netcfg.validate.rules.base import REGISTRY, NetworkSubject, Problem, Rule, Subject

RULES: Registry[Rule] = REGISTRY.sorted()

__all__ = ["RULES", "NetworkSubject", "Problem", "Rule", "Subject"]
