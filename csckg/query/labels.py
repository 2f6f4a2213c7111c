"""Labels for IRIs in results, and IRIs for the labels analysts type, asked of any store."""

from __future__ import annotations

import re

from rdflib import URIRef
from rdflib.term import Node

from ..kinds import NAMES
from ..names import curie
from ..namespaces import expand
from ..store.errors import QueryError
from .suggest import NameIndex

LABEL_PATTERN = """
    { ?node <http://www.w3.org/2000/01/rdf-schema#label> ?label }
    UNION { ?node <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }
"""
BATCH = 200


#: A unit's symbol (£, %), which reads better in a table than its label.
SYMBOL_PATTERN = "{ ?node <http://qudt.org/schema/qudt/symbol> ?label }"


def labels_for(store, nodes, pattern: str = LABEL_PATTERN) -> dict[URIRef, str]:
    """The English label (or what ``pattern`` binds to ?label) of each IRI that has one (the first found)."""
    iris = sorted({n for n in nodes if isinstance(n, URIRef)})
    labels: dict[URIRef, str] = {}
    for start in range(0, len(iris), BATCH):
        values = " ".join(iri.n3() for iri in iris[start:start + BATCH])
        result = store.query(f"SELECT ?node ?label WHERE {{ VALUES ?node {{ {values} }} {pattern} }}")
        for node, text in result.rows:
            labels.setdefault(node, str(text))
    return labels


#: Characters an IRI may not hold (RFC 3987), which no store would take.
NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def resolve_node(store, text: str, param: str = "value", kinds: tuple[str, ...] = (),
                 index: NameIndex | None = None) -> Node:
    """Turn what the analyst typed (IRI, prefixed name, label or abbreviation) into one IRI of
    one of ``kinds`` (any kind when none is given).

    Hidden labels (names no source uses, such as a council's formal name) match as well as
    alternative labels: they are kept out of what is shown, not out of what is found. A name
    two nodes share (Safe Families is a model and a project) resolves by the kind asked for; a
    node of another kind, or a name that matches nothing, is an error with the nearest names
    of the right kind.
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
    if iri is not None and not kinds:
        return iri
    index = index or NameIndex.from_store(store)
    wanted = " or ".join(NAMES[k].lower() for k in kinds) if kinds else "node"
    if iri is not None:
        if not index.knows(iri):
            raise QueryError(f"{param}='{text}': the graph has no {wanted} {curie(iri)}."
                             f"{_nearest(index, iri.split('/')[-1].replace('-', ' '), kinds)}")
        if index.kind_of(iri) not in kinds:
            raise QueryError(f"{param}='{text}' is {_what(index, iri)}, not a {wanted}."
                             f"{_nearest(index, text, kinds)}")
        return iri
    matches = index.exact(written, kinds)
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        listing = "; ".join(f"{index.label_of(m)} ({curie(m)})" for m in matches)
        raise QueryError(f"{param}='{text}' is a name of {len(matches)} nodes: {listing}. Give one of them.")
    elsewhere = index.exact(written)
    if elsewhere:
        what = "; ".join(_what(index, node) for node in elsewhere)
        raise QueryError(f"{param}='{text}' is {what}, not a {wanted}.{_nearest(index, written, kinds)}")
    raise QueryError(f"{param}='{text}' is not the name of any {wanted} in the graph."
                     f"{_nearest(index, written, kinds)}")


def _what(index: NameIndex, node: URIRef) -> str:
    kind = index.kind_of(node)
    return f"{index.label_of(node)} ({curie(node)}), a {NAMES[kind].lower() if kind else 'node of no kind'}"


def _nearest(index: NameIndex, typed: str, kinds: tuple[str, ...]) -> str:
    found = index.suggest(typed, kinds, limit=5)
    if not found:
        return ""
    return " Did you mean: " + "; ".join(f"{s.describe()} = {curie(s.node)}" for s in found) + "?"
