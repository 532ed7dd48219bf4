"""The checks that stand between a command and the file it writes.

A runbook or an ARM export of a network with errors would fail half-way in Azure; a merge
that introduces an error would be uploaded over a whole subscription. These functions refuse
(:class:`RefusedError`) before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from netcfg import edit, parse, sources
from netcfg.errors import InputError, RefusedError
from netcfg.findings import Severity
from netcfg.model import NetworkConfiguration
from netcfg.render import RENDERERS
from netcfg.validate import validate_bytes


@dataclass(frozen=True)
class Document:
    """An existing ``.netcfg`` read strictly: its bytes (to keep), its root element and its model."""

    path: str
    data: bytes
    root: etree._Element
    model: NetworkConfiguration

    @classmethod
    def read(cls, path: str) -> Document:
        return cls.parse(path, parse.read_bytes(path))

    @classmethod
    def parse(cls, path: str, data: bytes) -> Document:
        """The document held by ``data``, read from ``path``."""
        if parse.input_kind(data, file=path) == "topology":
            raise InputError("is a topology; only a .netcfg can be edited in place (write one with 'netcfg render')",
                             file=path)
        root = sources.strict_document(data, file=path)
        return cls(path=path, data=data, root=root, model=parse.build_model(root, file=path))


def errors_in(data: bytes) -> set[tuple[str, str]]:
    """``(rule, message)`` of every error finding in a ``.netcfg``."""
    return {(f.rule, f.message) for f in validate_bytes(data) if f.severity is Severity.ERROR}


def refuse_errors(config: NetworkConfiguration, *, writing: str) -> None:
    """Refuse to write ``writing`` (say, "a runbook") for a network whose ``.netcfg`` has errors."""
    found = sorted(errors_in(RENDERERS["netcfg"].render(config)))
    if found:
        rule, message = found[0]
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise RefusedError(f"the network has errors, so no {writing} was written: [{rule}] {message}{more};"
                           " 'netcfg validate' on the .netcfg lists them all")


def checked_merge(base: Document, addition: NetworkConfiguration) -> bytes:
    """BASE with ``addition`` merged in (see :func:`netcfg.edit.merge`), refused if the result has
    errors BASE did not have, such as a new VNet overlapping a site it connects to."""
    merged = edit.merge(base.data, base.root, base.model, addition, file=base.path)
    new_errors = sorted(errors_in(merged) - errors_in(base.data))
    if new_errors:
        rule, message = new_errors[0]
        raise RefusedError(f"merging into {base.path} would give errors, so nothing was written: [{rule}] {message}")
    return merged
