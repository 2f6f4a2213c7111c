"""Choose the store a command runs against, from its --endpoint and --graph options."""

from __future__ import annotations

from ..built import built_graph
from .stores import LocalStore, RemoteStore, Store


def add_store_options(parser) -> None:
    """The options every querying command shares."""
    parser.add_argument("--endpoint", metavar="URL",
                        help="run against this SPARQL query URL instead of the local graph "
                             "(Oxigraph: http://host:7878/query, Fuseki: http://host:3030/ds/sparql)")
    parser.add_argument("--graph", metavar="IRI", dest="default_graph",
                        help="with --endpoint: the named graph to query as the default graph "
                             "(sent as default-graph-uri; use the IRI you pushed to)")
    parser.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                        help="stop a query that runs longer than this (default: 60)")


def open_store(args) -> Store:
    if getattr(args, "endpoint", None):
        return RemoteStore(args.endpoint, getattr(args, "default_graph", None))
    return LocalStore(built_graph(), "the local graph (out/inferred.nt)")
