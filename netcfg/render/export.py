"""Leave the classic platform: the network as Bicep or as Az PowerShell (see :mod:`netcfg.render.arm`).

Both come from one ARM plan, so the two exports always describe the same resources. Every
value enters through a quoting filter for its language; shared keys are parameters only.
"""

from __future__ import annotations

from typing import Any

from netcfg import __version__
from netcfg.model import NetworkConfiguration
from netcfg.render import arm
from netcfg.render.runbook import ps_literal, script_bytes
from netcfg.resources import template_environment

_BICEP_ESCAPES = (("\\", "\\\\"), ("'", "\\'"), ("${", "\\${"), ("\r", "\\r"), ("\n", "\\n"), ("\t", "\\t"))


def bicep_literal(value: object) -> str:
    """``value`` as a single-quoted Bicep string (no interpolation can start inside it)."""
    text = str(value)
    for raw, escaped in _BICEP_ESCAPES:
        text = text.replace(raw, escaped)
    return f"'{text}'"


def comment_text(value: object) -> str:
    """``value`` safe inside a line comment or a PowerShell help block: one line, no block end."""
    return " ".join(str(value).split()).replace("#>", "# >").replace("*/", "* /")


def _render(template: str, config: NetworkConfiguration, peering: bool) -> str:
    environment = template_environment()
    environment.filters.update(bicep=bicep_literal, ps=ps_literal, comment=comment_text)
    context: dict[str, Any] = {"version": __version__, "api_version": arm.API_VERSION, "peering": peering,
                               "plan": arm.plan(config, peering=peering)}
    return environment.get_template(template).render(context)


def render_bicep(config: NetworkConfiguration, *, peering: bool = False) -> bytes:
    return _render("export/main.bicep.j2", config, peering).encode("utf-8")


def render_az_powershell(config: NetworkConfiguration, *, peering: bool = False) -> bytes:
    return script_bytes(_render("export/az.ps1.j2", config, peering))
