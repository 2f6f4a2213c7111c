"""Open the store a command chose with its --store, --endpoint, --graph and --built options.

Three stores answer every command: the built graph in memory (rdflib, the default), an
Oxigraph store on disk (``--store oxigraph:PATH``, written by ``build --store``), and any
SPARQL server (``--endpoint URL``). Commands that need the graph itself (map, stats, path,
validate) pull it from the chosen store with CONSTRUCT queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from .. import paths
from ..namespaces import bind_prefixes
from .disk import INFERRED, open_store_dir
from .errors import StoreError
from .oxigraph import OxigraphStore
from .protocol import LocalStore, RemoteStore, Store

EVERYTHING = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def oxigraph_path(spec: str | None) -> Path | None:
    """The PATH of ``oxigraph:PATH``; None for the in-memory store ('memory' or no --store)."""
    if spec in (None, "memory"):
        return None
    kind, sep, location = spec.partition(":")
    if kind != "oxigraph" or not sep or not location:
        raise StoreError(f"--store takes 'memory' or 'oxigraph:PATH', not '{spec}'")
    return Path(location)


@dataclass(frozen=True)
class StoreChoice:
    """Which store a command reads, as its --store, --endpoint, --graph and --built options say."""

    store: str | None = "memory"       # 'memory' (or None) or 'oxigraph:PATH'
    endpoint: str | None = None        # a SPARQL server's query URL, read instead of a local store
    default_graph: str | None = None   # with ``endpoint``: the named graph queried as the default graph
    built: Path = paths.OUT_DIR        # the built out/ folder the in-memory store reads
    timeout: float | None = None       # for pulling the whole graph from a store

    @property
    def in_memory(self) -> bool:
        """Whether this is the built graph in memory (out/*.nt read into rdflib)."""
        return not self.endpoint and oxigraph_path(self.store) is None


def _read_built(choice: StoreChoice, name: str) -> Graph:
    return bind_prefixes(Graph()).parse(choice.built / name, format="nt")


def open_store(choice: StoreChoice, writable: bool = False) -> Store:
    """The chosen store; an Oxigraph store is opened read-only unless ``writable``. The in-memory
    store reads out/inferred.nt as it is (the command line builds it first when it is stale).
    Each of its queries is bounded by the choice's timeout."""
    if choice.endpoint:
        return RemoteStore(choice.endpoint, choice.default_graph, choice.timeout)
    location = oxigraph_path(choice.store)
    if location is not None:
        return OxigraphStore(open_store_dir(location, writable), f"the Oxigraph store {location}", choice.timeout)
    return LocalStore(_read_built(choice, "inferred.nt"), f"the local graph ({choice.built / 'inferred.nt'})",
                      choice.timeout)


def open_graphs(choice: StoreChoice) -> tuple[Graph, Graph]:
    """(asserted, reasoned) rdflib graphs from the chosen store.

    A SPARQL server holds only the reasoned graph (what ``push`` sends), so there it serves as both.
    """
    if choice.in_memory:
        return _read_built(choice, "asserted.nt"), _read_built(choice, "inferred.nt")
    store = open_store(choice)
    reasoned = bind_prefixes(store.query(EVERYTHING, timeout=choice.timeout).graph)
    if isinstance(store, OxigraphStore):
        asserted = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o "
                               f"FILTER NOT EXISTS {{ GRAPH <{INFERRED}> {{ ?s ?p ?o }} }} }}").graph
        return bind_prefixes(asserted), reasoned
    return reasoned, reasoned
