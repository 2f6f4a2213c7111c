"""Load the ontology and the curated data from Turtle files, naming the file and line of any fault."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from rdflib import Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from . import paths
from .errors import TurtleSyntaxError
from .namespaces import bind_prefixes


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


def load_asserted(data_dir: Path = paths.DATA_DIR) -> Graph:
    """Ontology plus every curated data file: the asserted graph."""
    return load_files([*paths.ontology_files(), *paths.data_files(data_dir)])
