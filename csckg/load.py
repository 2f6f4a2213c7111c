"""Load the ontology and the curated data from Turtle files, naming the file and line of any fault."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox
from rdflib import Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from . import paths
from .errors import CsckgError, TurtleSyntaxError, ValidationFailed
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
    if not Path(data_dir).is_dir():
        raise CsckgError(f"{data_dir}: no such folder of data (--data takes the folder of curated "
                         f"Turtle files, such as {paths.DATA_DIR})")
    return [*paths.ontology_files(), *paths.data_files(data_dir)]


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(paths.ROOT))
    except ValueError:
        return str(path)


def load_asserted(data_dir: Path = paths.DATA_DIR) -> list[Triple]:
    """Ontology plus every curated data file: the asserted triples.

    Raises:
        ValidationFailed: for a data file that defines no node (an emptied file would drop
            its facts from every output without a word).
    """
    files = input_files(data_dir)
    data = set(paths.data_files(data_dir))
    triples: list[Triple] = []
    for path in files:
        root = Path(data_dir) if path in data else paths.ROOT
        found = read_triples(path, f"{'data' if path in data else 'root'}/{path.relative_to(root).as_posix()}")
        if path in data and not any(s[0] == "<" for s, _, _ in found):
            raise ValidationFailed([f"{_shown(path)}:1: the file defines no node (no triple has an IRI as "
                                    "its subject): an emptied file would drop its facts from every output; "
                                    "delete the file if that is what you meant"])
        triples.extend(found)
    return list(dict.fromkeys(triples))


def stable_blank_nodes(triples: list[Triple], name: str) -> list[Triple]:
    """The triples with their blank nodes labelled by ``name`` (the file's path in the input)
    and their order of first use, so the same file gives the same labels in every build and
    two files never share one."""
    prefix = "_:b" + hashlib.sha256(name.encode()).hexdigest()[:10] + "x"
    labels: dict[str, str] = {}

    def label(term: str) -> str:
        if term[0] != "_":
            return term
        if term not in labels:
            labels[term] = f"{prefix}{len(labels)}"
        return labels[term]

    return [(label(s), p, label(o)) for s, p, o in triples]


def read_triples(path: Path, name: str | None = None) -> list[Triple]:
    """The triples of one Turtle file, parsed by Oxigraph, as N-Triples strings.

    Blank nodes get labels of their own to the file (``name``, else its path), so that ``_:x``
    in two files are two nodes, as Turtle means, and the labels stay the same from build to build.

    Raises:
        TurtleSyntaxError: with rdflib's message where rdflib also rejects the file (the
            wording the project's messages use), else with Oxigraph's.
    """
    try:
        parsed = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, rename_blank_nodes=True)
        triples = from_ntriples(ox.serialize(parsed, format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError as exc:
        parse_turtle(path)
        raise TurtleSyntaxError(path, exc.lineno, exc.msg) from None
    except UnicodeDecodeError as exc:
        raise TurtleSyntaxError(path, None, f"not UTF-8 text (byte {exc.start})") from None
    return stable_blank_nodes(triples, name or str(path))


def load_triples(files: Iterable[Path]) -> list[Triple]:
    """Every triple of the files, in file order; a triple stated in two files is one triple."""
    triples: list[Triple] = []
    for path in files:
        triples.extend(read_triples(path))
    return list(dict.fromkeys(triples))
