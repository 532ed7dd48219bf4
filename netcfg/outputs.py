"""The one path from a network to every output, whichever command asks for it.

``netcfg render --to runbook``, ``netcfg runbook`` and ``netcfg stretch`` all write a runbook
through :func:`produce`, so they take the same options and refuse the same networks with the
same words. Each output's contract is its entry in :data:`netcfg.render.RENDERERS`: whether it
refuses a network with errors, and which options it takes. The edits that guard an upload
(:func:`checked_merge`, :func:`second_pass`) live here too: the commands only parse arguments
and print.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from ipaddress import IPv4Address

from netcfg import edit
from netcfg.errors import OptionError, RefusedError
from netcfg.findings import Finding, Severity
from netcfg.model import NetworkConfiguration
from netcfg.model.subscriptions import NetworkSet
from netcfg.render import LOCATIONS, MIRRORS, PEERING, RENDERERS, Renderer, RenderOptions
from netcfg.validate import model_findings, validate_bytes

# How each option a renderer may take is spelled on the command line (for messages).
OPTION_NAMES = {LOCATIONS: "--location-map", MIRRORS: "--mirror", PEERING: "--peering"}


@dataclass(frozen=True, kw_only=True)
class OutputOptions:
    """What the user asked beyond the network: overrides of the model, and the renderer's own options."""

    locations: Mapping[str, str] = field(default_factory=dict)  # affinity group -> Azure location
    mirrors: Mapping[str, str] = field(default_factory=dict)  # local site -> the VNet it stands in for
    peering: bool = False
    owners: Mapping[str, str] = field(default_factory=dict)  # VNet -> subscription, for a whole network's picture
    remote: Mapping[str, str] = field(default_factory=dict)  # other subscriptions' VNets, for one subscription's export

    def given(self) -> set[str]:
        """The options set to something other than their default."""
        values = {LOCATIONS: bool(self.locations), MIRRORS: bool(self.mirrors), PEERING: self.peering}
        return {name for name, set_ in values.items() if set_}


def produce(name: str, config: NetworkConfiguration, options: OutputOptions = OutputOptions(), *,
            source: str = "-") -> bytes:
    """Output ``name`` of ``config`` (read from ``source``), after that output's checks.

    Refuses (:class:`OptionError`) an option the output does not take or that names what the
    network lacks, and (:class:`RefusedError`) a network with errors for an output that would act
    on Azure with it.
    """
    renderer = RENDERERS[name]
    _refuse_options(renderer, options)
    config = with_overrides(config, options, source=source)
    if renderer.refuses_errors:
        given = [OPTION_NAMES[o] for o in sorted(options.given() & {LOCATIONS, MIRRORS})]
        refuse_errors(config, writing=renderer.name, source=source, overrides=given)
    return renderer.render(config, RenderOptions(peering=options.peering, owners=options.owners, remote=options.remote))


def _refuse_options(renderer: Renderer, options: OutputOptions) -> None:
    for option in sorted(options.given() - renderer.takes):
        takers = [r.name for r in RENDERERS.values() if option in r.takes]
        raise OptionError(f"the {renderer.name} output does not use it (it applies to {', '.join(takers)})",
                          option=OPTION_NAMES[option])


def with_overrides(config: NetworkConfiguration, options: OutputOptions, *, source: str) -> NetworkConfiguration:
    """``config`` with the ``--mirror LOCAL=VNET`` and ``--location-map AG=LOCATION`` overrides applied.

    Each ``--mirror`` must name a local site and a VNet ``config`` has: a misspelt name would
    otherwise be ignored and the second pass patch the wrong site.
    """
    mirrors = options.mirrors
    unknown_site = next((s for s in mirrors if config.local_site(s) is None), None)
    unknown_vnet = next((v for v in mirrors.values() if config.vnet(v) is None), None)
    if unknown_site or unknown_vnet:
        what = f"local site {unknown_site!r}" if unknown_site else f"VNet {unknown_vnet!r}"
        raise OptionError(f"{source} has no {what}", option="--mirror")
    if mirrors:
        config = config.with_mirrors(dict(mirrors))
    if options.locations:
        config = config.with_placements(dict(options.locations))
    return config


def _first_of(found: list[Finding]) -> str:
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return f"[{found[0].rule}] {found[0].message}{more}"


def refuse_errors(config: NetworkConfiguration, *, writing: str, source: str = "-",
                  overrides: list[str] | None = None) -> None:
    """Refuse to write ``writing`` (an output's name) for a network with errors.

    The network is judged as a new one (as a topology is): these outputs create it, so a
    location Azure does not have is an error here, not the warning it is in an old export.
    ``overrides`` names the options that changed the network read from ``source``: then
    validating the file alone does not show every error.
    """
    found = [f for f in model_findings(config, kind="topology", file=source) if f.severity is Severity.ERROR]
    if found:
        hint = f"'netcfg validate {source}' lists them all"
        if overrides:
            hint = f"'netcfg validate {source}' lists those of the file, not of {' and '.join(overrides)}"
        raise RefusedError(f"the network has errors, so no {writing} was written: {_first_of(found)}; {hint}")


