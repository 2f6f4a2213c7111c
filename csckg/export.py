"""Write graphs to disk in every format the build publishes, and replace out/ atomically."""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from rdflib import Graph

from .namespaces import PREFIXES

#: file suffix -> rdflib serializer name
FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}


def write_graph(graph: Graph, stem: Path) -> list[Path]:
    """Write ``graph`` as ``stem.ttl``, ``stem.nt`` and ``stem.jsonld``; return the paths."""
    written = []
    context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    for suffix, fmt in FORMATS.items():
        path = stem.with_suffix(suffix)
        options = {"context": context, "auto_compact": True} if fmt == "json-ld" else {}
        graph.serialize(destination=path, format=fmt, encoding="utf-8", **options)
        written.append(path)
    return written


@contextmanager
def staged_directory(target: Path) -> Iterator[Path]:
    """Yield a fresh directory beside ``target``; on success it replaces ``target``.

    If the body raises, the staged directory is deleted and ``target`` is left exactly as it
    was, so a failed build never leaves a half-written out/.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=f".{target.name}.staged-", dir=target.parent))
    try:
        yield staged
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    retired = None
    if target.exists():
        retired = target.parent / f".{target.name}.retired-{os.getpid()}"
        os.replace(target, retired)
    os.replace(staged, target)
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
