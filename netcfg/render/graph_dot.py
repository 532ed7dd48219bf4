"""The network as a Graphviz DOT graph: a cluster per region, stand-in sites beside the VNet they
mirror, on-premises sites apart, one edge per tunnel; placeholders and unknown sites in colour."""

from __future__ import annotations

from netcfg.model import LocalNetworkSite, NetworkConfiguration
from netcfg.render import DEFAULT_OPTIONS, RenderOptions
from netcfg.model.overview import overview, site_caption, vnet_caption

WARNING = "#d97706"  # placeholders and one-way tunnels
ERROR = "#dc2626"  # references to sites that do not exist


def quote(text: object) -> str:
    """``text`` as a DOT double-quoted string (newlines become line breaks in labels)."""
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "\\n")
    return f'"{escaped}"'


def _site_node(site: LocalNetworkSite, why: str | None, indent: str) -> str:
    style = f', color="{WARNING}", fontcolor="{WARNING}", style="rounded,dashed"' if why else ""
    caption = site_caption(site, placeholder=why is not None)
    return f"{indent}{quote('site:' + site.name)} [label={quote(caption)}, shape=box{style}];"


def render(config: NetworkConfiguration, options: RenderOptions = DEFAULT_OPTIONS) -> bytes:
    view = overview(config)
    lines = [
        "digraph netcfg {",
        '  graph [rankdir=LR, fontname="Helvetica", fontsize=11, compound=true];',
        '  node [shape=box, style=rounded, fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    for number, region in enumerate(view.regions):
        lines.append(f"  subgraph cluster_{number} {{")
        lines.append(f"    label={quote(region.label)};")
        for vnet in region.vnets:
            lines.append(f"    {quote('vnet:' + vnet.name)} [label={quote(vnet_caption(vnet))}, penwidth=2];")
        for site in region.stand_ins:
            lines.append(_site_node(site, view.placeholders.get(site.name), "    "))
            lines.append(f"    {quote('site:' + site.name)} -> {quote('vnet:' + str(site.mirrors))}"
                         ' [style=dotted, arrowhead=none, label="stands in for"];')
        lines.append("  }")
    if view.on_premises:
        lines.append("  subgraph cluster_on_premises {")
        lines.append('    label="On premises"; style=dashed;')
        lines += [_site_node(site, view.placeholders.get(site.name), "    ") for site in view.on_premises]
        lines.append("  }")
    for tunnel in view.tunnels:
        a, b = tunnel.ends
        if tunnel.target_kind == "unknown":
            lines.append(f"  {quote('missing:' + b)} [label={quote(b + chr(10) + 'no such local site')},"
                         f' color="{ERROR}", fontcolor="{ERROR}", style="rounded,bold"];')
            target, attributes = "missing:" + b, f'color="{ERROR}", label={quote(tunnel.connection_type)}'
        elif tunnel.target_kind == "site":
            target, attributes = "site:" + b, f"label={quote(tunnel.connection_type)}"
        else:
            target = "vnet:" + b
            attributes = f"dir=both, label={quote(tunnel.connection_type)}" if tunnel.both_ways else (
                f'label={quote(tunnel.connection_type + " (one-way)")}, color="{WARNING}", style=dashed')
        lines.append(f"  {quote('vnet:' + a)} -> {quote(target)} [{attributes}];")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")
