"""Write graphs to disk in every format the build publishes, and replace out/ atomically."""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pyoxigraph as ox

from .namespaces import PREFIXES

#: file suffix -> the format Oxigraph writes it in
FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".jsonld": ox.RdfFormat.JSON_LD}


def write_graph(ntriples: bytes, stem: Path) -> list[Path]:
    """Write N-Triples as ``stem.nt`` (as given: the build sorts it, one triple a line),
    ``stem.ttl`` (with the project's prefixes) and ``stem.jsonld`` (expanded JSON-LD); return
    the paths.

    Oxigraph writes Turtle and JSON-LD from the N-Triples in a stream, which is what keeps a
    million-triple export to seconds.
    """
    path = stem.with_suffix(".nt")
    path.write_bytes(ntriples)
    written = [path]
    prefixes = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    for suffix, fmt in FORMATS.items():
        path = stem.with_suffix(suffix)
        ox.serialize(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES), str(path), format=fmt, prefixes=prefixes)
        written.append(path)
    return written


def new_staging(target: Path) -> Path:
    """A fresh, empty folder beside ``target`` (same file system, so it can be renamed onto it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.staged-", dir=target.parent))


def replace_with(staged: Path, target: Path) -> None:
    """Put the ``staged`` folder where ``target`` is, removing the old one only once it is out of the way."""
    retired = None
    if target.exists():
        retired = target.parent / f".{target.name}.retired-{os.getpid()}"
        os.replace(target, retired)
    os.replace(staged, target)
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)


@contextmanager
def staged_directory(target: Path) -> Iterator[Path]:
    """Yield a fresh directory beside ``target``; on success it replaces ``target``.

    If the body raises, the staged directory is deleted and ``target`` is left exactly as it
    was, so a failed build never leaves a half-written out/.
    """
    staged = new_staging(target)
    try:
        yield staged
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    replace_with(staged, target)


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
