"""The namespaces of the graph, bound once so every output uses the same prefixes; and which
prefixes a Turtle or SPARQL file uses, since each declares only those (graph/README.md)."""

import re

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
    "work": "work/", "comparison": "comparison/", "test": "test/", "level": "level/",
    "observation": "observation/", "limitation": "limitation/", "toc": "toc-stage/",
    "tocTheme": "toc-theme/", "enabler": "enabler/",
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


def sparql_prologue(leaving_out=()) -> str:
    """PREFIX lines for every project prefix (but those in ``leaving_out``), put before analysts' queries."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p not in leaving_out)


def undeclared_prologue(text: str) -> str:
    """PREFIX lines for the project prefixes that ``text`` does not declare itself."""
    return sparql_prologue(set(declared_prefixes(text)))


def first_use(text: str, prefix: str) -> tuple[int, int] | None:
    """(line, column), from 1, of the first use of ``prefix:`` outside strings, IRIs and comments."""
    position = 0
    while position < len(text):
        skipped = NOT_CODE.match(text, position)
        if skipped:
            position = skipped.end()
            continue
        used = _PREFIXED_NAME.match(text, position)
        if used and (used.group(1) or "") == prefix and (position == 0 or not re.match(r"[\w.:-]", text[position - 1])):
            line = text.count("\n", 0, position) + 1
            return line, position - (text.rfind("\n", 0, position) + 1) + 1
        position += 1
    return None


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


#: strings, IRIs and comments: skipped wherever SPARQL or Turtle is read for its own tokens
NOT_CODE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>" r"|#[^\n]*")
_DECLARATION = re.compile(r"^[ \t]*(?:@prefix|PREFIX)[ \t]+([A-Za-z][\w.-]*)?:[ \t]*<[^>]*>[ \t]*\.?[ \t]*\n?",
                          re.IGNORECASE | re.MULTILINE)
_PREFIXED_NAME = re.compile(r"(?<![\w.:-])([A-Za-z][\w.-]*)?:")


def declared_prefixes(text: str) -> list[str]:
    """The prefixes a Turtle or SPARQL text declares, in order ("" for the empty prefix)."""
    return [match.group(1) or "" for match in _DECLARATION.finditer(text)]


def unused_prefixes(text: str) -> list[str]:
    """The declared prefixes that no statement uses (strings, IRIs and comments do not count)."""
    code = NOT_CODE.sub(" ", _DECLARATION.sub("", text))
    used = {match.group(1) or "" for match in _PREFIXED_NAME.finditer(code)}
    return [prefix for prefix in declared_prefixes(text) if prefix not in used]


def without_unused_prefixes(text: str) -> str:
    """The text with the declarations of unused prefixes removed, and nothing else changed."""
    unused = set(unused_prefixes(text))
    return _DECLARATION.sub(lambda m: "" if (m.group(1) or "") in unused else m.group(0), text)
