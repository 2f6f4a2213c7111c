"""OWL 2 RL closure with ``reasonable`` (Rust), completed to give what owlrl gives for this ontology.

reasonable computes the OWL 2 RL rules for the class and property hierarchy, domains and
ranges, inverse, symmetric and transitive properties, but not two things this ontology
relies on, which are done here:

- blank nodes and literals: reasonable renames blank nodes and types every plain literal as
  xsd:string, so the graph is skolemized first (each blank node becomes an IRI), and the
  result de-skolemized and given back the input's literals, so that its triples compare
  with the input's;
- property chains (owl:propertyChainAxiom): joined here, and the closure computed again with
  the new triples, until nothing new follows.

Clashes (owl:AllDisjointClasses, owl:disjointWith), which reasonable does not report, are found
in its closure by the compiled engine's check (see reason/closure.py).

tests/test_reason_engines.py proves that the kept inferences equal owlrl's on the seed graph.
"""

from __future__ import annotations

from collections import defaultdict

import reasonable
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, XSD


def _closure(triples: set) -> set:
    reasoner = reasonable.PyReasoner()
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    reasoner.from_graph(graph)
    return set(reasoner.reason()) | triples


def property_chains(graph: Graph) -> list[tuple[URIRef, list[URIRef]]]:
    """(property, [p1, p2, ...]) for every owl:propertyChainAxiom."""
    return [(prop, list(Collection(graph, chain))) for prop, chain in graph.subject_objects(OWL.propertyChainAxiom)]


def chain_triples(triples: set, chains) -> set:
    """The triples the property chains entail from ``triples`` (one step of each chain)."""
    by_property = defaultdict(lambda: defaultdict(set))
    for s, p, o in triples:
        by_property[p][s].add(o)
    entailed = set()
    for prop, links in chains:
        reached = {(s, s) for s in by_property[links[0]]}  # (start, current node)
        for link in links:
            step = by_property[link]
            reached = {(start, nxt) for start, node in reached for nxt in step.get(node, ())}
        entailed.update((start, prop, end) for start, end in reached)
    return entailed


def _literal_key(term: Literal) -> tuple:
    return str(term), term.language, term.datatype or (None if term.language else XSD.string)


def _as_input(triples: set, asserted: Graph) -> Graph:
    """The triples with each literal written as the input wrote it (plain, not ^^xsd:string)."""
    originals = {_literal_key(o): o for o in asserted.objects() if isinstance(o, Literal)}
    graph = Graph()
    for s, p, o in triples:
        if isinstance(o, Literal):
            o = originals.get(_literal_key(o)) or (Literal(str(o)) if o.datatype == XSD.string else o)
        graph.add((s, p, o))
    return graph


def reasonable_closure(asserted: Graph) -> set:
    """Every triple of the closure of ``asserted``."""
    skolemized = asserted.skolemize()
    chains = property_chains(skolemized)
    closure = _closure(set(skolemized))
    while True:
        new = chain_triples(closure, chains) - closure
        if not new:
            break
        closure = _closure(closure | new)
    return set(_as_input(closure, skolemized).de_skolemize())
