"""Where queries run: the local rdflib graph, or any SPARQL 1.1 server over HTTP.

Both stores take parameter bindings as RDF terms. The local store hands them to rdflib's
own bindings; a SPARQL server has no binding mechanism in the protocol, so the remote store
sends them as a VALUES block at the start of the WHERE group (see inject.py).
"""

from __future__ import annotations

import http.client
import json
import re
import urllib.parse
from typing import Protocol

from pyparsing import ParseException
from rdflib import Graph, Variable
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node

from ..namespaces import NOT_CODE, first_use
from .deadline import within
from .errors import EndpointError, QueryTimeout, SparqlSyntaxError
from .http import Answer, Late, exchange
from .inject import bind_in_text
from .results import QueryResult

#: What to accept for each form of query. A graph's types alone for CONSTRUCT and DESCRIBE:
#: offered JSON too, Virtuoso answers them with a table of ?s ?p ?o in SPARQL JSON results.
RESULT_TYPES = {"select": "application/sparql-results+json", "ask": "application/sparql-results+json",
                "graph": "application/n-triples, text/turtle;q=0.8"}
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
UNKNOWN_PREFIX = re.compile(r"Unknown namespace prefix\s*:\s*(\S*)")
#: The limit of a query to a server when the command gives none.
DEFAULT_TIMEOUT = 300.0


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
    except Exception as exc:  # rdflib says "Unknown namespace prefix : foo", with no place
        prefix = UNKNOWN_PREFIX.match(str(exc))
        if not prefix:
            raise
        name = prefix.group(1).strip()
        line, column = first_use(text, name) or (1 + line_offset, 1)
        raise SparqlSyntaxError(line - line_offset, column, f"the prefix '{name}:' is not declared "
                                f"(add PREFIX {name}: <...> at the top)", source) from None


def query_form(text: str) -> str:
    """'select', 'ask' or 'graph' (CONSTRUCT, DESCRIBE): the first keyword of the query that is
    not in a comment, a string or an IRI."""
    found = _FORM.search(NOT_CODE.sub(" ", text))
    keyword = found.group(1).lower() if found else "select"
    return "graph" if keyword in ("construct", "describe") else keyword


class LocalStore:
    """The graph in this process (built by the build, or loaded from out/).

    ``timeout`` bounds each query that names no limit of its own (see deadline.py)."""

    def __init__(self, graph: Graph, description: str = "the local graph", timeout: float | None = None):
        self.graph = graph
        self.description = description
        self.timeout = timeout

    def query(self, text, bindings=None, timeout=None) -> QueryResult:
        prepared = parse_local(text)
        init = {Variable(k): v for k, v in (bindings or {}).items()}
        return within(timeout if timeout is not None else self.timeout,
                      lambda: QueryResult.from_rdflib(self.graph.query(prepared, initBindings=init)))

    def update(self, text: str) -> None:
        self.graph.update(text)


class RemoteStore:
    """A SPARQL 1.1 Protocol endpoint: Oxigraph's /query, Fuseki's /ds/sparql, GraphDB, ...

    ``timeout`` bounds each exchange that names no limit of its own, from connecting to the
    last byte of the answer (see http.py)."""

    def __init__(self, endpoint: str, default_graph: str | None = None, timeout: float | None = None):
        self.endpoint = endpoint
        self.default_graph = default_graph
        self.timeout = timeout
        self.description = f"the SPARQL endpoint {endpoint}"

    def query(self, text, bindings=None, timeout=None) -> QueryResult:
        seconds = timeout or self.timeout or DEFAULT_TIMEOUT
        form = query_form(text)
        fields = [("query", bind_in_text(text, bindings or {}))]
        if self.default_graph:
            fields.append(("default-graph-uri", self.default_graph))
        try:
            answer = exchange("POST", self.endpoint, urllib.parse.urlencode(fields).encode(),
                              {"Accept": RESULT_TYPES[form], "Content-Type": "application/x-www-form-urlencoded"},
                              seconds)
        except Late:
            raise QueryTimeout(seconds, f"the SPARQL endpoint {self.endpoint}") from None
        except (OSError, http.client.HTTPException) as error:
            raise EndpointError(f"could not reach the SPARQL endpoint {self.endpoint}: {error}") from None
        if answer.status >= 400:
            raise EndpointError(f"{answer.who(self.endpoint)} answered HTTP {answer.status} {answer.reason}: "
                                f"{answer.text(500)}")
        result = _parse_response(answer, answer.who(self.endpoint))
        cut_at = answer.headers.get("x-sparql-maxrows", "")
        if result.kind == "select" and cut_at.isdigit() and len(result.rows) >= int(cut_at):
            raise EndpointError(f"{answer.who(self.endpoint)} cut its answer at {cut_at} rows, its own limit "
                                "(Virtuoso: ResultSetMaxRows in the [SPARQL] section of virtuoso.ini), so the "
                                "rest is missing; raise that limit on the server")
        if result.kind != form:
            raise EndpointError(f"{answer.who(self.endpoint)} was asked for {_FORMS[form]} and answered with "
                                f"{_FORMS[result.kind]} ({answer.content_type}), which this tool cannot read "
                                "as the answer")
        return result


_FORMS = {"select": "a table (SELECT)", "ask": "a yes or no (ASK)", "graph": "a graph (CONSTRUCT or DESCRIBE)"}


def _parse_response(answer: Answer, endpoint: str) -> QueryResult:
    content_type, body = answer.content_type, answer.body
    formats = {"application/n-triples": "nt", "text/turtle": "turtle", "text/plain": "nt"}
    try:
        if content_type in ("application/sparql-results+json", "application/json"):
            return QueryResult.from_sparql_json(json.loads(body))
        if content_type in formats:
            return QueryResult("graph", graph=Graph().parse(data=body.decode("utf-8"), format=formats[content_type]))
    except (ValueError, KeyError, TypeError, AttributeError, SyntaxError) as error:
        kind = "SPARQL JSON results" if "json" in content_type else content_type
        raise EndpointError(f"{endpoint} answered with {kind} that cannot be read "
                            f"({type(error).__name__}: {str(error)[:200]})") from None
    raise EndpointError(f"{endpoint} answered with a result type this tool does not read: {content_type}: "
                        f"{answer.text()}")
