"""The command line: click on top, the only module that prints or exits.

Each command parses its options, calls plain functions below it, and writes what they return.
Exit codes everywhere: 0 success, 1 findings or a refused operation, 2 usage or unreadable input.
Heavy modules (lxml, jinja2, xmlschema) are imported inside the commands that need them, so
``netcfg --help`` starts fast.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from netcfg import __version__
from netcfg.errors import NetcfgError

EXIT_REFUSED = 1
SOURCE = click.Path(exists=True, dir_okay=False, allow_dash=True)


class NetcfgGroup(click.Group):
    """Turns every NetcfgError into one line on stderr and exit 1: never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NetcfgError as exc:
            click.echo(f"netcfg: error: {exc}", err=True)
            ctx.exit(EXIT_REFUSED)


@click.group(cls=NetcfgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="netcfg")
def cli() -> None:
    """Build, check and script Azure classic network configurations (.netcfg).

    Start with 'netcfg stretch', which writes the article's two-region network.
    """


def _write(data: bytes, output: Path | None) -> None:
    """``data`` to ``output`` (atomically), or to standard output (bytes pass through unchanged)."""
    from netcfg.files import write_atomically

    if output is None:
        click.echo(data, nl=False)
    else:
        write_atomically({output: data})


def _pairs(ctx: click.Context, param: click.Parameter, values: Sequence[str]) -> dict[str, str]:
    pairs = {}
    for value in values:
        key, sep, target = value.partition("=")
        if not sep or not key.strip() or not target.strip():
            raise click.BadParameter(f"{value!r} is not NAME=VALUE")
        pairs[key.strip()] = target.strip()
    return pairs


def _choices(enum_name: str) -> list[str]:
    from netcfg import model

    return [member.value for member in getattr(model, enum_name)]


def _renderer_names(group: str | None = None) -> list[str]:
    from netcfg.render import RENDERERS

    return [name for name, renderer in RENDERERS.items() if group in (None, renderer.group)]


@cli.command(short_help="Write the stretched network (default: the article's two regions).")
@click.argument("regions", nargs=-1, metavar="[NAME=LOCATION]...")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="Folder to write NetworkConfig.netcfg and topology.toml into.")
@click.option("--force", is_flag=True, help="Overwrite files that already exist in --out.")
@click.option("--address-pool", default="10.0.0.0/8", show_default=True, metavar="CIDR",
              help="Range the VNets' address spaces are carved from.")
@click.option("--vnet-prefix-length", type=click.IntRange(8, 27), default=16, show_default=True,
              help="Size of each VNet's address space.")
@click.option("--topology", "shape", type=click.Choice(["mesh", "hub"]), default="mesh", show_default=True,
              help="mesh: every VNet connects to every other; hub: spokes connect to --hub only.")
@click.option("--hub", metavar="NAME", help="The hub region, with --topology hub.")
@click.option("--gateway-sku", type=click.Choice(_choices("GatewaySku")), default="Default",
              show_default=True, help="SKU of every gateway (HighPerformance allows 30 connections, others 10).")
@click.option("--regional", is_flag=True, help="Place VNets by Location (regional VNets); create no affinity groups.")
@click.option("--base", type=SOURCE, metavar="EXPORTED.netcfg",
              help="Add the network to this exported subscription config, keeping all of it; avoids its ranges.")
def stretch(regions: Sequence[str], out_dir: Path, force: bool, address_pool: str, vnet_prefix_length: int,
            shape: str, hub: str | None, gateway_sku: str, regional: bool, base: str | None) -> None:
    """Write a stretched network over REGIONS (default: the article's Dublin and Holland).

    Each region NAME=LOCATION gets an affinity group in LOCATION, a VNet 'VNet-NAME' with a
    workload subnet and a GatewaySubnet, and a local site 'Local-NAME' that stands in for it on
    the other side. Gateway addresses are placeholders (192.0.2.x) until the second pass.

    \b
    Example:
      netcfg stretch Dublin='North Europe' Holland='West Europe' Virginia='East US' --out net
    """
    from ipaddress import IPv4Network

    from netcfg import build
    from netcfg.files import write_atomically
    from netcfg.guard import Document, checked_merge
    from netcfg.model import GatewaySku
    from netcfg.render import RENDERERS, group

    try:
        pool = IPv4Network(address_pool)
    except ValueError as exc:
        raise click.BadParameter(f"{address_pool!r} is not a CIDR network ({exc})", param_hint="--address-pool") from None
    if shape == "hub" and not hub:
        raise click.UsageError("--topology hub needs --hub NAME")
    exported = Document.read(base) if base else None
    plan = build.StretchPlan(pool=pool, vnet_prefix_length=vnet_prefix_length, shape=build.Shape(shape), hub=hub,
                             sku=GatewaySku(gateway_sku), regional=regional,
                             avoid=build.used_ranges(exported.model) if exported else ())
    config = build.stretch([build.parse_region(r) for r in regions], plan)
    outputs = {out_dir / r.filename: r.render(config) for r in group("stretch").values()}
    if exported is not None:
        # The upload must hold the whole subscription; the runbook and topology stay about the new network.
        outputs[out_dir / RENDERERS["netcfg"].filename] = checked_merge(exported, config)
    write_atomically(outputs, overwrite=force)
    for path in outputs:
        click.echo(f"wrote {path}")
    vnets = ", ".join(v.name for v in config.vnets)
    click.echo(f"{len(config.vnets)} VNets ({vnets}), {len(config.local_sites)} local sites;"
               " gateway addresses are placeholders until the second pass.")


