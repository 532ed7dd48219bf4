"""The commands, one module per family, and what they share: option types, NAME=VALUE pairs, output.

Each command parses its options, calls plain functions below it, and writes what they return;
with :mod:`netcfg.cli` these are the only modules that print or exit. Exit codes everywhere:
0 success, 1 findings or a refused operation, 2 usage or unreadable input. Heavy modules (lxml,
jinja2, xmlschema) are imported inside the commands that need them, and :mod:`netcfg.cli`
imports a command's module only when that command runs, so each command pays only for itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from netcfg.model import NetworkConfiguration

EXIT_REFUSED = 1
SOURCE = click.Path(exists=True, dir_okay=False, allow_dash=True)


def write_output(data: bytes, output: str | None, *, force: bool = False, inputs: Sequence[str] = ()) -> None:
    """``data`` to ``output`` (see :mod:`netcfg.files` for the policy), or to standard output as it is."""
    from netcfg.files import write_files, write_stdout

    if output is None or output == "-":
        write_stdout(data)
    else:
        write_files({output: data}, force=force, inputs=inputs)


def say(text: str) -> None:
    """A line of results on standard output (a closed or full output is an error, not silence)."""
    from netcfg.files import write_stdout

    write_stdout(text.encode("utf-8"))


OUTPUT = click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True),
                      help="Write here (atomically; a FIFO or device is written through) instead of to standard output.")
FORCE = click.option("--force", is_flag=True, help="Replace an output file that exists, even one this command reads.")


def pairs(ctx: click.Context, param: click.Parameter, values: Sequence[str]) -> dict[str, str]:
    """Click callback: repeated ``NAME=VALUE`` options as a dict."""
    found = {}
    for value in values:
        key, sep, target = value.partition("=")
        if not sep or not key.strip() or not target.strip():
            raise click.BadParameter(f"{value!r} is not NAME=VALUE")
        found[key.strip()] = target.strip()
    return found


def with_mirrors(config: NetworkConfiguration, mirrors: dict[str, str], source: str) -> NetworkConfiguration:
    """``config`` with the ``--mirror LOCAL=VNET`` overrides, each naming a site and a VNet it has."""
    unknown_site = next((s for s in mirrors if config.local_site(s) is None), None)
    unknown_vnet = next((v for v in mirrors.values() if config.vnet(v) is None), None)
    if unknown_site or unknown_vnet:
        what = f"local site {unknown_site!r}" if unknown_site else f"VNet {unknown_vnet!r}"
        raise click.BadParameter(f"{source} has no {what}", param_hint="--mirror")
    return config.with_mirrors(mirrors)


def enum_choices(enum_name: str) -> list[str]:
    """The values of the model's enum ``enum_name``, for a click.Choice."""
    from netcfg import model

    return [member.value for member in getattr(model, enum_name)]


def renderer_names(group: str | None = None) -> list[str]:
    """The names in the RENDERERS table (those of ``group`` only, if given), for a click.Choice."""
    from netcfg import render

    return list(render.RENDERERS if group is None else render.group(group))
