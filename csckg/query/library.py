"""The library of named queries in queries/*.rq."""

from __future__ import annotations

import difflib
from pathlib import Path

from .. import paths
from ..queryfile import QueryFile, read_query_dir
from ..store.errors import QueryError


def named_queries(directory: Path = paths.QUERIES_DIR) -> dict[str, QueryFile]:
    """Every named query, by name."""
    return {q.name: q for q in read_query_dir(directory)}


def get_named_query(name: str, directory: Path = paths.QUERIES_DIR) -> QueryFile:
    """The named query, or an error that lists the names closest to the one asked for."""
    library = named_queries(directory)
    if name in library:
        return library[name]
    close = difflib.get_close_matches(name, library, n=5, cutoff=0.4)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise QueryError(f"there is no named query '{name}'.{hint} "
                     f"Run 'build.py queries' to list all {len(library)}.")
