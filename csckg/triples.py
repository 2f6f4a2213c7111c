"""Triples as N-Triples strings: the build's working form, and the way to and from rdflib.

A triple is ``(subject, predicate, object)``, each term written as in N-Triples
(``<iri>``, ``_:id``, ``"text"@en``, ``"1"^^<...#integer>``). pyoxigraph parses Turtle and
writes canonical N-Triples in Rust; splitting its lines gives these tuples, and joining them
gives N-Triples back, so a million triples never become Python objects one term at a time.
Subjects and predicates never contain a space, so a line splits at its first two spaces.

rdflib is used where a graph is small (the owlrl reference reasoner, the map, the linker);
blank nodes cross to it as skolem IRIs and come back as the same blank nodes.
"""

from __future__ import annotations

from typing import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from .namespaces import bind_prefixes

Triple = tuple[str, str, str]
SKOLEM = "https://w3id.org/csckg/.well-known/genid/"


def from_ntriples(data: bytes | str) -> list[Triple]:
    """The triples of canonical N-Triples text (one triple a line, single spaces, as Oxigraph writes)."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    triples = []
    for line in text.splitlines():
        if line:
            s, p, rest = line.split(" ", 2)
            triples.append((s, p, rest[:-2]))  # drop the final " ."
    return triples


def to_ntriples(triples: Iterable[Triple], sort: bool = True) -> str:
    """N-Triples text, one line a triple (sorted, so that outputs diff line by line)."""
    lines = [f"{s} {p} {o} .\n" for s, p, o in triples]
    if sort:
        lines.sort()
    return "".join(lines)


def canonical(data: bytes, format: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> bytes:
    """``data`` rewritten as canonical N-Triples by Oxigraph (blank nodes keep their ids)."""
    return ox.serialize(ox.parse(data, format=format), format=ox.RdfFormat.N_TRIPLES)


def _skolem(term: str) -> str:
    return f"<{SKOLEM}{term[2:]}>" if term.startswith("_:") else term


def _unskolem(term: str) -> str:
    return f"_:{term[len(SKOLEM) + 1:-1]}" if term.startswith("<" + SKOLEM) else term


def to_rdflib(triples: Iterable[Triple]) -> Graph:
    """An rdflib graph of ``triples``, with the project's prefixes; blank nodes keep their ids."""
    text = "".join(f"{_skolem(s)} {p} {_skolem(o)} .\n" for s, p, o in triples)
    graph = bind_prefixes(Graph())
    for triple in Graph().parse(data=text, format="nt"):
        graph.add(tuple(_as_blank(term) for term in triple))
    return graph


def _as_blank(term):
    return BNode(term[len(SKOLEM):]) if isinstance(term, URIRef) and term.startswith(SKOLEM) else term


def from_rdflib(graph: Graph) -> list[Triple]:
    """The triples of an rdflib graph, in canonical N-Triples form (blank nodes keep their ids).

    Triples with a literal subject (owlrl's closure has some; they are noise) are left out:
    N-Triples cannot write them.
    """
    skolemized = Graph()
    for triple in graph:
        if isinstance(triple[0], Literal):
            continue
        skolemized.add(tuple(URIRef(SKOLEM + term) if isinstance(term, BNode) else term for term in triple))
    triples = from_ntriples(canonical(skolemized.serialize(format="nt", encoding="utf-8")))
    return [(_unskolem(s), p, _unskolem(o)) for s, p, o in triples]
