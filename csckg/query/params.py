"""Check the analyst's --param values against a query's declared parameters and make RDF terms."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from rdflib import Literal
from rdflib.namespace import XSD
from rdflib.term import Node

from ..queryfile import QueryFile
from ..store.errors import QueryError
from .labels import resolve_node


def parse_assignments(pairs: list[str]) -> dict[str, str]:
    """``["model=FGC", "limit=5"]`` -> ``{"model": "FGC", "limit": "5"}``."""
    values = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param takes key=value, not '{pair}'")
        values[key.strip()] = value
    return values


def _convert(store, kind: str, name: str, text: str) -> Node:
    if kind == "node":
        return resolve_node(store, text, name)
    if kind == "string":
        return Literal(text)
    try:
        if kind == "integer":
            return Literal(int(text), datatype=XSD.integer)
        return Literal(Decimal(text), datatype=XSD.decimal)
    except (ValueError, InvalidOperation):
        raise QueryError(f"{name}='{text}' is not a valid {kind}") from None


def bind_parameters(store, query: QueryFile, given: dict[str, str]) -> dict[str, Node]:
    """RDF terms for every parameter: given, defaulted, or left unbound when optional."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        known = ", ".join(f"{p.name} ({p.type})" for p in query.params) or "none"
        raise QueryError(f"query '{query.name}' has no parameter {', '.join(unknown)}; "
                         f"its parameters: {known}")
    bindings = {}
    for param in query.params:
        if param.name in given:
            bindings[param.name] = _convert(store, param.type, param.name, given[param.name])
        elif param.required:
            raise QueryError(f"query '{query.name}' needs --param {param.name}=... ({param.description})")
        elif param.default != "optional":
            bindings[param.name] = _convert(store, param.type, param.name, param.default)
    return bindings
