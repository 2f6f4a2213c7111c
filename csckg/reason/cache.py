"""Reuse the closure of an unchanged input instead of loading and reasoning again.

The key is the SHA-256 of the input files' bytes (in a stable order), the ontology version
and the reasoner chosen; the value is the asserted triples and the kept inferences, as two
N-Triples files under .cache/reason/ (not in git). Blank nodes keep their ids in both files,
so inferences about a blank node still meet the asserted facts about it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable

from .. import __version__, paths
from ..files import write_text_atomically
from ..load import ontology_version
from ..triples import from_ntriples, to_ntriples
from .closure import Closure


#: Changed whenever what the cache holds changes shape, so that old entries are never read.
CACHE_FORMAT = "2: N-Triples strings, blank nodes as _:id"


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
    if not (asserted.exists() and inferred.exists()):
        return None
    return Closure(asserted=from_ntriples(asserted.read_bytes()), inferred=from_ntriples(inferred.read_bytes()))


def remember_closure(key: str, closure: Closure, cache_dir: Path = paths.CACHE_DIR) -> None:
    asserted, inferred = _files(key, cache_dir)
    write_text_atomically(inferred, to_ntriples(closure.inferred, sort=False))
    write_text_atomically(asserted, to_ntriples(closure.asserted, sort=False))
