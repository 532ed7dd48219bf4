"""Findings as text for people, JSON for programs, and GitHub workflow annotations. Pure strings.

A diff's formats live in :mod:`netcfg.report.changes`, a network's in :mod:`netcfg.report.network`.
"""

from __future__ import annotations

from netcfg.errors import Spelling
from netcfg.findings import Finding, Report, Severity
from netcfg.registry import Format, Registry
from netcfg.report import shortened, visible

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
        lines.append(shortened(f"{visible(_where(finding))}: {severity} [{finding.rule}] {visible(finding.said(report.spell))}"))
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = len(findings) - errors
    checked = _plural(report.files, "file")
    if findings:
        why = " (strict: warnings fail)" if report.strict and warnings and not errors else ""
        lines.append(f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} in {checked}{why}")
    else:
        lines.append(f"no problems in {checked}")
    return "\n".join(lines) + "\n"


def as_json(report: Report) -> str:
    """A JSON array of objects with keys file, line, column, severity, rule, message, path."""
    import json  # only this format needs it, and every 'netcfg validate' imports this module

    return (
        json.dumps(
            [
                {
                    "file": f.file,
                    "line": f.line,
                    "column": f.column,
                    "severity": str(f.severity),
                    "rule": f.rule,
                    "message": f.said(report.spell),
                    "path": f.path,
                }
                for f in report.findings
            ],
            indent=2,
        )
        + "\n"
    )


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
        lines.append(f"::{f.severity} {','.join(properties)}::{_escape_data(f.said(report.spell))}")
    return "".join(line + "\n" for line in lines)


def _sarif_result(finding: Finding, index: dict[str, int], spell: Spelling) -> dict[str, object]:
    region: dict[str, int] = {}
    if finding.line is not None:
        region["startLine"] = finding.line
        if finding.column is not None:
            region["startColumn"] = finding.column
    location: dict[str, object] = {"artifactLocation": {"uri": _uri(finding.file)}}
    if region:
        location["region"] = region
    result: dict[str, object] = {
        "ruleId": finding.rule,
        "level": str(finding.severity),
        "message": {"text": visible(finding.said(spell))},  # as the text report: no raw U+202E, no C1 controls
        "locations": [{"physicalLocation": location}],
    }
    if finding.rule in index:
        result["ruleIndex"] = index[finding.rule]
    if finding.path:
        result["locations"] = [
            {"physicalLocation": location, "logicalLocations": [{"fullyQualifiedName": visible(finding.path)}]}
        ]
    return result


def _uri(file: str) -> str:
    """A relative file as a URI reference (forward slashes, escaped), as code scanning wants it."""
    from urllib.parse import quote

    return quote(file.replace("\\", "/")) if file and file != "-" else "stdin"


def sarif(report: Report) -> str:
    """SARIF 2.1.0 for GitHub code scanning: every rule with its help, every finding as a result."""
    import json

    from netcfg import __version__
    from netcfg.validate.rules import RULES  # only this format needs the rules' texts

    rules = RULES.values()
    index = {rule.id: i for i, rule in enumerate(rules)}
    driver = {
        "name": "netcfg",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": [
            {
                "id": rule.id,
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": rule.summary},
                "help": {"text": rule.doc},
                "defaultConfiguration": {"level": str(rule.severity)},
            }
            for rule in rules
        ],
    }
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "columnKind": "unicodeCodePoints",
                "results": [_sarif_result(f, index, report.spell) for f in report.findings],
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


FORMATS: Registry[Format[Report]] = Registry(
    "findings format", [Format("text", text), Format("json", as_json), Format("github", github), Format("sarif", sarif)]
)
