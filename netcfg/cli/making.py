"""Commands that write a network or a view of it: stretch, render, show, graph, export, runbook."""

from __future__ import annotations

from collections.abc import Sequence

import click

from netcfg.cli import EXIT_REFUSED, SUMMARIES
from netcfg import defaults
from netcfg.cli.options import (
    FORCE,
    GATEWAY_TYPE,
    LOCATION_MAP,
    MIRROR,
    OUTPUT,
    PEERING,
    SOURCES,
    Choice,
    enum_choices,
    pairs,
    output_of,
    renamed,
    renderer_names,
    say,
    write_output,
)


@click.command(short_help=SUMMARIES["stretch"])
@click.argument("regions", nargs=-1, metavar="[NAME=LOCATION]...")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    default=".",
    show_default=True,
    help="Folder to write NetworkConfig.netcfg, runbook.ps1 and topology.toml into.",
)
@click.option("--force", is_flag=True, help="Replace files that already exist in --out.")
@click.option(
    "--address-pool",
    default=defaults.ADDRESS_POOL,
    show_default=True,
    metavar="CIDR",
    help="Range the VNets' address spaces are carved from.",
)
@click.option(
    "--vnet-prefix-length",
    type=click.IntRange(*defaults.VNET_PREFIX_LENGTHS),
    default=defaults.VNET_PREFIX_LENGTH,
    show_default=True,
    help="Size of each VNet's address space.",
)
@click.option(
    "--shape",
    type=Choice(["mesh", "hub"]),
    default="mesh",
    show_default=True,
    help="mesh: every VNet connects to every other; hub: spokes connect to --hub only.",
)
@click.option("--topology", "old_shape", type=Choice(["mesh", "hub"]), hidden=True)
@click.option("--hub", metavar="NAME", help="The hub region, with --shape hub.")
@click.option(
    "--transit",
    is_flag=True,
    help="With --shape hub: spokes reach each other through the hub (each spoke's stand-in for the hub"
    " also lists the other spokes' prefixes).",
)
@click.option(
    "--gateway-sku",
    type=Choice(enum_choices("GatewaySku")),
    default="Default",
    show_default=True,
    help="SKU of every gateway (HighPerformance allows 30 connections, others 10).",
)
@click.option("--regional", is_flag=True, help="Place VNets by Location (regional VNets); create no affinity groups.")
@click.option(
    "--subscription-of",
    "subscriptions",
    multiple=True,
    callback=pairs,
    metavar="REGION=SUBSCRIPTION",
    help="The subscription REGION's VNet goes in (repeatable; every region, or none). Across several,"
    " each subscription's NetworkConfig.netcfg is written in a folder named after it.",
)
# The old spelling: elsewhere --subscription NAME picks one subscription of a network.
@click.option("--subscription", "old_subscriptions", multiple=True, callback=pairs, hidden=True)
@click.option(
    "--base",
    "bases",
    multiple=True,
    metavar="[SUBSCRIPTION=]EXPORTED.netcfg",
    help="Add the network to this exported subscription config, keeping all of it; avoids its ranges."
    " With --subscription-of, one SUBSCRIPTION=EXPORT per subscription to add to.",
)
def stretch(
    regions: Sequence[str],
    out_dir: str,
    force: bool,
    address_pool: str,
    vnet_prefix_length: int,
    shape: str,
    old_shape: str | None,
    hub: str | None,
    transit: bool,
    gateway_sku: str,
    regional: bool,
    subscriptions: dict[str, str],
    old_subscriptions: dict[str, str],
    bases: Sequence[str],
) -> None:
    """Write a stretched network over the regions NAME=LOCATION (default: the article's Dublin and Holland).

    Each region NAME=LOCATION gets an affinity group in LOCATION, a VNet 'VNet-NAME' with a
    workload subnet and a GatewaySubnet, and a local site 'Local-NAME' that stands in for it on
    the other side. Gateway addresses are placeholders (192.0.2.x) until the second pass.

    \b
    Example:
      netcfg stretch Dublin='North Europe' Holland='West Europe' Virginia='East US' --out net
      netcfg stretch Dublin='North Europe' Holland='West Europe' --subscription-of Dublin=Production \\
          --subscription-of Holland=DevTest --out net
    """
    from ipaddress import IPv4Network

    from netcfg import outputs, stretch
    from netcfg.edit import Document
    from netcfg.io.writing import write_files
    from netcfg.model import GatewaySku

    # '--topology' named a file everywhere else (patch --topology FILE); the shape is '--shape'.
    shape = renamed("--topology", "--shape", old_shape, shape)
    # '--subscription NAME' picks one subscription of a network elsewhere (render, export).
    subscriptions = renamed("--subscription", "--subscription-of", old_subscriptions, subscriptions)
    try:
        pool = IPv4Network(address_pool)
    except ValueError as exc:
        raise click.BadParameter(f"{address_pool!r} is not a CIDR network ({exc})", param_hint="--address-pool") from None
    if shape == "hub" and not hub:
        raise click.UsageError("--shape hub needs --hub NAME")
    exported = {name: Document.read(path) for name, path in _bases(bases, subscriptions).items()}
    plan = stretch.StretchPlan(
        pool=pool,
        vnet_prefix_length=vnet_prefix_length,
        shape=stretch.Shape(shape),
        hub=hub,
        sku=GatewaySku(gateway_sku),
        regional=regional,
        transit=transit,
        avoid=tuple(r for d in exported.values() for r in stretch.used_ranges(d.model)),
        subscriptions=tuple(subscriptions.items()),
    )
    network = stretch.stretch([stretch.parse_region(r) for r in regions], plan)
    written = outputs.stretch_outputs(network, out_dir, exported)
    write_files(written, force=force, inputs=[d.path for d in exported.values()])
    for path in written:
        click.echo(f"wrote {path}")
    config = network.joined()
    vnets = ", ".join(v.name for v in config.vnets)
    named = [p.subscription.name for p in network.named]
    across = f" in {len(named)} subscription{'s' * (len(named) > 1)} ({', '.join(named)})" if named else ""
    click.echo(
        f"{len(config.vnets)} VNets ({vnets}){across}, {len(config.local_sites)} local sites;"
        " gateway addresses are placeholders until the second pass."
    )
    if shape == "hub" and not transit:
        click.echo(
            f"The spokes reach the hub {hub} only, not each other (classic gateways route statically);"
            " --transit routes spoke to spoke through the hub. 'netcfg reach' shows who reaches whom."
        )


