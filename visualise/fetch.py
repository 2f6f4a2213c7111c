"""Fetch one node's neighbourhood from a SPARQL store, instead of the whole graph.

``map --focus X --depth N`` on an Oxigraph store or a SPARQL server asks only for what the map
will draw: the nodes whose label (or IRI) matches X, the nodes within N links of them, and the
triples that describe those nodes (with their values, samples and citations, and the labels of
what they point at), the nodes that decide what the map's model and authority filters select a
node by (its initiatives; for a source, the nodes citing it), and the ontology's property
labels and inverses. On a graph of a million triples that is a few thousand triples, so the
map is drawn in seconds instead of copying the graph into rdflib first. The view is then built
and cut exactly as for a local graph (visualise/select.py), so the map is the same: a test
compares every node, attribute and link.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from csckg.kinds import classes_of, schemes_of
from csckg.namespaces import bind_prefixes, expand
from csckg.store.disk import INFERRED

from .view import KINDS, NOT_FACTS, SHOWN_INFERENCES

BATCH = 500
MAX_SEEDS = 50

SEEDS = """
SELECT DISTINCT ?node WHERE {
  { ?node <http://www.w3.org/2000/01/rdf-schema#label> ?label }
  UNION { ?node <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }
  UNION { ?node <http://www.w3.org/2004/02/skos/core#altLabel> ?label }
  UNION { ?node <http://www.w3.org/2004/02/skos/core#hiddenLabel> ?label }
  FILTER (isIRI(?node) && CONTAINS(LCASE(STR(?label)), LCASE(STR(?text))))
} LIMIT %d
""" % MAX_SEEDS

#: The nodes one link from a drawn node, through the links the map draws (see view.build_view):
#: asserted links other than NOT_FACTS, and SHOWN_INFERENCES, to nodes of a drawn kind.
NEIGHBOURS = """
SELECT DISTINCT ?next WHERE {
  VALUES ?node { %%s }
  { ?node ?link ?next . %(forward)s } UNION { ?next ?link ?node . %(backward)s }
  FILTER (isIRI(?next) && (?link IN (%(shown)s) || ?link NOT IN (%(not_facts)s)))
  { VALUES ?class { %(classes)s } ?next a ?class }
  UNION { VALUES ?scheme { %(schemes)s } ?next <http://www.w3.org/2004/02/skos/core#inScheme> ?scheme }
}
"""
ASSERTED_LINK = "FILTER (?link IN (%s) || NOT EXISTS { GRAPH <%s> { %s } })"


#: The triples of each node and of the blank nodes it holds, two deep (a value, then the
#: value's citation). Each branch starts from its own VALUES, so that Oxigraph walks out from
#: the nodes instead of scanning the graph and joining afterwards.
HOLDERS = [
    "BIND (?node AS ?s)",
    "?node ?step ?s . FILTER (isBlank(?s))",
    "?node ?step ?held . FILTER (isBlank(?held)) ?held ?next ?s . FILTER (isBlank(?s))",
]
DESCRIBE_BRANCH = "{ VALUES ?node { %(nodes)s } %(holder)s ?s ?p ?o . %(own)s }"

#: What the map needs to know of the IRIs those triples point at: one branch per property.
ABOUT = [
    "http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://www.w3.org/2004/02/skos/core#inScheme",
    "https://w3id.org/csckg/ontology#rank",
]


#: The nodes whose facts decide a node's model and authority filters (see view._scope).
SCOPE = """
PREFIX csc: <https://w3id.org/csckg/ontology#>
SELECT DISTINCT ?in WHERE {
  VALUES ?node { %s }
  { ?node csc:evaluationOf|csc:aboutInitiative|csc:hostedInitiative|csc:involvedIn|csc:evaluatorOf|csc:elementUsedBy ?in }
  UNION { ?in csc:usesModelOrBroader|csc:usesElement ?node }
  UNION { ?node csc:supportedBy ?supporter . ?supporter (csc:aboutInitiative|csc:evaluationOf)? ?in }
  UNION { ?in <http://www.w3.org/ns/prov#wasDerivedFrom> ?node }
  FILTER (isIRI(?in))
}
"""

#: The ontology's property and class labels and inverses, which name the map's links and facts.
SCHEMA = """
CONSTRUCT { ?term ?p ?o } WHERE {
  VALUES ?kind { <http://www.w3.org/2002/07/owl#ObjectProperty> <http://www.w3.org/2002/07/owl#DatatypeProperty>
                 <http://www.w3.org/2002/07/owl#AnnotationProperty> <http://www.w3.org/2002/07/owl#Class> }
  VALUES ?p { <http://www.w3.org/2000/01/rdf-schema#label> <http://www.w3.org/2002/07/owl#inverseOf> }
  ?term a ?kind ; ?p ?o .
}
"""


def _values(nodes) -> str:
    return " ".join(f"<{node}>" for node in nodes)


def seeds(store, text: str) -> set[URIRef]:
    """The IRIs ``text`` may name: itself as an IRI or prefixed name, or nodes whose label or
    other name (skos:altLabel, skos:hiddenLabel) contains it."""
    iri = expand(text)
    if iri is not None:
        return {iri}
    return {row[0] for row in store.query(SEEDS, {"text": Literal(text)}).rows}


def _iris(terms) -> str:
    return ", ".join(f"<{term}>" for term in terms)


def within(store, start: set[URIRef], depth: int, separate_asserted: bool) -> set[URIRef]:
    """``start`` and every node the map draws within ``depth`` of its links of it."""
    shown = _iris(SHOWN_INFERENCES)

    def asserted(triple: str) -> str:
        return ASSERTED_LINK % (shown, INFERRED, triple) if separate_asserted else ""

    neighbours = NEIGHBOURS % {
        "forward": asserted("?node ?link ?next"), "backward": asserted("?next ?link ?node"), "shown": shown,
        "not_facts": _iris(NOT_FACTS - set(SHOWN_INFERENCES)),
        "classes": " ".join(f"<{cls}>" for cls in classes_of(KINDS)),
        "schemes": " ".join(f"<{scheme}>" for scheme in schemes_of(KINDS))}
    reached, frontier = set(start), set(start)
    for _ in range(depth):
        frontier = _batched(store, neighbours, frontier) - reached
        reached |= frontier
        if not frontier:
            break
    return reached


def _batched(store, template: str, nodes) -> set[URIRef]:
    ordered, found = sorted(nodes), set()
    for begin in range(0, len(ordered), BATCH):
        found.update(row[0] for row in store.query(template % _values(ordered[begin:begin + BATCH])).rows)
    return found


def in_scope(store, nodes: set[URIRef]) -> set[URIRef]:
    """The nodes the filters of ``nodes`` depend on, two steps out (a source's citing nodes, then theirs)."""
    first = _batched(store, SCOPE, nodes) - nodes
    return first | (_batched(store, SCOPE, first) - nodes)


def _constructed(store, nodes, query_for, into: Graph) -> Graph:
    """Add to ``into`` what ``query_for(values)`` constructs, for the nodes in batches."""
    ordered = sorted(nodes)
    for begin in range(0, len(ordered), BATCH):
        into += store.query(query_for(_values(ordered[begin:begin + BATCH]))).graph
    return into


def _describe_query(condition: str = ""):
    def describe(values: str) -> str:
        branches = [DESCRIBE_BRANCH % {"nodes": values, "holder": holder, "own": condition} for holder in HOLDERS]
        return "CONSTRUCT { ?s ?p ?o } WHERE {\n  " + "\n  UNION ".join(branches) + "\n}"
    return describe


def _about_query(values: str) -> str:
    template = " . ".join(f"?target <{p}> ?v{i}" for i, p in enumerate(ABOUT))
    branches = [f"{{ VALUES ?target {{ {values} }} ?target <{p}> ?v{i} }}" for i, p in enumerate(ABOUT)]
    return f"CONSTRUCT {{ {template} }} WHERE {{\n  " + "\n  UNION ".join(branches) + "\n}"


def neighbourhood_graphs(store, text: str, depth: int, separate_asserted: bool) -> tuple[Graph, Graph]:
    """(asserted, reasoned) graphs holding what a map of ``text``'s neighbourhood draws.

    Without a separate asserted graph (a SPARQL server), the reasoned graph serves as both.
    """
    nodes = within(store, seeds(store, text), depth, separate_asserted)
    nodes |= in_scope(store, nodes)
    reasoned = bind_prefixes(Graph())
    reasoned += store.query(SCHEMA).graph
    _constructed(store, nodes, _describe_query(), reasoned)
    _constructed(store, {o for o in reasoned.objects() if isinstance(o, URIRef)}, _about_query, reasoned)
    if not separate_asserted:
        return reasoned, reasoned
    # The asserted facts: all but the nodes' triples in the store's named graph of inferences.
    inferred = _constructed(store, nodes, _describe_query(f"GRAPH <{INFERRED}> {{ ?s ?p ?o }}"), Graph())
    return bind_prefixes(reasoned - inferred), reasoned
