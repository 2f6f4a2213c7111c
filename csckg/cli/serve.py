"""``build.py serve``: a local SPARQL endpoint with a query page and the maps."""

from __future__ import annotations

from ..build.pipeline import progress
from ..serve import Endpoint, make_server
from ..store.open import open_store
from .options import add_store_option, store_choice


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "serve", help="start a SPARQL 1.1 endpoint and query page on 127.0.0.1",
        description="Serve the built graph over the SPARQL 1.1 Protocol at http://127.0.0.1:PORT/sparql, "
                    "with a query page at / and the network map at /map. Read-only unless --allow-updates. "
                    "Updates change the served copy only, never graph/data/ (with --store oxigraph:PATH, "
                    "they change that store).",
        epilog="example: python3 build.py serve --port 8000   (then open http://127.0.0.1:8000/)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    parser.add_argument("--allow-updates", action="store_true", help="accept SPARQL Update at /update")
    parser.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                        help="stop a query that runs longer than this (default: 60)")
    add_store_option(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    store = open_store(store_choice(args), writable=args.allow_updates)
    endpoint = Endpoint(store, allow_updates=args.allow_updates, timeout=args.timeout)
    server = make_server(endpoint, args.port)
    host, port = server.server_address[:2]
    progress(f"SPARQL endpoint: http://{host}:{port}/sparql   query page: http://{host}:{port}/   (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        progress("stopped")
    finally:
        server.server_close()
    return 0
