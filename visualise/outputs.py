"""The pages every build writes into out/: map.html (the whole graph) and gaps.html."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from .gaps import write_gaps
from .network_map import write_map
from .view import build_view


def write_pages(asserted: Graph, reasoned: Graph, directory: Path) -> list[Path]:
    """Write out/map.html and out/gaps.html from the build's graphs."""
    return [write_map(build_view(asserted, reasoned), directory / "map.html"),
            write_gaps(reasoned, directory / "gaps.html")]
