"""A SPARQL 1.1 Protocol endpoint on 127.0.0.1, with a query page and the maps, all offline.

Routes:
    GET  /                      the query page (named queries offered as examples)
    GET|POST /sparql            SPARQL 1.1 Protocol queries, with content negotiation
    POST /update                SPARQL Update, only when started with --allow-updates (else 403)
    GET  /map, /gaps, /ontology the built network map, evidence gap map and ontology docs
"""

from __future__ import annotations

import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from rdflib import Graph

from . import paths
from .export import page
from .namespaces import bind_prefixes, sparql_prologue
from .query.formats import sparql_csv, sparql_json, sparql_tsv, sparql_xml
from .query.library import named_queries
from .store.errors import QueryError, QueryTimeout, SparqlSyntaxError
from .store.protocol import LocalStore, Store

SELECT_TYPES = {
    "application/sparql-results+json": sparql_json, "application/json": sparql_json,
    "text/csv": sparql_csv, "text/tab-separated-values": sparql_tsv,
    "application/sparql-results+xml": sparql_xml, "application/xml": sparql_xml,
}
GRAPH_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
               "application/rdf+xml": "xml"}
PAGES = {"/map": "map.html", "/gaps": "gaps.html", "/ontology": "ontology.html"}


def negotiate(accept: str, offered: dict, default: str) -> str | None:
    """The offered media type the Accept header prefers, ``default`` for */*, else None."""
    if not accept.strip():
        return default
    choices = []
    for position, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        quality = next((float(p[2:]) for p in params if p.startswith("q=")), 1.0)
        choices.append((-quality, position, media.lower()))
    for _, _, media in sorted(choices):
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            return default
    return None


class Endpoint:
    """The graph being served, and whether updates are allowed."""

    def __init__(self, graph: Graph | Store, allow_updates: bool = False, timeout: float = 60.0,
                 out_dir: Path = paths.OUT_DIR):
        """``graph`` is an rdflib graph to serve from memory, or any store (an Oxigraph store)."""
        self.store = LocalStore(graph, "the served graph") if isinstance(graph, Graph) else graph
        self.allow_updates = allow_updates
        self.timeout = timeout
        self.out_dir = out_dir
        self.lock = threading.RLock()

    def page(self) -> str:
        examples = [{"name": q.name, "title": q.title, "description": q.description, "text": q.text}
                    for q in named_queries().values()]
        return page.render(
            "query.html.j2",
            examples=examples, prologue=sparql_prologue(), allow_updates=self.allow_updates)


class Handler(BaseHTTPRequestHandler):
    """One request; the Endpoint is on the server object."""

    server_version = "csckg-sparql/1.0"

    @property
    def endpoint(self) -> Endpoint:
        return self.server.endpoint  # type: ignore[attr-defined]

    def log_message(self, format, *args):  # quieter than the default: one line per request
        if not getattr(self.server, "quiet", False):
            super().log_message(format, *args)

    def _send(self, status: int, body: str | bytes, content_type: str) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Vary", "Accept")
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status: int, message: str) -> None:
        self._send(status, message + "\n", "text/plain; charset=utf-8")

    def _form(self) -> tuple[dict, str | None]:
        """Parameters from the URL and, for POST, the body; and a direct query or update body."""
        parsed = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(parsed.query)
        direct = None
        if self.command == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8")
            kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if kind == "application/x-www-form-urlencoded":
                for key, values in urllib.parse.parse_qs(body).items():
                    params.setdefault(key, []).extend(values)
            elif kind in ("application/sparql-query", "application/sparql-update"):
                direct = body
        return params, direct

    def do_GET(self):
        self._route()

    def do_POST(self):
        self._route()

    def _route(self) -> None:
        route = urllib.parse.urlsplit(self.path).path.rstrip("/") or "/"
        if route == "/" and self.command == "GET":
            return self._send(200, self.endpoint.page(), "text/html; charset=utf-8")
        if route in ("/sparql", "/query"):
            return self._query()
        if route == "/update":
            return self._update()
        if route in PAGES and self.command == "GET":
            return self._static(PAGES[route])
        self._error(404, f"no such page: {route} (try /, /sparql, /map, /gaps or /ontology)")

    def _static(self, name: str) -> None:
        path = self.endpoint.out_dir / name
        if not path.exists():
            return self._error(404, f"{name} has not been built yet: run 'python3 build.py'")
        self._send(200, path.read_bytes(), "text/html; charset=utf-8")

    def _query(self) -> None:
        params, direct = self._form()
        text = direct if direct is not None else (params.get("query") or [None])[0]
        if not text:
            return self._error(400, "no query: send ?query=... (GET), a form field 'query', or an application/sparql-query body")
        try:
            with self.endpoint.lock:
                result = self.endpoint.store.query(text, None, self.endpoint.timeout)
        except SparqlSyntaxError as error:
            return self._error(400, str(error))
        except QueryTimeout as error:
            return self._error(503, str(error))
        except QueryError as error:
            return self._error(400, str(error))
        accept = self.headers.get("Accept", "")
        if result.kind == "graph":
            media = negotiate(accept, GRAPH_TYPES, "text/turtle")
            if media is None:
                return self._error(406, f"a graph result can be sent as: {', '.join(GRAPH_TYPES)}")
            body = bind_prefixes(result.graph).serialize(format=GRAPH_TYPES[media])
            return self._send(200, body, f"{media}; charset=utf-8")
        media = negotiate(accept, SELECT_TYPES, "application/sparql-results+json")
        if media is None:
            return self._error(406, f"query results can be sent as: {', '.join(SELECT_TYPES)}")
        self._send(200, SELECT_TYPES[media](result), f"{media}; charset=utf-8")

    def _update(self) -> None:
        if self.command != "POST":
            return self._error(405, "updates must be sent with POST")
        if not self.endpoint.allow_updates:
            return self._error(403, "this endpoint is read-only; start it with 'build.py serve --allow-updates' to accept updates")
        params, direct = self._form()
        text = direct if direct is not None else (params.get("update") or [None])[0]
        if not text:
            return self._error(400, "no update: send a form field 'update' or an application/sparql-update body")
        try:
            with self.endpoint.lock:
                self.endpoint.store.update(text)
        except Exception as error:  # rdflib raises parse errors of several kinds for updates
            return self._error(400, f"the update failed: {error}")
        self._send(204, b"", "text/plain")


def make_server(endpoint: Endpoint, port: int = 8000, host: str = "127.0.0.1", quiet: bool = False) -> ThreadingHTTPServer:
    """An HTTP server bound to ``host`` (loopback by default); port 0 picks a free one."""
    server = ThreadingHTTPServer((host, port), Handler)
    server.endpoint = endpoint  # type: ignore[attr-defined]
    server.quiet = quiet  # type: ignore[attr-defined]
    server.daemon_threads = True
    return server

