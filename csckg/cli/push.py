"""``build.py push``: load the built graph into a SPARQL server's named graph in one request."""

from __future__ import annotations

import http.client
import urllib.parse
from pathlib import Path

from ..build.out import ensure_built
from ..store.disk import dump_reasoned
from ..store.errors import EndpointError
from ..store.open import oxigraph_path
from .options import add_store_option
from ..store.http import Late, exchange

DEFAULT_GRAPH = "https://w3id.org/csckg/graph"
#: Said when the URL does not take a PUT at all: most likely it is not a Graph Store Protocol URL.
NOT_GRAPH_STORE_HINT = (" (is this the server's Graph Store Protocol URL? Oxigraph: /store, Fuseki: /DATASET/data, "
                        "Virtuoso: /sparql-graph-crud, GraphDB: /repositories/REPO/rdf-graphs/service)")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "push", help="replace a named graph on a SPARQL server with the built graph",
        description="Send out/inferred.nt to a SPARQL 1.1 Graph Store Protocol URL with one HTTP PUT, "
                    "which replaces the previous version of the named graph. Query it afterwards with "
                    "--endpoint QUERY_URL --graph GRAPH_IRI (or start the server with a union default graph).",
        epilog="example: python3 build.py push http://127.0.0.1:7878/store --graph https://w3id.org/csckg/graph")
    parser.add_argument("url", help="the server's Graph Store Protocol URL (Oxigraph: /store, Fuseki: /ds/data, "
                                    "Virtuoso: /sparql-graph-crud)")
    parser.add_argument("--graph", default=DEFAULT_GRAPH, help=f"the named graph to replace (default: {DEFAULT_GRAPH})")
    parser.add_argument("--timeout", type=float, default=300.0, metavar="SECONDS",
                        help="give up if the server has not taken the whole graph within this (default: 300)")
    add_store_option(parser)
    parser.set_defaults(func=run)


def push(url: str, graph_iri: str, timeout: float = 300.0, source: Path | None = None,
         body: bytes | None = None) -> int:
    """PUT the built graph (or ``source``, an N-Triples file, or ``body``, N-Triples) into
    ``graph_iri`` at ``url``.

    Returns the number of bytes sent.
    """
    if body is None:
        body = (source or ensure_built() / "inferred.nt").read_bytes()
    target = f"{url}{'&' if '?' in url else '?'}{urllib.parse.urlencode({'graph': graph_iri})}"
    try:
        answer = exchange("PUT", target, body, {"Content-Type": "application/n-triples"}, timeout)
    except Late:
        raise EndpointError(f"{url} did not take the graph within {timeout:g} s (raise the limit with "
                            "--timeout SECONDS)") from None
    except (OSError, http.client.HTTPException) as error:
        raise EndpointError(f"could not reach {url}: {error}") from None
    if answer.status >= 400:
        hint = NOT_GRAPH_STORE_HINT if answer.status in (404, 405, 501) else ""
        raise EndpointError(f"{answer.who(url)} refused the graph: HTTP {answer.status} {answer.reason}"
                            f"{': ' + answer.text(500) if answer.text() else ''}{hint}")
    return len(body)


def run(args) -> int:
    store = oxigraph_path(args.store)
    sent = push(args.url, args.graph, args.timeout, body=dump_reasoned(store) if store else None)
    print(f"replaced <{args.graph}> at {args.url} with the built graph ({sent} bytes of N-Triples)")
    return 0
