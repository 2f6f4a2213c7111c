"""OWL 2 RL reasoning with owlrl, keeping only the inferences worth showing.

owlrl expands a graph in place and mixes three kinds of triple into its closure: the
entailments we want (types from the class hierarchy, inverse properties, property chains,
SKOS transitivity, rdfs:label from skos:prefLabel), noise (a reflexive owl:sameAs for every
term, rdfs:Resource and owl:Thing types, axioms about RDF's own vocabulary, literals used
as subjects) and, instead of raising, error nodes for clashes such as a node that belongs
to two disjoint classes. ``reason`` keeps the first kind, drops the second and raises on
the third.

Two engines compute the closure: owlrl (pure Python, the reference) and reasonable (Rust,
completed in fast_reason.py; tests prove it keeps the same inferences on the seed graph).
``auto`` uses owlrl for small graphs and reasonable from AUTO_THRESHOLD triples.
"""

from __future__ import annotations

from dataclasses import dataclass

import owlrl
from owlrl.Namespaces import ERRNS
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

from .errors import CsckgError, ValidationFailed
from .fast_reason import reasonable_closure
from .namespaces import bind_prefixes


@dataclass
class Closure:
    """The asserted graph, the inferences kept from reasoning, and both together."""

    asserted: Graph
    inferred: Graph

    @property
    def combined(self) -> Graph:
        graph = bind_prefixes(Graph())
        for triple in self.asserted:
            graph.add(triple)
        for triple in self.inferred:
            graph.add(triple)
        return graph


def declared_terms(graph: Graph) -> tuple[set[URIRef], set[URIRef]]:
    """The classes and properties the ontology declares (core, imports and schemes)."""
    classes = {s for s in graph.subjects(RDF.type, OWL.Class) if isinstance(s, URIRef)}
    properties = {
        s
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
        for s in graph.subjects(RDF.type, kind)
        if isinstance(s, URIRef)
    }
    return classes, properties


def clash_messages(graph: Graph) -> list[str]:
    """The messages of the error nodes owlrl writes for inconsistencies."""
    return sorted(str(m) for node in graph.subjects(RDF.type, ERRNS.ErrorMessage)
                  for m in graph.objects(node, ERRNS.error))


def is_kept(triple, classes: set[URIRef], properties: set[URIRef]) -> bool:
    """Whether an inferred triple is one we chose to keep."""
    s, p, o = triple
    if isinstance(s, Literal) or p == OWL.sameAs:
        return False
    if p == RDF.type:
        return o in classes
    return p in properties


def owlrl_closure(asserted: Graph) -> tuple[Graph, list[str]]:
    """(the closure, clash messages) computed by owlrl."""
    expanded = Graph()
    for triple in asserted:
        expanded.add(triple)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(expanded)
    return expanded, clash_messages(expanded)


ENGINES = {"owlrl": owlrl_closure, "reasonable": reasonable_closure}
AUTO_THRESHOLD = 10_000


def engine_for(choice: str, triples: int) -> str:
    """The engine ``--reasoner`` names; ``auto`` picks by the number of asserted triples."""
    if choice == "auto":
        return "reasonable" if triples >= AUTO_THRESHOLD else "owlrl"
    if choice not in ENGINES:
        raise CsckgError(f"--reasoner takes owlrl, reasonable or auto, not '{choice}'")
    return choice


def reason(asserted: Graph, engine: str = "owlrl") -> Closure:
    """Compute the OWL 2 RL closure of ``asserted`` with ``engine`` and return the kept inferences.

    Raises:
        ValidationFailed: when the reasoner finds a clash (for example, disjoint classes).
    """
    expanded, clashes = ENGINES[engine](asserted)
    if clashes:
        raise ValidationFailed([f"reasoner clash: {m}" for m in clashes])

    classes, properties = declared_terms(asserted)
    inferred = bind_prefixes(Graph())
    for triple in expanded:
        if triple not in asserted and is_kept(triple, classes, properties):
            inferred.add(triple)
    return Closure(asserted=asserted, inferred=inferred)
