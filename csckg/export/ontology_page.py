"""Render the ontology and its concept schemes as one readable, self-contained HTML page."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ..load import load_ontology
from ..names import curie, label
from ..reason.closure import Closure
from . import page
from ..namespaces import CSC

CSC_TERM = str(CSC)


@dataclass
class Term:
    """A class, property or concept as the documentation shows it."""

    iri: str
    curie: str
    label: str
    definition: str = ""
    facts: list[tuple[str, str]] = field(default_factory=list)
    alt_labels: list[str] = field(default_factory=list)
    children: list["Term"] = field(default_factory=list)


def _anchor_list(graph: Graph, nodes) -> str:
    return ", ".join(sorted(curie(n) for n in nodes))


def _definition(graph: Graph, node) -> str:
    return str(graph.value(node, SKOS.definition) or graph.value(node, RDFS.comment) or "")


def _class_terms(graph: Graph) -> list[Term]:
    terms = []
    for node in sorted(n for n in graph.subjects(RDF.type, OWL.Class) if str(n).startswith(CSC_TERM)):
        term = Term(str(node), curie(node), label(graph, node) or curie(node), _definition(graph, node))
        supers = list(graph.objects(node, RDFS.subClassOf))
        if supers:
            term.facts.append(("subclass of", _anchor_list(graph, supers)))
        subs = list(graph.subjects(RDFS.subClassOf, node))
        if subs:
            term.facts.append(("superclass of", _anchor_list(graph, subs)))
        terms.append(term)
    return terms


def _property_terms(graph: Graph) -> list[Term]:
    kinds = {OWL.ObjectProperty: "object property", OWL.DatatypeProperty: "datatype property",
             OWL.AnnotationProperty: "annotation property"}
    terms = []
    for kind, kind_label in kinds.items():
        for node in graph.subjects(RDF.type, kind):
            if not str(node).startswith(CSC_TERM):
                continue
            term = Term(str(node), curie(node), label(graph, node) or curie(node), _definition(graph, node))
            term.facts.append(("kind", kind_label))
            for prop, caption in ((RDFS.domain, "domain"), (RDFS.range, "range"),
                                  (RDFS.subPropertyOf, "sub-property of"), (OWL.inverseOf, "inverse of"),
                                  (CSC.expressesRole, "role")):
                values = list(graph.objects(node, prop))
                if values:
                    term.facts.append((caption, _anchor_list(graph, values)))
            chain = graph.value(node, OWL.propertyChainAxiom)
            if chain is not None:
                term.facts.append(("inferred as the chain", " then ".join(curie(n) for n in Collection(graph, chain))))
            terms.append(term)
    return sorted(terms, key=lambda t: t.curie)


def _concept_tree(graph: Graph, concept: URIRef, scheme: URIRef, seen: set) -> Term:
    seen.add(concept)
    term = Term(str(concept), curie(concept), label(graph, concept) or curie(concept), _definition(graph, concept))
    term.alt_labels = sorted(str(a) for a in graph.objects(concept, SKOS.altLabel))
    narrower = sorted(n for n in graph.subjects(SKOS.broader, concept)
                      if (n, SKOS.inScheme, scheme) in graph and n not in seen)
    term.children = [_concept_tree(graph, n, scheme, seen) for n in narrower]
    return term


def _schemes(graph: Graph) -> list[Term]:
    schemes = []
    for scheme in sorted(graph.subjects(RDF.type, SKOS.ConceptScheme)):
        term = Term(str(scheme), curie(scheme), label(graph, scheme) or curie(scheme), _definition(graph, scheme))
        members = set(graph.subjects(SKOS.inScheme, scheme))
        tops = sorted(c for c in members
                      if not any((b, SKOS.inScheme, scheme) in graph for b in graph.objects(c, SKOS.broader)))
        seen: set = set()
        term.children = [_concept_tree(graph, c, scheme, seen) for c in tops]
        schemes.append(term)
    return schemes


def render_ontology_html(ontology: Graph) -> str:
    """The HTML documentation of the ontology graph (classes, properties, concept schemes)."""
    head = URIRef(CSC_TERM.rstrip("#"))
    return page.render(
        "ontology.html.j2",
        title=label(ontology, head) or "Ontology",
        description=str(ontology.value(head, URIRef("http://purl.org/dc/terms/description")) or ""),
        version=str(ontology.value(head, OWL.versionInfo) or ""),
        classes=_class_terms(ontology),
        properties=_property_terms(ontology),
        schemes=_schemes(ontology),
    )


def write_ontology_page(closure: Closure, directory: Path) -> list[Path]:
    """Write out/ontology.html (a page writer, see export/pages.py); drawn from the ontology's files."""
    path = directory / "ontology.html"
    path.write_text(render_ontology_html(load_ontology()), encoding="utf-8")
    return [path]
