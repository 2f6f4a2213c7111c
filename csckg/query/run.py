"""Run a named query, a query file or a query text against a store, with parameters."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..namespaces import undeclared_prologue
from ..queryfile import QueryFile, read_query_file
from ..store.errors import QueryError
from ..store.protocol import Store, parse_local
from ..store.results import QueryResult
from .library import get_named_query
from .params import bind_parameters


def with_project_prefixes(query: QueryFile) -> QueryFile:
    """The analyst's own query with PREFIX lines for the project's prefixes it does not declare
    itself put first; ``prologue_lines`` says how many, so errors name the analyst's own lines."""
    prologue = undeclared_prologue(query.text)
    return replace(query, text=prologue + query.text, prologue_lines=query.prologue_lines + prologue.count("\n"))


def query_from_text(text: str) -> QueryFile:
    """An analyst's own query typed on the command line; the project's prefixes come free."""
    return with_project_prefixes(QueryFile(path=Path("<command line>"), name="command-line", text=text))


def query_from_file(path: Path) -> QueryFile:
    """An analyst's own .rq file; the project's prefixes come free, as with ``-e``."""
    if not path.exists():
        raise QueryError(f"{path}: no such query file")
    return with_project_prefixes(read_query_file(path))


def run_query(store: Store, query: QueryFile, given: dict[str, str] | None = None,
              timeout: float | None = None) -> QueryResult:
    """Check the query's syntax, bind its parameters as RDF terms, and run it."""
    parse_local(query.text, str(query.path), query.prologue_lines)
    bindings = bind_parameters(store, query, given or {})
    return store.query(query.text, bindings, timeout)


def run_named(store: Store, name: str, given: dict[str, str] | None = None,
              timeout: float | None = None) -> QueryResult:
    return run_query(store, get_named_query(name), given, timeout)
