"""The namespaces of the graph, bound once so every output uses the same prefixes."""

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/csckg/"
CSC = Namespace(BASE + "ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")

#: prefix -> namespace, for the kinds of node in the graph (see graph/README.md).
INSTANCE_PREFIXES = {
    "model": "model/", "element": "element/", "design": "design/", "method": "method/",
    "domain": "domain/", "strength": "strength/", "direction": "direction/",
    "valuerole": "value-role/", "role": "role/", "scheme": "scheme/", "src": "source/",
    "programme": "programme/", "project": "project/", "evaluation": "evaluation/",
    "finding": "finding/", "agent": "agent/", "rec": "recommendation/", "lesson": "lesson/",
    "work": "work/",
}

PREFIXES = {
    "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD, "skos": SKOS, "dcterms": DCTERMS,
    "prov": PROV, "org": ORG, "qudt": QUDT, "unit": UNIT, "csc": CSC,
    **{p: Namespace(BASE + path) for p, path in INSTANCE_PREFIXES.items()},
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes on ``graph`` (replacing rdflib's defaults) and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def sparql_prologue() -> str:
    """PREFIX lines for every project prefix, prepended to analysts' queries."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def expand(text: str) -> URIRef | None:
    """An IRI from '<iri>', 'http...' or a known prefixed name such as 'model:signs-of-safety'."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1])
    if text.startswith(("http://", "https://", "urn:")):
        return URIRef(text)
    prefix, _, local = text.partition(":")
    if local and prefix in PREFIXES and " " not in text:
        return URIRef(str(PREFIXES[prefix]) + local)
    return None
