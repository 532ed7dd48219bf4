"""The network as a Mermaid flowchart (renders in GitHub, GitLab and most Markdown viewers):
the same picture as the DOT graph, with generated node IDs since names may hold anything."""

from __future__ import annotations

from netcfg.model import LocalNetworkSite
from netcfg.model.subscriptions import NetworkSet
from netcfg.model.overview import boxes, overview, site_caption, tunnel_caption, vnet_caption
from netcfg.render import DEFAULT_OPTIONS, RenderOptions
from netcfg.render.graph_dot import ERROR, WARNING

# Mermaid reads '#name;' as an entity, so '#' goes first; quotes and angle brackets would end labels.
# '%' because Mermaid looks for '%%{...}%%' init directives, and cuts '%%' comments, anywhere in the
# text, labels included (directiveRegex and anyCommentRegex, mermaid-js/mermaid
# packages/mermaid/src/diagram-api/regexes.ts@1fc5bb34): a VNet named 'x%%{init: {...}}%%' would
# restyle the picture or load a URL. '`' starts a Markdown label.
_ENTITIES = (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("%", "#37;"), ("`", "#96;"))


# The same meanings as the DOT picture's legend, with a sample of each colour.
LEGEND = [
    '  subgraph legend["Legend"]',
    '    lgv["thick box: a VNet"]',
    '    lg["thin box: a local site<br/>dotted line: the site stands in for that VNet'
    "<br/>two-headed arrow: a tunnel, labelled with the two sites it goes through"
    "<br/>one-headed arrow: from the gateway that connects, to an on-premises site (whose device the file does not show),"
    ' or to a VNet that does not connect back"]',
    '    lgp["orange, dashed: a placeholder gateway address, or a one-way tunnel"]',
    '    lge["red: an error (a site that does not exist, a VNet connected to its own stand-in)"]',
    "  end",
]


def label(text: object) -> str:
    """``text`` as a quoted Mermaid label; newlines become line breaks."""
    value = str(text)
    for raw, entity in _ENTITIES:
        value = value.replace(raw, entity)
    return '"' + value.replace("\r", "").replace("\n", "<br/>") + '"'


def render(network: NetworkSet, options: RenderOptions = DEFAULT_OPTIONS) -> bytes:
    """The whole network as a Mermaid flowchart; across subscriptions, a box per subscription."""
    view = overview(network.joined())
    ids: dict[str, str] = {}

    def node(key: str, prefix: str) -> str:
        return ids.setdefault(key, f"{prefix}{len(ids)}")

    lines = ["flowchart LR"]
    placeholder_nodes, missing_nodes, error_links, vnet_nodes = [], [], [], ["lgv"]
    links = 0  # Mermaid styles a link by its number, in the order links are written

    def site_line(site: LocalNetworkSite) -> str:
        if site.name in view.placeholders:
            placeholder_nodes.append(node("site:" + site.name, "s"))
        caption = site_caption(site, placeholder=site.name in view.placeholders)
        return f"    {node('site:' + site.name, 's')}[{label(caption)}]"

    def stand_in(site: LocalNetworkSite) -> list[str]:
        # The caption says whom the site stands in for: the line needs no label.
        return [site_line(site), f"    {node('site:' + site.name, 's')} -.- {node('vnet:' + str(site.mirrors), 'v')}"]

    # Across subscriptions, each subscription's regions inside its own box, with the stand-ins it
    # uploads for another subscription's VNets. Mermaid puts a node in the subgraph where it is first
    # named, so the lines from those stand-ins to VNets in other boxes come after every box.
    later: list[str] = []
    for index, box in enumerate(boxes(network, view)):
        if box.subscription is not None:
            lines.append(f"  subgraph sub{index}[{label('Subscription ' + box.subscription)}]")
        for number, region, stand_ins in box.regions:
            lines.append(f"  subgraph r{number}[{label(region.label)}]")
            for vnet in region.vnets:
                vnet_nodes.append(node("vnet:" + vnet.name, "v"))
                lines.append(f"    {vnet_nodes[-1]}[{label(vnet_caption(vnet))}]")
            for site in stand_ins:
                lines += stand_in(site)
                links += 1
            lines.append("  end")
        for site in box.visiting:
            site_node, line = stand_in(site)
            lines.append(site_node)
            later.append(line)
        if box.subscription is not None:
            lines.append("  end")
    lines += later
    links += len(later)
    if view.on_premises:
        lines.append(f"  subgraph onprem[{label('On premises')}]")
        lines += [site_line(site) for site in view.on_premises]
        lines.append("  end")
    for tunnel in view.tunnels:
        a, b = tunnel.ends
        source, caption = node("vnet:" + a, "v"), label(tunnel_caption(tunnel))
        if tunnel.target_kind == "unknown":
            missing = node("missing:" + b, "m")
            missing_nodes.append(missing)
            lines.append(f"  {missing}[{label(b + chr(10) + 'no such local site')}]")
            lines.append(f"  {source} -->|{caption}| {missing}")
            error_links.append(links)
        elif tunnel.target_kind in ("site", "self"):
            lines.append(f"  {source} -->|{caption}| {node('site:' + b, 's')}")
            if tunnel.target_kind == "self":
                error_links.append(links)
        elif tunnel.both_ways:
            lines.append(f"  {source} <-->|{caption}| {node('vnet:' + b, 'v')}")
        else:
            lines.append(f"  {source} -.->|{caption}| {node('vnet:' + b, 'v')}")
        links += 1
    lines += LEGEND
    lines.append(f"  classDef placeholder stroke:{WARNING},stroke-dasharray:4,color:{WARNING}")
    lines.append(f"  classDef missing stroke:{ERROR},stroke-width:2px,color:{ERROR}")
    lines.append("  classDef vnet stroke-width:3px")
    lines.append(f"  class {','.join(vnet_nodes)} vnet")
    placeholder_nodes.append("lgp")
    missing_nodes.append("lge")
    lines.append(f"  class {','.join(dict.fromkeys(placeholder_nodes))} placeholder")
    lines.append(f"  class {','.join(dict.fromkeys(missing_nodes))} missing")
    if error_links:
        lines.append(f"  linkStyle {','.join(map(str, error_links))} stroke:{ERROR},stroke-width:2px,color:{ERROR}")
    return ("\n".join(lines) + "\n").encode("utf-8")
