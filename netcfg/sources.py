"""Any input file as the model: a ``.netcfg`` (XML) or a topology (TOML), told apart by content.

This is the strict door used by commands that write something new from their input (render,
runbook, ...): a file that breaks the schema or holds a value the model cannot take is refused
with its line, never half-read. ``netcfg validate`` is the forgiving door that reports everything.
"""

from __future__ import annotations

from codecs import BOM_UTF8

from lxml import etree

from netcfg import parse, topology
from netcfg.errors import InputError
from netcfg.model import NetworkConfiguration
from netcfg.schema import schema_errors

def looks_like_xml(data: bytes) -> bool:
    return data.removeprefix(BOM_UTF8).lstrip().startswith(b"<")


def strict_document(data: bytes, *, file: str) -> etree._Element:
    """The root of a ``.netcfg`` that is well-formed, a NetworkConfiguration, and conforms to the schema."""
    root = parse.parse_document(data, file=file)
    problem = parse.root_problem(root)
    if problem:
        raise InputError(problem, file=file, line=root.sourceline)
    errors = schema_errors(root)
    if errors:
        more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
        raise InputError(
            f"does not match the NetworkConfiguration schema: {errors[0].message}{more};"
            f" run 'netcfg validate {file}' to see every problem",
            file=file,
            line=errors[0].line,
        )
    return root


def model_from_bytes(data: bytes, *, file: str) -> NetworkConfiguration:
    """The model held by ``data``, a ``.netcfg`` or a topology file."""
    if looks_like_xml(data):
        return parse.build_model(strict_document(data, file=file), strict=True, file=file)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"neither XML nor UTF-8 text (byte {exc.start}); expected a .netcfg or a topology .toml", file=file
        ) from None
    return topology.load(text, file=file)


def read_model(path: str) -> NetworkConfiguration:
    """The model held by the file at ``path`` (``-`` for standard input)."""
    return model_from_bytes(parse.read_bytes(path), file=path)
