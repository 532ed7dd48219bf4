"""Commands around an upload: patch (the second pass), diff (what an upload would do), merge."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import click

from netcfg.cli import EXIT_REFUSED, SUMMARIES
from netcfg.cli.options import Choice, FORCE, MIRROR, OUTPUT, SOURCE, pairs, say, write_output


def _addresses(ctx: click.Context, param: click.Parameter, values: Sequence[str]) -> dict[str, Any]:
    from ipaddress import IPv4Address

    given = [value.partition("=")[0].strip() for value in values]
    twice = sorted({vnet for vnet in given if given.count(vnet) > 1})
    if twice:  # the last would win without a word: which VIP is right is the user's to say
        raise click.BadParameter(f"VNet {twice[0]!r} is given more than once; give one address for it")
    problems, found = [], {}
    for vnet, ip in pairs(ctx, param, values).items():
        try:
            found[vnet] = IPv4Address(ip)
        except ValueError:
            problems.append(f"{vnet}={ip}: {ip!r} is not an IPv4 address such as 203.0.113.10")
    if problems:
        raise click.BadParameter("; ".join(problems))
    return found


@click.command(short_help=SUMMARIES["patch"])
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, allow_dash=True), metavar="FILE..."
)
@click.option(
    "--gateway-ip",
    "addresses",
    multiple=True,
    callback=_addresses,
    metavar="VNET=IP",
    help="The public IP of VNET's gateway (its VIP); repeatable.",
)
@click.option(
    "--from",
    "from_file",
    type=click.Path(exists=True, dir_okay=False),
    metavar="gateways.json",
    help="Read the VIPs from the JSON object the runbook writes.",
)
@MIRROR
@click.option(
    "--topology",
    "topology_file",
    type=click.Path(exists=True, dir_okay=False),
    help="Take the mirror relation from this topology file.",
)
@OUTPUT
@click.option("--in-place", is_flag=True, help="Replace FILE (atomically, under a lock), keeping FILE.bak.")
@click.option("--no-backup", is_flag=True, help="With --in-place: keep no .bak.")
@FORCE
@click.option("--allow-private", is_flag=True, help="Accept private and documentation addresses (labs).")
def patch(
    files: Sequence[str],
    addresses: dict[str, Any],
    from_file: str | None,
    mirrors: dict[str, str],
    topology_file: str | None,
    output: str | None,
    in_place: bool,
    no_backup: bool,
    force: bool,
    allow_private: bool,
) -> None:
    """The second pass, offline: put each VNet's real gateway IP into the local sites that stand in for it.

    Only the VPNGatewayAddress values change; every other byte of FILE (BOM, CRLF, comments,
    order) stays. Refuses, changing nothing, a VNet not in FILE, a VNet no site stands in for,
    an IP that is not public, and the wrong-way-round mistake. --in-place edits the file a link
    points to and keeps its mode, owner and group; two edits at once apply one after the other.

    Several FILEs are the files of one network across subscriptions (one subscription's each):
    each VIP goes into every site, in whichever file, that stands in for its VNet; with
    --in-place all of them are replaced or none.

    FILE may be a topology (one file, of one subscription or several): only its gateway_address
    lines change, so that 'netcfg reach' and 'netcfg export' read the real addresses.
    """
    from netcfg.io.gateways import read_gateway_addresses
    from netcfg.io.xml_reader import read_bytes
    from netcfg.outputs import SecondPass, second_pass

    if in_place and output is not None:
        raise click.UsageError("use either --in-place or -o, not both")
    if no_backup and not in_place:
        raise click.UsageError("--no-backup is for --in-place (without it nothing is replaced, so there is no backup)")
    if in_place and "-" in files:
        raise click.UsageError("standard input cannot be edited in place: give the file's path, or write with -o FILE")
    if from_file:
        read = read_gateway_addresses(from_file)
        if not read:
            raise click.BadParameter(f"{from_file} gives no address: it holds {{}}", param_hint="--from")
        addresses = {**read, **addresses}
    if not addresses:
        raise click.UsageError("give --gateway-ip VNET=IP or --from gateways.json")
    topology_mirrors = _topology_mirrors(topology_file) if topology_file else {}
    asked = SecondPass(addresses=addresses, mirrors=mirrors, topology_mirrors=topology_mirrors, allow_private=allow_private)
    if len(files) > 1 and (not in_place or output is not None):
        raise click.UsageError("several files are patched --in-place (all of them, or none)")
    if in_place and len(files) == 1:
        _patch_in_place(files[0], asked, backup=not no_backup, force=force)
    elif in_place:
        _patch_set(files, asked, backup=not no_backup)
    else:
        data = read_bytes(files[0])
        ((patched, plan),) = second_pass({files[0]: data}, asked).values()
        write_output(patched, output, force=force, inputs=[files[0]])
        _said(plan, field=_address_field(data, files[0]))


def _address_field(data: bytes, path: str) -> str:
    """What the address is called in the file: the element of a .netcfg, the key of a topology."""
    from netcfg.io.xml_reader import input_kind

    return "gateway_address" if input_kind(data, file=path) == "topology" else "VPNGatewayAddress"


def _said(plan: dict[str, Any], path: str = "", *, field: str = "VPNGatewayAddress") -> None:
    """What was written where; only once the change is on disk."""
    for site, address in plan.items():
        click.echo(f"{path}: {site}: {field} {address}" if path else f"{site}: {field} {address}", err=True)


def _patch_in_place(file: str, asked: Any, *, backup: bool, force: bool) -> None:
    from netcfg.io.writing import edit_in_place
    from netcfg.outputs import second_pass

    plan: dict[str, Any] = {}
    fields: list[str] = []

    def edited(data: bytes) -> bytes:
        ((patched, applied),) = second_pass({file: data}, asked).values()
        plan.update(applied)
        fields.append(_address_field(data, file))
        return patched

    if not edit_in_place(file, edited, backup=backup, force=force).changed:
        click.echo(f"{file} already has these addresses: nothing changed", err=True)
        return
    _said(plan, field=fields[-1])


def _topology_mirrors(path: str) -> dict[str, str]:
    """``{local site: VNet}`` from a topology, across all its subscriptions (a site name means one VNet)."""
    from netcfg.errors import InputError
    from netcfg.outputs import load

    found: dict[str, str] = {}
    for part in load([path]).parts:
        for site in part.config.local_sites:
            if site.mirrors and found.setdefault(site.name, site.mirrors) != site.mirrors:
                raise InputError(
                    f"local site {site.name!r} stands in for {found[site.name]!r} in one subscription and"
                    f" {site.mirrors!r} in another; give each its own name",
                    file=path,
                )
    return found


def _patch_set(files: Sequence[str], asked: Any, *, backup: bool) -> None:
    from netcfg.io.writing import write_files
    from netcfg.io.xml_reader import read_bytes
    from netcfg.outputs import second_pass

    before = {path: read_bytes(path) for path in files}
    done = second_pass(before, asked)
    changed = {path: data for path, (data, _) in done.items() if data != before[path]}
    if not changed:
        click.echo("the files already have these addresses: nothing changed", err=True)
        return
    backups = {f"{path}.bak": before[path] for path in changed} if backup else {}
    write_files({**changed, **backups}, force=True, inputs=list(files), backups=set(backups))
    for path, (_, plan) in done.items():
        _said(plan, path)


@click.command(short_help=SUMMARIES["diff"])
@click.argument("current", type=SOURCE)
@click.argument("new", type=SOURCE)
@click.option("--format", "format_", type=Choice(["text", "json"]), default="text", show_default=True)
def diff(current: str, new: str, format_: str) -> None:
    """What uploading NEW over CURRENT would add, change and DELETE.

    Set-AzureVNetConfig replaces the whole configuration: whatever NEW lacks is deleted.
    Removals and subnet changes are marked destructive. Exit 0 when nothing changes, 1 when
    something does, 2 on trouble.
    """
    from netcfg.model.changes import changes
    from netcfg.report.changes import DIFF_FORMATS
    from netcfg.io.inputs import read_model

    if current == new == "-":
        raise click.UsageError("standard input can be read only once: give '-' for CURRENT or NEW, not both")
    from netcfg.errors import InputError, UsageError

    try:
        before, after = read_model(current), read_model(new)
    except InputError as exc:  # exit 1 means "the upload would change something" here: input trouble is 2
        raise UsageError(str(exc)) from None
    found = changes(before, after)
    say(DIFF_FORMATS[format_].write(found))
    if found:
        sys.exit(EXIT_REFUSED)


@click.command(short_help=SUMMARIES["merge"])
@click.argument("base", type=click.Path(exists=True, dir_okay=False))
@click.argument("new", type=SOURCE)
@OUTPUT
@FORCE
def merge(base: str, new: str, output: str | None, force: bool) -> None:
    """Add NEW's networks to BASE (an exported config), keeping every byte of BASE.

    NEW is a topology or a .netcfg. A name in both with different content, or a result with
    errors BASE did not have (say, a new VNet overlapping a site it connects to), is refused.
    """
    from netcfg.edit import Document
    from netcfg.io.inputs import read_model
    from netcfg.outputs import checked_merge

    merged = checked_merge(Document.read(base), read_model(new))
    write_output(merged.data, output, force=force, inputs=[base, new])
    # On standard error: standard output may be the merged file itself.
    click.echo(merged.report(base) + (f"; wrote {output}" if output not in (None, "-") else " (on standard output)"), err=True)
