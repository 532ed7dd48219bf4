"""Findings as text for people, JSON for programs, and GitHub workflow annotations. Pure strings.

A diff's formats live in :mod:`netcfg.report.changes`, a network's in :mod:`netcfg.report.network`.
"""

from __future__ import annotations

from netcfg.findings import Finding, Report, Severity
from netcfg.registry import Format, Registry

_COLOURS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m"}
_RESET = "\x1b[0m"


def _where(finding: Finding) -> str:
    parts = [finding.file or "-"]
    if finding.line is not None:
        parts.append(str(finding.line))
        if finding.column is not None:
            parts.append(str(finding.column))
    return ":".join(parts)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def text(report: Report) -> str:
    """``file:line:col: severity [rule] message`` per finding, then one summary line."""
    lines = []
    findings = report.findings
    for finding in findings:
        severity = str(finding.severity)
        if report.colour:
            severity = f"{_COLOURS[finding.severity]}{severity}{_RESET}"
        lines.append(f"{_where(finding)}: {severity} [{finding.rule}] {finding.message}")
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = len(findings) - errors
    checked = _plural(report.files, "file")
    if findings:
        lines.append(f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} in {checked}")
    else:
        lines.append(f"no problems in {checked}")
    return "\n".join(lines) + "\n"


def as_json(report: Report) -> str:
    """A JSON array of objects with keys file, line, column, severity, rule, message, path."""
    import json  # only this format needs it, and every 'netcfg validate' imports this module

    return json.dumps(
        [
            {"file": f.file, "line": f.line, "column": f.column, "severity": str(f.severity), "rule": f.rule,
             "message": f.message, "path": f.path}
            for f in report.findings
        ],
        indent=2,
    ) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(report: Report) -> str:
    """GitHub Actions workflow commands: ``::error file=F,line=L,col=C,title=rule::message``."""
    lines = []
    for f in report.findings:
        properties = [f"file={_escape_property(f.file)}"]
        if f.line is not None:
            properties.append(f"line={f.line}")
        if f.column is not None:
            properties.append(f"col={f.column}")
        properties.append(f"title={_escape_property(f.rule)}")
        lines.append(f"::{f.severity} {','.join(properties)}::{_escape_data(f.message)}")
    return "".join(line + "\n" for line in lines)


FORMATS: Registry[Format[Report]] = Registry("findings format", [
    Format("text", text), Format("json", as_json), Format("github", github)])
