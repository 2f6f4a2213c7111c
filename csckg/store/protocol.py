"""Where queries run: the local rdflib graph, or any SPARQL 1.1 server over HTTP.

Both stores take parameter bindings as RDF terms. The local store hands them to rdflib's
own bindings; a SPARQL server has no binding mechanism in the protocol, so the remote store
sends them as a VALUES block at the start of the WHERE group (see inject.py).
"""

from __future__ import annotations

import json
import multiprocessing
import socket
import urllib.error
import urllib.parse
import urllib.request
from typing import Protocol

from pyparsing import ParseException
from rdflib import Graph, Variable
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node

from .errors import EndpointError, QueryTimeout, SparqlSyntaxError
from .inject import bind_in_text
from .results import QueryResult

RESULT_TYPES = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"


class Store(Protocol):
    """Anything that answers SPARQL queries."""

    description: str

    def query(self, text: str, bindings: dict[str, Node] | None = None,
              timeout: float | None = None) -> QueryResult: ...


def parse_local(text: str, source: str = "query", line_offset: int = 0):
    """Parse SPARQL with rdflib, turning a parse failure into a line-and-column message.

    ``line_offset`` is the number of lines the tool itself put before the analyst's text,
    so that the line reported is a line of what the analyst wrote.
    """
    try:
        return prepareQuery(text)
    except ParseException as exc:
        raise SparqlSyntaxError(exc.lineno - line_offset, exc.col, exc.msg, source) from None


class LocalStore:
    """The graph in this process (built by the build, or loaded from out/)."""

    def __init__(self, graph: Graph, description: str = "the local graph"):
        self.graph = graph
        self.description = description

    def query(self, text, bindings=None, timeout=None) -> QueryResult:
        prepared = parse_local(text)
        init = {Variable(k): v for k, v in (bindings or {}).items()}
        if timeout is None:
            return QueryResult.from_rdflib(self.graph.query(prepared, initBindings=init))
        return _run_with_timeout(self.graph, text, init, timeout)

    def update(self, text: str) -> None:
        self.graph.update(text)


def _query_in_child(graph: Graph, text: str, init: dict, connection) -> None:
    result = QueryResult.from_rdflib(graph.query(text, initBindings=init))
    if result.graph is not None:
        result.graph = result.graph.serialize(format="nt")
    connection.send(result)
    connection.close()


def _run_with_timeout(graph: Graph, text: str, init: dict, timeout: float) -> QueryResult:
    """Run the query in a forked child so that a runaway query can be stopped."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_query_in_child, args=(graph, text, init, sender), daemon=True)
    child.start()
    sender.close()
    if not receiver.poll(timeout):
        child.terminate()
        child.join()
        raise QueryTimeout(timeout)
    result = receiver.recv()
    child.join()
    if isinstance(result.graph, str):
        result.graph = Graph().parse(data=result.graph, format="nt")
    return result


class RemoteStore:
    """A SPARQL 1.1 Protocol endpoint: Oxigraph's /query, Fuseki's /ds/sparql, GraphDB, ..."""

    def __init__(self, endpoint: str, default_graph: str | None = None):
        self.endpoint = endpoint
        self.default_graph = default_graph
        self.description = f"the SPARQL endpoint {endpoint}"

    def query(self, text, bindings=None, timeout=None) -> QueryResult:
        fields = [("query", bind_in_text(text, bindings or {}))]
        if self.default_graph:
            fields.append(("default-graph-uri", self.default_graph))
        request = urllib.request.Request(
            self.endpoint, data=urllib.parse.urlencode(fields).encode(),
            headers={"Accept": RESULT_TYPES, "Content-Type": "application/x-www-form-urlencoded"})
        try:
            with urllib.request.urlopen(request, timeout=timeout or 300) as response:
                content_type = response.headers.get_content_type()
                body = response.read()
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", "replace").strip()[:500]
            raise EndpointError(f"{self.endpoint} answered HTTP {error.code} {error.reason}: {detail}") from None
        except (socket.timeout, TimeoutError):
            raise QueryTimeout(timeout or 300) from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise EndpointError(f"could not reach the SPARQL endpoint {self.endpoint}: {reason}") from None
        return _parse_response(content_type, body, self.endpoint)


def _parse_response(content_type: str, body: bytes, endpoint: str) -> QueryResult:
    if content_type in ("application/sparql-results+json", "application/json"):
        return QueryResult.from_sparql_json(json.loads(body))
    formats = {"application/n-triples": "nt", "text/turtle": "turtle", "text/plain": "nt"}
    if content_type in formats:
        return QueryResult("graph", graph=Graph().parse(data=body.decode("utf-8"), format=formats[content_type]))
    raise EndpointError(f"{endpoint} answered with a result type this tool does not read: {content_type}")
