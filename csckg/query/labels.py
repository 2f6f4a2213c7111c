"""Labels for IRIs in results, and IRIs for the labels analysts type, asked of any store."""

from __future__ import annotations

import difflib
import re

from rdflib import Literal, URIRef
from rdflib.term import Node

from ..namespaces import expand
from ..store.errors import QueryError

LABEL_PATTERN = """
    { ?node <http://www.w3.org/2000/01/rdf-schema#label> ?label }
    UNION { ?node <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }
"""
BATCH = 200


def labels_for(store, nodes) -> dict[URIRef, str]:
    """The English label of each IRI that has one (the first found)."""
    iris = sorted({n for n in nodes if isinstance(n, URIRef)})
    labels: dict[URIRef, str] = {}
    for start in range(0, len(iris), BATCH):
        values = " ".join(iri.n3() for iri in iris[start:start + BATCH])
        result = store.query(f"SELECT ?node ?label WHERE {{ VALUES ?node {{ {values} }} {LABEL_PATTERN} }}")
        for node, text in result.rows:
            labels.setdefault(node, str(text))
    return labels


#: Characters an IRI may not hold (RFC 3987), which no store would take.
NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def resolve_node(store, text: str, param: str = "value") -> Node:
    """Turn what the analyst typed (IRI, prefixed name, label or abbreviation) into one IRI.

    Hidden labels (names no source uses, such as a council's formal name) match as well as
    alternative labels: they are kept out of what is shown, not out of what is found.
    """
    written = text.strip()
    bracketed = written.startswith("<") and written.endswith(">")
    bare = written[1:-1] if bracketed else written
    if bracketed or bare.startswith(("http://", "https://", "urn:")):  # meant as an IRI
        bad = NOT_IN_IRI.search(bare)
        if bad or ":" not in bare:
            why = f"it holds {bad.group()!r}" if bad else "it has no scheme such as https:"
            raise QueryError(f"{param}='{text}' is not a valid IRI ({why}); give an IRI, a prefixed name or a label")
    iri = expand(text)
    if iri is not None:
        return iri
    lookup = """
        SELECT DISTINCT ?node WHERE {
          { ?node <http://www.w3.org/2000/01/rdf-schema#label> ?label }
          UNION { ?node <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }
          UNION { ?node <http://www.w3.org/2004/02/skos/core#altLabel> ?label }
          UNION { ?node <http://www.w3.org/2004/02/skos/core#hiddenLabel> ?label }
          FILTER (LCASE(STR(?label)) = LCASE(STR(?text)))
        }"""
    matches = sorted({row[0] for row in store.query(lookup, {"text": Literal(text)}).rows})
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        names = labels_for(store, matches)
        listing = "; ".join(f"{names.get(m, m)} <{m}>" for m in matches)
        raise QueryError(f"{param}='{text}' matches {len(matches)} nodes: {listing}. Give the IRI instead.")
    everything = store.query(f"SELECT DISTINCT ?label WHERE {{ {LABEL_PATTERN} }}").rows
    close = difflib.get_close_matches(text, [str(r[0]) for r in everything], n=5, cutoff=0.5)
    hint = f" Nearest labels: {'; '.join(close)}." if close else ""
    raise QueryError(f"{param}='{text}' matches no IRI, prefixed name or label in the graph.{hint}")
