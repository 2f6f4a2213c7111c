"""Terms and values that would make a fact vanish without an error: refused by the build.

- A predicate or class in the project's own namespaces (https://w3id.org/csckg/...) that the
  ontology does not declare: ``csc:usesModle`` is a typo of ``csc:usesModel``, and every query
  that asks for the model silently misses the project (as ODK fails a build on any undeclared
  term). Only the ontology's files declare terms; a data file cannot.
- A literal whose text is not a value of its datatype ("2017-13-45"^^xsd:date): queries that
  compare or sort by it skip it.

Both are found with a few queries on the validation store, so they cost little at any size;
each problem names the file and line where the term or value is written, and the node.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from .. import paths
from ..names import curie, name, where
from .literals import checked_datatypes, literal_problem
from ..load import load_triples
from ..namespaces import BASE
from ..store.oxigraph import StoreGraph, from_oxigraph
from ..reason.closure import declared_terms

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#: Nodes named in a problem, at most, for one undeclared term or bad value.
EXAMPLES = 5


def _iris(store: ox.Store, query: str) -> list[str]:
    return sorted(row[0].value for row in store.query(query))


def _undeclared(store: ox.Store) -> list[tuple[str, str, list[str]]]:
    """(kind, term IRI, the declared terms of that kind) for each undeclared term in use."""
    classes, properties = declared_terms(load_triples(paths.ontology_files()))
    classes, properties = {c[1:-1] for c in classes}, {p[1:-1] for p in properties}
    ours = f'FILTER (STRSTARTS(STR(?t), "{BASE}"))'
    used_properties = _iris(store, f"SELECT DISTINCT ?t WHERE {{ ?s ?t ?o {ours} }}")
    used_classes = _iris(store, f"SELECT DISTINCT ?t WHERE {{ ?s <{RDF_TYPE}> ?t {ours} }}")
    return ([("property", t, sorted(properties)) for t in used_properties if t not in properties]
            + [("class", t, sorted(classes)) for t in used_classes if t not in classes])


def term_problems(store: ox.Store, data_dir: Path = paths.DATA_DIR) -> list[str]:
    graph, problems = StoreGraph(store), []
    for kind, term, declared in _undeclared(store):
        short = curie(URIRef(term))
        close = difflib.get_close_matches(term, declared, n=1, cutoff=0.8)
        hint = f"; did you mean {curie(URIRef(close[0]))}?" if close else ""
        pattern = f"?node <{term}> ?value" if kind == "property" else f"?node <{RDF_TYPE}> <{term}>"
        nodes = [from_oxigraph(row[0]) for row in store.query(f"SELECT DISTINCT ?node WHERE {{ {pattern} }} "
                                                              f"ORDER BY ?node LIMIT {EXAMPLES}")]
        for node in nodes:
            problems.append(f"{where(graph, node, data_dir, (short, f'<{term}>'))}{name(graph, node)}: "
                            f"{short} is not a {kind} the ontology declares{hint}")
    return problems


def literal_problems(store: ox.Store, data_dir: Path = paths.DATA_DIR) -> list[str]:
    graph, problems = StoreGraph(store), []
    datatypes = " ".join(f"<{d}>" for d in checked_datatypes())
    typed = store.query(f"SELECT DISTINCT ?value WHERE {{ ?s ?p ?value FILTER (isLiteral(?value)) "
                        f"VALUES ?type {{ {datatypes} }} FILTER (DATATYPE(?value) = ?type) }}")
    for row in typed:
        value = row[0]
        why = literal_problem(value.value, value.datatype.value)
        if why is None:
            continue
        users = store.query(f"SELECT ?node ?property WHERE {{ VALUES ?value {{ {value} }} "
                            f"?node ?property ?value }} LIMIT {EXAMPLES}")
        written = '"' + value.value + '"'
        for node, prop in ((from_oxigraph(r[0]), from_oxigraph(r[1])) for r in users):
            problems.append(f"{where(graph, node, data_dir, (written,))}{name(graph, node)}: {curie(prop)}: {why}")
    return problems
