"""Every name the graph knows for each node the linker can link to, with the node's kind.

The names come from the curated data and the ontology's schemes as they are on disk
(``rdfs:label``, ``skos:prefLabel``, every ``skos:altLabel`` and every ``skos:hiddenLabel``,
the names no source uses but a new evaluation may), so an evaluation applied a minute ago is
already known to the next ``link``, without waiting for a build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from .. import paths
from ..kinds import kind_of
from ..load import load_files
from ..names import curie

#: the kinds of node (see csckg/kinds.py) the linker links to
LINKED_KINDS = {"model", "element", "design", "method", "domain", "direction", "comparison", "test", "value-role",
                "authority", "organisation", "project", "programme"}

#: kinds whose names are proper names: an all-lower-case mention of them is doubtful
PROPER_KINDS = {"authority", "organisation", "project", "programme"}


@dataclass(frozen=True)
class Entry:
    """One node the linker can link to."""

    node: URIRef
    kind: str
    label: str
    names: tuple[str, ...]

    @property
    def curie(self) -> str:
        return curie(self.node)


@dataclass
class Gazetteer:
    """The entries, and the asserted graph they were read from (for similarity and checks)."""

    entries: list[Entry]
    graph: Graph
    by_node: dict[URIRef, Entry] = field(init=False)

    def __post_init__(self):
        self.by_node = {e.node: e for e in self.entries}

    def of_kind(self, *kinds: str) -> list[Entry]:
        return [e for e in self.entries if e.kind in kinds]

    def get(self, node) -> Entry | None:
        return self.by_node.get(URIRef(str(node)))

    def defined(self, node) -> bool:
        """A node is defined when something gives it a label (as the build's checks say)."""
        node = URIRef(str(node))
        return any(True for _ in self.graph.objects(node, RDFS.label)) or \
            any(True for _ in self.graph.objects(node, SKOS.prefLabel))


def gazetteer_from_graph(graph: Graph) -> Gazetteer:
    """Read the entries out of an asserted (or reasoned) graph."""
    entries = []
    subjects = set(graph.subjects(RDFS.label, None)) | set(graph.subjects(SKOS.prefLabel, None))
    for node in sorted(subjects, key=str):
        if not isinstance(node, URIRef):
            continue
        kind = kind_of(graph, node)
        if kind not in LINKED_KINDS:
            continue
        label = next(iter(graph.objects(node, SKOS.prefLabel)), None) or next(graph.objects(node, RDFS.label))
        names = [str(label)]
        for prop in (RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
            names += [str(n) for n in graph.objects(node, prop) if str(n) not in names]
        entries.append(Entry(node, kind, str(label), tuple(names)))
    return Gazetteer(entries, graph)


def load_gazetteer(data_dir: Path = paths.DATA_DIR, leave_out: Path | None = None) -> Gazetteer:
    """The gazetteer of the ontology's schemes and the data folder as they are on disk.

    ``leave_out`` is the evaluation's own file, if it was applied before: linking it again must
    see the graph as it was without it, so that applying twice gives the same file.
    """
    leave_out = leave_out.resolve() if leave_out is not None else None
    files = [p for p in paths.data_files(data_dir) if p.resolve() != leave_out]
    return gazetteer_from_graph(load_files([*paths.ontology_files(), *files]))