def _errors_in(data: bytes) -> set[tuple[str, str]]:
    return {(f.rule, f.message) for f in validate_bytes(data) if f.severity is Severity.ERROR}


def checked_merge(base: edit.Document, addition: NetworkConfiguration) -> bytes:
    """BASE with ``addition`` merged in (see :func:`netcfg.edit.merge`), refused if the result has
    errors BASE did not have, such as a new VNet overlapping a site it connects to."""
    merged = edit.merge(base.data, base.root, base.model, addition, file=base.path)
    new_errors = sorted(_errors_in(merged) - _errors_in(base.data))
    if new_errors:
        rule, message = new_errors[0]
        raise RefusedError(f"merging into {base.path} would give errors, so nothing was written: [{rule}] {message}")
    return merged


@dataclass(frozen=True, kw_only=True)
class SecondPass:
    """The second pass asked for: each VNet's gateway address, and who stands in for whom."""

    addresses: Mapping[str, IPv4Address]
    mirrors: Mapping[str, str] = field(default_factory=dict)  # --mirror, over ``topology_mirrors``
    topology_mirrors: Mapping[str, str] = field(default_factory=dict)  # from --topology
    allow_private: bool = False


def second_pass(file: str, data: bytes, asked: SecondPass) -> tuple[bytes, dict[str, IPv4Address]]:
    """``data`` (the ``.netcfg`` at ``file``) with the real gateway addresses patched in, and the plan applied."""
    document = edit.Document.parse(file, data)
    config = with_overrides(document.model.with_mirrors(dict(asked.topology_mirrors)),
                            OutputOptions(mirrors=asked.mirrors), source=file)
    plan = edit.patch_plan(config, asked.addresses, allow_private=asked.allow_private)
    return edit.patch(document.data, document.root, plan, file=file), plan


def stretch_outputs(network: NetworkSet, out_dir: str, bases: Mapping[str, edit.Document]) -> dict[str, bytes]:
    """The files ``netcfg stretch`` writes into ``out_dir``, by path.

    In one subscription: ``NetworkConfig.netcfg``, ``runbook.ps1``, ``topology.toml`` (as always).
    Across subscriptions: ``topology.toml`` and ``runbook.ps1`` for the whole network, and each
    subscription's ``NetworkConfig.netcfg`` in a folder named after it. ``bases`` are exports to
    merge into, by subscription (the one key ``""`` in one subscription): the upload must hold the
    whole subscription; the runbook and topology stay about the new network.
    """
    import os

    from netcfg.render import group
    from netcfg.render.runbook import render_set
    from netcfg.render.topology_toml import render_set as topology_set

    if len(network.parts) == 1:
        config = network.parts[0].config
        written = {os.path.join(out_dir, RENDERERS[name].filename): produce(name, config, source="stretch")
                   for name in group("stretch")}
        if "" in bases:
            written[os.path.join(out_dir, RENDERERS["netcfg"].filename)] = checked_merge(bases[""], config)
        return written
    for part in network.parts:
        refuse_errors(part.config, writing="runbook", source=f"stretch ({part.subscription.name})")
    written = {os.path.join(out_dir, RENDERERS["topology"].filename): topology_set(network),
               os.path.join(out_dir, RENDERERS["runbook"].filename): render_set(network)}
    for part in network.parts:
        name = part.subscription.name
        config = part.config
        data = checked_merge(bases[name], config) if name in bases else produce("netcfg", config, source="stretch")
        written[os.path.join(out_dir, name, RENDERERS["netcfg"].filename)] = data
    return written


def second_pass_set(files: Mapping[str, bytes], asked: SecondPass) -> dict[str, tuple[bytes, dict[str, IPv4Address]]]:
    """The second pass over the files of one network across subscriptions, one subscription's each.

    Which site stands in for which VNet is worked out across the files (a site in one file
    stands in for a VNet in another), then ``--topology`` and ``--mirror`` say it where they do.
    """
    from netcfg.model import infer_mirrors

    documents = {path: edit.Document.parse(path, data) for path, data in files.items()}
    vnets = [v for d in documents.values() for v in d.model.vnets]
    configs = {}
    for path, document in documents.items():
        found = infer_mirrors(vnets, [s for s in document.model.local_sites if s.mirrors is None])
        config = document.model.with_mirrors({**found, **asked.topology_mirrors, **asked.mirrors})
        configs[path] = config
    plans = edit.patch_plans(configs, asked.addresses, allow_private=asked.allow_private)
    return {path: (edit.patch(d.data, d.root, plans[path], file=path), plans[path]) for path, d in documents.items()}


def runbook_across(network: NetworkSet, *, source: str) -> bytes:
    """The runbook of a network across subscriptions, refused as any runbook is for a network with errors."""
    from netcfg.render.runbook import render_set
    from netcfg.validate.network_set import set_findings

    for part in network.parts:
        refuse_errors(part.config, writing="runbook", source=source)
    errors = [f for f in set_findings(network, dict.fromkeys(network.names, source)) if f.severity is Severity.ERROR]
    if errors:
        raise RefusedError(f"the network has errors, so no runbook was written: {_first_of(errors)};"
                           f" 'netcfg validate {source}' lists them all")
    return render_set(network)
