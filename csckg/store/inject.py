"""Bind parameters for a SPARQL server, which has no binding mechanism of its own.

The bindings become a ``VALUES`` block placed first inside the query's WHERE group, so the
rest of that group (its FILTERs included) sees them bound, as rdflib's own bindings do.
Each value is written in its N-Triples form (``term.n3()``): an IRI in angle brackets or a
quoted, escaped literal. Whatever the analyst typed, it stays one term and cannot change
the query around it.
"""

from __future__ import annotations

import re

from rdflib.term import Node

from ..namespaces import NOT_CODE
from .errors import QueryError

_CONSTRUCT_TEMPLATE = re.compile(r"\bCONSTRUCT\s*$", re.IGNORECASE)


def _top_level_groups(text: str):
    """Yield (start, end) of each top-level { ... } group, skipping strings, IRIs and comments."""
    depth, start, position = 0, None, 0
    while position < len(text):
        skipped = NOT_CODE.match(text, position)
        if skipped:
            position = skipped.end()
            continue
        char = text[position]
        if char == "{":
            if depth == 0:
                start = position
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and start is not None:
                yield start, position
        position += 1


def values_clause(bindings: dict[str, Node]) -> str:
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(term.n3() for term in bindings.values())
    return f" VALUES ({names}) {{ ({terms}) }} "


def bind_in_text(query: str, bindings: dict[str, Node]) -> str:
    """The query with ``bindings`` as a VALUES block at the start of its WHERE group."""
    if not bindings:
        return query
    return _first_in_where(query, values_clause(bindings))


def bind_each_in_text(query: str, variable: str, terms) -> str:
    """The query with ``?variable`` bound to each of ``terms`` in turn (one VALUES block), so that
    one run answers for many nodes at once (the guide's pages, csckg/export/profiles.py)."""
    return _first_in_where(query, f" VALUES ?{variable} {{ {' '.join(term.n3() for term in terms)} }} ")


def _first_in_where(query: str, clause: str) -> str:
    for start, _ in _top_level_groups(query):
        if _CONSTRUCT_TEMPLATE.search(query[:start]):
            continue  # CONSTRUCT { template } — the WHERE group is the next one
        return query[:start + 1] + clause + query[start + 1:]
    raise QueryError("cannot bind parameters: the query has no WHERE group")
