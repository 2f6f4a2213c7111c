"""The RDF, RDFS and OWL terms the reasoners look for, written as N-Triples terms (``<iri>``).

The build reasons over N-Triples strings (see csckg/triples.py), so these are strings too,
compared with ``==`` against the terms of a triple.
"""

from __future__ import annotations

OWL = "http://www.w3.org/2002/07/owl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"


def iri(namespace: str, name: str) -> str:
    """``<namespace + name>``, the N-Triples form of an IRI."""
    return f"<{namespace}{name}>"


TYPE, FIRST, REST, NIL = (iri(RDF, n) for n in ("type", "first", "rest", "nil"))
SUB_CLASS, SUB_PROPERTY, DOMAIN, RANGE = (iri(RDFS, n) for n in ("subClassOf", "subPropertyOf", "domain", "range"))
EQUIVALENT_CLASS, EQUIVALENT_PROPERTY, INVERSE, CHAIN, DISJOINT, MEMBERS = (
    iri(OWL, n) for n in ("equivalentClass", "equivalentProperty", "inverseOf", "propertyChainAxiom",
                          "disjointWith", "members"))
SYMMETRIC, TRANSITIVE = iri(OWL, "SymmetricProperty"), iri(OWL, "TransitiveProperty")
SAME_AS = iri(OWL, "sameAs")
CLASS = iri(OWL, "Class")
PROPERTY_KINDS = {iri(OWL, kind) for kind in ("ObjectProperty", "DatatypeProperty", "AnnotationProperty")}
