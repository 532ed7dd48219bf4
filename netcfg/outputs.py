"""The application: from the files a user gives to every output, by one path whichever command asks.

* :func:`load` reads the files of one network (a ``.netcfg``, a topology, or one ``.netcfg`` per
  subscription) and works out once which site stands in for which VNet: show, graph, reach,
  render, runbook and export all start from it, so they all see the same network.
* :func:`produce` turns a network and a :class:`Request` into the bytes of one output, after
  that output's checks: each output's contract is its entry in :data:`netcfg.render.RENDERERS`
  (whether it refuses a network with errors, which options it takes).
* The edits that guard an upload (:func:`checked_merge`, :func:`second_pass`) and the files of
  ``netcfg stretch`` (:func:`stretch_outputs`) live here too: the commands parse arguments and print.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING
from dataclasses import dataclass, field
from ipaddress import IPv4Address

from netcfg import edit
from netcfg.errors import Hint, InputError, ModelError, Option, OptionError, RefusedError, UsageError
from netcfg.findings import Finding, Severity
from netcfg.io.inputs import read_network
from netcfg.model import NetworkConfiguration
from netcfg.model.standins import resolve
from netcfg.model.subscriptions import NetworkSet, Part, Subscription
from netcfg.render import RENDERERS, Renderer, RenderOptions, group
from netcfg.validate import Selection, model_findings, validate_bytes
from netcfg.values import Value

if TYPE_CHECKING:
    from netcfg.render.arm.reach import Comparison

# The rules a topology's references must pass before any command uses it (they name what exists).
REFERENCE_RULES = frozenset({"unknown-vnet", "unknown-affinity-group", "unknown-local-site", "unknown-dns-server"})


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class Request(Value):
    """One output asked for, with what the user said beyond the network."""

    output: str  # a name in RENDERERS
    locations: Mapping[str, str] = field(default_factory=dict)  # affinity group -> Azure location
    mirrors: Mapping[str, str] = field(default_factory=dict)  # local site -> the VNet it stands in for
    peering: bool = False
    subscription: str | None = None  # the subscription whose part to write, for one-subscription outputs
    source: str = "-"  # where the network was read from, for messages
    gateway_types: Mapping[str, str] = field(default_factory=dict)  # VNet -> "static" or "dynamic"
    accept_lost: bool = False  # an export that reaches less than classic did is written all the same

    def given(self) -> list[Option]:
        """The options set to something other than their default, in :class:`Option`'s order."""
        values = {
            Option.LOCATIONS: bool(self.locations),
            Option.MIRRORS: bool(self.mirrors),
            Option.PEERING: self.peering,
            Option.SUBSCRIPTION: self.subscription is not None,
            Option.GATEWAY_TYPES: bool(self.gateway_types),
            Option.ACCEPT_LOST: self.accept_lost,
        }
        return [option for option in Option if values.get(option)]

    def options(self) -> RenderOptions:
        return RenderOptions(
            peering=self.peering, subscription=self.subscription, gateway_types=self.gateway_types, accept_lost=self.accept_lost
        )


def load(paths: Sequence[str], *, mirrors: Mapping[str, str] | None = None, resolved: bool = True) -> NetworkSet:
    """The network in the files at ``paths`` with its stand-in relation worked out (``mirrors``, the
    user's ``--mirror``, over a topology's and inference), unless not ``resolved``: :func:`produce`
    then works it out only for an output that uses it. A topology's references must all resolve:
    every one that does not is named, with its line, in one error."""
    network = read_network(paths)
    if network.from_topology:
        refuse_dangling(network, source=paths[0])
    return resolve(network, mirrors) if resolved else network


def refuse_dangling(network: NetworkSet, *, source: str) -> None:
    """Refuse a topology whose mirrors, affinity groups, DNS servers or sites name nothing (all at once)."""
    found = model_findings(network, file=source, selection=Selection(select=REFERENCE_RULES))
    if found:
        raise InputError("; ".join(f"line {f.line}: {f.message}" if f.line else f.message for f in found), file=source)


def produce(network: NetworkSet, request: Request) -> bytes:
    """Output ``request.output`` of ``network``, after that output's checks.

    Refuses (:class:`OptionError`) an option the output does not take or that names what the
    network lacks, and (:class:`RefusedError`) a network with errors for an output that would act
    on Azure with it.
    """
    if not isinstance(network, NetworkSet):
        raise UsageError(f"produce takes a NetworkSet (read_network's), not {type(network).__name__}")
    if request.output not in RENDERERS:
        raise UsageError(f"no output {request.output!r}{RENDERERS.suggest(request.output)}; they are {', '.join(RENDERERS)}")
    renderer = RENDERERS[request.output]
    _refuse_options(renderer, request)
    network = _placed(network, request.locations, source=request.source)
    if network.relation is None:
        if renderer.pairs:  # a .netcfg does not record who stands in for whom: its output never asks
            network = resolve(network, request.mirrors)
    elif not _says(network, request.mirrors):
        raise ValueError("the network was resolved without the request's mirrors: resolve it once, with them")
    if renderer.refuses_errors:
        refuse_errors(network, writing=renderer.name, source=request.source, overrides=_steering(request))
    return renderer.render(network, request.options())


