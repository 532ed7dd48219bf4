"""A diff (:func:`netcfg.model.changes.changes`) as text for people and JSON for programs. Pure strings."""

from __future__ import annotations

import json
from collections.abc import Sequence

from netcfg.model.changes import Action, Change
from netcfg.registry import Format, Registry
from netcfg.report import visible

_MARKS = {Action.ADD: "+", Action.REMOVE: "-", Action.CHANGE: "~"}


def diff_text(changes: Sequence[Change]) -> str:
    """One line per change (``+`` add, ``-`` remove, ``~`` change), destructive ones flagged, then a summary."""
    lines = []
    for change in changes:
        where = f" in VNet {change.parent!r}" if change.parent and change.kind != "gateway" else ""
        name = f"of VNet {change.name!r}" if change.kind == "gateway" else repr(change.name)
        detail = f": {change.detail}" if change.detail else ""
        flag = "  [DESTRUCTIVE]" if change.destructive else ""
        lines.append(f"{_MARKS[change.action]} {change.action.value} {change.kind} {name}{where}{detail}{flag}")
    if not changes:
        return "no changes\n"
    counts = {a: sum(c.action is a for c in changes) for a in Action}
    destructive = sum(c.destructive for c in changes)
    lines.append(
        f"{counts[Action.ADD]} to add, {counts[Action.CHANGE]} to change, {counts[Action.REMOVE]} to remove;"
        f" {destructive} destructive"
    )
    return visible("\n".join(lines)) + "\n"


def diff_json(changes: Sequence[Change]) -> str:
    """A JSON array of {action, kind, name, parent, destructive, detail}."""
    return json.dumps([c.as_dict() for c in changes], indent=2) + "\n"


DIFF_FORMATS: Registry[Format[Sequence[Change]]] = Registry("diff format", [Format("text", diff_text), Format("json", diff_json)])
