"""Queries on an Oxigraph store (pyoxigraph), in this process.

Parameters are bound as a VALUES block (inject.py), as for a SPARQL server: pyoxigraph's own
``substitutions`` only bind variables the SELECT projects, and a named query's parameter
often is not projected.

Terms come back from pyoxigraph as rdflib terms. A plain string is
xsd:string in Oxigraph and untyped in rdflib; it comes back untyped, as rdflib and the
SPARQL JSON results of a server give it, so that answers compare equal whichever store gave them.
"""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from .deadline import within
from .errors import QueryError
from .inject import bind_in_text
from .results import QueryResult


@lru_cache(maxsize=200_000)
def from_oxigraph(term) -> Node | None:
    """A pyoxigraph term as an rdflib term; remembered, because answers repeat the same terms
    and making an rdflib Literal is slow."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == str(XSD.string) else URIRef(datatype))


def to_oxigraph(term):
    """An rdflib term as a pyoxigraph term (None stays None: a wildcard in a pattern)."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))


class StoreGraph:
    """The few rdflib ``Graph`` look-ups that name a node for people (csckg/names.py) and
    draw the evidence gap map, answered by the default graph of an Oxigraph store, so that a
    large graph is never copied into rdflib for them. ``query`` rows read like rdflib's:
    ``row.variable``, None where unbound."""

    def __init__(self, store: ox.Store):
        self.store = store

    def _quads(self, s, p, o):
        return self.store.quads_for_pattern(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), ox.DefaultGraph())

    def objects(self, subject=None, predicate=None):
        return (from_oxigraph(q.object) for q in self._quads(subject, predicate, None))

    def subjects(self, predicate=None, obj=None):
        return (from_oxigraph(q.subject) for q in self._quads(None, predicate, obj))

    def query(self, text: str) -> list[SimpleNamespace]:
        solutions = self.store.query(text)
        names = [v.value for v in solutions.variables]
        return [SimpleNamespace(**{n: from_oxigraph(row[n]) for n in names}) for row in solutions]


def to_result(answer) -> QueryResult:
    """A pyoxigraph answer (solutions, boolean or triples) as a QueryResult."""
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        rows = [tuple(from_oxigraph(solution[v]) for v in variables) for solution in answer]
        return QueryResult("select", variables, rows)
    graph = Graph()
    for triple in answer:
        graph.add((from_oxigraph(triple.subject), from_oxigraph(triple.predicate), from_oxigraph(triple.object)))
    return QueryResult("graph", graph=graph)


class OxigraphStore:
    """An Oxigraph store in this process: in memory, or opened from disk (see csckg/store/disk.py).

    ``timeout`` bounds each query that names no limit of its own (see deadline.py)."""

    def __init__(self, store: ox.Store, description: str = "an Oxigraph store", timeout: float | None = None):
        self.store = store
        self.description = description
        self.timeout = timeout

    def query(self, text, bindings=None, timeout=None) -> QueryResult:
        sent = bind_in_text(text, bindings or {})
        try:
            return within(timeout if timeout is not None else self.timeout, lambda: to_result(self.store.query(sent)))
        except SyntaxError as error:
            raise QueryError(f"Oxigraph could not parse the query: {error}") from None

    def update(self, text: str) -> None:
        self.store.update(text)
