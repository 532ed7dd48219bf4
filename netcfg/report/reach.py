"""``netcfg reach`` answers: a matrix for people, a list for programs. Pure strings."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from netcfg.model.reach import Status, Verdict, assumptions, counts
from netcfg.model.subscriptions import NetworkSet
from netcfg.registry import Format, Registry
from netcfg.report import visible

_MARKS = {Status.REACHABLE: "yes", Status.PENDING: "pending", Status.UNREACHABLE: "NO"}


@dataclass(frozen=True, kw_only=True)
class ReachReport:
    """The verdicts asked for, and the endpoints in the order to show them."""

    verdicts: tuple[Verdict, ...]
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    network: NetworkSet  # resolved: the stand-ins the routes went through, and what is not modelled


def summary(verdicts: Sequence[Verdict]) -> str:
    """``2 pairs: 1 reachable, 1 pending, 0 unreachable``"""
    found = counts(verdicts)
    pairs = f"{len(verdicts)} pair{'' if len(verdicts) == 1 else 's'}"
    return f"{pairs}: " + ", ".join(f"{found[s]} {s.value}" for s in Status)


def text(report: ReachReport) -> str:
    """A from/to matrix (yes, pending, NO), then each pair that is not reachable with its reason."""
    by_pair = {(v.source, v.target): v for v in report.verdicts}
    width = max((len(name) for name in report.sources), default=4)
    columns = [max(len(name), len(_MARKS[Status.PENDING])) for name in report.targets]
    lines = [" " * width + "  " + "  ".join(name.ljust(w) for name, w in zip(report.targets, columns)).rstrip()]
    for source in report.sources:
        cells = []
        for target, w in zip(report.targets, columns):
            verdict = by_pair.get((source, target))
            cells.append(("-" if verdict is None else _MARKS[verdict.status]).ljust(w))
        lines.append(f"{source.ljust(width)}  {'  '.join(cells).rstrip()}")
    lines.append("")
    for verdict in report.verdicts:
        if verdict.status is not Status.REACHABLE:
            lines.append(f"{verdict.source} -> {verdict.target}: {verdict.status.value}: {verdict.reason}")
    lines.append(summary(report.verdicts))
    lines.append("Not modelled: " + "; ".join(assumptions(report.network.joined())) + ".")
    return visible("\n".join(lines)) + "\n"


def as_json(report: ReachReport) -> str:
    """``{pairs: [{from, to, status, path, reason}], stand_ins: [...], ambiguous: [...], assumptions: [...]}``."""
    relation = report.network.relation
    data = {
        "pairs": [v.as_dict() for v in report.verdicts],
        "stand_ins": [s.as_dict() for s in relation.stand_ins.values()] if relation else [],
        "ambiguous": [
            {"site": a.site, "subscription": a.subscription, "vnets": list(a.vnets), "message": a.message}
            for a in relation.ambiguities
        ]
        if relation
        else [],
        "assumptions": assumptions(report.network.joined()),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


FORMATS: Registry[Format[ReachReport]] = Registry("reach format", [Format("text", text), Format("json", as_json)])
