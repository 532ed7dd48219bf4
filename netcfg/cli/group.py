"""The click group: loads each command on demand, and turns every NetcfgError into one line on
standard error and its exit code (see :func:`netcfg.cli.told`)."""

from __future__ import annotations

from typing import Any

import click

from netcfg import __version__
from netcfg.cli import COMMANDS, SUMMARIES, flag_words, told
from netcfg.deferred import load
from netcfg.errors import NetcfgError, OptionError


class NetcfgGroup(click.Group):
    """Loads commands from COMMANDS on demand; turns every NetcfgError into one line on stderr and exit 1."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, SUMMARIES[name]) for name in self.list_commands(ctx)])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        where = COMMANDS.get(cmd_name)
        if where is None:
            return None
        command: click.Command = load(where)
        return command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # 'netcfg help' and 'netcfg help COMMAND' are what many people type first.
        if args[:1] == ["help"]:
            args = [*args[1:2], "--help"]
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and name not in COMMANDS and not name.startswith("-"):
            from netcfg.registry import did_you_mean

            ctx.fail(f"No such command {name!r}{did_you_mean(name, COMMANDS)}")
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OptionError as exc:  # found below the command line, told as click tells a bad option (exit 2)
            raise click.BadParameter(exc.told(flag_words), param_hint=f"'{exc.option.flag}'") from None
        except NetcfgError as exc:
            ctx.exit(told(exc))


@click.group(cls=NetcfgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="netcfg")
def cli() -> None:
    """Build, check and script Azure classic network configurations (.netcfg).

    Start with 'netcfg stretch', which writes the article's two-region network.

    \b
    The procedure:
      netcfg stretch --out net                      the network: .netcfg, runbook.ps1, topology.toml
      netcfg validate net/NetworkConfig.netcfg      check it; netcfg diff EXPORT NEW before any upload
      .\\runbook.ps1 -SubscriptionName NAME          on Windows PowerShell 5.1: the whole procedure
      netcfg patch net/NetworkConfig.netcfg --from net/gateways.json --in-place
      netcfg export net/topology.toml --to bicep    leave the classic platform

    'netcfg help COMMAND' (or COMMAND --help) tells more of each.
    """
