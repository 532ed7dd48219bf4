"""The commands, one module per family, and what they share: option types, NAME=VALUE pairs, output.

Each command parses its options, calls plain functions below it (most often
:func:`netcfg.outputs.produce`), and writes what they return; with :mod:`netcfg.cli` these are
the only modules that print or exit. Exit codes everywhere: 0 success, 1 findings or a refused
operation, 2 usage or unreadable input. Heavy modules are imported inside the commands that
need them (see :mod:`netcfg.cli` for why and how).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click


class Choice(click.Choice[str]):
    """click's Choice, naming the nearest choice when a value is misspelt (``--to bycep``)."""

    def get_invalid_choice_message(self, value: Any, ctx: click.Context | None) -> str:
        from netcfg.registry import nearest

        found = nearest(str(value), map(str, self.choices))
        return super().get_invalid_choice_message(value, ctx) + (f" Did you mean {found!r}?" if found else "")


SOURCE = click.Path(exists=True, dir_okay=False, allow_dash=True)
# Every command that reads a network takes it the same way: one file (a .netcfg or a topology, which
# may hold several subscriptions), or the .netcfg files of one network across subscriptions.
SOURCES = click.argument("sources", nargs=-1, required=True, metavar="SOURCE...", type=SOURCE)
F = TypeVar("F", bound=Callable[..., None])


def write_output(data: bytes, output: str | None, *, force: bool = False, inputs: Sequence[str] = ()) -> None:
    """``data`` to ``output`` (see :mod:`netcfg.io.writing` for the policy), or to standard output as it is."""
    if output is None or output == "-":
        from netcfg.io.stdout import write_stdout

        write_stdout(data)
    else:
        from netcfg.io.writing import write_files  # deferred: most runs write to standard output only

        write_files({output: data}, force=force, inputs=inputs)


def say(text: str) -> None:
    """A line of results on standard output (a closed or full output is an error, not silence)."""
    from netcfg.io.stdout import write_stdout

    write_stdout(text.encode("utf-8"))


def pairs(ctx: click.Context, param: click.Parameter, values: Sequence[str]) -> dict[str, str]:
    """Click callback: repeated ``NAME=VALUE`` options as a dict."""
    found = {}
    for value in values:
        key, sep, target = value.partition("=")
        if not sep or not key.strip() or not target.strip():
            raise click.BadParameter(f"{value!r} is not NAME=VALUE")
        found[key.strip()] = target.strip()
    return found


OUTPUT = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write here (atomically; a FIFO or device is written through) instead of to standard output.",
)
FORCE = click.option("--force", is_flag=True, help="Replace an output file that exists, even one this command reads.")
MIRROR = click.option(
    "--mirror",
    "mirrors",
    multiple=True,
    callback=pairs,
    metavar="LOCAL=VNET",
    help="The local site that stands in for VNET, when the files leave it open or netcfg reads it wrongly (overrides what the prefixes say); repeatable.",
)


LOCATION_MAP = click.option(
    "--location-map",
    "locations",
    multiple=True,
    callback=pairs,
    metavar="AG=LOCATION",
    help="The Azure location of an affinity group (a .netcfg does not say it); repeatable.",
)


def renamed(old: str, new: str, value: Any, current: Any) -> Any:
    """The value of option ``new``, or of its deprecated spelling ``old`` (with a warning) when only that was given.

    One name per idea across commands: an option renamed for that keeps its old spelling,
    hidden, so that existing scripts run, and says what to write instead.
    """
    if not value:
        return current
    click.echo(f"netcfg: warning: {old} is deprecated; write {new}", err=True)
    if isinstance(value, dict):
        return {**value, **current}
    return value


def gateway_types(ctx: click.Context, param: click.Parameter, values: Sequence[str]) -> dict[str, str]:
    """Click callback: repeated ``VNET=static|dynamic`` as a dict (every value checked)."""
    found = pairs(ctx, param, values)
    wrong = [f"{vnet}={kind}" for vnet, kind in found.items() if kind not in ("static", "dynamic")]
    if wrong:
        raise click.BadParameter(f"{', '.join(map(repr, wrong))}: the type is 'static' or 'dynamic' (VNET=static)")
    return found


GATEWAY_TYPE = click.option(
    "--gateway-type",
    "gateway_types",
    multiple=True,
    callback=gateway_types,
    metavar="VNET=static|dynamic",
    help="The classic gateway type of VNET, which a .netcfg does not record (where its connections do not imply it); repeatable.",
)
PEERING = click.option(
    "--vnet2vnet/--peering",
    "vnet2vnet",
    default=True,
    show_default=True,
    help="Resource Manager exports: join VNets with gateways and Vnet2Vnet connections, or with global VNet peering.",
)


def enum_choices(enum_name: str) -> list[str]:
    """The values of the model's enum ``enum_name``, for a click.Choice."""
    from netcfg import model

    return [member.value for member in getattr(model, enum_name)]


def renderer_names(group: str | None = None) -> list[str]:
    """The names in the RENDERERS table (those of ``group`` only, if given), for a click.Choice."""
    from netcfg import render

    return render.RENDERERS.names() if group is None else render.group(group)


def output_of(
    name: str,
    sources: Sequence[str],
    *,
    locations: dict[str, str] | None = None,
    mirrors: dict[str, str] | None = None,
    subscription: str | None = None,
) -> bytes:
    """Output ``name`` of the network in ``sources``, through the one path every output takes
    (:func:`netcfg.outputs.produce`)."""
    from netcfg.outputs import Request, load, produce

    # Read once (a topology may hold several subscriptions' networks); the stand-ins are worked out
    # by produce, for an output that uses them.
    network = load(sources, mirrors=mirrors, resolved=False)
    request = Request(
        output=name, locations=locations or {}, mirrors=mirrors or {}, subscription=subscription, source=" ".join(sources)
    )
    return produce(network, request)
