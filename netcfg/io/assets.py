"""The one module that knows where netcfg's shipped files live (``netcfg.schemas``, ``netcfg.templates``).

Both are top-level folders of the source tree, installed as sub-packages; see setup.cfg.
"""

from __future__ import annotations

import pkgutil
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from netcfg.errors import NetcfgError

if TYPE_CHECKING:
    import jinja2

SCHEMA_FILE = "NetworkConfiguration.xsd"
TOPOLOGY_SCHEMA_FILE = "topology.schema.json"


def topology_schema_bytes() -> bytes:
    """The JSON Schema of the topology format (for editors: taplo, Even Better TOML)."""
    data = pkgutil.get_data("netcfg.schemas", TOPOLOGY_SCHEMA_FILE)
    if data is None:
        raise NetcfgError(f"the installed netcfg cannot read its {TOPOLOGY_SCHEMA_FILE}; reinstall it with pip")
    return data


def schema_bytes() -> bytes:
    """The bytes of our reconstructed NetworkConfiguration XSD."""
    # pkgutil rather than importlib.resources: the same answer for a package on disk, without
    # importing tempfile (as importlib.resources does) into every 'netcfg validate'.
    try:
        data = pkgutil.get_data("netcfg.schemas", SCHEMA_FILE)
    except (FileNotFoundError, ModuleNotFoundError) as exc:
        raise NetcfgError(f"the installed netcfg has no {SCHEMA_FILE}; reinstall it with pip ({exc})") from exc
    if data is None:
        raise NetcfgError(f"the installed netcfg cannot read its {SCHEMA_FILE}; reinstall it with pip")
    return data


def template_environment(*, finalize: Callable[[Any], Any] | None = None) -> jinja2.Environment:
    """A Jinja environment over the shipped templates: strict about undefined names, no HTML escaping;
    ``finalize`` sees every value a template writes (a language's guard against unquoted values)."""
    import jinja2  # deferred (netcfg.deferred): only the renderers need Jinja2

    return jinja2.Environment(
        finalize=finalize,
        loader=jinja2.PackageLoader("netcfg.templates", "."),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
