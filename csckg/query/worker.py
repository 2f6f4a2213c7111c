"""A query worker: a child process that holds one Oxigraph store and answers SPARQL over a pipe.

pyoxigraph cannot cancel a query once it has started (it has no cancellation token or time
limit), and it evaluates outside Python's lock, so a thread running a runaway query can be
neither stopped nor reclaimed. A process can: the server (csckg/query/pool.py) keeps a few of
these workers, and when a query passes its time limit it kills that worker and starts a fresh
one, while the others go on answering. Queries run in parallel across the workers.

What a worker serves is a ``Source``: N-Triples (a file such as out/inferred.nt, or bytes), or
an Oxigraph store folder written by ``build --store`` (read-only, or writable for updates).

Answers come back already serialised by Oxigraph, in Rust: SELECT and ASK as SPARQL JSON
results, CONSTRUCT and DESCRIBE as N-Triples. The server sends JSON on as it is and converts
only for the other media types.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox


@dataclass(frozen=True)
class Source:
    """What a worker loads: ``kind`` is 'ntriples' (``data``), 'file' (N-Triples at ``path``) or
    'store' (an Oxigraph store folder at ``path``, ``writable`` or read-only)."""

    kind: str
    description: str
    path: Path | None = None
    data: bytes | None = None
    writable: bool = False

    def watched(self) -> Path | None:
        """The file whose replacement means the source was rebuilt (None: it cannot change)."""
        if self.kind == "file":
            return self.path
        if self.kind == "store":
            from ..store.disk import MARKER

            return self.path / MARKER
        return None

    def signature(self) -> tuple | None:
        """Identity of the watched file: a rebuild replaces it (a new inode, size or time)."""
        watched = self.watched()
        if watched is None:
            return None
        try:
            status = watched.stat()
        except OSError:
            return None
        return status.st_ino, status.st_size, status.st_mtime_ns


def open_source(source: Source, updates: list[str]) -> ox.Store:
    """The store a worker answers from, with ``updates`` applied again (to an in-memory copy)."""
    if source.kind == "store":
        from ..store.disk import open_store_dir

        return open_store_dir(source.path, source.writable)
    store = ox.Store()
    if source.kind == "file":
        store.bulk_load(path=str(source.path), format=ox.RdfFormat.N_TRIPLES)
    else:
        store.bulk_load(input=source.data, format=ox.RdfFormat.N_TRIPLES)
    for update in updates:
        store.update(update)
    return store


def syntax_message(text: str, error: SyntaxError) -> str:
    """The line and column of a syntax error, as rdflib finds them (the place a person looks
    at), else Oxigraph's own message. Runs here, in the worker, so that it is bounded by the
    query's time limit like the query itself."""
    from ..store.errors import SparqlSyntaxError
    from ..store.protocol import parse_local

    try:
        parse_local(text)
    except SparqlSyntaxError as found:
        return str(found)
    except Exception:  # rdflib fails in ways of its own on some inputs; Oxigraph's message stands
        pass
    return f"SPARQL syntax error in query: {error}"


def answer(store: ox.Store, kind: str, text: str) -> tuple[str, bytes | None]:
    """('select' | 'ask', SPARQL JSON) or ('graph', N-Triples) for a query; ('done', None) for an update."""
    if kind == "update":
        store.update(text)
        return "done", None
    result = store.query(text)
    if isinstance(result, ox.QueryBoolean):
        return "ask", result.serialize(format=ox.QueryResultsFormat.JSON)
    if isinstance(result, ox.QuerySolutions):
        return "select", result.serialize(format=ox.QueryResultsFormat.JSON)
    return "graph", ox.serialize(result, format=ox.RdfFormat.N_TRIPLES)


def run(source: Source, updates: list[str], requests, replies) -> None:
    """The worker's loop: load, say 'ready', then answer each request until the server goes.

    Each request is ``(kind, text)``; each reply is ``("ok", (result kind, bytes))``,
    ``("syntax", message)`` or ``("error", message)``.
    """
    try:
        store = open_source(source, updates)
    except BaseException as error:  # pyoxigraph reports a damaged store with a panic; the server names the source
        replies.send(("failed", str(error) or type(error).__name__))
        return
    replies.send(("ready", os.getpid()))
    while True:
        try:
            kind, text = requests.recv()
        except (EOFError, OSError):
            return  # the server has gone
        try:
            reply = ("ok", answer(store, kind, text))
        except SyntaxError as error:
            reply = ("syntax", syntax_message(text, error))
        except Exception as error:
            reply = ("error", str(error) or type(error).__name__)
        replies.send(reply)


def main() -> None:
    """``python -m csckg.query.worker``: requests on stdin, replies on stdout (as multiprocessing
    connections), anything printed goes to stderr. The first request is (source, updates)."""
    from multiprocessing.connection import Connection

    requests = Connection(os.dup(0), writable=False)
    replies = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)  # a stray print must not corrupt the replies
    threading.Thread(target=_end_with_parent, args=(os.getppid(),), daemon=True).start()
    try:
        source, updates = requests.recv()
        run(source, updates, requests, replies)
    except (EOFError, OSError):
        pass  # the server went away: nothing to answer


def _end_with_parent(parent: int) -> None:
    """Leave as soon as the server is gone, even in the middle of a query: a worker must never
    outlive the server and go on computing a runaway query for nobody."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


if __name__ == "__main__":
    main()
