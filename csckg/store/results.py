"""One shape for query results, whichever store answered: SELECT rows, an ASK boolean, or a graph."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node


@dataclass
class QueryResult:
    """What a query returned. ``kind`` is 'select', 'ask' or 'graph'."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None

    @classmethod
    def from_rdflib(cls, result) -> "QueryResult":
        if result.type == "SELECT":
            variables = [str(v) for v in result.vars]
            return cls("select", variables, [tuple(row) for row in result])
        if result.type == "ASK":
            return cls("ask", boolean=bool(result.askAnswer))
        graph = Graph()
        for triple in result:
            graph.add(triple)
        return cls("graph", graph=graph)

    @classmethod
    def from_sparql_json(cls, data: dict) -> "QueryResult":
        """Parse the W3C SPARQL 1.1 Query Results JSON format."""
        if "boolean" in data:
            return cls("ask", boolean=bool(data["boolean"]))
        variables = list(data["head"].get("vars", []))
        rows = [tuple(_term_from_json(binding.get(v)) for v in variables)
                for binding in data["results"]["bindings"]]
        return cls("select", variables, rows)


def _term_from_json(value: dict | None) -> Node | None:
    if value is None:
        return None
    kind, text = value["type"], value["value"]
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if "xml:lang" in value:
        return Literal(text, lang=value["xml:lang"])
    datatype = value.get("datatype")
    return Literal(text, datatype=URIRef(datatype) if datatype else None)
