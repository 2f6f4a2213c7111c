"""Reuse the closure of an unchanged input instead of loading and reasoning again.

The key is the SHA-256 of the input files' bytes (in a stable order), the ontology version
and the reasoner chosen; the value is the asserted triples and the kept inferences, as two
N-Triples files under .cache/reason/ (not in git). Blank nodes keep their ids in both files,
so inferences about a blank node still meet the asserted facts about it. Only the KEEP
most recently used closures are kept, so the folder does not grow with every edit of the data.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import Iterable

from .. import __version__, paths
from ..files import write_text_atomically
from ..load import ontology_version
from ..triples import from_ntriples, to_ntriples
from .closure import Closure


#: Changed whenever what the cache holds changes shape, so that old entries are never read.
CACHE_FORMAT = "3: N-Triples strings, blank nodes labelled by file and order (load.stable_blank_nodes)"
#: Closures kept: the most recently used; older ones are deleted when a new one is written.
KEEP = 4


def cache_key(files: Iterable[Path], reasoner: str) -> str:
    digest = hashlib.sha256(f"csckg {__version__}; cache {CACHE_FORMAT}; ontology {ontology_version()}; "
                            f"reasoner {reasoner}\n".encode())
    for path in sorted(files):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _files(key: str, cache_dir: Path) -> tuple[Path, Path]:
    return cache_dir / f"{key}.asserted.nt", cache_dir / f"{key}.inferred.nt"


def cached_closure(key: str, cache_dir: Path = paths.CACHE_DIR) -> Closure | None:
    asserted, inferred = _files(key, cache_dir)
    try:
        closure = Closure(asserted=from_ntriples(asserted.read_bytes()), inferred=from_ntriples(inferred.read_bytes()))
    except FileNotFoundError:
        return None
    for path in (asserted, inferred):
        os.utime(path)  # used now: kept longest
    return closure


def remember_closure(key: str, closure: Closure, cache_dir: Path = paths.CACHE_DIR) -> None:
    asserted, inferred = _files(key, cache_dir)
    write_text_atomically(inferred, to_ntriples(closure.inferred, sort=False))
    write_text_atomically(asserted, to_ntriples(closure.asserted, sort=False))
    forget_old(cache_dir)


def forget_old(cache_dir: Path, keep: int = KEEP) -> None:
    """Delete all but the ``keep`` most recently used closures (and any file a killed write left)."""
    entries: dict[str, float] = {}
    for path in cache_dir.iterdir():
        key = path.name.split(".", 1)[0]
        if path.name.startswith("."):  # a temporary file of write_text_atomically
            if time.time() - path.stat().st_mtime > 3600:
                path.unlink(missing_ok=True)
            continue
        entries[key] = max(entries.get(key, 0.0), path.stat().st_mtime)
    for key in sorted(entries, key=entries.get, reverse=True)[keep:]:
        for path in _files(key, cache_dir):
            path.unlink(missing_ok=True)
