"""What a rule is, what it looks at, and what it says.

A rule is one function with a stable kebab-case ID, a severity, a one-line summary and a
docstring with a passing and a failing example (``netcfg rules ID`` prints it). It yields
:class:`Problem` values and never raises on bad input. Its *scope* says what it looks at:

* ``file``: one file's document and the model read from it (a :class:`Subject`), such as a
  subnet outside its VNet;
* ``network``: the whole network, every file of it, with the stand-in relation worked out once
  (a :class:`NetworkSubject`), such as a tunnel configured on one end only. A network in one
  file is a network too: the same rule runs on one file and on the files of one network.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from ipaddress import IPv4Address
from typing import TYPE_CHECKING, Literal, NamedTuple

from lxml import etree

from netcfg.errors import Hint
from netcfg.findings import Severity
from netcfg.model import LocalNetworkSite, NetworkConfiguration, Prefix, VirtualNetworkSite, read_prefix
from netcfg.model.network import Located, first_by_name
from netcfg.model.subscriptions import NetworkSet
from netcfg.io.xml_reader import tag_prefix, value
from netcfg.registry import Registry

if TYPE_CHECKING:
    from netcfg.model.reach import Router


# The elements the rules ask for by name.
INDEXED = (
    "AddressPrefix",
    "DnsServer",
    "DnsServerRef",
    "LocalNetworkSite",
    "LocalNetworkSiteRef",
    "Subnet",
    "VirtualNetworkSite",
    "VPNGatewayAddress",
)


# The validator's four records (Subject, NetworkSubject, Problem, Rule) are named tuples, not
# dataclasses: every 'netcfg validate' makes these classes at import, and a frozen dataclass's
# __init__, __setattr__ and __delattr__ are compiled from generated source each time (about a third
# of a millisecond a class on Python 3.11, even with netcfg.values); a named tuple is immutable for
# a third of that. The model's values, which users build and compare, stay frozen dataclasses.


class Subject(NamedTuple):
    """One parsed file: its document (as found, any namespace) and the model read from it leniently.

    Made with :meth:`of`, which works out once per file what the rules all need.
    """

    root: etree._Element
    model: NetworkConfiguration
    kind: str  # "netcfg", or "topology": a few rules are stricter about what becomes new files
    namespace: str  # the root's "{...}" prefix, or ""
    local_sites: dict[str, LocalNetworkSite]
    address_prefixes: list[tuple[etree._Element, str, Prefix | None]]
    found: dict[str, list[etree._Element]]
    # For a document written from a model read from a topology: each element's line there.
    lines: Mapping[etree._Element, int]
    # The bytes the document was parsed from, when it was (a rule may settle a question on them at once).
    source: bytes | None

    @classmethod
    def of(
        cls,
        root: etree._Element,
        model: NetworkConfiguration,
        *,
        kind: str = "netcfg",
        lines: Mapping[etree._Element, int] | None = None,
        source: bytes | None = None,
    ) -> Subject:
        namespace = tag_prefix(root)
        found: dict[str, list[etree._Element]] = {name: [] for name in INDEXED}
        tags = [namespace + name for name in INDEXED]
        by_tag: dict[object, list[etree._Element]] = {tag: found[name] for tag, name in zip(tags, INDEXED)}
        for element in root.iter(*tags):  # one walk finds them all
            by_tag[element.tag].append(element)
        prefixes = [(e, text, read_prefix(text)) for e in found["AddressPrefix"] for text in (value(e),)]
        return cls(
            root=root,
            model=model,
            kind=kind,
            namespace=namespace,
            found=found,
            address_prefixes=prefixes,
            local_sites={s.name: s for s in model.local_sites},
            lines=lines or {},
            source=source,
        )

    def tag(self, name: str) -> str:
        """``name`` qualified with the document's own namespace (whatever it is)."""
        return self.namespace + name

    def elements(self, name: str) -> list[etree._Element]:
        """Every element called ``name`` in the document's own namespace, in document order.

        The names in INDEXED are found in one walk when the subject is made; any other is
        found on first use. Either way once per name: several rules ask for the same elements.
        """
        found = self.found.get(name)
        if found is None:
            found = self.found[name] = list(self.root.iter(self.tag(name)))
        return found


