"""The options several subcommands share, defined once, and what they name read back from them.

Library functions take plain values; this is where the parsed options become those values.
"""

from __future__ import annotations

from pathlib import Path

from .. import paths
from ..build.out import ensure_built
from ..reason.closure import ENGINES
from ..store.open import StoreChoice


def add_reasoner_option(parser) -> None:
    parser.add_argument("--reasoner", choices=["auto", *ENGINES], default="auto",
                        help="the OWL 2 RL engine: compiled (the ontology's axioms compiled into look-up "
                             "tables; fastest), owlrl (pure Python, the reference), reasonable (Rust), or "
                             "auto (compiled while the ontology uses only the axioms it applies; default). "
                             "All keep the same inferences.")


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


def add_data_options(parser) -> None:
    """For commands that build from the curated data: --data, --reasoner, --store."""
    parser.add_argument("--data", type=Path, default=paths.DATA_DIR,
                        help="the folder of curated Turtle data (default: graph/data/)")
    add_reasoner_option(parser)
    add_store_option(parser)


def add_built_graph_options(parser) -> None:
    """For commands that read the built graph: --built, and the store options."""
    parser.add_argument("--built", type=Path, default=paths.OUT_DIR,
                        help="the built out/ folder to read (built first if empty; default: out/)")
    add_store_options(parser)


def store_choice(args) -> StoreChoice:
    """The store a command's options name (options it does not have take their defaults). When
    that is the built graph in memory, out/ is built first if it is missing or stale."""
    given = vars(args)
    choice = StoreChoice(store=given.get("store", "memory"), endpoint=given.get("endpoint"),
                         default_graph=given.get("default_graph"), built=given.get("built", paths.OUT_DIR),
                         timeout=given.get("timeout"))
    if choice.in_memory:
        ensure_built(choice.built)
    return choice
