"""Validate the reasoned graph: terms and values (vocabulary.py), SHACL shapes, then the check
queries that must return no rows.

Both run on an Oxigraph store whose default graph is the reasoned graph: the shapes compiled
to SPARQL (validate/shacl.py; pyshacl, the reference, where a shape uses something the compiler
does not handle), the check queries as they are written. Each problem becomes one line that
names the file, the node (its label and prefixed name), the property and what is wrong.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .. import paths
from ..errors import ValidationFailed
from ..load import parse_turtle
from ..names import curie, name, where
from ..queryfile import read_query_dir
from ..store.oxigraph import OxigraphStore, StoreGraph
from ..triples import from_ntriples, to_rdflib
from .shacl import UnsupportedShapes, Violation, reference_violations, store_violations
from .vocabulary import literal_problems, term_problems


def _violations(store: ox.Store) -> set[Violation]:
    shapes = parse_turtle(paths.SHAPES_FILE)
    try:
        return store_violations(store, shapes)
    except UnsupportedShapes:
        dumped = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        return reference_violations(to_rdflib(from_ntriples(dumped)), shapes)


def shacl_problems(store: ox.Store, data_dir: Path = paths.DATA_DIR) -> list[str]:
    """One readable line per SHACL violation: file, node, property, what is wrong."""
    graph = StoreGraph(store)
    problems = []
    for found in _violations(store):
        prop = f" {curie(found.path)}:" if found.path is not None else ""
        extra = f" (value {curie(found.value)})" if found.value is not None and found.value != found.focus else ""
        needles = (curie(found.path),) if found.path is not None else ()
        problems.append(f"{where(graph, found.focus, data_dir, needles)}{name(graph, found.focus)}:{prop} "
                        f"{found.message}{extra}")
    return sorted(set(problems))


def check_problems(store: ox.Store, data_dir: Path = paths.DATA_DIR) -> list[str]:
    """Rows returned by queries/checks/*.rq; each row names ?node and gives a ?message."""
    graph, queries = StoreGraph(store), OxigraphStore(store)
    problems = []
    for check in read_query_dir(paths.CHECKS_DIR):
        result = queries.query(check.text)
        message_at = result.variables.index("message") if "message" in result.variables else None
        for row in result.rows:
            node = row[result.variables.index("node")] if "node" in result.variables else row[0]
            detail = f": {row[message_at]}" if message_at is not None and row[message_at] is not None else ""
            problems.append(f"{where(graph, node, data_dir)}{name(graph, node)}: "
                            f"[{check.name}] {check.title}{detail}")
    return sorted(set(problems))


def validate(store: ox.Store, data_dir: Path = paths.DATA_DIR) -> None:
    """Raise ValidationFailed listing every undeclared term, ill-typed value, SHACL violation
    and check-query row."""
    problems = (term_problems(store, data_dir) + literal_problems(store, data_dir)
                + shacl_problems(store, data_dir) + check_problems(store, data_dir))
    if problems:
        raise ValidationFailed(problems)