class NetworkSubject(NamedTuple):
    """A whole network (one file, a topology, or the files of one network across subscriptions),
    with its stand-in relation worked out, as one configuration for the routes.

    ``joined`` names a local site that several subscriptions hold ``NAME (SUBSCRIPTION)``; every
    object keeps its origin, so a finding still points at the file and line it came from.
    """

    network: NetworkSet
    kind: str  # "netcfg", or "topology": a few rules are stricter about what becomes new files
    joined: NetworkConfiguration
    local_sites: dict[str, LocalNetworkSite]  # of ``joined``, by name
    sites: dict[tuple[str, str], LocalNetworkSite]  # by (subscription, name), as each part holds it (the first)
    owners: Mapping[str, str]  # VNet -> its subscription
    vnets: dict[str, VirtualNetworkSite]  # of ``joined``, by name (the first of each)
    # The static routes, shared by the routing rules so that each route is followed once; made on
    # first use (a network without tunnels routes nothing, and a small file then does not even load
    # netcfg.model.reach). A list, so that an immutable subject can hold what it makes later.
    made: list[Router]
    # gateways.json: each VNet's gateway VIP, when given (validate --gateways).
    addresses: Mapping[str, IPv4Address] | None

    @classmethod
    def of(
        cls, network: NetworkSet, *, kind: str = "netcfg", addresses: Mapping[str, IPv4Address] | None = None
    ) -> NetworkSubject:
        joined = network.joined()
        sites: dict[tuple[str, str], LocalNetworkSite] = {}
        for part in network.parts:
            for site in part.config.local_sites:
                sites.setdefault((part.subscription.name, site.name), site)
        return cls(
            network=network,
            kind=kind,
            joined=joined,
            local_sites={s.name: s for s in joined.local_sites},
            sites=sites,
            owners=network.owners(),
            vnets=first_by_name(joined.vnets),
            made=[],
            addresses=addresses,
        )

    @property
    def router(self) -> Router:
        if not self.made:
            from netcfg.model.reach import Router  # deferred (netcfg.deferred): routes need it, plain files do not

            self.made.append(Router(self.joined))
        return self.made[0]

    def where(self, vnet: str) -> str:
        """`` (SUBSCRIPTION)`` after a VNet's name when the network spans subscriptions, else nothing."""
        return self.network.named_in(self.owners[vnet]) if vnet in self.owners else ""


class Problem(NamedTuple):
    """What a rule found: where (an element, e.g. a model object's ``origin``) and what to say.

    ``severity`` overrides the rule's own, for rules with a warning and an error band.
    """

    where: Located | None  # an element, or a model object's origin (an element, or a topology Position)
    message: str
    severity: Severity | None = None
    hints: tuple[Hint, ...] = ()  # what would settle it (an option and its values), spelled by each report


Check = Callable[[Subject], Iterator[Problem]]
NetworkCheck = Callable[[NetworkSubject], Iterator[Problem]]
Scope = Literal["file", "network", "pipeline"]


class Rule(NamedTuple):
    """A registered rule: its stable ID, severity, one-line summary, scope, check, and the docstring with examples."""

    id: str
    severity: Severity
    summary: str
    scope: Scope
    doc: str
    check: Check | None = None  # scope "file"
    network_check: NetworkCheck | None = None  # scope "network"

    @property
    def name(self) -> str:  # the registry's key
        return self.id

    def describe(self) -> str:
        return f"{self.id} ({self.severity}): {self.summary}\n\n{self.doc}"


REGISTRY: Registry[Rule] = Registry("rule")


def rule(id: str, severity: Severity, summary: str) -> Callable[[Check], Check]:
    """Register the decorated function as the check of file-scope rule ``id``."""

    def register(check: Check) -> Check:
        REGISTRY.add(Rule(id=id, severity=severity, summary=summary, scope="file", check=check, doc=_dedent(check.__doc__)))
        return check

    return register


def network_rule(id: str, severity: Severity, summary: str) -> Callable[[NetworkCheck], NetworkCheck]:
    """Register the decorated function as the check of network-scope rule ``id`` (see the module)."""

    def register(check: NetworkCheck) -> NetworkCheck:
        REGISTRY.add(
            Rule(id=id, severity=severity, summary=summary, scope="network", network_check=check, doc=_dedent(check.__doc__))
        )
        return check

    return register


def pipeline_rule(id: str, severity: Severity, summary: str, doc: str) -> Rule:
    """Register a rule the pipeline reports itself (a file that does not parse, say)."""
    return REGISTRY.add(Rule(id=id, severity=severity, summary=summary, scope="pipeline", doc=_dedent(doc)))


def _dedent(doc: str | None) -> str:
    import inspect

    return inspect.cleandoc(doc or "")


ERROR = Severity.ERROR
WARNING = Severity.WARNING
