"""What ``netcfg validate`` does once its options are read, without click: the click command
(:mod:`netcfg.cli.checking`) calls :func:`check`, and so does :func:`plain_validate` for the
command a pre-commit hook runs, ``netcfg validate FILE...`` with no option at all, and for the files
of one network across subscriptions, ``netcfg validate --network FILE...``.

Why a second way in: importing click costs a small file's run about as much as validating it
(``scripts/bench``, the small-files row), and a hook runs on every commit. :func:`plain_validate`
takes only arguments click would take as they are (existing, readable regular files, none that
looks like an option) and answers ``None`` for anything else, which then goes through click;
tests/test_plain_validate.py holds both ways to the same bytes and exit codes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

from netcfg.cli import EXIT_REFUSED, flag_words, told
from netcfg.errors import NetcfgError, Option


NETWORK = Option.NETWORK.flag  # the one option taken here: a flag, anywhere among the files, as click takes it


def plain_validate(args: Sequence[str]) -> int | None:
    """The exit code of ``netcfg ARGS`` when ARGS are ``validate [--network] FILE...`` and nothing else,
    or ``None``."""
    if args[:1] != ["validate"] or "_NETCFG_COMPLETE" in os.environ:  # shell completion is click's
        return None
    files = [arg for arg in args[1:] if arg != NETWORK]
    if not files or len(args) - len(files) > 2 or not all(_plain_file(path) for path in files):
        return None
    try:
        return check(files, as_network=len(files) < len(args) - 1)
    except NetcfgError as exc:
        return told(exc)


def _plain_file(path: str) -> bool:
    # What click.Path(exists=True) takes as it is; '-', a directory, an option or '--' go through click.
    return not path.startswith("-") and os.path.isfile(path) and os.access(path, os.R_OK)


def check(
    files: Sequence[str],
    *,
    format_: str = "text",
    select: frozenset[str] = frozenset(),
    ignore: frozenset[str] = frozenset(),
    strict: bool = False,
    report_unused_suppressions: bool = False,
    no_config: bool = False,
    show_settings: bool = False,
    as_network: bool = False,
    gateways_file: str | None = None,
    for_output: str | None = None,
) -> int:
    """Validate ``files`` (directories already expanded) and print the report; the exit code."""
    from netcfg.findings import Report
    from netcfg.io.settings import DEFAULTS, SettingsFinder
    from netcfg.io.stdout import write_stdout
    from netcfg.report.findings import FORMATS
    from netcfg.validate import Selection, validate_network, validate_path
    from netcfg.validate.rules import RULES

    finder = SettingsFinder(RULES)
    settings = {path: DEFAULTS if no_config else finder.for_file(path) for path in files}
    if show_settings:
        write_stdout("".join(_settings_text(path, found, select, ignore, strict) for path, found in settings.items()).encode())
        return 0

    def selection(path: str) -> Selection:
        found = settings.get(path, DEFAULTS)
        return Selection(
            select=select or found.select or frozenset(),
            ignore=ignore | found.ignored_for(path),
            report_unused_suppressions=report_unused_suppressions,
            as_new=for_output is not None,
        )

    addresses = None
    if gateways_file:
        from netcfg.io.gateways import read_gateway_addresses  # deferred (netcfg.deferred): json, only when asked

        addresses = read_gateway_addresses(gateways_file)
    if as_network:
        findings = validate_network(list(files), selection=selection, addresses=addresses)
    else:
        findings = [f for path in files for f in validate_path(path, selection=selection(path), addresses=addresses)]
    failing = any(f.fails(strict=strict or settings.get(f.file, DEFAULTS).strict) for f in findings)
    strict_run = strict or any(found.strict for found in settings.values())
    # no-color.org: a NO_COLOR that is present and not empty turns colour off.
    colour = format_ == "text" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    report = Report(findings=tuple(findings), files=len(files), colour=colour, strict=strict_run, spell=flag_words)
    write_stdout(FORMATS[format_].write(report).encode("utf-8"))
    return EXIT_REFUSED if failing else 0


def _settings_text(path: str, found: Any, select: frozenset[str], ignore: frozenset[str], strict: bool) -> str:
    chosen = select or found.select
    return (
        f"{path}\n"
        f"  settings: {found.source or 'none found (the defaults)'}\n"
        f"  select: {', '.join(sorted(chosen)) if chosen else 'every rule'}\n"
        f"  ignore: {', '.join(sorted(ignore | found.ignored_for(path))) or 'nothing'}\n"
        f"  strict: {'yes' if strict or found.strict else 'no'}\n"
    )
