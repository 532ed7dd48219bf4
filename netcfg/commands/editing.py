"""Commands around an upload: patch (the second pass), diff (what an upload would do), merge."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import click

from netcfg.commands import EXIT_REFUSED, FORCE, OUTPUT, SOURCE, pairs, say, with_mirrors, write_output


def _addresses(ctx: click.Context, param: click.Parameter, values: Sequence[str]) -> dict[str, Any]:
    from ipaddress import IPv4Address

    try:
        return {vnet: IPv4Address(ip) for vnet, ip in pairs(ctx, param, values).items()}
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _addresses_from_json(path: str) -> dict[str, Any]:
    import json
    from ipaddress import IPv4Address

    from netcfg.errors import InputError
    from netcfg.parse import read_bytes

    try:
        data = json.loads(read_bytes(path).decode("utf-8-sig"))  # Windows PowerShell 5.1 writes UTF-8 with a BOM
        if not isinstance(data, dict):
            raise ValueError("expected a JSON object such as {\"VNet-Dublin\": \"203.0.113.10\"}")
        return {str(vnet): IPv4Address(str(ip)) for vnet, ip in data.items()}
    except ValueError as exc:
        raise InputError(f"not a gateway address file: {exc}", file=path) from None
    except RecursionError:  # json nests by recursion; a hostile file nests deeper than the stack
        raise InputError("not a gateway address file: it nests too deeply to read", file=path) from None


@click.command(short_help="The second pass: put the real gateway IPs in, offline.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--gateway-ip", "addresses", multiple=True, callback=_addresses, metavar="VNET=IP",
              help="The public IP of VNET's gateway (its VIP); repeatable.")
@click.option("--from", "from_file", type=click.Path(exists=True, dir_okay=False), metavar="gateways.json",
              help="Read the VIPs from the JSON object the runbook writes.")
@click.option("--mirror", "mirrors", multiple=True, callback=pairs, metavar="LOCAL=VNET",
              help="The local site that stands in for VNET (default: the site with exactly its prefixes).")
@click.option("--topology", "topology_file", type=click.Path(exists=True, dir_okay=False),
              help="Take the mirror relation from this topology file.")
@OUTPUT
@click.option("--in-place", is_flag=True, help="Replace FILE (atomically, under a lock), keeping FILE.bak.")
@click.option("--no-backup", is_flag=True, help="With --in-place: keep no .bak.")
@FORCE
@click.option("--allow-private", is_flag=True, help="Accept private and documentation addresses (labs).")
def patch(file: str, addresses: dict[str, Any], from_file: str | None, mirrors: dict[str, str], topology_file: str | None,
          output: str | None, in_place: bool, no_backup: bool, force: bool, allow_private: bool) -> None:
    """The second pass, offline: put each VNet's real gateway IP into the local sites that stand in for it.

    Only the VPNGatewayAddress values change; every other byte of FILE (BOM, CRLF, comments,
    order) stays. Refuses, changing nothing, a VNet not in FILE, a VNet no site stands in for,
    an IP that is not public, and the wrong-way-round mistake. --in-place edits the file a link
    points to and keeps its mode, owner and group; two edits at once apply one after the other.
    """
    from netcfg import edit
    from netcfg.files import edit_in_place
    from netcfg.guard import Document
    from netcfg.parse import read_bytes
    from netcfg.sources import read_model

    if in_place and output is not None:
        raise click.UsageError("use either --in-place or -o, not both")
    if from_file:
        addresses = {**_addresses_from_json(from_file), **addresses}
    if not addresses:
        raise click.UsageError("give --gateway-ip VNET=IP or --from gateways.json")
    topology_mirrors = {s.name: s.mirrors for s in read_model(topology_file).local_sites if s.mirrors} if topology_file else {}
    plan: dict[str, Any] = {}

    def second_pass(data: bytes) -> bytes:
        document = Document.parse(file, data)
        config = with_mirrors(document.model.with_mirrors(topology_mirrors), mirrors, file)
        plan.update(edit.patch_plan(config, addresses, allow_private=allow_private))
        return edit.patch(document.data, document.root, plan, file=file)

    if in_place:
        edited = edit_in_place(file, second_pass, backup=not no_backup, force=force)
        if not edited.changed:
            click.echo(f"{file} already has these addresses: nothing changed", err=True)
            return
    else:
        write_output(second_pass(read_bytes(file)), output, force=force, inputs=[file])
    for site, address in plan.items():  # only now: the change is on disk
        click.echo(f"{site}: VPNGatewayAddress {address}", err=True)


@click.command(short_help="What uploading NEW over CURRENT would add, change and delete.")
@click.argument("current", type=SOURCE)
@click.argument("new", type=SOURCE)
@click.option("--format", "format_", type=click.Choice(["text", "json"]), default="text", show_default=True)
def diff(current: str, new: str, format_: str) -> None:
    """What uploading NEW over CURRENT would add, change and DELETE.

    Set-AzureVNetConfig replaces the whole configuration: whatever NEW lacks is deleted.
    Removals and subnet changes are marked destructive. Exit 0 when nothing changes, 1 when
    something does, 2 on trouble.
    """
    from netcfg.compare import changes
    from netcfg.diff_report import DIFF_FORMATS
    from netcfg.sources import read_model

    if current == new == "-":
        raise click.UsageError("standard input can be read only once: give '-' for CURRENT or NEW, not both")
    found = changes(read_model(current), read_model(new))
    say(DIFF_FORMATS[format_](found))
    if found:
        sys.exit(EXIT_REFUSED)


@click.command(short_help="Add a network to an exported config, keeping all of it.")
@click.argument("base", type=click.Path(exists=True, dir_okay=False))
@click.argument("new", type=SOURCE)
@OUTPUT
@FORCE
def merge(base: str, new: str, output: str | None, force: bool) -> None:
    """Add NEW's networks to BASE (an exported config), keeping every byte of BASE.

    NEW is a topology or a .netcfg. A name in both with different content, or a result with
    errors BASE did not have (say, a new VNet overlapping a site it connects to), is refused.
    """
    from netcfg.guard import Document, checked_merge
    from netcfg.sources import read_model

    write_output(checked_merge(Document.read(base), read_model(new)), output, force=force, inputs=[base, new])