@cli.command(short_help="A topology or .netcfg as a canonical .netcfg (or other format).")
@click.argument("source", type=SOURCE)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here (atomically) instead of to standard output.")
@click.option("--to", "target", type=click.Choice(_renderer_names()), default="netcfg", show_default=True,
              help="Output format.")
def render(source: str, output: Path | None, target: str) -> None:
    """Turn a topology file or a .netcfg into a canonical .netcfg (or another format).

    SOURCE may be '-' for standard input.
    """
    from netcfg.render import RENDERERS
    from netcfg.sources import read_model

    _write(RENDERERS[target].render(read_model(source)), output)


@cli.command(short_help="Summarise a network: regions, VNets, sites, connections.")
@click.argument("source", type=SOURCE)
@click.option("--format", "format_", type=click.Choice(["text", "json"]), default="text", show_default=True)
def show(source: str, format_: str) -> None:
    """A readable summary of SOURCE (a .netcfg or a topology): regions, VNets, sites, connections."""
    from netcfg.render.summary import FORMATS
    from netcfg.sources import read_model

    click.echo(FORMATS[format_](read_model(source)), nl=False)


@cli.command(short_help="Draw a network (DOT, Mermaid, SVG).")
@click.argument("source", type=SOURCE)
@click.option("--format", "format_", type=click.Choice(_renderer_names("graph")), default="dot", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of to standard output.")
def graph(source: str, format_: str, output: Path | None) -> None:
    """Draw SOURCE: a cluster per region, stand-in sites beside their VNet, one edge per tunnel.

    Placeholder gateway addresses, one-way tunnels and references to missing sites stand out.
    'svg' runs Graphviz's dot, which must be installed.
    """
    from netcfg.render import RENDERERS
    from netcfg.sources import read_model

    _write(RENDERERS[format_].render(read_model(source)), output)


@cli.command("export", short_help="Rebuild a network on Resource Manager (Bicep, Az PowerShell).")
@click.argument("source", type=SOURCE)
@click.option("--to", "target", type=click.Choice(_renderer_names("export")), required=True,
              help="Bicep, or an Az PowerShell script.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of to standard output.")
@click.option("--location-map", "locations", multiple=True, callback=_pairs, metavar="AG=LOCATION",
              help="The Azure region of an affinity group (a .netcfg does not say it); repeatable.")
@click.option("--vnet2vnet/--peering", "vnet2vnet", default=True, show_default=True,
              help="Join VNets with gateways and Vnet2Vnet connections, or with global VNet peering.")
def export_command(source: str, target: str, output: Path | None, locations: dict[str, str], vnet2vnet: bool) -> None:
    """Rebuild SOURCE's network on Azure Resource Manager (classic VNets and gateways are retired).

    Local sites that stand in for VNets disappear: the VNets connect directly. On-premises sites
    become local network gateways. Shared keys are secure parameters. Names ARM would refuse
    are reported, with the rule, before anything is written.
    """
    from netcfg.guard import refuse_errors
    from netcfg.render import RENDERERS
    from netcfg.sources import read_model

    config = read_model(source).with_placements(locations)
    refuse_errors(config, writing="export")
    _write(RENDERERS[target].render(config, peering=not vnet2vnet), output)


@cli.command(short_help="Write the PowerShell runbook for the whole procedure.")
@click.argument("source", type=SOURCE)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here (atomically) instead of to standard output.")
@click.option("--affinity-group", "locations", multiple=True, callback=_pairs, metavar="NAME=LOCATION",
              help="Azure location of an affinity group (a .netcfg does not say it); repeatable.")
@click.option("--mirror", "mirrors", multiple=True, callback=_pairs, metavar="LOCAL=VNET",
              help="The local site that stands in for VNET (overrides the inference from equal prefixes); repeatable.")
def runbook(source: str, output: Path | None, locations: dict[str, str], mirrors: dict[str, str]) -> None:
    """Write the PowerShell runbook that performs the whole procedure for SOURCE.

    SOURCE is a topology file or a .netcfg. The runbook creates the affinity groups, backs up
    and safely uploads NetworkConfig.netcfg (expected beside it), creates DynamicRouting
    gateways, patches the real gateway IPs in (the second pass), sets the shared keys and
    connects. Without a location an affinity group is only checked to exist.
    """
    from netcfg.guard import refuse_errors
    from netcfg.render import RENDERERS
    from netcfg.sources import read_model

    config = read_model(source)
    unknown_site = next((s for s in mirrors if config.local_site(s) is None), None)
    unknown_vnet = next((v for v in mirrors.values() if config.vnet(v) is None), None)
    if unknown_site or unknown_vnet:
        what = f"local site {unknown_site!r}" if unknown_site else f"VNet {unknown_vnet!r}"
        raise click.BadParameter(f"{source} has no {what}", param_hint="--mirror")
    config = config.with_placements(locations).with_mirrors(mirrors)
    refuse_errors(config, writing="runbook")
    _write(RENDERERS["runbook"].render(config), output)


def _addresses(ctx: click.Context, param: click.Parameter, values: Sequence[str]) -> dict[str, Any]:
    from ipaddress import IPv4Address

    pairs = _pairs(ctx, param, values)
    try:
        return {vnet: IPv4Address(ip) for vnet, ip in pairs.items()}
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _addresses_from_json(path: str) -> dict[str, Any]:
    import json
    from ipaddress import IPv4Address

    from netcfg.errors import InputError
    from netcfg.parse import read_bytes

    try:
        data = json.loads(read_bytes(path))
        if not isinstance(data, dict):
            raise ValueError("expected a JSON object such as {\"VNet-Dublin\": \"203.0.113.10\"}")
        return {str(vnet): IPv4Address(str(ip)) for vnet, ip in data.items()}
    except ValueError as exc:
        raise InputError(f"not a gateway address file: {exc}", file=path) from None


@cli.command(short_help="The second pass: put the real gateway IPs in, offline.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--gateway-ip", "addresses", multiple=True, callback=_addresses, metavar="VNET=IP",
              help="The public IP of VNET's gateway (its VIP); repeatable.")
@click.option("--from", "from_file", type=click.Path(exists=True, dir_okay=False), metavar="gateways.json",
              help="Read the VIPs from the JSON object the runbook writes.")
@click.option("--mirror", "mirrors", multiple=True, callback=_pairs, metavar="LOCAL=VNET",
              help="The local site that stands in for VNET (default: the site with exactly its prefixes).")
@click.option("--topology", "topology_file", type=click.Path(exists=True, dir_okay=False),
              help="Take the mirror relation from this topology file.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the result here.")
@click.option("--in-place", is_flag=True, help="Replace FILE (atomically), keeping FILE.bak.")
@click.option("--no-backup", is_flag=True, help="With --in-place: keep no .bak.")
@click.option("--allow-private", is_flag=True, help="Accept private and documentation addresses (labs).")
def patch(file: str, addresses: dict[str, Any], from_file: str | None, mirrors: dict[str, str], topology_file: str | None,
          output: Path | None, in_place: bool, no_backup: bool, allow_private: bool) -> None:
    """The second pass, offline: put each VNet's real gateway IP into the local sites that stand in for it.

    Only the VPNGatewayAddress values change; every other byte of FILE (BOM, CRLF, comments,
    order) stays. Refuses, changing nothing, a VNet not in FILE, a VNet no site stands in for,
    an IP that is not public, and the wrong-way-round mistake.
    """
    import os

    from netcfg import edit
    from netcfg.files import write_atomically
    from netcfg.guard import Document
    from netcfg.sources import read_model

    if in_place and output is not None:
        raise click.UsageError("use either --in-place or -o, not both")
    if from_file:
        addresses = {**_addresses_from_json(from_file), **addresses}
    if not addresses:
        raise click.UsageError("give --gateway-ip VNET=IP or --from gateways.json")
    document = Document.read(file)
    config = document.model
    if topology_file:
        config = config.with_mirrors({s.name: s.mirrors for s in read_model(topology_file).local_sites if s.mirrors})
    config = config.with_mirrors(mirrors)
    plan = edit.patch_plan(config, addresses, allow_private=allow_private)
    patched = edit.patch(document.data, document.root, plan, file=file)
    for site, address in plan.items():
        click.echo(f"{site}: VPNGatewayAddress {address}", err=True)
    if in_place:
        if patched == document.data:
            click.echo(f"{file} already has these addresses: nothing changed", err=True)
            return
        mode = os.stat(file).st_mode & 0o777
        outputs = {Path(file): patched} if no_backup else {Path(f"{file}.bak"): document.data, Path(file): patched}
        write_atomically(outputs, mode=mode)
    else:
        _write(patched, output)


@cli.command(short_help="What uploading NEW over CURRENT would add, change and delete.")
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

    found = changes(read_model(current), read_model(new))
    click.echo(DIFF_FORMATS[format_](found), nl=False)
    if found:
        sys.exit(EXIT_REFUSED)


@cli.command(short_help="Add a network to an exported config, keeping all of it.")
@click.argument("base", type=click.Path(exists=True, dir_okay=False))
@click.argument("new", type=SOURCE)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the result here.")
def merge(base: str, new: str, output: Path | None) -> None:
    """Add NEW's networks to BASE (an exported config), keeping every byte of BASE.

    NEW is a topology or a .netcfg. A name in both with different content, or a result with
    errors BASE did not have (say, a new VNet overlapping a site it connects to), is refused.
    """
    from netcfg.guard import Document, checked_merge
    from netcfg.sources import read_model

    _write(checked_merge(Document.read(base), read_model(new)), output)


@cli.command(short_help="Make a random shared key for the gateways.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the key here, readable by its owner only (0600), instead of to standard output.")
@click.option("--length", type=click.IntRange(16, 128), default=32, show_default=True, help="Letters and digits.")
@click.option("--force", is_flag=True, help="Replace an existing key file.")
def key(output: Path | None, length: int, force: bool) -> None:
    """Make a shared key for the gateways: random letters and digits, as classic gateways require.

    The runbook reads it with -SharedKeyPath FILE; the key is never put into any other file.
    """
    from netcfg.files import write_atomically
    from netcfg.keys import new_key

    text = new_key(length) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomically({output: text.encode()}, mode=0o600, overwrite=force)
        click.echo(f"wrote a {length}-character key to {output} (readable by its owner only)", err=True)


def _rule_ids(ctx: click.Context, param: click.Parameter, values: Sequence[str]) -> frozenset[str]:
    from netcfg.validate import unknown_rules

    ids = frozenset(i.strip() for value in values for i in value.split(",") if i.strip())
    unknown = unknown_rules(ids)
    if unknown:
        raise click.BadParameter(f"no rule {unknown[0]!r}; 'netcfg rules' lists them")
    return ids


@cli.command(short_help="Check .netcfg files before uploading them.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True))
@click.option("--format", "format_", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="text for people, json for programs, github for workflow annotations.")
@click.option("--select", multiple=True, callback=_rule_ids, metavar="RULE[,RULE]",
              help="Run only these rules (repeatable).")
@click.option("--ignore", multiple=True, callback=_rule_ids, metavar="RULE[,RULE]",
              help="Skip these rules (repeatable).")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def validate(paths: Sequence[str], format_: str, select: frozenset[str], ignore: frozenset[str], strict: bool) -> None:
    """Check .netcfg files: well-formed XML, the schema, and what Azure enforced on upload.

    PATHS are files, directories (every *.netcfg and *.xml below them) or '-' for standard input.
    Exit 0 when no finding fails (warnings pass unless --strict), 1 when one does, 2 on usage errors.
    """
    import os

    from netcfg.report import FORMATS
    from netcfg.validate import Selection, expand, validate_path

    selection = Selection(select=select, ignore=ignore)
    files = expand(paths)
    findings = [finding for path in files for finding in validate_path(path, selection=selection)]
    colour = format_ == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    click.echo(FORMATS[format_](findings, files=len(files), colour=colour), nl=False)
    if any(finding.fails(strict=strict) for finding in findings):
        sys.exit(EXIT_REFUSED)


@cli.command(short_help="List the validator's rules, or explain one.")
@click.argument("rule_id", required=False, metavar="[RULE]")
def rules(rule_id: str | None) -> None:
    """List the validator's rules, or explain one RULE with a passing and a failing example."""
    from netcfg.validate.rules import RULES

    if rule_id is None:
        width = max(len(r) for r in RULES)
        for rule in RULES.values():
            click.echo(f"{rule.id:<{width}}  {str(rule.severity):<7}  {rule.summary}")
        return
    if rule_id not in RULES:
        raise click.BadParameter(f"no rule {rule_id!r}; 'netcfg rules' lists them", param_hint="RULE")
    click.echo(RULES[rule_id].describe())


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point."""
    import gc

    # A run builds many small objects and frees them all at exit; the cyclic collector's
    # repeated full scans of that growing heap made large files cost more than linear time.
    gc.disable()
    cli.main(args=list(argv) if argv is not None else sys.argv[1:], prog_name="netcfg")
