"""An Oxigraph store on disk (``--store oxigraph:PATH``): written whole and atomically, opened with checks.

PATH is a folder holding ``csckg-store.json`` (a format marker and the ontology version the
graph was built with) and ``db/`` (Oxigraph's files). The default graph holds the reasoned
graph (asserted facts plus kept inferences), the graph every query runs on; the named graph
ASSERTED holds the asserted facts alone, which the map draws as facts.

A store is written into a staged folder beside PATH and renamed into place only when it is
complete, so a failed load (a disk that fills up, an interrupted build) leaves the previous
store exactly as it was.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from . import paths
from .errors import CsckgError
from .export import staged_directory

FORMAT = "csckg-oxigraph-store/1"
MARKER = "csckg-store.json"
ASSERTED = "https://w3id.org/csckg/graph/asserted"


class StoreError(CsckgError):
    """A store path that cannot be used, with what to do about it."""

    exit_code = 2


def ontology_version() -> str:
    """owl:versionInfo of ontology/csckg.ttl, read without parsing the whole ontology."""
    store = ox.Store()
    store.load(path=str(paths.ONTOLOGY_DIR / "csckg.ttl"), format=ox.RdfFormat.TURTLE)
    found = store.query("SELECT ?v WHERE { ?o a <http://www.w3.org/2002/07/owl#Ontology> ; "
                        "<http://www.w3.org/2002/07/owl#versionInfo> ?v }")
    return next((row["v"].value for row in found), "unknown")


def write_store(path: Path, asserted_nt: Path, reasoned_nt: Path) -> int:
    """Replace the store at ``path`` with these N-Triples files; return the triples in its default graph."""
    path = Path(path)
    if path.exists() and not (path / MARKER).exists() and any(path.iterdir()):
        raise StoreError(f"{path} exists and is not a csckg store (no {MARKER}); "
                         f"choose an empty or new folder so nothing else is overwritten")
    try:
        with staged_directory(path) as staging:
            store = ox.Store(str(staging / "db"))
            store.bulk_load(path=str(reasoned_nt), format=ox.RdfFormat.N_TRIPLES)
            store.bulk_load(path=str(asserted_nt), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(ASSERTED))
            store.flush()
            count = int(next(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))["n"].value)
            store.optimize()
            del store
            marker = {"format": FORMAT, "ontology_version": ontology_version(), "triples": count}
            (staging / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
    except OSError as error:
        raise StoreError(f"could not write the store at {path}: {error}; "
                         f"the previous store (if any) is unchanged") from None
    return count


def read_marker(path: Path) -> dict:
    """The store's marker, checked: a csckg store, of this format, built with this ontology version."""
    path = Path(path)
    marker_file = path / MARKER
    if not marker_file.exists():
        what = "does not exist" if not path.exists() else f"is not a csckg store (no {MARKER})"
        raise StoreError(f"{path} {what}; create one with: python3 build.py build --store oxigraph:{path}")
    try:
        marker = json.loads(marker_file.read_text(encoding="utf-8"))
    except ValueError:
        raise StoreError(f"{marker_file} is damaged; rebuild the store with: "
                         f"python3 build.py build --store oxigraph:{path}") from None
    if marker.get("format") != FORMAT:
        raise StoreError(f"{path} is a store of another format ({marker.get('format')}, expected {FORMAT}); "
                         f"rebuild it with: python3 build.py build --store oxigraph:{path}")
    current = ontology_version()
    if marker.get("ontology_version") != current:
        raise StoreError(f"{path} was built with ontology version {marker.get('ontology_version')}, "
                         f"but the ontology is now version {current}; rebuild it with: "
                         f"python3 build.py build --store oxigraph:{path}")
    return marker


def open_store_dir(path: Path, writable: bool = False) -> ox.Store:
    """Open a checked store, read-only unless ``writable`` (so several readers may share it)."""
    read_marker(path)
    db = str(Path(path) / "db")
    try:
        return ox.Store(db) if writable else ox.Store.read_only(db)
    except OSError as error:
        raise StoreError(f"could not open the store at {path}: {error}") from None


def dump_reasoned(path: Path) -> bytes:
    """The store's reasoned graph (its default graph) as N-Triples."""
    return open_store_dir(path).dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
