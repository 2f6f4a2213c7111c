"""The view the map and the analysis draw, from whichever store a command chose: out/ (the
built graph, the default), an Oxigraph store or a SPARQL server (see csckg/store/open.py)."""

from __future__ import annotations

import networkx as nx
from rdflib import Graph

from csckg.store.open import StoreChoice, open_graphs, open_store
from csckg.store.oxigraph import OxigraphStore

from .fetch import neighbourhood_graphs
from .view import build_view


def load_view(choice: StoreChoice, focus: str | None = None, depth: int = 1,
              whole_graph: bool = False, through=()) -> tuple[nx.Graph, Graph]:
    """The drawn view of the graph in the chosen store, and the reasoned graph it came from.

    With a ``focus`` on an Oxigraph store or a SPARQL server, only the focus's neighbourhood
    (``depth`` links out, going on through the hub kinds in ``through``) is fetched
    (visualise/fetch.py), unless ``whole_graph`` is needed (a projection is).
    """
    if focus and not whole_graph and not choice.in_memory:
        store = open_store(choice)
        asserted, reasoned = neighbourhood_graphs(store, focus, depth,
                                                  separate_asserted=isinstance(store, OxigraphStore), through=through)
    else:
        asserted, reasoned = open_graphs(choice)
    return build_view(asserted, reasoned), reasoned
