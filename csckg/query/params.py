"""Check the analyst's --param values against a query's declared parameters and make RDF terms."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from rdflib import Literal
from rdflib.namespace import XSD
from rdflib.term import Node

from ..queryfile import Param, QueryFile
from ..store.errors import QueryError
from .labels import resolve_node
from .suggest import NameIndex


def parse_assignments(pairs: list[str]) -> dict[str, str]:
    """``["model=FGC", "limit=5"]`` -> ``{"model": "FGC", "limit": "5"}``."""
    values = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param takes key=value, not '{pair}'")
        values[key.strip()] = value
    return values


def _convert(store, param: Param, text: str, index: NameIndex | None = None) -> Node:
    kind, name = param.type, param.name
    if kind == "node":
        return resolve_node(store, text, name, param.kinds, index)
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
    empty = [p for p in query.params if p.required and not given.get(p.name, "").strip()]
    if empty:
        raise QueryError("; ".join(f"query '{query.name}' needs a value for {p.name} (--param {p.name}=...): "
                                   f"{p.description}" for p in empty))
    named_nodes = any(p.type == "node" and p.kinds and given.get(p.name, "").strip() for p in query.params)
    index = NameIndex.from_store(store) if named_nodes else None  # one index for every parameter
    bindings = {}
    for param in query.params:
        if given.get(param.name, "").strip():
            bindings[param.name] = _convert(store, param, given[param.name].strip(), index)
        elif param.default not in ("optional", "required"):
            bindings[param.name] = _convert(store, param, param.default)
    return bindings
