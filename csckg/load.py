"""Load the ontology and the curated data from Turtle files, naming the file and line of any fault."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import pyoxigraph as ox
from rdflib import Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from . import paths
from .errors import TurtleSyntaxError
from .namespaces import bind_prefixes
from .triples import Triple, from_ntriples


def parse_turtle(path: Path, into: Graph | None = None) -> Graph:
    """Parse one Turtle file into ``into`` (or a new graph).

    Raises:
        TurtleSyntaxError: naming the file and the 1-based line of the fault.
    """
    graph = into if into is not None else Graph()
    try:
        graph.parse(path, format="turtle")
    except BadSyntax as exc:
        # BadSyntax.lines counts the newlines before the fault, so the line is one more.
        raise TurtleSyntaxError(path, exc.lines + 1, exc._why) from None
    except (ValueError, SyntaxError) as exc:
        raise TurtleSyntaxError(path, None, str(exc)) from None
    return graph


def load_files(files: Iterable[Path]) -> Graph:
    """Parse every file into one graph with the project's prefixes bound."""
    graph = bind_prefixes(Graph())
    for path in files:
        parse_turtle(path, graph)
    return graph


def load_ontology() -> Graph:
    """The ontology: core classes and properties, external term declarations, SKOS schemes."""
    return load_files(paths.ontology_files())


def ontology_version() -> str:
    """owl:versionInfo of ontology/csckg.ttl, read without parsing the whole ontology."""
    store = ox.Store()
    store.load(path=str(paths.ONTOLOGY_DIR / "csckg.ttl"), format=ox.RdfFormat.TURTLE)
    found = store.query("SELECT ?v WHERE { ?o a <http://www.w3.org/2002/07/owl#Ontology> ; "
                        "<http://www.w3.org/2002/07/owl#versionInfo> ?v }")
    return next((row["v"].value for row in found), "unknown")


def input_files(data_dir: Path = paths.DATA_DIR) -> list[Path]:
    """The build's input: the ontology's files, then every curated data file."""
    return [*paths.ontology_files(), *paths.data_files(data_dir)]


def load_asserted(data_dir: Path = paths.DATA_DIR) -> list[Triple]:
    """Ontology plus every curated data file: the asserted triples."""
    return load_triples(input_files(data_dir))


def read_triples(path: Path) -> list[Triple]:
    """The triples of one Turtle file, parsed by Oxigraph, as N-Triples strings.

    Blank nodes get fresh ids, so that ``_:x`` in two files are two nodes, as Turtle means.

    Raises:
        TurtleSyntaxError: with rdflib's message where rdflib also rejects the file (the
            wording the project's messages use), else with Oxigraph's.
    """
    try:
        parsed = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, rename_blank_nodes=True)
        return from_ntriples(ox.serialize(parsed, format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError as exc:
        parse_turtle(path)
        raise TurtleSyntaxError(path, exc.lineno, exc.msg) from None


def load_triples(files: Iterable[Path]) -> list[Triple]:
    """Every triple of the files, in file order; a triple stated in two files is one triple."""
    triples: list[Triple] = []
    for path in files:
        triples.extend(read_triples(path))
    return list(dict.fromkeys(triples))
