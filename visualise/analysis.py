"""Network analysis of the view with networkx: counts, centrality, communities, shared models,
paths, and export for Gephi.

The analysis leaves source documents out (``analysis_view``): the five sources are cited by
nearly every node, so they would otherwise be the centre of everything and the shortest way
between any two nodes.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from .layout import communities as louvain
from .select import find_node, projection
from .view import KINDS


def analysis_view(view: nx.Graph) -> nx.Graph:
    """The view without source documents."""
    return view.subgraph(n for n, d in view.nodes(data=True) if d["kind"] != "source").copy()


def counts_by_kind(view: nx.Graph) -> dict[str, int]:
    counts = Counter(d["kind"] for _, d in view.nodes(data=True))
    return {kind: counts[kind] for kind in KINDS if counts[kind]}


@dataclass
class Central:
    label: str
    kind: str
    degree: int
    betweenness: float


def most_central(view: nx.Graph, top: int = 10) -> list[Central]:
    """The ``top`` nodes by betweenness centrality (ties by degree, then label)."""
    betweenness = nx.betweenness_centrality(view) if len(view) <= 2000 else \
        nx.betweenness_centrality(view, k=300, seed=7)
    ranked = sorted(view.nodes, key=lambda n: (-round(betweenness[n], 9), -view.degree(n), view.nodes[n]["label"]))
    return [Central(view.nodes[n]["label"], view.nodes[n]["kind"], view.degree(n), betweenness[n])
            for n in ranked[:top]]


def communities(view: nx.Graph) -> list[list[str]]:
    """Louvain communities (fixed seed), largest first, each as labels, best connected first."""
    return [[view.nodes[n]["label"] for n in sorted(group, key=lambda n: (-view.degree(n), view.nodes[n]["label"]))]
            for group in louvain(view)]


def authorities_sharing_most_models(view: nx.Graph, top: int = 10) -> list[tuple[str, str, int, list[str]]]:
    """Pairs of local authorities by how many practice models their projects have in common."""
    shared = projection(view, "authorities-by-model")
    pairs = [(shared.nodes[a]["label"], shared.nodes[b]["label"], d["weight"], d["shared"])
             for a, b, d in shared.edges(data=True)]
    pairs = [(*sorted(p[:2]), p[2], p[3]) for p in pairs]
    return sorted(pairs, key=lambda p: (-p[2], p[0], p[1]))[:top]


@dataclass
class Step:
    node: str
    label: str
    kind: str
    relation: str = ""   # how this node is linked to the previous one
    forward: bool = True  # whether the triple reads from the previous node to this one


def path(view: nx.Graph, start: str, end: str) -> list[Step]:
    """The shortest chain of links from ``start`` to ``end`` (labels or IRIs), sources left out.

    Raises NoSuchNode for a name that matches nothing or several nodes, and NetworkXNoPath
    when the two are not connected.
    """
    graph = analysis_view(view)
    a, b = find_node(graph, start), find_node(graph, end)
    nodes = nx.shortest_path(graph, a, b)
    steps = [Step(a, graph.nodes[a]["label"], graph.nodes[a]["kind"])]
    for previous, node in zip(nodes, nodes[1:]):
        edge = graph.edges[previous, node]
        steps.append(Step(node, graph.nodes[node]["label"], graph.nodes[node]["kind"], edge["relation"],
                          edge["source"] == previous))
    return steps


def explain(steps: list[Step]) -> str:
    """'Leeds (local authority)\\n  <- local authority - Leeds Family Valued (project) ...'"""
    lines = [f"{steps[0].label} ({KINDS[steps[0].kind].lower()})"]
    for step in steps[1:]:
        arrow = f"--{step.relation}-->" if step.forward else f"<--{step.relation}--"
        lines.append(f"  {arrow} {step.label} ({KINDS[step.kind].lower()})")
    return "\n".join(lines)


def for_gephi(view: nx.Graph) -> nx.Graph:
    """A copy whose attributes GraphML and GEXF can hold: text, numbers and booleans only."""
    graph = nx.Graph()
    for node, data in view.nodes(data=True):
        graph.add_node(node, **{k: _plain(v) for k, v in data.items()})
    for a, b, data in view.edges(data=True):
        graph.add_edge(a, b, **{k: _plain(v) for k, v in data.items()})
    return graph


def _plain(value):
    if isinstance(value, (str, int, float, bool)):
        return value
    return json.dumps(value, ensure_ascii=False)


def write_graphml(view: nx.Graph, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(for_gephi(view), path)
    return path


def write_gexf(view: nx.Graph, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_gexf(for_gephi(view), path)
    return path
