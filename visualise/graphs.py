"""The built graphs the map and the analysis read: out/asserted.nt and out/inferred.nt.

When out/ has not been built yet, the build runs first (csckg.pipeline.build).
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
from rdflib import Graph

from csckg import paths
from csckg.pipeline import build, progress

from .view import build_view


def load_built(out_dir: Path = paths.OUT_DIR) -> tuple[Graph, Graph]:
    """(asserted, reasoned) as the last build wrote them; build first if they are missing."""
    asserted, inferred = out_dir / "asserted.nt", out_dir / "inferred.nt"
    if not (asserted.exists() and inferred.exists()):
        progress(f"{out_dir} has no built graph yet: building it first")
        build(out_dir=out_dir)
    return Graph().parse(asserted, format="nt"), Graph().parse(inferred, format="nt")


def load_view(out_dir: Path = paths.OUT_DIR) -> tuple[nx.Graph, Graph]:
    """The drawn view of the built graph, and the reasoned graph it came from."""
    asserted, reasoned = load_built(out_dir)
    return build_view(asserted, reasoned), reasoned
