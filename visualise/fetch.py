"""Fetch one node's neighbourhood from a SPARQL store, instead of the whole graph.

``map --focus X --depth N`` on an Oxigraph store or a SPARQL server asks only for what the map
will draw: the nodes whose label (or IRI) names X, the nodes within N links of them (going on
from a source, model or element only where ``--through`` lets the map go on, as
visualise/select.py's neighbourhood does), and the triples that describe those nodes (with
their values, samples and citations, and the labels of what they point at); of the nodes that
decide what the map's model and authority filters select a node by (its initiatives; for a
source, the nodes citing it) only their types and the links the filters read; and the
ontology's property labels and inverses. On a graph of a million triples that is a few
thousand triples, so the map is drawn in seconds instead of copying the graph into rdflib
first (before issue #16 the walk went on through every model and source: 18,935 nodes fetched
at 1m to draw 12). The view is then built and cut exactly as for a local graph
(visualise/select.py), so the map is the same: a test compares every node, attribute and link.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from csckg.kinds import BY_CLASS, BY_SCHEME, classes_of, schemes_of
from csckg.namespaces import bind_prefixes, expand
from csckg.store.disk import INFERRED

from .select import HUBS
from .view import KINDS, NOT_FACTS, SHOWN_INFERENCES

BATCH = 500
MAX_SEEDS = 50

#: Nodes one of whose names is exactly the text: looked up in the index, no scan of the labels.
#: (A label that differs only in case is refused by the build, so the exact spelling finds the
#: node select.find_node prefers.)
NAMED_EXACTLY = """
SELECT DISTINCT ?node WHERE {
  VALUES ?name { <http://www.w3.org/2000/01/rdf-schema#label> <http://www.w3.org/2004/02/skos/core#prefLabel>
                 <http://www.w3.org/2004/02/skos/core#altLabel> <http://www.w3.org/2004/02/skos/core#hiddenLabel> }
  VALUES ?text { %s }
  ?node ?name ?text .
  FILTER (isIRI(?node))
}
"""

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
SELECT DISTINCT ?next ?class ?scheme WHERE {
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

#: What is read of a node that only decides another's filters (see view._scope): what makes it
#: drawn and of its kind, and the links the filters follow.
SCOPE_PROPERTIES = [
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://www.w3.org/2004/02/skos/core#inScheme",
    "http://www.w3.org/ns/prov#wasDerivedFrom",
    *(f"https://w3id.org/csckg/ontology#{name}" for name in (
        "evaluationOf", "aboutInitiative", "hostedInitiative", "involvedIn", "evaluatorOf", "elementUsedBy",
        "relatesToModel", "concernsModel", "supportedBy", "usesModel", "usesModelOrBroader", "usesElement",
        "localAuthority")),
]

#: The ontology's property and class labels and inverses, which name the map's links and facts.
SCHEMA = """
CONSTRUCT { ?term ?p ?o } WHERE {
  { %(kinds)s ?term a ?kind ; <http://www.w3.org/2000/01/rdf-schema#label> ?o .
    BIND (<http://www.w3.org/2000/01/rdf-schema#label> AS ?p) }
  UNION
  { %(kinds)s ?term a ?kind ; <http://www.w3.org/2002/07/owl#inverseOf> ?o .
    BIND (<http://www.w3.org/2002/07/owl#inverseOf> AS ?p) }
}
""" % {"kinds": "VALUES ?kind { <http://www.w3.org/2002/07/owl#ObjectProperty> "
       "<http://www.w3.org/2002/07/owl#DatatypeProperty> <http://www.w3.org/2002/07/owl#AnnotationProperty> "
       "<http://www.w3.org/2002/07/owl#Class> }"}


def _values(nodes) -> str:
    return " ".join(f"<{node}>" for node in nodes)


def seeds(store, text: str) -> set[URIRef]:
    """The IRIs ``text`` may name: itself as an IRI or prefixed name, the nodes one of whose
    names is exactly ``text``, or else the nodes whose label or other name (skos:altLabel,
    skos:hiddenLabel) contains it."""
    iri = expand(text)
    if iri is not None:
        return {iri}
    wanted = text.strip()
    spellings = f"{Literal(wanted).n3()} {Literal(wanted, lang='en').n3()}"  # escaped: one term each
    exact = {row[0] for row in store.query(NAMED_EXACTLY % spellings).rows}
    return exact or {row[0] for row in store.query(SEEDS, {"text": Literal(text)}).rows}


def _iris(terms) -> str:
    return ", ".join(f"<{term}>" for term in terms)


def kind_from(classes: set, schemes: set) -> str | None:
    """A drawn node's kind from its drawn classes and schemes, as csckg/kinds.py's kind_of decides it."""
    by_class = [kind for kind, cls in BY_CLASS if cls in classes]
    by_scheme = [kind for kind, scheme in BY_SCHEME if scheme in schemes]
    return (by_class or by_scheme or [None])[0]


def within(store, start: set[URIRef], depth: int, separate_asserted: bool, through=()) -> set[URIRef]:
    """``start`` and every node the map draws within ``depth`` of its links of it, going on
    from a node of a ``HUBS`` kind only when the kind is in ``through`` or the node is in
    ``start`` (the focus is one of them): a superset of what select.neighbourhood keeps."""
    shown = _iris(SHOWN_INFERENCES)

    def asserted(triple: str) -> str:
        return ASSERTED_LINK % (shown, INFERRED, triple) if separate_asserted else ""

    neighbours = NEIGHBOURS % {
        "forward": asserted("?node ?link ?next"), "backward": asserted("?next ?link ?node"), "shown": shown,
        "not_facts": _iris(NOT_FACTS - set(SHOWN_INFERENCES)),
        "classes": " ".join(f"<{cls}>" for cls in classes_of(KINDS)),
        "schemes": " ".join(f"<{scheme}>" for scheme in schemes_of(KINDS))}
    stops = set(HUBS) - set(through)
    reached, frontier, kinds = set(start), set(start), {}
    for _ in range(depth):
        going = {node for node in frontier if node in start or kinds.get(node) not in stops}
        found = _kinds_of_neighbours(store, neighbours, going)
        kinds.update(found)
        frontier = set(found) - reached
        reached |= frontier
        if not frontier:
            break
    return reached


def _kinds_of_neighbours(store, template: str, nodes) -> dict[URIRef, str | None]:
    classes, schemes = {}, {}
    ordered = sorted(nodes)
    for begin in range(0, len(ordered), BATCH):
        for node, cls, scheme in store.query(template % _values(ordered[begin:begin + BATCH])).rows:
            classes.setdefault(node, set()).add(cls)
            schemes.setdefault(node, set()).add(scheme)
    return {node: kind_from(classes[node], schemes[node]) for node in classes}


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


def _scope_query(condition: str = ""):
    """One branch per property, each from its own VALUES, as in _about_query: Oxigraph then
    looks each node up instead of reading every triple and joining."""
    def scope(values: str) -> str:
        branches = [f"{{ VALUES ?s {{ {values} }} ?s <{p}> ?o . BIND (<{p}> AS ?p) {condition} }}"
                    for p in SCOPE_PROPERTIES]
        return "CONSTRUCT { ?s ?p ?o } WHERE {\n  " + "\n  UNION ".join(branches) + "\n}"
    return scope


def _about_query(values: str) -> str:
    template = " . ".join(f"?target <{p}> ?v{i}" for i, p in enumerate(ABOUT))
    branches = [f"{{ VALUES ?target {{ {values} }} ?target <{p}> ?v{i} }}" for i, p in enumerate(ABOUT)]
    return f"CONSTRUCT {{ {template} }} WHERE {{\n  " + "\n  UNION ".join(branches) + "\n}"


def neighbourhood_graphs(store, text: str, depth: int, separate_asserted: bool,
                         through=()) -> tuple[Graph, Graph]:
    """(asserted, reasoned) graphs holding what a map of ``text``'s neighbourhood draws
    (``through``: the hub kinds the map goes on through, as for select.neighbourhood).

    Without a separate asserted graph (a SPARQL server), the reasoned graph serves as both.
    """
    nodes = within(store, seeds(store, text), depth, separate_asserted, through)
    deciding = in_scope(store, nodes)
    reasoned = bind_prefixes(Graph())
    reasoned += store.query(SCHEMA).graph
    _constructed(store, nodes, _describe_query(), reasoned)
    _constructed(store, deciding, _scope_query(), reasoned)
    _constructed(store, {o for o in reasoned.objects() if isinstance(o, URIRef)}, _about_query, reasoned)
    if not separate_asserted:
        return reasoned, reasoned
    # The asserted facts: all but the nodes' triples in the store's named graph of inferences.
    in_inferred = f"GRAPH <{INFERRED}> {{ ?s ?p ?o }}"
    inferred = _constructed(store, nodes, _describe_query(in_inferred), Graph())
    _constructed(store, deciding, _scope_query(in_inferred), inferred)
    return bind_prefixes(reasoned - inferred), reasoned