def compare_export(network: NetworkSet, request: Request) -> Comparison:
    """What the Resource Manager export ``request`` asks for reaches, against classic reach (``export --check``),
    after the same checks as the export itself."""
    from netcfg.render.arm.reach import compare

    renderer = RENDERERS[request.output]
    if renderer.group != "export":
        raise OptionError(f"only a Resource Manager export is compared; {renderer.name} is not one", option=Option.CHECK)
    _refuse_options(renderer, request)
    network = _placed(network, request.locations, source=request.source)
    if network.relation is None:
        network = resolve(network, request.mirrors)
    refuse_errors(
        network,
        writing=renderer.name,
        source=request.source,
        overrides=_steering(request),
    )
    from netcfg.render.arm import plan_for

    options = request.options()
    plan_for(network, options, writing=renderer.name)  # every refusal an export would make, first
    return compare(network, options)


def _says(network: NetworkSet, mirrors: Mapping[str, str]) -> bool:
    """Whether every site ``mirrors`` names stands in for the VNet it gives there."""
    return all(
        site.mirrors == mirrors[site.name] for part in network.parts for site in part.config.local_sites if site.name in mirrors
    )


def _steering(request: Request) -> list[Option]:
    """What the request says of the network itself (where groups are, who stands in for whom)."""
    return [option for option in request.given() if option in (Option.LOCATIONS, Option.MIRRORS)]


def _refuse_options(renderer: Renderer, request: Request) -> None:
    for option in (o for o in request.given() if o not in renderer.takes):
        takers = [r.name for r in RENDERERS.values() if option in r.takes]
        raise OptionError(f"the {renderer.name} output does not use it (it applies to {', '.join(takers)})", option=option)


def _placed(network: NetworkSet, locations: Mapping[str, str], *, source: str) -> NetworkSet:
    """``network`` with each affinity group named in ``locations`` placed there (``--location-map AG=LOCATION``)."""
    if not locations:
        return network
    used = {v.affinity_group for part in network.parts for v in part.config.vnets if v.affinity_group}
    unknown = [group for group in locations if group not in used]
    if unknown:
        from netcfg.registry import did_you_mean

        raise OptionError(
            f"{source} has no VNet in affinity group {unknown[0]!r}{did_you_mean(unknown[0], used)}", option=Option.LOCATIONS
        )
    parts = []
    for part in network.parts:
        mine = {v.affinity_group for v in part.config.vnets}
        placed = part.config.with_placements({g: loc for g, loc in locations.items() if g in mine})
        parts.append(Part(subscription=part.subscription, config=placed))
    return NetworkSet(parts=tuple(parts), relation=network.relation, from_topology=network.from_topology)


def _listed(found: list[Finding]) -> str:
    shown = "; ".join(f"[{f.rule}] {f.message}" for f in found[:3])
    return shown + (f" (and {len(found) - 3} more)" if len(found) > 3 else "")


def refuse_errors(network: NetworkSet, *, writing: str, source: str = "-", overrides: Sequence[Option] = ()) -> None:
    """Refuse to write ``writing`` (an output's name) for a network with errors.

    The network is judged as a new one (as a topology is): these outputs create it, so a location
    Azure does not have, or a site whose VNet is ambiguous, is an error here even where it is a
    warning in an old export; ``netcfg validate --for OUTPUT`` judges a file the same way.
    ``overrides`` names the options that changed the network read from ``source``.
    """
    found = [f for f in model_findings(network, file=source) if f.severity is Severity.ERROR]
    if found:
        # What changed the network is not in the file validate reads: say so, or the lists differ.
        listing = Hint("to list them all", Option.VALIDATE_FOR, (writing,), command="validate", operands=(source,))
        raise RefusedError(
            f"the network has {len(found)} error{'s' * (len(found) > 1)}, so no {writing} was written: {_listed(found)}",
            hints=(
                *(hint for f in found[:3] for hint in f.hints),  # what settles the findings shown
                listing,
                *(Hint("which reads the file without what changed the network", o) for o in overrides),
            ),
        )


def _errors_in(data: bytes) -> set[tuple[str, str]]:
    return {(f.rule, f.message) for f in validate_bytes(data) if f.severity is Severity.ERROR}


