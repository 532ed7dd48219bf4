"""``netcfg reach`` answers: a matrix for people, a list for programs. Pure strings."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from netcfg.model.reach import Status, Verdict, assumptions, counts
from netcfg.model.subscriptions import NetworkSet
from netcfg.registry import Format, Registry
from netcfg.report import visible
from netcfg.values import Value

_MARKS = {Status.REACHABLE: "yes", Status.PENDING: "pending", Status.UNREACHABLE: "NO"}


WIDEST = 200  # characters: a wider from/to matrix is unreadable in a terminal, so per-source counts replace it


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class ReachReport(Value):
    """The verdicts asked for, the endpoints in the order to show them, and how much to show."""

    verdicts: tuple[Verdict, ...]
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    network: NetworkSet  # resolved: the stand-ins the routes went through, and what is not modelled
    only: frozenset[Status] = frozenset()  # list the pairs with these statuses (empty: every pair not reachable)
    counts_only: bool = False  # per-source counts instead of the matrix and the pairs

    @property
    def listed(self) -> list[Verdict]:
        """The pairs to list one per line."""
        if self.counts_only and not self.only:
            return []
        wanted = self.only or {Status.PENDING, Status.UNREACHABLE}
        return [v for v in self.verdicts if v.status in wanted]


def summary(verdicts: Sequence[Verdict]) -> str:
    """``2 pairs: 1 reachable, 1 pending, 0 unreachable``"""
    found = counts(verdicts)
    pairs = f"{len(verdicts)} pair{'' if len(verdicts) == 1 else 's'}"
    return f"{pairs}: " + ", ".join(f"{found[s]} {s.value}" for s in Status)


def by_source(report: ReachReport) -> dict[str, dict[Status, int]]:
    """How many pairs from each source have each status."""
    found = {source: dict.fromkeys(Status, 0) for source in report.sources}
    for verdict in report.verdicts:
        found[verdict.source][verdict.status] += 1
    return found


def _matrix_width(report: ReachReport) -> int:
    width = max((len(name) for name in report.sources), default=4)
    return width + sum(2 + max(len(name), len(_MARKS[Status.PENDING])) for name in report.targets)


def _matrix(report: ReachReport) -> list[str]:
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
    return lines


def _counts_table(report: ReachReport) -> list[str]:
    rows = by_source(report)
    width = max([len("from"), *(len(name) for name in rows)])
    heads = [status.value for status in Status]
    lines = [f"{'from'.ljust(width)}  {'  '.join(heads)}"]
    for source, found in rows.items():
        cells = [str(found[status]).ljust(len(head)) for status, head in zip(Status, heads)]
        lines.append(f"{source.ljust(width)}  {'  '.join(cells).rstrip()}")
    return lines


# An enum member's .value is a property: read once here, not once for each of 160,000 pairs.
_WORDS = {status: status.value for status in Status}


def _pair_line(verdict: Verdict) -> str:
    if verdict.status is Status.REACHABLE:
        return f"{verdict.source} -> {verdict.target}: reachable through {', '.join(verdict.path)}"
    return f"{verdict.source} -> {verdict.target}: {_WORDS[verdict.status]}: {verdict.reason}"


def text(report: ReachReport) -> str:
    """A from/to matrix (yes, pending, NO), or per-source counts when asked or when the matrix is too
    wide to read; then each pair to list (by default those not reachable) with its reason."""
    lines = []
    if report.counts_only:
        lines += _counts_table(report)
    elif report.only:
        pass  # the pairs asked for are the answer: a matrix of every pair would bury them
    elif _matrix_width(report) > WIDEST:
        lines.append(
            f"(The from/to matrix would be {_matrix_width(report)} characters wide, so counts from each network"
            " instead: --summary shows only these, --only-from or --only-to narrows the question.)"
        )
        lines += _counts_table(report)
    else:
        lines += _matrix(report)
    if lines:
        lines.append("")
    lines += [_pair_line(verdict) for verdict in report.listed]
    lines.append(summary(report.verdicts))
    lines.append("Not modelled: " + "; ".join(assumptions(report.network.joined())) + ".")
    return visible("\n".join(lines)) + "\n"


def as_json(report: ReachReport) -> str:
    """``{pairs: [{from, to, status, path, reason}], counts, by_source, stand_ins, ambiguous, assumptions}``:
    ``pairs`` holds every pair asked for, or only those of the statuses given with ``--only``; with
    ``--summary`` it is left out. ``counts`` and ``by_source`` always count every pair asked for."""
    relation = report.network.relation
    pairs = (
        {}
        if report.counts_only and not report.only
        else {"pairs": [v.as_dict() for v in report.verdicts if not report.only or v.status in report.only]}
    )
    data = {
        **pairs,
        "counts": {status.value: count for status, count in counts(report.verdicts).items()},
        "by_source": {
            source: {status.value: count for status, count in found.items()} for source, found in by_source(report).items()
        },
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