def _bases(bases: Sequence[str], subscriptions: dict[str, str]) -> dict[str, str]:
    """``--base`` values by subscription (``DEFAULT_SUBSCRIPTION``: the one unnamed subscription there is)."""
    import os

    if not bases:
        return {}
    named = list(dict.fromkeys(subscriptions.values()))
    if len(named) == 1 and len(bases) == 1 and (os.path.exists(bases[0]) or "=" not in bases[0]):
        found = {named[0]: bases[0]}  # one subscription, named: its export may come alone
    elif not named:
        if len(bases) > 1:
            raise click.BadParameter("give one export: the network is in one subscription", param_hint="--base")
        if "=" in bases[0] and not os.path.exists(bases[0]):
            raise click.BadParameter(
                f"{bases[0]!r}: SUBSCRIPTION=EXPORT is for a network across subscriptions (--subscription-of REGION=NAME);"
                " for one subscription give the export alone",
                param_hint="--base",
            )
        from netcfg.model.subscriptions import DEFAULT_SUBSCRIPTION

        found = {DEFAULT_SUBSCRIPTION: bases[0]}
    else:
        found = {}
        for value in bases:
            name, sep, path = value.partition("=")
            if not sep or name not in subscriptions.values():
                raise click.BadParameter(
                    f"{value!r} is not SUBSCRIPTION=EXPORT with one of the subscriptions"
                    f" {', '.join(dict.fromkeys(subscriptions.values()))}",
                    param_hint="--base",
                )
            found[name] = path
    missing = [path for path in found.values() if path != "-" and not os.path.isfile(path)]
    if missing:
        raise click.BadParameter(f"no such file: {', '.join(missing)}", param_hint="--base")
    return found


@click.command(short_help=SUMMARIES["render"])
@SOURCES
@OUTPUT
@FORCE
@click.option("--to", "target", type=Choice(renderer_names()), default="netcfg", show_default=True, help="Output format.")
@LOCATION_MAP
@MIRROR
@PEERING
@click.option(
    "--subscription", metavar="NAME", help="For a topology across subscriptions: the subscription whose network to write."
)
def render(
    sources: Sequence[str],
    output: str | None,
    force: bool,
    target: str,
    locations: dict[str, str],
    mirrors: dict[str, str],
    vnet2vnet: bool,
    subscription: str | None,
) -> None:
    """Turn a topology file or a .netcfg into a canonical .netcfg, or any other output.

    SOURCE may be '-' for standard input. Every output is the same as from its own command
    ('--to runbook' is 'netcfg runbook', '--to bicep' is 'netcfg export --to bicep'), with the same
    checks; an option an output does not use is refused.
    """
    from netcfg.outputs import Request, load, produce

    request = Request(
        output=target,
        locations=locations,
        mirrors=mirrors,
        peering=not vnet2vnet,
        subscription=subscription,
        source=" ".join(sources),
    )
    # Read without working out the stand-ins: produce does that for an output that uses them.
    write_output(produce(load(sources, mirrors=mirrors, resolved=False), request), output, force=force, inputs=sources)


