"""Commands that check files: validate, rules to explain what it checks, reach, and the schemas."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from netcfg.cli import EXIT_REFUSED, SUMMARIES
from netcfg.cli.options import MIRROR, Choice, say
from netcfg.cli.validating import NETWORK
from netcfg.report.findings import FORMATS


def _complete_rules(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """Shell completion of rule IDs, also after commas (``--select xsd,inv<TAB>``)."""
    from netcfg.validate.rules import RULES

    done, _, last = incomplete.rpartition(",")
    prefix = f"{done}," if done else ""
    return [prefix + rule for rule in RULES if rule.startswith(last)]


def _rule_ids(ctx: click.Context, param: click.Parameter, values: Sequence[str]) -> frozenset[str]:
    from netcfg.validate import unknown_rules

    ids = frozenset(i.strip() for value in values for i in value.split(",") if i.strip())
    unknown = unknown_rules(ids)
    if unknown:
        from netcfg.validate.rules import RULES

        raise click.BadParameter(f"no rule {unknown[0]!r}{RULES.suggest(unknown[0])}; 'netcfg rules' lists them")
    return ids


@click.command(short_help=SUMMARIES["validate"])
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True))
@click.option(
    "--format",
    "format_",
    type=Choice(FORMATS.names()),
    default="text",
    show_default=True,
    help="text for people, json for programs, github for workflow annotations, sarif for code-scanning tools.",
)
@click.option(
    "--select",
    multiple=True,
    callback=_rule_ids,
    metavar="RULE[,RULE]",
    shell_complete=_complete_rules,
    help="Run only these rules (repeatable).",
)
@click.option(
    "--ignore",
    multiple=True,
    callback=_rule_ids,
    metavar="RULE[,RULE]",
    shell_complete=_complete_rules,
    help="Skip these rules (repeatable).",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--report-unused-suppressions",
    is_flag=True,
    help="Report inline suppressions (<!-- netcfg: ignore[RULE] -->) that silence nothing.",
)
@click.option("--no-config", is_flag=True, help="Read no .netcfg.toml or [tool.netcfg]: the command line alone decides.")
@click.option(
    NETWORK,
    "as_network",
    is_flag=True,
    help="The .netcfg files are one network across subscriptions (one file each): check them together too.",
)
@click.option(
    "--gateways",
    "gateways_file",
    type=click.Path(exists=True, dir_okay=False),
    metavar="gateways.json",
    help="After the second pass: every stand-in must carry the VIP this file gives its VNet's gateway.",
)
@click.option(
    "--for",
    "for_output",
    type=Choice(["runbook", "arm", "bicep", "az-powershell"]),
    metavar="OUTPUT",
    help="Judge the network as that output does before it acts on Azure (runbook, arm, bicep, az-powershell):"
    " a few findings that are warnings in an export as it is are errors for a network netcfg creates.",
)
@click.option("--show-settings", is_flag=True, help="Print the settings that apply to each file, and check nothing.")
def validate(
    paths: Sequence[str],
    format_: str,
    select: frozenset[str],
    ignore: frozenset[str],
    strict: bool,
    report_unused_suppressions: bool,
    no_config: bool,
    show_settings: bool,
    as_network: bool,
    gateways_file: str | None,
    for_output: str | None,
) -> None:
    """Check .netcfg files and topologies: well-formed XML, the schema, and what Azure enforced on upload.

    PATHS are files (a .netcfg, or a topology .toml), directories (every *.netcfg, *.xml and topology
    below them) or '-' for standard input. With --for OUTPUT the network is judged as that output
    judges it before acting: what it would refuse is an error here.
    Settings come from the nearest .netcfg.toml or pyproject.toml [tool.netcfg] above each file
    (select, ignore, strict, per-file-ignores); options here win.
    Exit 0 when no finding fails (warnings pass unless --strict), 1 when one does, 2 on usage errors.
    """
    from netcfg.cli.validating import check
    from netcfg.validate import expand

    files = expand(paths)
    if not files:
        raise click.UsageError(f"nothing to check: {', '.join(paths)} holds no .netcfg, .xml or topology file")
    # Every option above is a keyword of check(), by the same name: click hands them over as they are.
    options = {name: value for name, value in click.get_current_context().params.items() if name != "paths"}
    code = check(files, **options)
    if code:
        sys.exit(code)


@click.command(short_help=SUMMARIES["rules"])
@click.argument("rule_id", required=False, metavar="[RULE]", shell_complete=_complete_rules)
def rules(rule_id: str | None) -> None:
    """List the validator's rules, or explain one RULE with a passing and a failing example."""
    from netcfg.validate.rules import RULES

    if rule_id is None:
        width = max(len(r) for r in RULES)
        say("".join(f"{rule.id:<{width}}  {str(rule.severity):<7}  {rule.summary}\n" for rule in RULES.values()))
        return
    if rule_id not in RULES:
        raise click.BadParameter(f"no rule {rule_id!r}{RULES.suggest(rule_id)}; 'netcfg rules' lists them", param_hint="RULE")
    say(RULES[rule_id].describe() + "\n")


