"""A SPARQL 1.1 Protocol endpoint on 127.0.0.1, with the query workbench and the maps, all offline.

Routes:
    GET  /                      the query workbench (csckg/workbench.py: named queries with forms, an editor)
    GET|POST /run               a named query or the analyst's own, for the workbench (a view, CSV, TSV or JSON)
    GET  /suggest               names of nodes of a kind, closest first, as the analyst types
    GET|POST /sparql            SPARQL 1.1 Protocol queries, with content negotiation
    POST /update                SPARQL Update, only with --allow-updates and the server's token
    GET  /map, /gaps, /ontology the built network map, evidence gap map and ontology docs
    GET  /project/NAME ...      every node's page or triples, and /guide/ (csckg/serve_nodes.py)
    OPTIONS (any route)         the methods it allows; CORS preflight for /sparql

Queries run in a pool of worker processes (csckg/query/pool.py), each bounded by --timeout;
what a request may reach and who may send it are in csckg/query/guard.py and
csckg/serve_policy.py; how a request is read safely is in csckg/serve_http.py. Every
request gets an HTTP answer and one line in the log.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from . import paths, serve_nodes
from .export import page
from .serve_http import BadRequest, Deadlines, content_length, form_fields, negotiate, read_body, utf8
from .serve_policy import Policy, new_token
from .namespaces import PREFIXES
from .store.errors import QueryTimeout
from .query.formats import sparql_csv, sparql_tsv, sparql_xml
from .query.guard import Refused, check_reach, remote_targets
from .query.pool import Busy, Retired, WorkerFailed, WorkerPool
from .store.results import QueryResult
from .query.worker import Source
from .workbench import Answer, Workbench

JSON_TYPES = ("application/sparql-results+json", "application/json")
SELECT_TYPES = {**{media: None for media in JSON_TYPES},
                "text/csv": sparql_csv, "text/tab-separated-values": sparql_tsv,
                "application/sparql-results+xml": sparql_xml, "application/xml": sparql_xml}
GRAPH_TYPES = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
               "application/ld+json": ox.RdfFormat.JSON_LD, "application/rdf+xml": ox.RdfFormat.RDF_XML}
PAGES = {"/map": "map.html", "/gaps": "gaps.html", "/ontology": "ontology.html"}
QUERY_ROUTES = ("/sparql", "/query")
ALLOWED = {"/": "GET, HEAD, OPTIONS", "/update": "POST, OPTIONS", "/run": "GET, POST, OPTIONS",
           "/suggest": "GET, OPTIONS",
           **{route: "GET, POST, OPTIONS" for route in QUERY_ROUTES},
           **{route: "GET, HEAD, OPTIONS" for route in PAGES}}
RELOAD_CHECK_SECONDS = 1.0


def stderr_log(line: str) -> None:
    sys.stderr.write(line + "\n")  # one write: lines from several threads never interleave
    sys.stderr.flush()


class Endpoint:
    """What is served and the rules it is served by.

    ``served`` is an rdflib graph (served from an in-memory Oxigraph copy in each worker) or a
    worker Source: out/inferred.nt or an Oxigraph store folder, which the endpoint watches and
    serves again, reloaded, when a build replaces it.
    """

    def __init__(self, served: Graph | Source, *, allow_updates: bool = False, update_token: str | None = None,
                 timeout: float = 30.0, workers: int = 4, allow_service: tuple[str, ...] = (),
                 allowed_hosts: tuple[str, ...] = (), cors_origins: tuple[str, ...] = (),
                 max_body: int = 1_000_000, request_timeout: float = 10.0, out_dir: Path = paths.OUT_DIR,
                 log=None):
        if isinstance(served, Graph):
            served = Source("ntriples", "the served graph", data=served.serialize(format="nt", encoding="utf-8"))
        elif served.kind == "store" and served.writable != allow_updates:
            served = Source("store", served.description, path=served.path, writable=allow_updates)
        self.source = served
        self.allow_updates = allow_updates
        self.update_token = (update_token or new_token()) if allow_updates else None
        self.timeout, self.workers = timeout, workers
        self.allow_service, self.allowed_hosts, self.cors_origins = allow_service, allowed_hosts, cors_origins
        self.max_body, self.request_timeout = max_body, request_timeout
        self.out_dir = out_dir
        self.log = log or stderr_log
        self.pool = WorkerPool(self.source, workers, self.log)
        self._signature = self.source.signature()
        self._closed = threading.Event()
        self._page: str | None = None
        self.workbench = Workbench(self)
        if self.source.watched() is not None:
            threading.Thread(target=self._watch, daemon=True, name="csckg-reload").start()

    def page(self) -> str:
        if self._page is None:
            self._page = page.render("query.html.j2", queries=self.workbench.queries(), prefixes=list(PREFIXES),
                                     allow_updates=self.allow_updates, script=page.scripts("download.js", "workbench.js"))
        return self._page

    def _in_pool(self, work):
        """``work(pool)`` on the current pool; once more on the new one if a reload retired it meanwhile."""
        try:
            return work(self.pool)
        except Retired:
            return work(self.pool)

    def query(self, text: str) -> tuple[str, object]:
        check_reach(text, self.allow_service, "query")
        outcome, detail = self._in_pool(lambda pool: pool.run(text, self.timeout))
        services = [iri for keyword, iri in remote_targets(text) if keyword == "SERVICE"]
        if outcome == "error" and services:  # most likely the other server failed: say which
            called = ", ".join(f"<{iri}>" for iri in services)
            return "service", f"the query failed while calling SERVICE {called}: {detail}"
        return outcome, detail

    def update(self, text: str) -> tuple[str, object]:
        check_reach(text, self.allow_service, "update")
        return self._in_pool(lambda pool: pool.update(text, self.timeout))

    def reload_if_changed(self) -> bool:
        """Serve the source again if a build replaced it; True if it did."""
        signature = self.source.signature()
        if signature is None or signature == self._signature:
            return False
        try:
            fresh = WorkerPool(self.source, self.workers, self.log)
        except WorkerFailed as error:  # mid-rebuild, or broken: keep serving the old copy, try again later
            self.log(f"{self.source.description} changed but could not be loaded ({error}); "
                     "still serving the previous version")
            return False
        old, self.pool, self._signature = self.pool, fresh, signature
        old.close()
        lost = " (updates made through /update to the previous copy are gone)" if old.updates else ""
        self.log(f"reloaded {self.source.description}: a build replaced it{lost}")
        return True

    def _watch(self) -> None:
        while not self._closed.wait(RELOAD_CHECK_SECONDS):
            self.reload_if_changed()

    def close(self) -> None:
        self._closed.set()
        self.pool.close()


def graph_body(ntriples: bytes, media: str) -> bytes:
    if media == "application/n-triples":
        return ntriples
    prefixes = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    parsed = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    return ox.serialize(parsed, format=GRAPH_TYPES[media], prefixes=prefixes)


class Handler(BaseHTTPRequestHandler):
    """One connection; the Endpoint, the Policy and the Deadlines are on the server object."""

    server_version = "csckg-sparql/1.0"
    protocol_version = "HTTP/1.1"  # keep-alive: a client may send many requests on one connection

    @property
    def endpoint(self) -> Endpoint:
        return self.server.endpoint  # type: ignore[attr-defined]

    @property
    def policy(self) -> Policy:
        return self.server.policy  # type: ignore[attr-defined]

    def setup(self) -> None:
        self.timeout = self.endpoint.request_timeout  # each wait for bytes, and idle keep-alive
        super().setup()
        # Headers and body go out in two writes; without this, Nagle's algorithm holds the body
        # until the client's delayed ACK (40 ms) on a keep-alive connection.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format, *args):  # replaced by the one line per request in handle_one_request
        pass

    def send_response(self, code, message=None):
        self._status = code
        super().send_response(code, message)

    # --- one request ------------------------------------------------------------------

    def handle_one_request(self) -> None:
        """Read one request within --request-timeout, answer it, and log one line."""
        self._status, self._sent, self.command, self.path, self._body_read = None, 0, "-", "-", False
        try:
            self.raw_requestline = self.rfile.readline(65537)
        except (TimeoutError, ConnectionError):
            self.close_connection = True  # an idle keep-alive connection: nothing to answer
            return
        if not self.raw_requestline:
            self.close_connection = True
            return
        started = time.perf_counter()
        self._ticket = self.server.deadlines.watch(self.connection, self.endpoint.request_timeout)
        try:
            self._answer()
        except BadRequest as problem:
            if not self._body_read:
                self.close_connection = True  # an unread body would be taken for the next request
            self._error(problem.status, problem.message)
        except (ConnectionError, TimeoutError):
            self.close_connection = True
        except Exception as error:  # a fault of ours: still an answer, and a line in the log
            self.close_connection = True
            self.endpoint.log(f"internal error on {self.command} {self.path[:200]}: {type(error).__name__}: {error}")
            if self._status is None:
                self._error(500, f"the server failed on this request: {type(error).__name__}: {error}")
        finally:
            self.server.deadlines.release(self._ticket)
            client = self.client_address[0] if self.client_address else "-"
            self.endpoint.log(f'{client} "{self.command} {self.path[:200]}" {self._status or "-"} '
                              f"{self._sent} {1000 * (time.perf_counter() - started):.1f}ms")

    def _late(self) -> BadRequest:
        self.close_connection = True
        return BadRequest(408, f"the request did not arrive within {self.endpoint.request_timeout:g} s")

    def _answer(self) -> None:
        if len(self.raw_requestline) > 65536:
            self.requestline, self.request_version, self.close_connection = "", "HTTP/1.0", True
            raise BadRequest(414, "the request line is longer than 64 KB")
        try:
            parsed = self.parse_request()  # sends its own 400/431/505 when it returns False
        except TimeoutError:
            raise self._late() from None
        if self.server.deadlines.passed(self._ticket):
            raise self._late()
        if not parsed:
            return
        if self.request_version == "HTTP/1.1" and "Host" not in self.headers:
            raise BadRequest(400, "an HTTP/1.1 request needs a Host header")
        refusal = self.policy.host_refusal(self.headers.get("Host"))
        if refusal:
            raise BadRequest(403, refusal)
        length = content_length(self.headers)  # 0 when there is none
        if self.command in ("POST", "PUT", "PATCH") and "Content-Length" not in self.headers:
            raise BadRequest(411, f"a {self.command} needs a Content-Length header")
        try:
            body = read_body(self.rfile, length, self.endpoint.max_body)  # read whatever the method
        except TimeoutError:
            raise self._late() from None
        except BadRequest:
            if self.server.deadlines.passed(self._ticket):
                raise self._late() from None
            raise
        self._body_read = True
        self.server.deadlines.release(self._ticket)
        self._route(body)

    # --- answers ----------------------------------------------------------------------

    def _send(self, status: int, body: str | bytes, content_type: str, headers: dict | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
            self._sent = len(data)

    def _error(self, status: int, message: str, headers: dict | None = None) -> None:
        self._send(status, message + "\n", "text/plain; charset=utf-8", headers)

    def send_error(self, code, message=None, explain=None):
        """The standard library's own refusals (a malformed request line or header) in our form."""
        self.close_connection = True
        if self.request_version == "HTTP/0.9":  # answered as HTTP/1.1 all the same: a status a client can read
            self.request_version = "HTTP/1.0"
        self._error(code, message or self.responses.get(code, ("error",))[0])

    def _cors(self) -> dict:
        origin = self.policy.cors_origin(self.headers.get("Origin"))
        return {"Access-Control-Allow-Origin": origin, "Vary": "Origin, Accept"} if origin else {"Vary": "Accept"}

    def _route(self, body: bytes) -> None:
        route = urllib.parse.urlsplit(self.path).path.rstrip("/") or "/"
        if serve_nodes.handles(route, self.path):  # /project/leeds-family-valued, /guide/
            return serve_nodes.answer(self, route)
        if route not in ALLOWED:
            raise BadRequest(404, f"no such page: {route} (try /, /sparql, /map, /gaps or /ontology)")
        if self.command == "OPTIONS":
            return self._options(route)
        if self.command not in ALLOWED[route].split(", "):
            self.close_connection = True
            return self._error(405, f"{route} takes {ALLOWED[route]}, not {self.command}", {"Allow": ALLOWED[route]})
        if route in QUERY_ROUTES:
            return self._query(body)
        if route == "/update":
            return self._update(body)
        if route == "/":
            self.endpoint.workbench.warm()
            return self._send(200, self.endpoint.page(), "text/html; charset=utf-8")
        if route == "/run":
            return self._answer_with(self.endpoint.workbench.run(self._fields(body)))
        if route == "/suggest":
            return self._answer_with(self.endpoint.workbench.suggest(self._fields(body)))
        self._static(PAGES[route])

    def _options(self, route: str) -> None:
        allow = {"Allow": ALLOWED[route]}
        origin = self.headers.get("Origin")
        if origin is None:
            return self._send(204, b"", "text/plain", allow)
        allowed = self.policy.cors_origin(origin) if route in QUERY_ROUTES else None
        if allowed is None:
            return self._error(403, f"pages of {origin} may not read this server's answers "
                                    "(the server allows the origins given to 'serve --cors-origins')", allow)
        self._send(204, b"", "text/plain", {**allow, "Access-Control-Allow-Origin": allowed, "Vary": "Origin",
                                            "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                                            "Access-Control-Allow-Headers": "Accept, Content-Type",
                                            "Access-Control-Max-Age": "600"})

    def _static(self, name: str) -> None:
        path = self.endpoint.out_dir / name
        if not path.exists():
            raise BadRequest(404, f"{name} has not been built yet: run 'python3 build.py'")
        self._send(200, path.read_bytes(), "text/html; charset=utf-8")

    def _answer_with(self, answer: Answer) -> None:
        self._send(answer.status, answer.body, answer.content_type, answer.headers)

    def _fields(self, body: bytes, direct: tuple[str, ...] = ()) -> dict[str, list[str]] | str:
        """The fields of the URL and of a form body; a body of a type in ``direct`` is returned as it is."""
        params = form_fields(utf8(urllib.parse.urlsplit(self.path).query.encode("latin-1"), "URL"), "URL")
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if self.command == "POST":
            if kind == "application/x-www-form-urlencoded":
                for key, values in form_fields(utf8(body, "form body"), "form body").items():
                    params.setdefault(key, []).extend(values)
            elif kind in direct:
                return utf8(body, "request body")
            elif body:
                raise BadRequest(415, f"a POST body of type {kind or '(none)'} cannot be read: send "
                                      f"{', '.join(('application/x-www-form-urlencoded', *direct))}")
        return params

    def _request_text(self, body: bytes, field: str) -> str:
        """The query or update: from the URL, a form body, or a direct body."""
        params = self._fields(body, ("application/sparql-query", "application/sparql-update"))
        if isinstance(params, str):
            return params
        given = params.get(field) or []
        if len(given) > 1:
            raise BadRequest(400, f"give one '{field}', not {len(given)}")
        return given[0] if given else ""

    def _query(self, body: bytes) -> None:
        text = self._request_text(body, "query")
        if not text:
            raise BadRequest(400, "no query: send ?query=... (GET), a form field 'query', or an "
                                  "application/sparql-query body")
        accept = self.headers.get("Accept", "")
        status, reply = self._run(self.endpoint.query, text)
        if status != "ok":
            return self._error(status, reply, self._cors())
        kind, data = reply
        if kind == "graph":
            media = negotiate(accept, GRAPH_TYPES, "text/turtle")
            if media is None:
                raise BadRequest(406, f"a graph result can be sent as: {', '.join(GRAPH_TYPES)}")
            return self._send(200, graph_body(data, media), f"{media}; charset=utf-8", self._cors())
        media = negotiate(accept, SELECT_TYPES, JSON_TYPES[0])
        if media is None:
            raise BadRequest(406, f"query results can be sent as: {', '.join(SELECT_TYPES)}")
        if media not in JSON_TYPES:
            data = SELECT_TYPES[media](QueryResult.from_sparql_json(json.loads(data)))
        self._send(200, data, f"{media}; charset=utf-8", self._cors())

    def _update(self, body: bytes) -> None:
        if not self.endpoint.allow_updates:
            raise BadRequest(403, "this endpoint is read-only; start it with 'build.py serve --allow-updates' "
                                  "to accept updates")
        refused = self.policy.update_refusal(self.headers)
        if refused:
            raise BadRequest(*refused)
        text = self._request_text(body, "update")
        if not text:
            raise BadRequest(400, "no update: send a form field 'update' or an application/sparql-update body")
        status, reply = self._run(self.endpoint.update, text)
        if status != "ok":
            return self._error(status, reply)
        self._send(204, b"", "text/plain")

    def _run(self, action, text: str) -> tuple[int | str, object]:
        """('ok', answer) or (HTTP status, message)."""
        try:
            outcome, detail = action(text)
        except Refused as error:
            return 403, str(error)
        except (QueryTimeout, Busy) as error:
            return 503, str(error)
        except WorkerFailed as error:
            return 500, str(error)
        if outcome == "ok":
            return "ok", detail
        if outcome == "syntax":
            return 400, detail
        if outcome == "service":
            return 502, detail
        return 400, f"the {'update' if action == self.endpoint.update else 'query'} failed: {detail}"


class Server(ThreadingHTTPServer):
    """A thread per connection, up to ``max_connections``; past that, an immediate 503."""

    daemon_threads = True
    max_connections = 64
    request_queue_size = 128  # the listen backlog: 16 clients connecting at once must not overflow it

    def __init__(self, address, endpoint: Endpoint):
        super().__init__(address, Handler)
        self.endpoint = endpoint
        self.policy = Policy(self.server_address[1], endpoint.allowed_hosts, endpoint.cors_origins,
                             endpoint.update_token)
        self.deadlines = Deadlines()
        self.slots = threading.BoundedSemaphore(self.max_connections)

    def process_request(self, request, client_address):
        if not self.slots.acquire(blocking=False):
            message = b"too many connections at once; try again shortly\n"
            try:
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
                                b"Connection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(message), message))
            except OSError:
                pass
            self.endpoint.log(f"{client_address[0]} refused: more than {self.max_connections} connections at once")
            return self.shutdown_request(request)
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()


def make_server(endpoint: Endpoint, port: int = 8000, host: str = "127.0.0.1") -> Server:
    """An HTTP server bound to ``host`` (loopback by default); port 0 picks a free one."""
    return Server((host, port), endpoint)
