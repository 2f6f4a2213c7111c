"""Name nodes for people: their label, a short prefixed name, and the file that defines them."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from . import paths
from .namespaces import PREFIXES


def curie(node) -> str:
    """``project:leeds-family-valued`` for a node in a known namespace, else ``<iri>``."""
    if isinstance(node, Literal):
        return repr(str(node))
    if isinstance(node, BNode):
        return "_:" + str(node)[:8]
    text = str(node)
    best = max(((p, str(ns)) for p, ns in PREFIXES.items() if text.startswith(str(ns))),
               key=lambda pair: len(pair[1]), default=None)
    return f"{best[0]}:{text[len(best[1]):]}" if best else f"<{text}>"


def label(graph: Graph, node) -> str | None:
    """The node's English label, if it has one."""
    for prop in (RDFS.label, SKOS.prefLabel):
        for value in graph.objects(node, prop):
            return str(value)
    return None


def owner(graph: Graph, node):
    """The nearest IRI node that points at a blank node (a value's finding, a citation's subject)."""
    seen = set()
    while isinstance(node, BNode) and node not in seen:
        seen.add(node)
        parent = next(graph.subjects(None, node), None)
        if parent is None:
            return node
        node = parent
    return node


def name(graph: Graph, node) -> str:
    """'Leeds Family Valued (project:leeds-family-valued)'; blank nodes are named through their owner."""
    if isinstance(node, BNode):
        parent = owner(graph, node)
        if parent is not node:
            return f"a node inside {name(graph, parent)}"
        return "an unnamed node"
    text = label(graph, node)
    return f"{text} ({curie(node)})" if text else curie(node)


def _snapshot(root: Path) -> tuple:
    """The data files with their size and modification time, so the cache sees any edit."""
    return tuple((p, p.stat().st_mtime_ns, p.stat().st_size) for p in paths.data_files(root))


@lru_cache(maxsize=8)
def _texts_of(snapshot: tuple) -> tuple[tuple[Path, str], ...]:
    return tuple((p, p.read_text(encoding="utf-8")) for p, _, _ in snapshot)


def _file_texts(root: Path) -> tuple[tuple[Path, str], ...]:
    return _texts_of(_snapshot(root))


def defining_place(graph: Graph, node, data_dir: Path = paths.DATA_DIR,
                   needles: tuple[str, ...] = ()) -> tuple[Path, int] | None:
    """The data file that first mentions the node (or its owner) as a subject, and the line:
    of the first of ``needles`` (the text of a term or a value) from the node's own line on, else
    the node's own line."""
    node = owner(graph, node)
    if not isinstance(node, URIRef):
        return None
    short, full = curie(node), f"<{node}>"
    texts = _file_texts(data_dir)
    for path, text in texts:
        lines = text.splitlines()
        for number, line in enumerate(lines, 1):
            if line.startswith(short + " ") or line.startswith(full):
                found = next((n for n, later in enumerate(lines[number - 1:], number)
                              if any(needle in later for needle in needles)), number)
                return path, found
    for path, text in texts:
        for number, line in enumerate(text.splitlines(), 1):
            if short in line or full in line:
                return path, number
    return None


def where(graph, node, data_dir: Path, needles: tuple[str, ...] = ()) -> str:
    """'graph/data/projects/x.ttl:12: ' for the node (at the line of the first of ``needles``), else ''."""
    place = defining_place(graph, node, data_dir, needles)
    if place is None:
        return ""
    path, line = place
    try:
        path = path.relative_to(paths.ROOT)
    except ValueError:
        pass
    return f"{path}:{line}: "
