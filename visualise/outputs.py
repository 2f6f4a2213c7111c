"""The pages every build writes into out/: map.html (the whole graph) and gaps.html.

The evidence gap map is drawn from the build's Oxigraph store at any size. The whole-graph
map is drawn up to WHOLE_MAP_LIMIT asserted triples (about 4,000 nodes, which a browser still
lays out in seconds); above that, map.html says how big the graph is and how to draw a part.
"""

from __future__ import annotations

from pathlib import Path

from csckg.export import page
from csckg.reason.closure import Closure
from csckg.store.oxigraph import StoreGraph

from .gaps import write_gaps
from .network_map import write_map
from .view import build_view

WHOLE_MAP_LIMIT = 50_000


def write_pages(closure: Closure, directory: Path) -> list[Path]:
    """Write out/map.html and out/gaps.html from the build's closure."""
    gaps = write_gaps(StoreGraph(closure.store()), directory / "gaps.html")
    if len(closure.asserted) > WHOLE_MAP_LIMIT:
        html = page.render("too-large.html.j2", triples=len(closure.asserted), limit=WHOLE_MAP_LIMIT)
        return [page.write(directory / "map.html", html), gaps]
    asserted, reasoned = closure.graphs()
    return [write_map(build_view(asserted, reasoned), directory / "map.html"), gaps]