@click.command(short_help=SUMMARIES["show"])
@SOURCES
@click.option("--format", "format_", type=Choice(["text", "json"]), default="text", show_default=True)
@MIRROR
def show(sources: Sequence[str], format_: str, mirrors: dict[str, str]) -> None:
    """A readable summary of SOURCE (a .netcfg or a topology): regions, VNets, sites (each stand-in
    with why it stands in for its VNet), connections."""
    from netcfg.outputs import load
    from netcfg.report.network import FORMATS

    say(FORMATS[format_].write(load(sources, mirrors=mirrors)))  # across subscriptions: whole, by subscription


@click.command(short_help=SUMMARIES["graph"])
@SOURCES
@click.option("--format", "format_", type=Choice(renderer_names("graph")), default="dot", show_default=True)
@OUTPUT
@FORCE
@LOCATION_MAP
@MIRROR
def graph(
    sources: Sequence[str], format_: str, output: str | None, force: bool, locations: dict[str, str], mirrors: dict[str, str]
) -> None:
    """Draw SOURCE: a cluster per region, stand-in sites beside their VNet, one edge per tunnel.

    Placeholder gateway addresses, one-way tunnels and references to missing sites stand out.
    'svg' runs Graphviz's dot, which must be installed.
    """
    write_output(output_of(format_, sources, locations=locations, mirrors=mirrors), output, force=force, inputs=sources)


@click.command("export", short_help=SUMMARIES["export"])
@SOURCES
@click.option(
    "--to",
    "target",
    type=Choice(renderer_names("export")),
    required=True,
    help="Bicep, an ARM JSON template, or an Az PowerShell script.",
)
@OUTPUT
@FORCE
@LOCATION_MAP
@PEERING
@MIRROR
@click.option(
    "--subscription",
    metavar="NAME",
    help="For a topology across subscriptions: the subscription to deploy (its links to the others'"
    " VNets take their resource ids as parameters).",
)
@GATEWAY_TYPE
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing: print which networks the export reaches against what classic reached (netcfg"
    " reach), pair by pair; exit 1 if it loses one.",
)
@click.option(
    "--accept-lost",
    is_flag=True,
    help="Write the export although it reaches less than classic did; the lost pairs go into its notes.",
)
def export_command(
    sources: Sequence[str],
    target: str,
    output: str | None,
    force: bool,
    locations: dict[str, str],
    vnet2vnet: bool,
    mirrors: dict[str, str],
    subscription: str | None,
    gateway_types: dict[str, str],
    check: bool,
    accept_lost: bool,
) -> None:
    """Rebuild SOURCE's network on Azure Resource Manager (classic VNets and gateways are retired).

    Local sites that stand in for VNets disappear: the VNets connect directly (with BGP where a
    classic stand-in carried transit). On-premises sites become local network gateways. Each
    connection has its own secure shared-key parameter. Names ARM would refuse are reported,
    with the rule, before anything is written. Across subscriptions, each is deployed on its own
    (--subscription NAME), in two phases: gateways everywhere first, then the connections to the
    other subscriptions' gateways, whose resource ids are parameters.

    The export is compared with classic reach: if a pair of networks classic reached is not
    reached by the export, nothing is written (unless --accept-lost); --check prints the comparison.
    """
    from netcfg.outputs import Request, compare_export, load, produce

    network = load(sources, mirrors=mirrors)
    request = Request(
        output=target,
        locations=locations,
        mirrors=mirrors,
        peering=not vnet2vnet,
        subscription=subscription,
        source=" ".join(sources),
        gateway_types=gateway_types,
        accept_lost=accept_lost,
    )
    if check:
        comparison = compare_export(network, request)
        say("\n".join(comparison.lines()) + "\n")
        if comparison.skipped or (comparison.lost and not accept_lost):
            raise SystemExit(EXIT_REFUSED)
        return
    write_output(produce(network, request), output, force=force, inputs=sources)
    if accept_lost:
        lost = compare_export(network, request).lost
        if lost:
            from netcfg.render.arm.reach import lost_words

            click.echo(f"netcfg: warning: written although the export does not reach {lost_words(lost)}", err=True)


@click.command(short_help=SUMMARIES["runbook"])
@SOURCES
@OUTPUT
@FORCE
@LOCATION_MAP
@click.option("--affinity-group", "old_locations", multiple=True, callback=pairs, hidden=True)
@MIRROR
def runbook(
    sources: Sequence[str],
    output: str | None,
    force: bool,
    locations: dict[str, str],
    old_locations: dict[str, str],
    mirrors: dict[str, str],
) -> None:
    """Write the PowerShell runbook that performs the whole procedure for SOURCE.

    SOURCE is a topology file or a .netcfg. The runbook creates the affinity groups, backs up
    and safely uploads NetworkConfig.netcfg (expected beside it), creates DynamicRouting
    gateways, patches the real gateway IPs in (the second pass), sets the shared keys and
    connects. Without a location an affinity group is only checked to exist.
    """
    locations = renamed("--affinity-group", "--location-map", old_locations, locations)
    write_output(output_of("runbook", sources, locations=locations, mirrors=mirrors), output, force=force, inputs=sources)
