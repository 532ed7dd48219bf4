"""What a rule is, what it looks at, and what it says.

A rule is one function with a stable kebab-case ID, a severity, a one-line summary and a
docstring with a passing and a failing example (``netcfg rules ID`` prints it). It receives a
:class:`Subject` and yields :class:`Problem` values; it never raises on bad input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from ipaddress import IPv4Interface

from lxml import etree

from netcfg.findings import Severity
from netcfg.model import LocalNetworkSite, NetworkConfiguration, read_prefix
from netcfg.model.network import Located
from netcfg.model.reach import Router
from netcfg.io.xml_reader import tag_prefix, value
from netcfg.registry import Registry


# The elements the rules ask for by name.
INDEXED = ("AddressPrefix", "DnsServer", "DnsServerRef", "LocalNetworkSite", "LocalNetworkSiteRef", "Subnet",
           "VirtualNetworkSite", "VPNGatewayAddress")


@dataclass(frozen=True, kw_only=True, slots=True)
class Subject:
    """One parsed file: its document (as found, any namespace) and the model read from it leniently.

    Made with :meth:`of`, which works out once per file what the rules all need.
    """

    root: etree._Element
    model: NetworkConfiguration
    kind: str  # "netcfg", or "topology": a few rules are stricter about what becomes new files
    namespace: str  # the root's "{...}" prefix, or ""
    local_sites: dict[str, LocalNetworkSite]
    address_prefixes: list[tuple[etree._Element, str, IPv4Interface | None]]
    found: dict[str, list[etree._Element]] = field(repr=False)
    # For a document written from a model read from a topology: each element's line there.
    lines: Mapping[etree._Element, int] = field(default_factory=dict, repr=False)
    # The static routes, shared by the routing rules so that each route is followed once.
    router: Router = field(repr=False)

    @classmethod
    def of(cls, root: etree._Element, model: NetworkConfiguration, *, kind: str = "netcfg",
           lines: Mapping[etree._Element, int] | None = None) -> Subject:
        namespace = tag_prefix(root)
        found: dict[str, list[etree._Element]] = {name: [] for name in INDEXED}
        tags = [namespace + name for name in INDEXED]
        by_tag: dict[object, list[etree._Element]] = {tag: found[name] for tag, name in zip(tags, INDEXED)}
        for element in root.iter(*tags):  # one walk finds them all
            by_tag[element.tag].append(element)
        prefixes = [(e, text, read_prefix(text)) for e in found["AddressPrefix"] for text in (value(e),)]
        return cls(root=root, model=model, kind=kind, namespace=namespace, found=found, address_prefixes=prefixes,
                   local_sites={s.name: s for s in model.local_sites}, lines=lines or {}, router=Router(model))

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


@dataclass(frozen=True, slots=True)
class Problem:
    """What a rule found: where (an element, e.g. a model object's ``origin``) and what to say.

    ``severity`` overrides the rule's own, for rules with a warning and an error band.
    """

    where: Located | None  # an element, or a model object's origin (an element, or a topology Position)
    message: str
    severity: Severity | None = None


Check = Callable[[Subject], Iterator[Problem]]


@dataclass(frozen=True, kw_only=True)
class Rule:
    """A registered rule: its stable ID, severity, one-line summary, check, and the docstring with examples."""

    id: str
    severity: Severity
    summary: str
    check: Check | None  # None: reported by the pipeline itself (xml-syntax, xsd)
    doc: str

    @property
    def name(self) -> str:  # the registry's key
        return self.id

    def describe(self) -> str:
        return f"{self.id} ({self.severity}): {self.summary}\n\n{self.doc}"


REGISTRY: Registry[Rule] = Registry("rule")


def rule(id: str, severity: Severity, summary: str) -> Callable[[Check], Check]:
    """Register the decorated function as the check of rule ``id``."""

    def register(check: Check) -> Check:
        REGISTRY.add(Rule(id=id, severity=severity, summary=summary, check=check, doc=_dedent(check.__doc__)))
        return check

    return register


def _dedent(doc: str | None) -> str:
    import inspect

    return inspect.cleandoc(doc or "")


ERROR = Severity.ERROR
WARNING = Severity.WARNING
