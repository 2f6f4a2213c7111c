"""Choose the store a command runs against, from its --store, --endpoint and --graph options.

Three stores answer every command: the built graph in memory (rdflib, the default), an
Oxigraph store on disk (``--store oxigraph:PATH``, written by ``build --store``), and any
SPARQL server (``--endpoint URL``). Commands that need the graph itself (map, stats, path,
validate) pull it from the chosen store with CONSTRUCT queries.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from .. import paths
from ..built import built_graph
from ..namespaces import bind_prefixes
from ..storedir import INFERRED, StoreError, open_store_dir
from .oxigraph_store import OxigraphStore
from .stores import LocalStore, RemoteStore, Store

EVERYTHING = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def oxigraph_path(spec: str | None) -> Path | None:
    """The PATH of ``oxigraph:PATH``; None for the in-memory store ('memory' or no --store)."""
    if spec in (None, "memory"):
        return None
    kind, sep, location = spec.partition(":")
    if kind != "oxigraph" or not sep or not location:
        raise StoreError(f"--store takes 'memory' or 'oxigraph:PATH', not '{spec}'")
    return Path(location)


def add_store_option(parser) -> None:
    """--store alone, for commands whose --graph or --timeout mean something else (push, serve)."""
    parser.add_argument("--store", metavar="memory|oxigraph:PATH", default="memory",
                        help="the store to read: 'memory' (out/inferred.nt in rdflib, the default) or "
                             "'oxigraph:PATH' (an Oxigraph store written by 'build --store oxigraph:PATH')")


def add_store_options(parser) -> None:
    """The options every querying command shares."""
    add_store_option(parser)
    parser.add_argument("--endpoint", metavar="URL",
                        help="run against this SPARQL query URL instead of the local graph "
                             "(Oxigraph: http://host:7878/query, Fuseki: http://host:3030/ds/sparql)")
    parser.add_argument("--graph", metavar="IRI", dest="default_graph",
                        help="with --endpoint: the named graph to query as the default graph "
                             "(sent as default-graph-uri; use the IRI you pushed to)")
    parser.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                        help="stop a query that runs longer than this (default: 60)")


def open_store(args, writable: bool = False) -> Store:
    """The store the options name; each of its queries is bounded by --timeout."""
    timeout = getattr(args, "timeout", None)
    if getattr(args, "endpoint", None):
        return RemoteStore(args.endpoint, getattr(args, "default_graph", None), timeout)
    location = oxigraph_path(getattr(args, "store", None))
    if location is not None:
        return OxigraphStore(open_store_dir(location, writable), f"the Oxigraph store {location}", timeout)
    return LocalStore(built_graph(), "the local graph (out/inferred.nt)", timeout)


def open_graphs(args) -> tuple[Graph, Graph]:
    """(asserted, reasoned) rdflib graphs from the chosen store.

    A SPARQL server holds only the reasoned graph (what ``push`` sends), so there it serves as both.
    """
    if not getattr(args, "endpoint", None) and oxigraph_path(getattr(args, "store", None)) is None:
        from visualise.graphs import load_built

        return load_built(getattr(args, "built", paths.OUT_DIR))
    store = open_store(args)
    reasoned = bind_prefixes(store.query(EVERYTHING).graph)
    if isinstance(store, OxigraphStore):
        asserted = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o "
                               f"FILTER NOT EXISTS {{ GRAPH <{INFERRED}> {{ ?s ?p ?o }} }} }}").graph
        return bind_prefixes(asserted), reasoned
    return reasoned, reasoned
