"""Write a graph to disk in every format the build publishes: N-Triples, Turtle and JSON-LD."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..namespaces import PREFIXES

#: file suffix -> the format Oxigraph writes it in
FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".jsonld": ox.RdfFormat.JSON_LD}


def write_graph(ntriples: bytes, stem: Path) -> list[Path]:
    """Write N-Triples as ``stem.nt`` (as given: the build sorts it, one triple a line),
    ``stem.ttl`` (with the project's prefixes) and ``stem.jsonld`` (expanded JSON-LD); return
    the paths.

    Oxigraph writes Turtle and JSON-LD from the N-Triples in a stream, which is what keeps a
    million-triple export to seconds.
    """
    path = stem.with_suffix(".nt")
    path.write_bytes(ntriples)
    written = [path]
    prefixes = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    for suffix, fmt in FORMATS.items():
        path = stem.with_suffix(suffix)
        ox.serialize(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES), str(path), format=fmt, prefixes=prefixes)
        written.append(path)
    return written
