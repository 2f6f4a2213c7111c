"""``build.py serve``: a local SPARQL endpoint with the query workbench and the maps."""

from __future__ import annotations

import argparse
import signal

from ..build.out import ensure_built
from ..build.pipeline import progress
from ..query.worker import Source
from ..serve import Endpoint, make_server
from ..store.disk import read_marker
from ..store.open import oxigraph_path
from .options import add_store_option

EPILOG = """examples:
  python3 build.py serve --port 8000          (then open http://127.0.0.1:8000/)
  python3 build.py serve --store oxigraph:/tmp/csckg-store --timeout 10 --workers 8
  python3 build.py serve --allow-updates      (prints the token an update must carry)
  python3 build.py serve --cors-origins http://localhost:3000 --allow-service query.wikidata.org
"""


def _names(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "serve", help="start a SPARQL 1.1 endpoint and query workbench on 127.0.0.1",
        description="Serve the built graph over the SPARQL 1.1 Protocol at http://127.0.0.1:PORT/sparql, "
                    "with a query workbench at / (named queries with forms, downloads and permalinks) and the network map at /map. Read-only unless --allow-updates; "
                    "every query is stopped after --timeout seconds; SERVICE and LOAD reach no other "
                    "server unless --allow-service names it; only requests addressed to 127.0.0.1 or "
                    "localhost are answered. When a build replaces out/inferred.nt (or the --store), the "
                    "server reloads it. Updates change the served copy only, never graph/data/ (with "
                    "--store oxigraph:PATH, they change that store).",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    parser.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                        help="stop a query or update that runs longer than this and free its worker (default: 30)")
    parser.add_argument("--workers", type=int, default=4, metavar="N",
                        help="queries answered at once, each in its own process (default: 4; 1 for a "
                             "writable --store)")
    parser.add_argument("--allow-updates", action="store_true",
                        help="accept SPARQL Update at /update, from requests that carry the token printed at start")
    parser.add_argument("--allow-service", type=_names, default=(), metavar="HOST,...",
                        help="hosts that SERVICE (and LOAD) may reach (default: none)")
    parser.add_argument("--allowed-hosts", type=_names, default=(), metavar="HOST[:PORT],...",
                        help="more names this server may be addressed by in the Host header, besides "
                             "127.0.0.1 and localhost (for a proxy; '*' turns the check off)")
    parser.add_argument("--cors-origins", type=_names, default=(), metavar="ORIGIN,...",
                        help="web origins whose pages may read query answers, e.g. http://localhost:3000 "
                             "('*' for any; default: none, only this server's own pages)")
    parser.add_argument("--max-body", type=int, default=1_000_000, metavar="BYTES",
                        help="largest request body accepted; larger ones get 413 (default: 1000000)")
    parser.add_argument("--request-timeout", type=float, default=10.0, metavar="SECONDS",
                        help="a request's headers and body must arrive within this (default: 10)")
    add_store_option(parser)
    parser.set_defaults(func=run)


def served_source(spec: str | None, writable: bool) -> Source:
    """The store to serve: an Oxigraph store folder, or out/inferred.nt (built first if need be)."""
    location = oxigraph_path(spec)
    if location is not None:
        read_marker(location)  # a message, not a worker failure, for a path that is no store
        return Source("store", f"the Oxigraph store {location}", path=location, writable=writable)
    return Source("file", "the built graph (out/inferred.nt)", path=ensure_built() / "inferred.nt")


def _stop(signum, frame) -> None:
    """SIGTERM stops the server as Ctrl-C does, so its query workers are stopped with it."""
    raise KeyboardInterrupt


def run(args) -> int:
    endpoint = Endpoint(served_source(args.store, args.allow_updates), allow_updates=args.allow_updates,
                        timeout=args.timeout, workers=args.workers, allow_service=args.allow_service,
                        allowed_hosts=args.allowed_hosts, cors_origins=args.cors_origins,
                        max_body=args.max_body, request_timeout=args.request_timeout)
    server = make_server(endpoint, args.port)
    host, port = server.server_address[:2]
    progress(f"SPARQL endpoint: http://{host}:{port}/sparql   query workbench: http://{host}:{port}/   (Ctrl-C stops)")
    if endpoint.allow_updates:
        progress(f"updates: POST to http://{host}:{port}/update with the header "
                 f"'Authorization: Bearer {endpoint.update_token}'")
    signal.signal(signal.SIGTERM, _stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        progress("stopped")
    finally:
        server.server_close()
        endpoint.close()
    return 0
