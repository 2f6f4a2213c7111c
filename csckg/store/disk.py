"""An Oxigraph store on disk (``--store oxigraph:PATH``): written whole and atomically, opened with checks.

PATH is a folder holding ``csckg-store.json`` (a format marker and the ontology version the
graph was built with) and ``db/`` (Oxigraph's files). The default graph holds the reasoned
graph (asserted facts plus kept inferences), the graph every query runs on; the named graph
INFERRED holds the kept inferences alone, so that the asserted facts (which the map draws as
facts) are the default graph without them. (Format 1 kept a second copy of the asserted facts
in a named graph instead; a named graph costs Oxigraph twice the indexes of the default graph,
so format 2 writes the smaller of the two: at a million triples, 0.4 million quads instead of 1.)

A store is written into a staged folder beside PATH and renamed into place only when it is
complete, so a failed load (a disk that fills up, an interrupted build) leaves the previous
store exactly as it was. The build starts writing it in a background thread as soon as the
closure is known (Oxigraph's bulk loader runs outside Python's lock, so it overlaps with
validation and export) and moves it into place only if every stage succeeds.
"""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pyoxigraph as ox

from ..files import new_staging, replace_with
from ..load import ontology_version
from .errors import StoreError

FORMAT = "csckg-oxigraph-store/2"
MARKER = "csckg-store.json"
INFERRED = "https://w3id.org/csckg/graph/inferred"


Source = Path | bytes  # an N-Triples file, or N-Triples in memory


def _check_writable(path: Path) -> None:
    if path.exists() and not (path / MARKER).exists() and any(path.iterdir()):
        raise StoreError(f"{path} exists and is not a csckg store (no {MARKER}); "
                         f"choose an empty or new folder so nothing else is overwritten")


def _bulk_load(store: ox.Store, source: Source, **options) -> None:
    where = {"path": str(source)} if isinstance(source, Path) else {"input": source}
    store.bulk_load(**where, format=ox.RdfFormat.N_TRIPLES, **options)


def _fill(folder: Path, reasoned: Source, inferred: Source) -> int:
    """Write the store's files into ``folder``; return the triples in its default graph."""
    store = ox.Store(str(folder / "db"))
    _bulk_load(store, reasoned)
    _bulk_load(store, inferred, to_graph=ox.NamedNode(INFERRED))
    store.flush()
    count = int(next(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))["n"].value)
    store.optimize()
    del store
    marker = {"format": FORMAT, "ontology_version": ontology_version(), "triples": count}
    (folder / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
    return count


class StagedStore:
    """A store being written in a background thread into a folder beside ``path``.

    ``commit`` waits for it and renames it onto ``path``; ``discard`` waits and deletes it.
    Until ``commit``, the previous store at ``path`` is untouched and usable.
    """

    def __init__(self, path: Path, reasoned: Source, inferred: Source):
        self.path = Path(path)
        _check_writable(self.path)
        self.staging = new_staging(self.path)
        self.triples, self.error = 0, None
        self._thread = threading.Thread(target=self._write, args=(reasoned, inferred), daemon=True)
        self._thread.start()

    def _write(self, reasoned: Source, inferred: Source) -> None:
        try:
            self.triples = _fill(self.staging, reasoned, inferred)
        except BaseException as error:  # handed to commit(), in the main thread
            self.error = error

    def commit(self) -> int:
        """Put the finished store in place; return the triples in its default graph."""
        self._thread.join()
        if self.error is not None:
            self.discard()
            if isinstance(self.error, OSError):
                raise StoreError(f"could not write the store at {self.path}: {self.error}; "
                                 f"the previous store (if any) is unchanged") from None
            raise self.error
        replace_with(self.staging, self.path)
        return self.triples

    def discard(self) -> None:
        self._thread.join()
        shutil.rmtree(self.staging, ignore_errors=True)


def write_store(path: Path, reasoned: Source, inferred: Source) -> int:
    """Replace the store at ``path`` with the reasoned graph and, of it, the kept inferences
    (N-Triples); return the triples in its default graph."""
    return StagedStore(path, reasoned, inferred).commit()


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
    except (OSError, RuntimeError) as error:  # pyoxigraph reports damaged files as a RuntimeError
        raise StoreError(f"could not open the store at {path}: {error}; if it is damaged, rebuild it with: "
                         f"python3 build.py build --store oxigraph:{path}") from None


def dump_reasoned(path: Path) -> bytes:
    """The store's reasoned graph (its default graph) as N-Triples."""
    return open_store_dir(path).dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
