"""Reuse the closure of an unchanged input instead of loading and reasoning again.

The key is the SHA-256 of the input files' bytes (in a stable order), the ontology version
and the reasoner chosen; the value is the asserted graph and the kept inferences, as two
N-Triples files under .cache/reason/ (not in git). Blank nodes are written skolemized (as
IRIs) and read back as the same blank nodes in both graphs, so that inferences about a
blank node still meet the asserted facts about it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable

from rdflib import Graph

from . import __version__, paths
from .export import write_text_atomically
from .namespaces import bind_prefixes
from .reason import Closure
from .storedir import ontology_version


def cache_key(files: Iterable[Path], reasoner: str) -> str:
    digest = hashlib.sha256(f"csckg {__version__}; ontology {ontology_version()}; reasoner {reasoner}\n".encode())
    for path in sorted(files):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _files(key: str, cache_dir: Path) -> tuple[Path, Path]:
    return cache_dir / f"{key}.asserted.nt", cache_dir / f"{key}.inferred.nt"


def _read(path: Path) -> Graph:
    return bind_prefixes(Graph().parse(path, format="nt").de_skolemize())


def cached_closure(key: str, cache_dir: Path = paths.CACHE_DIR) -> Closure | None:
    asserted, inferred = _files(key, cache_dir)
    if not (asserted.exists() and inferred.exists()):
        return None
    return Closure(asserted=_read(asserted), inferred=_read(inferred))


def remember_closure(key: str, closure: Closure, cache_dir: Path = paths.CACHE_DIR) -> None:
    asserted, inferred = _files(key, cache_dir)
    write_text_atomically(inferred, closure.inferred.skolemize().serialize(format="nt"))
    write_text_atomically(asserted, closure.asserted.skolemize().serialize(format="nt"))
