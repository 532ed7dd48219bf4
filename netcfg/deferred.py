"""Deferred imports: the one helper, and the policy it serves.

A command pays only for what it runs; ``netcfg --help`` and ``netcfg validate`` on a small
file are mostly start-up. The policy:

1. ``netcfg --help`` imports click and :mod:`netcfg.cli` only. The commands' modules, the
   renderers and anything else a table lists are named there as ``"module:attribute"`` and
   imported by :func:`load` when used (``COMMANDS`` in :mod:`netcfg.cli`, ``RENDERERS`` in
   :mod:`netcfg.render`).
2. A heavy library that one function alone needs (Jinja2, xmlschema, json for one report
   format, pathlib for a directory argument) is imported inside that function, with a comment
   pointing here.
3. Costs are measured by ``scripts/bench`` (the ``--help`` and validate rows), not quoted in
   comments; ``tests/test_deferred.py`` checks which modules a run loads.
"""

from __future__ import annotations

import importlib
from typing import Any


def load(reference: str) -> Any:
    """The object ``reference`` (``"package.module:attribute"``) names, importing its module now."""
    module, _, attribute = reference.partition(":")
    return getattr(importlib.import_module(module), attribute)