@click.command(short_help=SUMMARIES["reach"])
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--only-from", "froms", multiple=True, metavar="NAME", help="Only from this VNet or on-premises site (repeatable).")
@click.option("--only-to", "tos", multiple=True, metavar="NAME", help="Only to this VNet or on-premises site (repeatable).")
# The old spellings: --from and --to name a file and an output format in other commands.
@click.option("--from", "old_froms", multiple=True, hidden=True)
@click.option("--to", "old_tos", multiple=True, hidden=True)
@click.option(
    "--only",
    "only",
    multiple=True,
    type=Choice(["reachable", "pending", "unreachable"]),
    help="List only the pairs with this answer (repeatable); the exit code still counts every pair asked.",
)
@click.option("--summary", "counts_only", is_flag=True, help="How many pairs from each network have each answer, not every pair.")
@click.option("--format", "format_", type=Choice(["text", "json"]), default="text", show_default=True)
@MIRROR
def reach(
    sources: Sequence[str],
    froms: Sequence[str],
    tos: Sequence[str],
    old_froms: Sequence[str],
    old_tos: Sequence[str],
    only: Sequence[str],
    counts_only: bool,
    format_: str,
    mirrors: dict[str, str],
) -> None:
    """For every ordered pair of networks (VNets, and on-premises sites as endpoints), whether
    traffic from one reaches the other's address space and the answer comes back.

    SOURCES is a .netcfg or a topology, or the files of one network (say, one per subscription).
    The classic rules: a gateway sends a packet through the connection whose local site lists
    the destination; a site that stands in for a VNet hands it to that VNet, which delivers it
    or forwards it the same way (transit); a tunnel needs both ends and real gateway addresses.
    'pending' means only placeholder addresses (the second pass) stand in the way.

    Text shows a from/to matrix, then each pair not reachable with why; a network too wide for a
    matrix gets counts from each network instead (so does --summary). --only unreachable lists
    just those pairs. Exit 0 when every pair asked for is reachable, 1 when one is not, 2 on trouble.
    """
    from netcfg.model.reach import MOST_PAIRS, Status, endpoints
    from netcfg.model.reach import reach as verdicts_of
    from netcfg.outputs import load
    from netcfg.report.reach import FORMATS, ReachReport

    from netcfg.cli.options import renamed
    from netcfg.errors import InputError, UsageError

    froms = renamed("--from", "--only-from", tuple(old_froms), tuple(froms))
    tos = renamed("--to", "--only-to", tuple(old_tos), tuple(tos))
    if len(sources) > 1 and "-" in sources:
        raise click.UsageError("standard input can be one network's only file, not one of several")
    try:
        network = load(list(sources), mirrors=mirrors)
    except InputError as exc:  # exit 1 means "a pair is not reachable" here: input trouble is 2
        raise UsageError(str(exc)) from None
    config = network.joined()
    known = [e.name for e in endpoints(config)]
    for option, names in (("--only-from", froms), ("--only-to", tos)):
        unknown = next((n for n in names if n not in known), None)
        if unknown is not None:
            raise click.BadParameter(
                f"no VNet or on-premises site {unknown!r}; the network has {', '.join(known)}", param_hint=option
            )
    sources_, targets = list(froms) or known, list(tos) or known
    if len(sources_) * len(targets) > MOST_PAIRS:
        raise click.UsageError(
            f"{len(sources_)} x {len(targets)} pairs are too many to answer at once (at most"
            f" {MOST_PAIRS:,}); ask about some with --only-from NAME or --only-to NAME"
        )
    verdicts = verdicts_of(network, sources=sources_, targets=targets)
    report = ReachReport(
        verdicts=tuple(verdicts),
        sources=tuple(sources_),
        targets=tuple(targets),
        network=network,
        only=frozenset(Status(word) for word in only),
        counts_only=counts_only,
    )
    say(FORMATS[format_].write(report))
    if any(v.status is not Status.REACHABLE for v in verdicts):
        sys.exit(EXIT_REFUSED)


@click.command(short_help=SUMMARIES["schema"])
@click.argument("kind", type=Choice(["topology", "netcfg"]))
def schema(kind: str) -> None:
    """Print the JSON Schema of the topology format (for an editor: save it and start the topology
    with '#:schema ./topology.schema.json'), or the XSD netcfg checks a .netcfg against."""
    from netcfg.io.assets import schema_bytes, topology_schema_bytes

    say((topology_schema_bytes() if kind == "topology" else schema_bytes()).decode("utf-8"))
