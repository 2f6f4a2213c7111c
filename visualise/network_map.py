"""Draw a view as one HTML file that works offline: vis-network (from the pyvis package)
inlined, nodes coloured and shaped by kind, sized by centrality, with search, filters,
escaped tooltips, a details panel, and PNG and SVG export.

A large view opens folded: only the kinds in ``SHOWN_KINDS`` are drawn and laid out, and the
rest (findings, recommendations, practice elements, sources) are counted on the nodes they
hang from, shown when their node is clicked or their kind is ticked. The page itself
(csckg/templates/map.html.j2, map.js) draws the labels: sized by each node's importance,
most important first, never over one another (csckg/templates/map-draw.js).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import networkx as nx
import pyvis
from pyvis.network import Network
from rdflib.namespace import PROV

from csckg.export import page

from .layout import initial_positions
from .view import KINDS, LEVEL_ATTRIBUTE, evidence_levels

VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"

#: Colour and vis-network shape of each kind (colour-blind-safe palette, distinct shapes).
STYLE = {
    "project": ("#0072B2", "dot"),
    "authority": ("#E69F00", "triangle"),
    "organisation": ("#CC79A7", "square"),
    "model": ("#009E73", "diamond"),
    "element": ("#7FC9A9", "dot"),
    "evaluation": ("#56B4E9", "triangleDown"),
    "finding": ("#D55E00", "dot"),
    "recommendation": ("#8E6BBF", "star"),
    "source": ("#555555", "hexagon"),
}

#: The kinds a large map opens with; the others are folded into counts on their neighbours.
SHOWN_KINDS = ("project", "authority", "organisation", "model", "evaluation")

#: Up to this many nodes, a map (a focus view, say) opens with every kind shown.
UNFOLDED_UP_TO = 80

SIZE_MEASURES = ("degree", "betweenness")
MIN_SIZE, MAX_SIZE = 8.0, 40.0


def centrality(view: nx.Graph, measure: str = "degree") -> dict[str, float]:
    """Degree centrality, or betweenness (sampled above 1,000 nodes, fixed seed)."""
    if measure == "degree":
        return nx.degree_centrality(view)
    if measure == "betweenness":
        sample = None if len(view) <= 1000 else 300
        return nx.betweenness_centrality(view, k=sample, seed=7)
    raise ValueError(f"size by degree or betweenness, not {measure!r}")


def sizes(view: nx.Graph, measure: str = "degree") -> dict[str, float]:
    values = centrality(view, measure)
    top = max(values.values(), default=0) or 1
    return {n: round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.sqrt(v / top), 1) for n, v in values.items()}


def vis_options(count: int) -> dict:
    """vis-network options, made with pyvis: a bounded ForceAtlas2 run from the given layout
    (as Gephi lays out: clusters apart, loose nodes kept near), which leaves room for labels."""
    net = Network(directed=False)
    net.force_atlas_2based(gravity=-120, central_gravity=0.015, spring_length=100, spring_strength=0.05,
                           damping=0.4, overlap=0.6)
    options = json.loads(net.options.to_json())
    options["physics"]["stabilization"] = {"enabled": True, "iterations": 200 if count <= 1000 else 60,
                                           "updateInterval": 25, "fit": True}
    options["physics"]["minVelocity"] = 1.0
    options["layout"] = {"improvedLayout": False, "randomSeed": 7}
    options["edges"] = {"smooth": False, "color": {"color": "#b8b8b8", "highlight": "#333333"},
                        "width": 1, "selectionWidth": 2}
    options["nodes"] = {"font": {"size": 12, "face": "sans-serif"}, "borderWidth": 1}
    options["interaction"] = {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": count > 1000,
                              "hideEdgesOnZoom": count > 1000, "navigationButtons": False,
                              "keyboard": False, "multiselect": False}
    options["nodes"]["borderWidthSelected"] = 4
    options["groups"] = {kind: {"color": {"background": colour, "border": "#222222",
                                          "highlight": {"background": colour, "border": "#000000"},
                                          "hover": {"background": colour, "border": "#000000"}}, "shape": shape}
                         for kind, (colour, shape) in STYLE.items()}
    return options


def shown_kinds(view: nx.Graph) -> list[str]:
    """The kinds drawn when the page opens: all of them in a small view, else ``SHOWN_KINDS``
    (or all, when the view has none of those)."""
    present = [k for k in KINDS if any(d["kind"] == k for _, d in view.nodes(data=True))]
    folded = [k for k in present if k in SHOWN_KINDS]
    return present if len(view) <= UNFOLDED_UP_TO or not folded else folded


def _positions(view: nx.Graph, shown: list[str], size: dict[str, float]) -> dict[str, tuple[float, float]]:
    """Starting positions of the drawn nodes; a folded node starts on its biggest drawn neighbour."""
    drawn = [n for n, d in view.nodes(data=True) if d["kind"] in shown]
    positions = initial_positions(view.subgraph(drawn))
    for node in view:
        if node not in positions:
            anchors = sorted((n for n in view[node] if n in positions), key=lambda n: (-size[n], n))
            positions[node] = positions[anchors[0]] if anchors else (0.0, 0.0)
    return positions


def _reading(data: dict, end: str) -> str:
    """How a link reads from ``end``: its properties' labels, or their inverses' labels when
    stated from the other end; "" when some property has no inverse in the ontology."""
    words = [label if subject == end else inverse for subject, label, inverse in data.get("readings", [])]
    if not words:  # a projection's link reads the same from both ends
        return data.get("relation", "")
    return " / ".join(words) if all(words) else ""


def map_data(view: nx.Graph, size_by: str = "degree") -> dict:
    """The nodes, edges and filter choices the page needs, as plain JSON-ready values."""
    size = sizes(view, size_by)
    shown = shown_kinds(view)
    positions = _positions(view, shown, size)
    nodes = []
    for node, data in sorted(view.nodes(data=True)):
        x, y = positions[node]
        nodes.append({
            "id": node, "label": data["label"], "group": data["kind"], "kind": KINDS[data["kind"]],
            "x": x, "y": y, "size": size[node], "names": data.get("names", []), "facts": data.get("facts", []),
            "sources": data.get("sources", []), "models": data.get("models", []),
            "authorities": data.get("authorities", []), "level": data.get(LEVEL_ATTRIBUTE, ""),
            "direction": data.get("direction", ""), "physics": data["kind"] in shown,
        })
    edges = []
    for i, (a, b, d) in enumerate(sorted(view.edges(data=True), key=lambda e: (e[0], e[1]))):
        edges.append({
            "id": i, "from": a, "to": b, "relation": d.get("relation", ""),
            "fromWords": _reading(d, a), "toWords": _reading(d, b),
            "arrows": "" if d.get("source") not in (a, b) else ("to" if d["source"] == a else "from"),
            "width": min(1 + d.get("weight", 1) / 2, 8),
            "physics": view.nodes[a]["kind"] in shown and view.nodes[b]["kind"] in shown,
            **_provenance_style(d)})
    return {
        "nodes": nodes, "edges": edges,
        "kinds": [{"name": k, "label": KINDS[k], "colour": STYLE[k][0], "shape": STYLE[k][1], "shown": k in shown,
                   "count": sum(1 for n in nodes if n["group"] == k)} for k in KINDS],
        "models": _choices(view, "model", "models"),
        "authorities": _choices(view, "authority", "authorities"),
        "levels": evidence_levels(view),
        "sizes": [MIN_SIZE, MAX_SIZE],
        "focus": view.graph.get("focus", ""),
    }


def _provenance_style(edge: dict) -> dict:
    """Links to sources are long, dashed and faint, so the few sources do not pull every node."""
    if edge.get("property") == str(PROV.wasDerivedFrom):
        return {"dashes": True, "length": 320, "color": {"color": "#dddddd", "highlight": "#555555"}}
    return {}


def _choices(view: nx.Graph, kind: str, attribute: str) -> list[tuple[str, str]]:
    """The filter's options: the nodes of ``kind`` (and only those) that something in the view is tied to."""
    used = {x for _, d in view.nodes(data=True) for x in d.get(attribute, [])}
    labels = {n: d["label"] for n, d in view.nodes(data=True) if d["kind"] == kind and n in used}
    return sorted(labels.items(), key=lambda c: (c[1].casefold(), c[0]))


def render_map(view: nx.Graph, title: str, size_by: str = "degree") -> str:
    """The whole page as a string."""
    return page.render(
        "map.html.j2", title=title, data=map_data(view, size_by), options=vis_options(len(view)),
        vis_js=page.Markup((VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")),
        vis_css=page.Markup((VIS_DIR / "vis-network.css").read_text(encoding="utf-8")),
        size_by=size_by, map_js=page.scripts("download.js", "map-draw.js", "map.js"),
    )


def write_map(view: nx.Graph, path: Path, title: str = "Children's social care innovation: network map",
              size_by: str = "degree") -> Path:
    return page.write(path, render_map(view, title, size_by))
