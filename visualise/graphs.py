"""The built graphs the map and the analysis read: out/asserted.nt and out/inferred.nt, or a store.

When out/ has not been built yet, or is older than its inputs, the build runs first
(csckg.built).
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
from rdflib import Graph

from csckg import paths
from csckg.build.out import built_graph

from .view import build_view


def load_built(out_dir: Path = paths.OUT_DIR) -> tuple[Graph, Graph]:
    """(asserted, reasoned) as the last build wrote them; built first if missing or stale."""
    return built_graph(out_dir, "asserted.nt"), built_graph(out_dir)


def load_view(args) -> tuple[nx.Graph, Graph]:
    """The drawn view of the graph in the store a command chose (--built, --store or --endpoint),
    and the reasoned graph it came from.

    With --focus (and no --projection, which needs the whole graph) on an Oxigraph store or a
    SPARQL server, only the focus's neighbourhood is fetched (visualise/fetch.py).
    """
    from csckg.store.open import open_graphs, open_store, oxigraph_path
    from csckg.store.oxigraph import OxigraphStore

    from .fetch import neighbourhood_graphs

    remote = getattr(args, "endpoint", None) or oxigraph_path(getattr(args, "store", None)) is not None
    if getattr(args, "focus", None) and not getattr(args, "projection", None) and remote:
        store = open_store(args)
        asserted, reasoned = neighbourhood_graphs(store, args.focus, args.depth,
                                                  separate_asserted=isinstance(store, OxigraphStore))
    else:
        asserted, reasoned = open_graphs(args)
    return build_view(asserted, reasoned), reasoned
