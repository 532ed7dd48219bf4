"""The network as a Graphviz DOT graph: a cluster per region, stand-in sites beside the VNet they
mirror, on-premises sites apart, one edge per tunnel labelled with the sites it goes through;
placeholders and one-way tunnels in orange, errors in red, and a legend that says so."""

from __future__ import annotations

from netcfg.model import LocalNetworkSite
from netcfg.model.subscriptions import NetworkSet
from netcfg.model.overview import Overview, Region, Tunnel, boxes, overview, site_caption, tunnel_caption, vnet_caption
from netcfg.render import DEFAULT_OPTIONS, RenderOptions

WARNING = "#d97706"  # placeholders and one-way tunnels
ERROR = "#dc2626"  # references to sites that do not exist, a VNet connected to its own stand-in

LEGEND = f"""  subgraph cluster_legend {{
    label="Legend"; style=dashed; fontsize=9;
    legend [shape=plaintext, fontsize=9, label=<<table border="0" cellspacing="1">
      <tr><td align="left"><b>thick box</b>: a VNet; thin box: a local site</td></tr>
      <tr><td align="left">dotted line: the site stands in for that VNet</td></tr>
      <tr><td align="left">two-headed arrow: a tunnel, labelled with the two sites it goes through</td></tr>
      <tr><td align="left">one-headed arrow: from the gateway that connects, to an on-premises site (whose device the file does not show), or to a VNet that does not connect back</td></tr>
      <tr><td align="left"><font color="{WARNING}">orange, dashed</font>: a placeholder gateway address, or a one-way tunnel</td></tr>
      <tr><td align="left"><font color="{ERROR}">red</font>: an error (a site that does not exist, a VNet connected to its own stand-in)</td></tr>
    </table>>];
  }}"""


# Graphviz's scanner refuses a quoted string longer than 16,384 bytes ("longer than 16384?"), so a
# long name is written as pieces joined by DOT's '+', which the parser puts back together whole.
# 2,000 characters of UTF-8, each escaped to at most two, stay far below that.
_PIECE = 2000


def quote(text: object) -> str:
    """``text`` as a DOT double-quoted string (newlines become line breaks in labels)."""
    raw = str(text)
    pieces = [raw[start : start + _PIECE] for start in range(0, len(raw), _PIECE)] or [""]
    return " + ".join(f'"{_escape(piece)}"' for piece in pieces)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "\\n")


def _site_node(site: LocalNetworkSite, why: str | None, indent: str) -> str:
    style = f', color="{WARNING}", fontcolor="{WARNING}", style="rounded,dashed"' if why else ""
    caption = site_caption(site, placeholder=why is not None)
    return f"{indent}{quote('site:' + site.name)} [label={quote(caption)}, shape=box{style}];"


def _stand_in(site: LocalNetworkSite, view: Overview, indent: str) -> list[str]:
    # The site's caption says whom it stands in for: the line needs no label of its own.
    return [
        _site_node(site, view.placeholders.get(site.name), indent),
        f"{indent}{quote('site:' + site.name)} -> {quote('vnet:' + str(site.mirrors))} [style=dotted, arrowhead=none];",
    ]


def _region(number: int, region: Region, stand_ins: list[LocalNetworkSite], view: Overview, indent: str) -> list[str]:
    lines = [f"{indent}subgraph cluster_{number} {{", f"{indent}  label={quote(region.label)};"]
    for vnet in region.vnets:
        lines.append(f"{indent}  {quote('vnet:' + vnet.name)} [label={quote(vnet_caption(vnet))}, penwidth=2];")
    for site in stand_ins:
        lines += _stand_in(site, view, indent + "  ")
    lines.append(f"{indent}}}")
    return lines


def _regions(network: NetworkSet, view: Overview) -> list[str]:
    """A cluster per region; across subscriptions, inside a cluster per subscription, with the stand-ins
    each subscription uploads for another's VNets in its own cluster."""
    lines = []
    for index, box in enumerate(boxes(network, view)):
        indent = "    " if box.subscription is not None else "  "
        if box.subscription is not None:
            lines += [
                f"  subgraph cluster_subscription_{index} {{",
                f"    label={quote('Subscription ' + box.subscription)};",
                '    style=bold; color="#475569";',
            ]
        lines += [line for number, region, stand_ins in box.regions for line in _region(number, region, stand_ins, view, indent)]
        lines += [line for site in box.visiting for line in _stand_in(site, view, indent)]
        if box.subscription is not None:
            lines.append("  }")
    return lines


def _on_premises(view: Overview) -> list[str]:
    lines = []
    if view.on_premises:
        lines.append("  subgraph cluster_on_premises {")
        lines.append('    label="On premises"; style=dashed;')
        lines += [_site_node(site, view.placeholders.get(site.name), "    ") for site in view.on_premises]
        lines.append("  }")
    return lines


def _edge(tunnel: Tunnel) -> list[str]:
    a, b = tunnel.ends
    label = quote(tunnel_caption(tunnel))
    if tunnel.target_kind == "unknown":
        return [
            f"  {quote('missing:' + b)} [label={quote(b + chr(10) + 'no such local site')},"
            f' color="{ERROR}", fontcolor="{ERROR}", style="rounded,bold"];',
            f'  {quote("vnet:" + a)} -> {quote("missing:" + b)} [color="{ERROR}", fontcolor="{ERROR}", label={label}];',
        ]
    if tunnel.target_kind == "self":
        return [
            f'  {quote("vnet:" + a)} -> {quote("site:" + b)} [color="{ERROR}", fontcolor="{ERROR}", penwidth=2, label={label}];'
        ]
    if tunnel.target_kind == "site":
        return [f"  {quote('vnet:' + a)} -> {quote('site:' + b)} [label={label}];"]
    style = "dir=both" if tunnel.both_ways else f'color="{WARNING}", fontcolor="{WARNING}", style=dashed'
    return [f"  {quote('vnet:' + a)} -> {quote('vnet:' + b)} [{style}, label={label}];"]


def render(network: NetworkSet, options: RenderOptions = DEFAULT_OPTIONS) -> bytes:
    """The whole network as one picture; across subscriptions, a box per subscription around its regions."""
    view = overview(network.joined())
    lines = [
        "digraph netcfg {",
        '  graph [rankdir=LR, fontname="Helvetica", fontsize=11, compound=true];',
        '  node [shape=box, style=rounded, fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=9];',
        *_regions(network, view),
        *_on_premises(view),
    ]
    for tunnel in view.tunnels:
        lines += _edge(tunnel)
    lines.append(LEGEND)
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")
