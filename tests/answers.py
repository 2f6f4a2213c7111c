"""Compare answers from different stores: the example parameters of a named query, and
store-neutral values."""

from __future__ import annotations

import re
import shlex
from decimal import Decimal

from rdflib import BNode, Literal


def example_params(query) -> dict[str, str]:
    """The --param values of the query's own '# example:' line."""
    words = shlex.split(query.header.get("example", ""))
    return dict(words[i + 1].split("=", 1) for i, w in enumerate(words) if w in ("--param", "-p"))


def canonical_numbers(text: str) -> str:
    """'16.0' -> '16', '18.20' -> '18.2': Oxigraph stores decimals in canonical form, rdflib as written."""
    return re.sub(r"\b(\d+)\.(\d*?)0+\b", lambda m: m.group(1) + ("." + m.group(2) if m.group(2) else ""), text)


def plain(term):
    """A store-neutral value: engines differ in blank node names, decimal lexical forms
    (18.20 or 18.2, also inside STR()) and the order GROUP_CONCAT joins values in, none of
    which is part of an answer."""
    if term is None or isinstance(term, BNode):
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, (int, float, Decimal, bool)):
            return value
        text = canonical_numbers(str(value))
        return "; ".join(sorted(text.split("; ")))
    return str(term)


def answers(result) -> list:
    return sorted((tuple(plain(t) for t in row) for row in result.rows), key=repr)
