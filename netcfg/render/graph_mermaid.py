"""The network as a Mermaid flowchart (renders in GitHub, GitLab and most Markdown viewers):
the same picture as the DOT graph, with generated node IDs since names may hold anything."""

from __future__ import annotations

from netcfg.model import LocalNetworkSite, NetworkConfiguration
from netcfg.render import DEFAULT_OPTIONS, RenderOptions
from netcfg.model.overview import overview, site_caption, vnet_caption

# Mermaid reads '#name;' as an entity, so '#' goes first; quotes and angle brackets would end labels.
# '%' because Mermaid looks for '%%{...}%%' init directives, and cuts '%%' comments, anywhere in the
# text, labels included (directiveRegex and anyCommentRegex, mermaid-js/mermaid
# packages/mermaid/src/diagram-api/regexes.ts@1fc5bb34): a VNet named 'x%%{init: {...}}%%' would
# restyle the picture or load a URL. '`' starts a Markdown label.
_ENTITIES = (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("%", "#37;"), ("`", "#96;"))


def label(text: object) -> str:
    """``text`` as a quoted Mermaid label; newlines become line breaks."""
    value = str(text)
    for raw, entity in _ENTITIES:
        value = value.replace(raw, entity)
    return '"' + value.replace("\r", "").replace("\n", "<br/>") + '"'


def render(config: NetworkConfiguration, options: RenderOptions = DEFAULT_OPTIONS) -> bytes:
    view = overview(config)
    ids: dict[str, str] = {}

    def node(key: str, prefix: str) -> str:
        return ids.setdefault(key, f"{prefix}{len(ids)}")

    lines = ["flowchart LR"]
    placeholder_nodes, missing_nodes = [], []

    def site_line(site: LocalNetworkSite) -> str:
        if site.name in view.placeholders:
            placeholder_nodes.append(node("site:" + site.name, "s"))
        caption = site_caption(site, placeholder=site.name in view.placeholders)
        return f"    {node('site:' + site.name, 's')}[{label(caption)}]"

    for number, region in enumerate(view.regions):
        lines.append(f"  subgraph r{number}[{label(region.label)}]")
        for vnet in region.vnets:
            lines.append(f"    {node('vnet:' + vnet.name, 'v')}[{label(vnet_caption(vnet))}]")
        for site in region.stand_ins:
            lines.append(site_line(site))
            lines.append(f"    {node('site:' + site.name, 's')} -.-|stands in for| {node('vnet:' + str(site.mirrors), 'v')}")
        lines.append("  end")
    if view.on_premises:
        lines.append(f"  subgraph onprem[{label('On premises')}]")
        lines += [site_line(site) for site in view.on_premises]
        lines.append("  end")
    for tunnel in view.tunnels:
        a, b = tunnel.ends
        source = node("vnet:" + a, "v")
        kind = label(tunnel.connection_type)[1:-1]
        if tunnel.target_kind == "unknown":
            missing = node("missing:" + b, "m")
            missing_nodes.append(missing)
            lines.append(f"  {missing}[{label(b + chr(10) + 'no such local site')}]")
            lines.append(f"  {source} -->|{kind}| {missing}")
        elif tunnel.target_kind == "site":
            lines.append(f"  {source} -->|{kind}| {node('site:' + b, 's')}")
        elif tunnel.both_ways:
            lines.append(f"  {source} <-->|{kind}| {node('vnet:' + b, 'v')}")
        else:
            lines.append(f"  {source} -.->|{kind} one-way| {node('vnet:' + b, 'v')}")
    lines.append("  classDef placeholder stroke:#d97706,stroke-dasharray:4,color:#d97706")
    lines.append("  classDef missing stroke:#dc2626,stroke-width:2px,color:#dc2626")
    if placeholder_nodes:
        lines.append(f"  class {','.join(dict.fromkeys(placeholder_nodes))} placeholder")
    if missing_nodes:
        lines.append(f"  class {','.join(dict.fromkeys(missing_nodes))} missing")
    return ("\n".join(lines) + "\n").encode("utf-8")
