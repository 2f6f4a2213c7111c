"""Choosing what to draw: one node's neighbourhood, some kinds, or a projection.

Every function takes a view (see visualise/view.py) and returns a new networkx graph.
"""

from __future__ import annotations

import difflib
import re
from itertools import combinations

import networkx as nx
from rdflib import URIRef

from csckg.errors import CsckgError
from csckg.names import curie
from csckg.namespaces import expand

from .view import KINDS

#: The projections ``--projection`` offers, with what they draw.
PROJECTIONS = {
    "authorities-by-model": "local authorities, linked when projects in both used the same practice model",
    "models-by-project": "practice models, linked when one project combined them",
}


class NoSuchNode(CsckgError):
    """A label or IRI that matches no node, or several: the message lists the nearest labels."""


def find_node(view: nx.Graph, text: str) -> str:
    """The one node whose IRI, prefixed name, label or other name is ``text``.

    An exact IRI, prefixed name or label (ignoring case) wins, then an exact alternative or
    hidden name ("FGC", "Hull City Council"); otherwise the labels that contain ``text``. Raises NoSuchNode, listing candidates or the nearest labels, when that
    is not exactly one node.
    """
    wanted = text.strip()
    iri = expand(wanted)
    if iri is not None and str(iri) in view:
        return str(iri)
    folded = wanted.casefold()
    exact = [n for n, d in view.nodes(data=True) if d["label"].casefold() == folded]
    named = [n for n, d in view.nodes(data=True) if folded in {name.casefold() for name in d.get("names", [])}]
    matches = exact or named or [n for n, d in view.nodes(data=True) if folded and folded in d["label"].casefold()]
    if len(matches) == 1:
        return matches[0]
    if matches:
        listing = "\n".join(f"  {view.nodes[n]['label']} ({curie_of(n)})" for n in sorted(
            matches, key=lambda n: view.nodes[n]["label"]))
        raise NoSuchNode(f"{text!r} matches {len(matches)} nodes; give one of these labels or IRIs:\n{listing}")
    raise NoSuchNode(f"nothing is labelled {text!r}. Nearest labels:\n"
                     + "\n".join(f"  {label}" for label in nearest_labels(view, text)))


def nearest_labels(view: nx.Graph, text: str, count: int = 5) -> list[str]:
    """The labels closest to ``text`` (difflib's ratio, ignoring case), best first."""
    labels = {d["label"].casefold(): d["label"] for _, d in view.nodes(data=True)}
    close = difflib.get_close_matches(text.casefold(), list(labels), n=count, cutoff=0.0)
    return [labels[c] for c in close]


def curie_of(node: str) -> str:
    return curie(URIRef(node))


#: Kinds a neighbourhood reaches but does not pass through unless asked: source documents
#: (cited by nearly everything) and the concepts of the practice schemes (a model or element
#: is shared by many projects, findings and recommendations), so that depth 2 around a
#: project is that project's own story, not half the graph.
HUBS = ("source", "model", "element")


def neighbourhood(view: nx.Graph, text: str, depth: int = 1, through: tuple[str, ...] = ()) -> nx.Graph:
    """The node named by ``text`` and everything within ``depth`` links of it, going on
    from a node of a ``HUBS`` kind only when that kind is in ``through`` (the centre itself
    is always gone through)."""
    if depth < 0:
        raise CsckgError("--depth must be 0 or more")
    centre = find_node(view, text)
    stops = set(HUBS) - set(through)
    reached, frontier = {centre}, [centre]
    for _ in range(depth):
        frontier = sorted({nxt for node in frontier if node == centre or view.nodes[node]["kind"] not in stops
                           for nxt in view[node]} - reached)
        reached.update(frontier)
    sub = view.subgraph(reached).copy()
    sub.graph["focus"] = centre
    return sub


def page_name(parts: list[str]) -> str:
    """'map-leeds-family-valued-2.html' for ['Leeds Family Valued', '2']: the file a map of part
    of the graph is written to, so that it never replaces the whole-graph out/map.html."""
    slug = re.sub(r"[^a-z0-9]+", "-", " ".join(parts).casefold()).strip("-")[:80].rstrip("-")
    return f"map-{slug or 'all'}.html"


def parse_kinds(text: str, allowed=tuple(KINDS)) -> list[str]:
    """'project,model' -> ['project', 'model'], refusing kinds not in ``allowed``."""
    kinds = [k.strip() for k in text.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in allowed]
    if unknown or not kinds:
        raise CsckgError(f"unknown kind(s) {', '.join(unknown) or '(none given)'}; "
                         f"choose from {', '.join(allowed)}")
    return kinds


def only_kinds(view: nx.Graph, kinds: list[str]) -> nx.Graph:
    """The nodes of the given kinds and the links among them."""
    return view.subgraph(n for n, d in view.nodes(data=True) if d["kind"] in kinds).copy()


def _linked_through(view: nx.Graph, keep: str, via: str, through: str) -> nx.Graph:
    """Nodes of kind ``keep`` linked when they share a ``via`` neighbour (reached through
    ``through`` nodes, or directly when ``through`` equals ``keep``)."""
    shared: dict[tuple[str, str], set[str]] = {}
    middles = [n for n, d in view.nodes(data=True) if d["kind"] == via]
    for middle in middles:
        if through == keep:
            ends = {n for n in view[middle] if view.nodes[n]["kind"] == keep}
        else:
            ends = {end for hop in view[middle] if view.nodes[hop]["kind"] == through
                    for end in view[hop] if view.nodes[end]["kind"] == keep}
        for a, b in combinations(sorted(ends), 2):
            shared.setdefault((a, b), set()).add(middle)
    result = nx.Graph()
    result.add_nodes_from((n, d) for n, d in view.nodes(data=True) if d["kind"] == keep)
    for (a, b), middle in shared.items():
        names = sorted(view.nodes[m]["label"] for m in middle)
        result.add_edge(a, b, weight=len(middle), relation=f"share {len(middle)}: " + "; ".join(names),
                        source=a, target=b, shared=names)
    return result


def projection(view: nx.Graph, name: str) -> nx.Graph:
    """A projection of the view (see PROJECTIONS)."""
    if name == "authorities-by-model":
        return _linked_through(view, keep="authority", via="model", through="project")
    if name == "models-by-project":
        return _linked_through(view, keep="model", via="project", through="model")
    raise CsckgError(f"unknown projection {name!r}; choose from {', '.join(PROJECTIONS)}")