def checked_merge(base: edit.Document, addition: NetworkConfiguration) -> edit.Merged:
    """BASE with ``addition`` merged in (see :func:`netcfg.edit.merge`), refused if the result has
    errors BASE did not have, such as a new VNet overlapping a site it connects to (all of them)."""
    merged = edit.merge(base.data, base.root, base.model, addition, file=base.path)
    new_errors = sorted(_errors_in(merged.data) - _errors_in(base.data))
    if new_errors:
        found = "".join(f"\n  [{rule}] {message}" for rule, message in new_errors)
        raise RefusedError(f"merging into {base.path} would give errors, so nothing was written:{found}")
    return merged


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class SecondPass(Value):
    """The second pass asked for: each VNet's gateway address, and who stands in for whom."""

    addresses: Mapping[str, IPv4Address]
    mirrors: Mapping[str, str] = field(default_factory=dict)  # --mirror, over ``topology_mirrors``
    topology_mirrors: Mapping[str, str] = field(default_factory=dict)  # from --topology
    allow_private: bool = False


def second_pass(files: Mapping[str, bytes], asked: SecondPass) -> dict[str, tuple[bytes, dict[str, IPv4Address]]]:
    """The files of one network (one ``.netcfg`` or topology, or one ``.netcfg`` per subscription) with
    each VNet's real gateway address in every site that stands in for it, whichever file that site
    is in: ``{path: (bytes, plan)}``.

    Which site stands in for which VNet is worked out across all the files at once, with
    ``--topology`` and ``--mirror`` saying it where they do.
    """
    from netcfg.io.inputs import part_names
    from netcfg.io.xml_reader import input_kind

    kinds = {path: input_kind(data, file=path) for path, data in files.items()}
    if list(kinds.values()) == ["topology"]:
        return _topology_second_pass(*next(iter(files.items())), asked)
    for path in (path for path, kind in kinds.items() if kind == "topology"):
        raise InputError("is a topology: patch it on its own ('netcfg patch TOPOLOGY ...'), not with .netcfg files", file=path)
    documents = {path: edit.Document.parse(path, data) for path, data in files.items()}
    names = part_names(list(files))
    parts = tuple(Part(subscription=Subscription(name=name), config=d.model) for name, d in zip(names, documents.values()))
    try:
        network = NetworkSet(parts=parts)
    except ModelError as exc:
        raise InputError(f"not one network: {exc}", file=next(iter(files))) from None
    plans = edit.patch_plan(_said_stand_ins(network, asked), asked.addresses, allow_private=asked.allow_private)
    done = {}
    for (path, document), name in zip(documents.items(), names):
        plan = plans[name]
        done[path] = (edit.patch(document.data, document.root, plan, file=path), plan)
    return done


def _said_stand_ins(network: NetworkSet, asked: SecondPass) -> NetworkSet:
    """``network`` resolved, with what ``--topology`` and ``--mirror`` say of its sites and VNets."""
    # A topology names the stand-ins of its whole network: those of these files' sites and VNets apply.
    sites = {s.name for part in network.parts for s in part.config.local_sites}
    vnets = {v.name for part in network.parts for v in part.config.vnets}
    given = {site: vnet for site, vnet in asked.topology_mirrors.items() if site in sites and vnet in vnets}
    return resolve(network, {**given, **asked.mirrors})


def _topology_second_pass(path: str, data: bytes, asked: SecondPass) -> dict[str, tuple[bytes, dict[str, IPv4Address]]]:
    """A topology brought up to date after the gateways exist: only its ``gateway_address`` lines change."""
    from netcfg.edit.topology_patch import patch_topology
    from netcfg.io.topology import loads, text_of

    text = text_of(data, file=path)
    network = _said_stand_ins(loads(text, file=path), asked)
    plans = edit.patch_plan(network, asked.addresses, allow_private=asked.allow_private)
    edited, done = patch_topology(text, network, plans, file=path)
    bom = "\ufeff" if data.startswith(b"\xef\xbb\xbf") else ""
    return {path: (data if edited == text else (bom + edited).encode(), done)}


def stretch_outputs(network: NetworkSet, out_dir: str, bases: Mapping[str, edit.Document]) -> dict[str, bytes]:
    """The files ``netcfg stretch`` writes into ``out_dir``, by path, each through :func:`produce`.

    In one subscription: ``NetworkConfig.netcfg``, ``runbook.ps1``, ``topology.toml``. Across
    subscriptions: ``topology.toml`` and ``runbook.ps1`` for the whole network, and each
    subscription's ``NetworkConfig.netcfg`` in a folder named after it. ``bases`` are exports to
    merge into, by subscription (``"default"`` for the one unnamed one): the upload must hold the
    whole subscription; the runbook and topology stay about the new network.
    """
    network = resolve(network)
    written = {}
    for name in group("stretch"):
        renderer = RENDERERS[name]
        if renderer.name == "netcfg":
            for part in network.parts:
                subscription = part.subscription.name
                folder = os.path.join(out_dir, subscription) if part.subscription.named else out_dir
                base = bases.get(subscription)
                data = (
                    checked_merge(base, part.config).data
                    if base is not None
                    else produce(
                        network,
                        Request(output=name, subscription=subscription if part.subscription.named else None, source="stretch"),
                    )
                )
                written[os.path.join(folder, renderer.filename)] = data
        else:
            written[os.path.join(out_dir, renderer.filename)] = produce(network, Request(output=name, source="stretch"))
    return dict(sorted(written.items()))
