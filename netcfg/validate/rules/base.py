"""What a rule is, what it looks at, and what it says.

A rule is one function with a stable kebab-case ID, a severity, a one-line summary and a
docstring with a passing and a failing example (``netcfg rules ID`` prints it). It receives a
:class:`Subject` and yields :class:`Problem` values; it never raises on bad input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from ipaddress import IPv4Interface
from typing import Any

from lxml import etree

from netcfg.findings import Severity
from netcfg.model import LocalNetworkSite, NetworkConfiguration, read_prefix
from netcfg.parse import tag_prefix, value


# The elements the rules ask for by name.
INDEXED = ("AddressPrefix", "DnsServer", "DnsServerRef", "LocalNetworkSite", "LocalNetworkSiteRef", "Subnet",
           "VirtualNetworkSite", "VPNGatewayAddress")


@dataclass(frozen=True, slots=True)
class Subject:
    """One parsed file: its document (as found, any namespace) and the model read from it leniently."""

    root: etree._Element
    model: NetworkConfiguration
    kind: str = "netcfg"  # or "topology": a few rules are stricter about what becomes new files
    # Worked out once per file, for the rules that all need them.
    local_sites: dict[str, LocalNetworkSite] = field(init=False)
    address_prefixes: list[tuple[etree._Element, str, IPv4Interface | None]] = field(init=False)
    _namespace: str = field(init=False, repr=False)
    _found: dict[str, list[etree._Element]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_namespace", tag_prefix(self.root))
        found: dict[str, list[etree._Element]] = {name: [] for name in INDEXED}
        by_tag = {self.tag(name): found[name] for name in INDEXED}
        for element in self.root.iter(*by_tag):  # one walk finds them all
            by_tag[element.tag].append(element)
        object.__setattr__(self, "_found", found)
        object.__setattr__(self, "local_sites", {s.name: s for s in self.model.local_sites})
        texts = ((e, value(e)) for e in self.elements("AddressPrefix"))
        object.__setattr__(self, "address_prefixes", [(e, text, read_prefix(text)) for e, text in texts])

    def tag(self, name: str) -> str:
        """``name`` qualified with the document's own namespace (whatever it is)."""
        return self._namespace + name

    def elements(self, name: str) -> list[etree._Element]:
        """Every element called ``name`` in the document's own namespace, in document order.

        The names in INDEXED are found in one walk when the subject is made; any other is
        found on first use. Either way once per name: several rules ask for the same elements.
        """
        found = self._found.get(name)
        if found is None:
            found = self._found[name] = list(self.root.iter(self.tag(name)))
        return found


@dataclass(frozen=True, slots=True)
class Problem:
    """What a rule found: where (an element, e.g. a model object's ``origin``) and what to say.

    ``severity`` overrides the rule's own, for rules with a warning and an error band.
    """

    where: etree._Element | None
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

    def describe(self) -> str:
        return f"{self.id} ({self.severity}): {self.summary}\n\n{self.doc}"


REGISTRY: dict[str, Rule] = {}


def rule(id: str, severity: Severity, summary: str) -> Callable[[Any], Any]:
    """Register the decorated function as the check of rule ``id``."""

    def register(check: Any) -> Any:
        if id in REGISTRY:
            raise RuntimeError(f"rule {id!r} is defined twice")
        REGISTRY[id] = Rule(id=id, severity=severity, summary=summary, check=check, doc=_dedent(check.__doc__))
        return check

    return register


def _dedent(doc: str | None) -> str:
    import inspect

    return inspect.cleandoc(doc or "")


ERROR = Severity.ERROR
WARNING = Severity.WARNING
